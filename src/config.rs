//! `Config`: the validated, resolved settings of one run. Built once from the parsed flags
//! (`cli.rs`), the `JWTCRED_*` env clap already merged, `KUBERNETES_EXEC_INFO`'s cluster config
//! and the compatibility env, in the contract's precedence order. Nothing after this module
//! looks at clap.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args as _, ValueEnum, ValueHint};

use crate::cache::{CacheSettings, CacheStore};
use crate::cli::{
    AuthMethodArg, CacheArg, ClientCredentialsArgs, ExchangeArgs, ExecApiVersionArg, GetArgs,
    OutputArg, PrintArgs, SourceArg, SourceArgs, TokenArgs, TokenFieldArg,
};
use crate::context::NetSettings;
use crate::env::Env;
use crate::error::HintExt;
use crate::exchange::ExchangeSettings;
use crate::exec_credential::ExecApiVersion;
use crate::exec_info::{ClusterConfig, ExecInfo};
use crate::fsutil;
use crate::output::{OutputMode, OutputSettings};
use crate::secret::Secret;
use crate::source::SourceSettings;
use crate::source::client_credentials::ClientCredentialsSettings;
use crate::source::command::CommandSettings;
use crate::source::env::EnvSettings;
use crate::source::file::FileSettings;
use crate::source::kind::SourceKind;
use crate::source::spiffe::SpiffeSettings;
use crate::vocabulary::{AuthMethod, Endpoint, SecretFile, SecretSource, TokenField};

pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(60);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_SUBJECT_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";
/// The client secrets are read only from the environment (never a flag's env).
pub const CLIENT_SECRET_ENV: &str = "JWTCRED_CLIENT_SECRET";
pub const EXCHANGE_CLIENT_SECRET_ENV: &str = "JWTCRED_EXCHANGE_CLIENT_SECRET";
pub const DEFAULT_REQUESTED_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

/// The settings of one run, grouped by the stage that takes them.
#[derive(Debug, Clone)]
pub struct Config {
    pub source: SourceSettings,
    pub exchange: Option<ExchangeSettings>,
    pub cache: CacheSettings,
    pub output: OutputSettings,
    pub net: NetSettings,
    pub verbose: bool,
    /// Where each setting came from, for `-v`.
    pub origins: Vec<String>,
}

