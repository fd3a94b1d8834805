//! The command line as clap sees it: raw flags only. `config.rs` turns these into a `Config`;
//! nothing after that looks at clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::duration::parse_duration;
use crate::source::kind::SourceKind;

/// Turns workload identity into short-lived Kubernetes credentials.
///
/// jwtcred finds whichever identity source is present (SPIFFE Workload API, GitHub/Forgejo
/// Actions OIDC, a token file or variable, OAuth2 client credentials), gets a JWT for the right
/// audience, optionally exchanges it (RFC 8693), caches it until shortly before expiry and
/// prints an ExecCredential for kubectl/client-go — or the raw token.
#[derive(Debug, Parser)]
#[command(
    name = "jwtcred",
    version,
    about,
    long_about = None,
    max_term_width = 100,
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub get: GetArgs,
}

/// The end of the top-level help: where to start, and the three commands most users run.
const EXAMPLES: &str = "\
Start with `jwtcred detect`: it says which identity sources this environment has and which one
`jwtcred get` would use.

Examples:
  jwtcred detect                                   # what is there, what get would use
  jwtcred kubeconfig --user ci --context prod --audience https://kube.example.com
                                                   # a kubeconfig user that runs jwtcred
  jwtcred --source file --token-file /var/run/secrets/tokens/kube -o token
                                                   # the raw token, e.g. for curl";

/// `get` alone: the same options without the subcommand tree. kubectl runs the plugin for every
/// command, and building the full tree (with global options copied into each subcommand)
/// costs more than everything else the cache-hit path does; `app.rs` tries this first.
#[derive(Debug, Parser)]
#[command(
    name = "jwtcred",
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct GetCli {
    #[command(flatten)]
    pub get: GetArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a credential (the default when no subcommand is given).
    Get(GetArgs),
    /// Report which identity sources are present and which one `get` would use.
    Detect(DetectArgs),
    /// Decode a token (header, claims, times) without verifying its signature.
    Inspect(InspectArgs),
    /// List or clear cached tokens.
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
    /// Write or replace a kubeconfig user whose exec entry runs jwtcred.
    Kubeconfig(KubeconfigArgs),
    /// Print an Argo CD cluster Secret whose execProviderConfig runs jwtcred.
    ArgocdCluster(ArgocdClusterArgs),
    /// Copy this binary into DIR (for init containers without a shell).
    Install {
        /// Destination directory.
        dir: PathBuf,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell to generate completions for.
        shell: Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Print the cluster side (AuthenticationConfiguration or OpenShift Authentication, RBAC) that accepts the token.
    AuthnConfig(AuthnConfigArgs),
    /// Say whether the cluster will accept the token `get` would return, and as whom.
    Doctor(DoctorArgs),
}

/// The `-o/--output text|json` of a command that prints a report (`detect`, `inspect`,
/// `cache list`, `doctor`): its own, never read from `JWTCRED_OUTPUT`, which is get's.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct ReportArgs {
    /// Report format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text, value_name = "FORMAT")]
    pub output: ReportFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Exit with code 3 when no source is usable.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub get: TokenArgs,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The token, or `-` to read it from stdin; without it, the token `get` would return.
    pub token: Option<String>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub get: TokenArgs,
}

// Parsed once per process; boxing a variant would only add an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum CacheAction {
    /// List cached entries (never the tokens themselves).
    List(CacheListArgs),
    /// Remove cached entries: all of them, or only the one the given get options select.
    Clear(CacheClearArgs),
}

/// `cache list` reads only the cache settings of the get options, but takes all of them, as
/// `cache clear` does: one set of get options works on both.
#[derive(Debug, Args)]
pub struct CacheListArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub get: TokenArgs,
}