impl Config {
    /// Resolves the settings. `matches` tells flag from env for `-v` and list splitting.
    pub fn from_cli(
        args: &TokenArgs,
        print: &PrintArgs,
        matches: &ArgMatches,
        env: &Env,
    ) -> Result<Self> {
        let origins = Origins { matches };
        let exec_info = match env.raw("KUBERNETES_EXEC_INFO") {
            None => None,
            Some(raw) => {
                let text = raw
                    .to_str()
                    .context("KUBERNETES_EXEC_INFO is not valid UTF-8")?;
                Some(ExecInfo::parse(text)?)
            }
        };
        let cluster = match &exec_info {
            Some(info) => info.cluster_config()?,
            None => None,
        };
        let mut log = Vec::new();
        // Secret files are read within the call's --timeout, which starts about now.
        let timeout = args.run.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let read_deadline = fsutil::deadline_after(timeout);

        let source = resolve_source(&args.source, &origins, cluster.as_ref(), &mut log)?;
        let audiences = resolve_audiences(&args.source, &origins, cluster.as_ref(), &mut log);
        let exec_api_version = resolve_exec_api_version(print, exec_info.as_ref(), env, &mut log)?;

        let cc = &args.client_credentials;
        let client_credentials = ClientCredentialsSettings {
            endpoint: match (&cc.token_url, &cc.issuer) {
                (Some(url), _) => Some(Endpoint::TokenUrl(url.clone())),
                (None, Some(issuer)) => Some(Endpoint::Issuer(issuer.clone())),
                (None, None) => None,
            },
            client_id: cc.client_id.clone(),
            secret: client_secret(cc, env, read_deadline),
            scopes: origins.list("scope", &cc.scope),
            resources: origins.list("resource", &cc.resource),
            auth_method: match cc.auth_method {
                Some(AuthMethodArg::Post) => AuthMethod::Post,
                Some(AuthMethodArg::Basic) | None => AuthMethod::Basic,
            },
            token_field: match cc.token_field {
                Some(TokenFieldArg::IdToken) => TokenField::IdToken,
                Some(TokenFieldArg::AccessToken) | None => TokenField::AccessToken,
            },
        };
        let refresh_before = args.cache.refresh_before.unwrap_or(DEFAULT_REFRESH_BEFORE);

        let config = Self {
            source: SourceSettings {
                kind: source,
                audiences,
                file: FileSettings {
                    path: args.source.token_file.clone(),
                },
                env: EnvSettings {
                    name: args.source.token_env.clone(),
                },
                command: CommandSettings {
                    line: args.source.token_command.clone(),
                },
                spiffe: SpiffeSettings {
                    socket: args.source.spiffe_socket.clone(),
                    id: args.source.spiffe_id.clone(),
                    jwt_audience: env
                        .get("SPIFFE_JWT_AUDIENCE")
                        .map(split_list)
                        .unwrap_or_default(),
                },
                client_credentials,
            },
            output: OutputSettings {
                mode: print.output.map_or(OutputMode::ExecCredential, output_mode),
                exec_api_version,
                refresh_before,
            },
            net: NetSettings {
                timeout,
                ca_file: args.run.ca_file.clone(),
            },
            verbose: args.run.verbose,
            exchange: resolve_exchange(
                &args.exchange,
                &origins,
                cluster.as_ref(),
                env,
                read_deadline,
            )?,
            cache: CacheSettings {
                store: match args.cache.cache {
                    Some(CacheArg::Keyring) => CacheStore::Keyring,
                    Some(CacheArg::None) => CacheStore::None,
                    Some(CacheArg::File) | None => CacheStore::File,
                },
                dir: args
                    .cache
                    .cache_dir
                    .clone()
                    .or_else(|| crate::userdirs::cache_dir().map(|d| d.join("jwtcred"))),
                refresh_before,
            },
            origins: Vec::new(),
        };
        // Only -v shows them; a cache hit must not format a line per option.
        if args.run.verbose {
            log.extend(origins.describe_all());
        }
        Ok(Self {
            origins: log,
            ..config
        })
    }
}

/// Reads flag-versus-env provenance from clap's matches.
struct Origins<'a> {
    matches: &'a ArgMatches,
}

impl Origins<'_> {
    fn source_of(&self, id: &str) -> Option<ValueSource> {
        self.matches.try_get_raw(id).ok().flatten()?;
        self.matches.value_source(id)
    }

    fn describe(&self, id: &str) -> Option<String> {
        let flag = format!("--{}", id.replace('_', "-"));
        match self.source_of(id)? {
            ValueSource::CommandLine => Some(format!("flag {flag}")),
            ValueSource::EnvVariable => Some(format!("env {}", env_name(id))),
            _ => None,
        }
    }

    /// A repeatable option's values; from env they arrive as one comma-separated string.
    fn list(&self, id: &str, values: &[String]) -> Vec<String> {
        if self.source_of(id) == Some(ValueSource::EnvVariable) {
            values.iter().flat_map(|v| split_list(v)).collect()
        } else {
            values.to_vec()
        }
    }

    /// "setting ID from flag --x / env JWTCRED_X" for every get option that was set, except
    /// those whose resolution logs its own origin (it may also be the cluster config).
    fn describe_all(&self) -> Vec<String> {
        const LOGGED_BY_THEIR_RESOLVER: [&str; 3] = ["source", "audience", "exec_api_version"];
        get_definition()
            .get_arguments()
            .map(|arg| arg.get_id().as_str())
            .filter(|id| !LOGGED_BY_THEIR_RESOLVER.contains(id) && *id != "verbose")
            .filter_map(|id| Some(format!("setting {id} from {}", self.describe(id)?)))
            .collect()
    }
}