#[derive(Debug, Args)]
pub struct CacheClearArgs {
    /// Remove every entry of both stores (also the default without get options).
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub get: TokenArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

/// A `--source` value: a source, or `auto` (None). Its values are `auto` and the source
/// names of `SourceKind::LISTED`, so no list of sources is kept here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceArg(pub Option<SourceKind>);

static SOURCE_VALUES: [SourceArg; 7] = {
    let mut values = [SourceArg(None); 7];
    let mut i = 0;
    while i < SourceKind::LISTED.len() {
        values[i + 1] = SourceArg(Some(SourceKind::LISTED[i]));
        i += 1;
    }
    values
};

impl ValueEnum for SourceArg {
    fn value_variants<'a>() -> &'a [Self] {
        &SOURCE_VALUES
    }
    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(
            self.0.map_or("auto", SourceKind::name),
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    ExecCredential,
    Token,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExecApiVersionArg {
    V1,
    V1beta1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CacheArg {
    File,
    Keyring,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthMethodArg {
    Basic,
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenFieldArg {
    #[value(name = "access_token")]
    AccessToken,
    #[value(name = "id_token")]
    IdToken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Yaml,
    Json,
}

/// The options of `get`: which token (source, exchange), the cache and how to run, plus
/// what to print. `get`, the bare form and the writers (`kubeconfig`, `argocd-cluster`) take
/// all of them; the other token commands take [`TokenArgs`]. Each `--foo-bar` also reads
/// `JWTCRED_FOO_BAR`.
#[derive(Debug, Clone, Default, Args)]
pub struct GetArgs {
    // Flattened first: the options without a help heading come before the headed groups.
    #[command(flatten)]
    pub print: PrintArgs,
    #[command(flatten)]
    pub token: TokenArgs,
}

/// What `get` prints.
#[derive(Debug, Clone, Default, Args)]
pub struct PrintArgs {
    /// What to print [default: exec-credential].
    #[arg(short, long, value_enum, env = "JWTCRED_OUTPUT", value_name = "FORMAT")]
    pub output: Option<OutputArg>,

    /// ExecCredential apiVersion [default: from KUBERNETES_EXEC_INFO, EXEC_CREDENTIAL_VERSION, else v1].
    #[arg(long, value_enum, value_name = "VERSION")]
    pub exec_api_version: Option<ExecApiVersionArg>,
}

/// The get options that decide which token comes back and how a call runs: every command that
/// obtains the token `get` would return (`detect`, `inspect`, `cache clear`, `doctor`,
/// `authn-config`) takes these.
#[derive(Debug, Clone, Default, Args)]
pub struct TokenArgs {
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub client_credentials: ClientCredentialsArgs,
    #[command(flatten)]
    pub exchange: ExchangeArgs,
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Which source, and its inputs. Together with the client credentials and exchange options
/// these select the token (and so a cache entry, for `cache clear`).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Source options")]
pub struct SourceArgs {
    /// Identity source to use.
    #[arg(long, value_enum, env = "JWTCRED_SOURCE", value_name = "SOURCE")]
    pub source: Option<SourceArg>,

    /// Audience to request (repeatable; env: comma separated).
    #[arg(long, env = "JWTCRED_AUDIENCE", value_name = "AUD")]
    pub audience: Vec<String>,

    /// File source: read the token from PATH (fresh on every call).
    #[arg(long, env = "JWTCRED_TOKEN_FILE", value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Env source: read the token from the environment variable NAME.
    #[arg(long, env = "JWTCRED_TOKEN_ENV", value_name = "NAME")]
    pub token_env: Option<String>,

    /// stdout; `{audience}` is replaced by the first audience.
    #[arg(
        long,
        env = "JWTCRED_TOKEN_COMMAND",
        value_name = "CMD",
        value_hint = clap::ValueHint::CommandString
    )]
    pub token_command: Option<String>,

    /// SPIFFE Workload API address (unix:///path, unix:/path or tcp://ip:port).
    #[arg(long, env = "JWTCRED_SPIFFE_SOCKET", value_name = "ADDR")]
    pub spiffe_socket: Option<String>,

    /// SPIFFE ID of the SVID to use when the Workload API returns several.
    #[arg(long, env = "JWTCRED_SPIFFE_ID", value_name = "ID")]
    pub spiffe_id: Option<String>,
}

#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Client credentials options")]
pub struct ClientCredentialsArgs {
    /// Client credentials: the token endpoint.
    #[arg(
        long,
        env = "JWTCRED_TOKEN_URL",
        value_name = "URL",
        conflicts_with = "issuer"
    )]
    pub token_url: Option<String>,

    /// Client credentials: the issuer whose discovery document names the token endpoint.
    #[arg(long, env = "JWTCRED_ISSUER", value_name = "URL")]
    pub issuer: Option<String>,

    /// Client credentials: the client id.
    #[arg(long, env = "JWTCRED_CLIENT_ID", value_name = "ID")]
    pub client_id: Option<String>,

    /// Client credentials: a file holding the client secret (or env JWTCRED_CLIENT_SECRET).
    #[arg(
        long,
        env = "JWTCRED_CLIENT_SECRET_FILE",
        value_name = "PATH",
        conflicts_with = "client_secret"
    )]
    pub client_secret_file: Option<PathBuf>,