/// The clap definition of every get option: the one list config.rs derives its lists from.
fn get_definition() -> clap::Command {
    GetArgs::augment_args(clap::Command::new("get"))
}

/// `JWTCRED_FOO_BAR` for the option id `foo_bar`.
pub fn env_name(id: &str) -> String {
    format!("JWTCRED_{}", id.to_ascii_uppercase())
}

pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn resolve_source(
    args: &SourceArgs,
    origins: &Origins,
    cluster: Option<&ClusterConfig>,
    log: &mut Vec<String>,
) -> Result<Option<SourceKind>> {
    let (arg, origin) = match (args.source, cluster.and_then(|c| c.source.as_deref())) {
        (Some(arg), _) => (arg, origins.describe("source").unwrap_or_default()),
        (None, Some(text)) => {
            let arg = SourceArg::from_str(text, false)
                .map_err(|_| {
                    let expected: Vec<String> = SourceArg::value_variants()
                        .iter()
                        .filter_map(ValueEnum::to_possible_value)
                        .map(|value| value.get_name().to_owned())
                        .collect();
                    // The kubeconfig's text: shown bounded and free of controls.
                    anyhow::anyhow!(
                        "spec.cluster.config.source is {:?}; expected one of {}",
                        crate::error::outside_text(text, crate::error::MAX_OUTSIDE_CHARS),
                        expected.join(", ")
                    )
                })
                .hint("fix `source` in the cluster's client.authentication.k8s.io/exec extension, or override it with --source")?;
            (arg, "spec.cluster.config".to_owned())
        }
        (None, None) => (SourceArg(None), "default".to_owned()),
    };
    log.push(format!("setting source from {origin}"));
    Ok(arg.0)
}

fn resolve_audiences(
    args: &SourceArgs,
    origins: &Origins,
    cluster: Option<&ClusterConfig>,
    log: &mut Vec<String>,
) -> Vec<String> {
    if !args.audience.is_empty() {
        log.push(format!(
            "setting audience from {}",
            origins.describe("audience").unwrap_or_default()
        ));
        return origins.list("audience", &args.audience);
    }
    if let Some(audience) = cluster.and_then(|c| c.audience.clone()) {
        log.push("setting audience from spec.cluster.config".into());
        return audience;
    }
    Vec::new()
}

fn resolve_exec_api_version(
    args: &PrintArgs,
    exec_info: Option<&ExecInfo>,
    env: &Env,
    log: &mut Vec<String>,
) -> Result<ExecApiVersion> {
    let (version, origin) = if let Some(arg) = args.exec_api_version {
        (exec_api_version(arg), "flag --exec-api-version")
    } else if let Some(info) = exec_info {
        (info.api_version()?, "KUBERNETES_EXEC_INFO")
    } else if let Some(raw) = env.raw("EXEC_CREDENTIAL_VERSION").filter(|v| !v.is_empty()) {
        let text = raw.to_str().unwrap_or("<not UTF-8>");
        (
            ExecApiVersion::from_short_or_full(text)
                .hint("set EXEC_CREDENTIAL_VERSION to v1 or v1beta1, or unset it")?,
            "env EXEC_CREDENTIAL_VERSION",
        )
    } else {
        (ExecApiVersion::V1, "default")
    };
    log.push(format!(
        "setting exec apiVersion {} from {origin}",
        version.as_api_version()
    ));
    Ok(version)
}

fn client_secret(
    args: &ClientCredentialsArgs,
    env: &Env,
    deadline: Instant,
) -> Option<SecretSource> {
    if let Some(path) = &args.client_secret_file {
        return Some(SecretSource::File(SecretFile::new(path.clone(), deadline)));
    }
    if let Some(secret) = &args.client_secret {
        return Some(SecretSource::Inline(secret.clone()));
    }
    env.get(CLIENT_SECRET_ENV)
        .map(|s| SecretSource::Env(CLIENT_SECRET_ENV, Secret::new(s)))
}

fn resolve_exchange(
    args: &ExchangeArgs,
    origins: &Origins,
    cluster: Option<&ClusterConfig>,
    env: &Env,
    deadline: Instant,
) -> Result<Option<ExchangeSettings>> {
    let endpoint = match (&args.exchange_url, &args.exchange_issuer) {
        (Some(url), _) => Endpoint::TokenUrl(url.clone()),
        (None, Some(issuer)) => Endpoint::Issuer(issuer.clone()),
        (None, None) if *args == ExchangeArgs::default() => return Ok(None),
        (None, None) => {
            // No endpoint: any exchange option that is set is a stray one.
            let stray = ExchangeArgs::augment_args(clap::Command::new("exchange"))
                .get_arguments()
                .map(|arg| arg.get_id().as_str().to_owned())
                .find(|id| origins.describe(id).is_some());
            if let Some(id) = stray {
                return Err(crate::error::Hinted::new(
                    format!(
                        "token exchange option --{} ({}) is set but no exchange endpoint is",
                        id.replace('_', "-"),
                        origins.describe(&id).unwrap_or_default()
                    ),
                    "add --exchange-url URL or --exchange-issuer URL, or drop the exchange options",
                )
                .into());
            }
            return Ok(None);
        }
    };
    let secret = match &args.exchange_client_secret_file {
        Some(path) => Some(SecretSource::File(SecretFile::new(path.clone(), deadline))),
        None => env
            .get(EXCHANGE_CLIENT_SECRET_ENV)
            .map(|s| SecretSource::Env(EXCHANGE_CLIENT_SECRET_ENV, Secret::new(s))),
    };
    Ok(Some(ExchangeSettings {
        endpoint,
        client_id: args.exchange_client_id.clone(),
        secret,
        audience: args
            .exchange_audience
            .clone()
            .or_else(|| cluster.and_then(|c| c.exchange_audience.clone())),
        scopes: origins.list("exchange_scope", &args.exchange_scope),
        connector_id: args.exchange_connector_id.clone(),
        subject_token_type: args
            .subject_token_type
            .clone()
            .unwrap_or_else(|| DEFAULT_SUBJECT_TOKEN_TYPE.into()),
        requested_token_type: args
            .requested_token_type
            .clone()
            .unwrap_or_else(|| DEFAULT_REQUESTED_TOKEN_TYPE.into()),
    }))
}

/// The get options given on the command line, in the order they were given, as plain data:
/// what the writers (`kubeconfig`, `argocd-cluster`) put into an exec entry's `args`, and what
/// tells `cache clear` to remove only one entry. Env values never count: a `JWTCRED_*`
/// variable in a shell profile must neither be written nor narrow `cache clear`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// Every get option given, except `-v` (which is about this run only).
    pub options: Vec<GivenOption>,
    /// `--client-secret` was given (a writer must refuse: it would be written in clear).
    pub inline_client_secret: bool,
    /// `--output`, when given.
    pub output: Option<OutputMode>,
    /// `--exec-api-version`, when given.
    pub exec_api_version: Option<ExecApiVersion>,
    /// `--audience` was given (it overrides a cluster's audience in an exec entry).
    pub audience: bool,
    /// The `JWTCRED_*` variables set in this environment (they shape this run only).
    pub env_settings: Vec<String>,
}

/// One get option as given: `--long` and its values (one occurrence per value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenOption {
    pub long: String,
    /// Empty for a flag.
    pub values: Vec<std::ffi::OsString>,
    /// The value names a file or directory (`--token-file`, `--ca-file`, …).
    pub is_path: bool,
    /// The option decides which token comes back (source, client credentials or exchange
    /// options), as opposed to how a call runs (timeout, cache, output, …).
    pub selects: bool,
}

impl CommandLine {
    /// Whether `cache clear` was given options that select one entry.
    pub fn selects_entry(&self) -> bool {
        self.options.iter().any(|o| o.selects)
    }