    /// Client credentials: the secret itself (visible in the process list; prefer a file or env).
    #[arg(long, value_name = "SECRET", hide_env_values = true)]
    pub client_secret: Option<crate::secret::Secret>,

    /// Client credentials: scope to request (repeatable).
    #[arg(long, env = "JWTCRED_SCOPE", value_name = "SCOPE")]
    pub scope: Vec<String>,

    /// Client credentials: RFC 8707 resource indicator (repeatable).
    #[arg(long, env = "JWTCRED_RESOURCE", value_name = "URI")]
    pub resource: Vec<String>,

    /// Client credentials: how the client authenticates [default: basic].
    #[arg(long, value_enum, env = "JWTCRED_AUTH_METHOD", value_name = "METHOD")]
    pub auth_method: Option<AuthMethodArg>,

    /// Client credentials: which field of the token response to use [default: access_token].
    #[arg(long, value_enum, env = "JWTCRED_TOKEN_FIELD", value_name = "FIELD")]
    pub token_field: Option<TokenFieldArg>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
#[command(next_help_heading = "Token exchange options (RFC 8693)")]
pub struct ExchangeArgs {
    /// Token exchange (RFC 8693): the token endpoint.
    #[arg(
        long,
        env = "JWTCRED_EXCHANGE_URL",
        value_name = "URL",
        conflicts_with = "exchange_issuer"
    )]
    pub exchange_url: Option<String>,

    /// Token exchange: the issuer whose discovery document names the token endpoint.
    #[arg(long, env = "JWTCRED_EXCHANGE_ISSUER", value_name = "URL")]
    pub exchange_issuer: Option<String>,

    /// Token exchange: the client id.
    #[arg(long, env = "JWTCRED_EXCHANGE_CLIENT_ID", value_name = "ID")]
    pub exchange_client_id: Option<String>,

    /// Token exchange: a file holding the client secret (or env JWTCRED_EXCHANGE_CLIENT_SECRET).
    #[arg(long, env = "JWTCRED_EXCHANGE_CLIENT_SECRET_FILE", value_name = "PATH")]
    pub exchange_client_secret_file: Option<PathBuf>,

    /// Token exchange: audience to request.
    #[arg(long, env = "JWTCRED_EXCHANGE_AUDIENCE", value_name = "AUD")]
    pub exchange_audience: Option<String>,

    /// Token exchange: scope to request (repeatable).
    #[arg(long, env = "JWTCRED_EXCHANGE_SCOPE", value_name = "SCOPE")]
    pub exchange_scope: Vec<String>,

    /// Token exchange: Dex connector id (required by Dex).
    #[arg(long, env = "JWTCRED_EXCHANGE_CONNECTOR_ID", value_name = "ID")]
    pub exchange_connector_id: Option<String>,

    /// Token exchange: subject_token_type [default: urn:ietf:params:oauth:token-type:id_token].
    #[arg(long, env = "JWTCRED_SUBJECT_TOKEN_TYPE", value_name = "URN")]
    pub subject_token_type: Option<String>,

    /// Token exchange: requested_token_type [default: urn:ietf:params:oauth:token-type:access_token].
    #[arg(long, env = "JWTCRED_REQUESTED_TOKEN_TYPE", value_name = "URN")]
    pub requested_token_type: Option<String>,
}

/// The cache of a token command: the store, its directory and the refresh window.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Cache options")]
pub struct CacheArgs {
    /// Where to cache tokens [default: file].
    #[arg(long, value_enum, env = "JWTCRED_CACHE", value_name = "STORE")]
    pub cache: Option<CacheArg>,

    /// Cache directory [default: <user cache dir>/jwtcred].
    #[arg(long, env = "JWTCRED_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Minimum time before expiry at which a token is refreshed [default: 60s].
    #[arg(long, env = "JWTCRED_REFRESH_BEFORE", value_name = "DURATION", value_parser = parse_duration)]
    pub refresh_before: Option<std::time::Duration>,
}

/// How a call runs: its time budget, extra trust and logging.
#[derive(Debug, Clone, Default, Args)]
pub struct RunArgs {
    /// Bound on all upstream work of one call [default: 30s].
    #[arg(long, env = "JWTCRED_TIMEOUT", value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Extra PEM CA bundle trusted for HTTPS (besides the system roots).
    #[arg(long, env = "JWTCRED_CA_FILE", value_name = "PATH")]
    pub ca_file: Option<PathBuf>,

    /// Log to stderr (redacted) where each setting came from and what was done.
    #[arg(short, long, env = "JWTCRED_VERBOSE", value_parser = clap::builder::BoolishValueParser::new())]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct KubeconfigArgs {
    /// Name of the kubeconfig user to write or replace.
    #[arg(long, value_name = "NAME")]
    pub user: String,

    /// Kubeconfig file [default: first file of KUBECONFIG, else ~/.kube/config].
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// Also make this context use the user.
    #[arg(long, value_name = "CONTEXT")]
    pub context: Option<String>,

    /// Cluster whose exec extension gets --cluster-audience.
    #[arg(long, value_name = "NAME", requires = "cluster_audience")]
    pub cluster: Option<String>,

    /// Audience written into the cluster's client.authentication.k8s.io/exec extension.
    #[arg(long, value_name = "AUD", requires = "cluster")]
    pub cluster_audience: Vec<String>,

    /// Command the exec entry runs [default: this binary's name if PATH finds it, else its path].
    #[arg(long, value_name = "CMD")]
    pub command: Option<String>,

    /// Print the resulting kubeconfig instead of writing it.
    #[arg(long)]
    pub dry_run: bool,

    /// The get options written into the exec entry's args.
    #[command(flatten)]
    pub get: GetArgs,
}

#[derive(Debug, Args)]
pub struct ArgocdClusterArgs {
    /// Cluster name in Argo CD.
    #[arg(long, value_name = "NAME")]
    pub name: String,

    /// API server URL of the cluster.
    #[arg(long, value_name = "URL")]
    pub server: String,

    /// PEM CA of the cluster's API server.
    #[arg(long, value_name = "PATH", conflicts_with = "insecure_skip_tls_verify")]
    pub cluster_ca_file: Option<PathBuf>,

    /// Do not verify the API server's certificate.
    #[arg(long)]
    pub insecure_skip_tls_verify: bool,

    /// Output format of the Secret.
    #[arg(long, value_enum, default_value = "yaml")]
    pub format: FormatArg,

    /// Per-cluster audience passed as spec.cluster.config (sets provideClusterInfo).
    #[arg(long, value_name = "AUD")]
    pub cluster_audience: Vec<String>,

    /// Command the exec provider runs [default: jwtcred].
    #[arg(long, value_name = "CMD")]
    pub command: Option<String>,

    /// Namespace of the Secret.
    #[arg(long, value_name = "NS", default_value = "argocd")]
    pub namespace: String,

    /// The get options written into the exec provider's args.
    #[command(flatten)]
    pub get: GetArgs,
}