    /// Reads the get options of one (sub)command's matches; options the command does not
    /// define are absent.
    pub fn from_matches(print: &PrintArgs, matches: &ArgMatches, env: &Env) -> Result<Self> {
        let given = |id: &str| {
            matches.try_get_raw(id).ok().flatten().is_some()
                && matches.value_source(id) == Some(ValueSource::CommandLine)
        };
        let definition = get_definition();
        let selecting = selecting_ids();
        let mut occurrences: Vec<(usize, GivenOption)> = Vec::new();
        for arg in definition.get_arguments() {
            let id = arg.get_id().as_str();
            if !given(id) || id == "verbose" {
                continue;
            }
            let long = format!(
                "--{}",
                arg.get_long().context("every get option has a long name")?
            );
            let option = |values| GivenOption {
                long: long.clone(),
                values,
                is_path: matches!(
                    arg.get_value_hint(),
                    ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath
                ),
                selects: selecting.iter().any(|s| s == id),
            };
            let indices: Vec<usize> = matches.indices_of(id).into_iter().flatten().collect();
            if !arg.get_action().takes_values() {
                let index = indices.first().copied().unwrap_or(usize::MAX);
                occurrences.push((index, option(Vec::new())));
                continue;
            }
            let values = matches.get_raw(id).into_iter().flatten();
            for (n, value) in values.enumerate() {
                let index = indices.get(n).copied().unwrap_or(usize::MAX);
                occurrences.push((index, option(vec![value.to_owned()])));
            }
        }
        occurrences.sort_by_key(|(index, _)| *index);
        Ok(Self {
            options: occurrences.into_iter().map(|(_, o)| o).collect(),
            inline_client_secret: given("client_secret"),
            output: print.output.filter(|_| given("output")).map(output_mode),
            exec_api_version: print
                .exec_api_version
                .filter(|_| given("exec_api_version"))
                .map(exec_api_version),
            audience: given("audience"),
            env_settings: env_settings(&definition, env),
        })
    }
}

/// The ids of the options that select the token: the source, client credentials and
/// exchange groups of the definition.
fn selecting_ids() -> Vec<String> {
    let ids = |command: clap::Command| {
        command
            .get_arguments()
            .map(|a| a.get_id().as_str().to_owned())
            .collect::<Vec<_>>()
    };
    let mut all = ids(SourceArgs::augment_args(clap::Command::new("source")));
    all.extend(ids(ClientCredentialsArgs::augment_args(
        clap::Command::new("client-credentials"),
    )));
    all.extend(ids(ExchangeArgs::augment_args(clap::Command::new(
        "exchange",
    ))));
    all
}

/// The `JWTCRED_*` variables of the get options (and the two secrets read only from env)
/// that are set in this environment.
fn env_settings(definition: &clap::Command, env: &Env) -> Vec<String> {
    definition
        .get_arguments()
        .filter_map(|arg| arg.get_env())
        .filter_map(|name| name.to_str())
        .chain([CLIENT_SECRET_ENV, EXCHANGE_CLIENT_SECRET_ENV])
        .filter(|name| env.is_set(name))
        .map(str::to_owned)
        .collect()
}

fn output_mode(arg: OutputArg) -> OutputMode {
    match arg {
        OutputArg::Token => OutputMode::Token,
        OutputArg::Json => OutputMode::Json,
        OutputArg::ExecCredential => OutputMode::ExecCredential,
    }
}

fn exec_api_version(arg: ExecApiVersionArg) -> ExecApiVersion {
    match arg {
        ExecApiVersionArg::V1 => ExecApiVersion::V1,
        ExecApiVersionArg::V1beta1 => ExecApiVersion::V1beta1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_get_option_is_either_selecting_or_about_the_run() {
        // The groups of the definition decide: a new option lands in exactly one of them.
        let selecting = selecting_ids();
        let definition = get_definition();
        let all: Vec<&str> = definition
            .get_arguments()
            .map(|a| a.get_id().as_str())
            .collect();
        for id in &selecting {
            assert!(all.contains(&id.as_str()), "{id}");
        }
        for id in [
            "timeout",
            "cache",
            "cache_dir",
            "output",
            "verbose",
            "ca_file",
        ] {
            assert!(!selecting.iter().any(|s| s == id), "{id}");
        }
        assert!(selecting.len() > 20, "{selecting:?}");
    }
}