// ---- authn-config ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthnFormatArg {
    /// kube-apiserver AuthenticationConfiguration (--authentication-config).
    Kubernetes,
    /// OpenShift config.openshift.io/v1 Authentication (type OIDC).
    Openshift,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthnApiVersionArg {
    /// apiserver.config.k8s.io/v1 (Kubernetes 1.34 and newer).
    V1,
    /// apiserver.config.k8s.io/v1beta1 (Kubernetes 1.30 to 1.33).
    V1beta1,
}

#[derive(Debug, Args)]
pub struct AuthnConfigArgs {
    /// The token to configure for, or `-` for stdin [default: the token `get` would return].
    #[arg(long, value_name = "TOKEN|-", hide_env_values = true)]
    pub token: Option<crate::secret::Secret>,

    /// Claim the username is taken from.
    #[arg(long, value_name = "CLAIM", default_value = "sub", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub username_claim: String,

    /// Prefix of every username; "" for none [default: "<issuer URL>#"].
    #[arg(long, value_name = "P")]
    pub username_prefix: Option<String>,

    /// Claim the groups are taken from [default: no groups].
    #[arg(long, value_name = "CLAIM", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub groups_claim: Option<String>,

    /// Prefix of every group; "" for none [default: "<issuer URL>#"].
    #[arg(long, value_name = "P", requires = "groups_claim")]
    pub groups_prefix: Option<String>,

    /// Only accept tokens whose CLAIM is VALUE (repeatable).
    #[arg(long = "require", value_name = "CLAIM=VALUE", value_parser = parse_requirement)]
    pub require: Vec<(String, String)>,

    /// Do not pin the token's owner (repository owner, SPIFFE trust domain) by default.
    #[arg(long)]
    pub allow_any_subject: bool,

    /// What to print.
    #[arg(long, value_enum, default_value = "kubernetes", value_name = "FORMAT")]
    pub format: AuthnFormatArg,

    /// AuthenticationConfiguration version (kubernetes format) [default: v1].
    #[arg(long, value_enum, value_name = "VERSION")]
    pub api_version: Option<AuthnApiVersionArg>,

    /// Also bind the mapped username to this ClusterRole.
    #[arg(long, value_name = "ROLE")]
    pub bind_role: Option<String>,

    /// Bind in this namespace (RoleBinding) instead of cluster-wide (ClusterRoleBinding).
    #[arg(long, value_name = "NS", requires = "bind_role")]
    pub namespace: Option<String>,

    #[command(flatten)]
    pub get: TokenArgs,
}

/// `CLAIM=VALUE`, split at the first `=`; the claim must not be empty.
fn parse_requirement(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((claim, value)) if !claim.is_empty() => Ok((claim.to_owned(), value.to_owned())),
        Some(_) => Err("the claim name before '=' is empty".into()),
        None => Err("expected CLAIM=VALUE".into()),
    }
}

/// `doctor`'s own options (the get options select the token).
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// kube-apiserver's AuthenticationConfiguration file to check the token against.
    #[arg(long, value_name = "FILE")]
    pub authentication_config: Option<PathBuf>,

    /// Kubeconfig whose cluster (current context, or --context) gets a SelfSubjectReview.
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// Kubeconfig context whose cluster gets a SelfSubjectReview.
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,

    /// API server URL that gets a SelfSubjectReview (overrides the kubeconfig's server).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,

    /// OIDC discovery URL [default: the authenticator's discoveryURL, else <iss>/.well-known/openid-configuration].
    #[arg(long, value_name = "URL")]
    pub discovery_url: Option<String>,

    #[command(flatten)]
    pub report: ReportArgs,

    #[command(flatten)]
    pub get: TokenArgs,
}

/// Help shows which variable sets an option (`[env: JWTCRED_SOURCE]`), never its value: clap
/// would print the value captured from this process (or a dangling `=` when unset), and a value
/// may be a secret or a path that does not belong in help, completions or the man page. Applied
/// to every option of every subcommand.
pub fn without_env_values(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| arg.hide_env_values(true))
        .mut_subcommands(without_env_values)
}
