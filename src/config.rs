//! `Config`: the validated, resolved settings of one run. Built once from the parsed flags
//! (`cli.rs`), the `JWTCRED_*` env clap already merged, `KUBERNETES_EXEC_INFO`'s cluster config
//! and the compatibility env, in the contract's precedence order. Nothing after this module
//! looks at clap.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::ArgMatches;
use clap::ValueEnum;
use clap::parser::ValueSource;

use crate::cache::{CacheSettings, CacheStore};
use crate::cli::{
    AuthMethodArg, CacheArg, ExecApiVersionArg, GetArgs, OutputArg, SourceArg, TokenFieldArg,
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
    pub fn from_cli(args: &GetArgs, matches: &ArgMatches, env: &Env) -> Result<Self> {
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
        let timeout = args.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let read_deadline = fsutil::deadline_after(timeout);

        let source = resolve_source(args, &origins, cluster.as_ref(), &mut log)?;
        let audiences = resolve_audiences(args, &origins, cluster.as_ref(), &mut log);
        let exec_api_version = resolve_exec_api_version(args, exec_info.as_ref(), env, &mut log)?;

        let client_credentials = ClientCredentialsSettings {
            endpoint: match (&args.token_url, &args.issuer) {
                (Some(url), _) => Some(Endpoint::TokenUrl(url.clone())),
                (None, Some(issuer)) => Some(Endpoint::Issuer(issuer.clone())),
                (None, None) => None,
            },
            client_id: args.client_id.clone(),
            secret: client_secret(args, env, read_deadline),
            scopes: origins.list("scope", &args.scope),
            resources: origins.list("resource", &args.resource),
            auth_method: match args.auth_method {
                Some(AuthMethodArg::Post) => AuthMethod::Post,
                Some(AuthMethodArg::Basic) | None => AuthMethod::Basic,
            },
            token_field: match args.token_field {
                Some(TokenFieldArg::IdToken) => TokenField::IdToken,
                Some(TokenFieldArg::AccessToken) | None => TokenField::AccessToken,
            },
        };
        let refresh_before = args.refresh_before.unwrap_or(DEFAULT_REFRESH_BEFORE);

        let config = Self {
            source: SourceSettings {
                kind: source,
                audiences,
                file: FileSettings {
                    path: args.token_file.clone(),
                },
                env: EnvSettings {
                    name: args.token_env.clone(),
                },
                command: CommandSettings {
                    line: args.token_command.clone(),
                },
                spiffe: SpiffeSettings {
                    socket: args.spiffe_socket.clone(),
                    id: args.spiffe_id.clone(),
                    jwt_audience: env
                        .get("SPIFFE_JWT_AUDIENCE")
                        .map(split_list)
                        .unwrap_or_default(),
                },
                client_credentials,
            },
            output: OutputSettings {
                mode: match args.output {
                    Some(OutputArg::Token) => OutputMode::Token,
                    Some(OutputArg::Json) => OutputMode::Json,
                    Some(OutputArg::ExecCredential) | None => OutputMode::ExecCredential,
                },
                exec_api_version,
                refresh_before,
            },
            net: NetSettings {
                timeout,
                ca_file: args.ca_file.clone(),
            },
            verbose: args.verbose,
            exchange: resolve_exchange(args, &origins, cluster.as_ref(), env, read_deadline)?,
            cache: CacheSettings {
                store: match args.cache {
                    Some(CacheArg::Keyring) => CacheStore::Keyring,
                    Some(CacheArg::None) => CacheStore::None,
                    Some(CacheArg::File) | None => CacheStore::File,
                },
                dir: args
                    .cache_dir
                    .clone()
                    .or_else(|| crate::userdirs::cache_dir().map(|d| d.join("jwtcred"))),
                refresh_before,
            },
            origins: Vec::new(),
        };
        log.extend(origins.describe_all());
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

    fn describe_all(&self) -> Vec<String> {
        const IDS: &[&str] = &[
            "output",
            "refresh_before",
            "timeout",
            "ca_file",
            "token_file",
            "token_env",
            "token_command",
            "spiffe_socket",
            "spiffe_id",
            "token_url",
            "issuer",
            "client_id",
            "client_secret_file",
            "client_secret",
            "scope",
            "resource",
            "auth_method",
            "token_field",
            "exchange_url",
            "exchange_issuer",
            "exchange_client_id",
            "exchange_client_secret_file",
            "exchange_audience",
            "exchange_scope",
            "exchange_connector_id",
            "subject_token_type",
            "requested_token_type",
            "cache",
            "cache_dir",
        ];
        IDS.iter()
            .filter_map(|id| Some(format!("setting {id} from {}", self.describe(id)?)))
            .collect()
    }
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
    args: &GetArgs,
    origins: &Origins,
    cluster: Option<&ClusterConfig>,
    log: &mut Vec<String>,
) -> Result<Option<SourceKind>> {
    let (arg, origin) = match (args.source, cluster.and_then(|c| c.source.as_deref())) {
        (Some(arg), _) => (arg, origins.describe("source").unwrap_or_default()),
        (None, Some(text)) => {
            let arg = SourceArg::from_str(text, false).map_err(|_| {
                anyhow::anyhow!(
                    "spec.cluster.config.source is {text:?}; expected one of auto, spiffe, actions, client-credentials, file, env, command"
                )
            })?;
            (arg, "spec.cluster.config".to_owned())
        }
        (None, None) => (SourceArg::Auto, "default".to_owned()),
    };
    log.push(format!("setting source from {origin}"));
    Ok(kind_of(arg))
}

/// None for `auto`.
fn kind_of(arg: SourceArg) -> Option<SourceKind> {
    match arg {
        SourceArg::Auto => None,
        SourceArg::Spiffe => Some(SourceKind::Spiffe),
        SourceArg::Actions => Some(SourceKind::Actions),
        SourceArg::ClientCredentials => Some(SourceKind::ClientCredentials),
        SourceArg::File => Some(SourceKind::File),
        SourceArg::Env => Some(SourceKind::Env),
        SourceArg::Command => Some(SourceKind::Command),
    }
}

fn resolve_audiences(
    args: &GetArgs,
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
    args: &GetArgs,
    exec_info: Option<&ExecInfo>,
    env: &Env,
    log: &mut Vec<String>,
) -> Result<ExecApiVersion> {
    let (version, origin) = if let Some(arg) = args.exec_api_version {
        let version = match arg {
            ExecApiVersionArg::V1 => ExecApiVersion::V1,
            ExecApiVersionArg::V1beta1 => ExecApiVersion::V1beta1,
        };
        (version, "flag --exec-api-version")
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

fn client_secret(args: &GetArgs, env: &Env, deadline: Instant) -> Option<SecretSource> {
    if let Some(path) = &args.client_secret_file {
        return Some(SecretSource::File(SecretFile::new(path.clone(), deadline)));
    }
    if let Some(secret) = &args.client_secret {
        return Some(SecretSource::Inline(secret.clone()));
    }
    env.get("JWTCRED_CLIENT_SECRET")
        .map(|s| SecretSource::Env("JWTCRED_CLIENT_SECRET", Secret::new(s)))
}

fn resolve_exchange(
    args: &GetArgs,
    origins: &Origins,
    cluster: Option<&ClusterConfig>,
    env: &Env,
    deadline: Instant,
) -> Result<Option<ExchangeSettings>> {
    let endpoint = match (&args.exchange_url, &args.exchange_issuer) {
        (Some(url), _) => Endpoint::TokenUrl(url.clone()),
        (None, Some(issuer)) => Endpoint::Issuer(issuer.clone()),
        (None, None) => {
            let stray = [
                ("exchange_client_id", args.exchange_client_id.is_some()),
                (
                    "exchange_client_secret_file",
                    args.exchange_client_secret_file.is_some(),
                ),
                ("exchange_audience", args.exchange_audience.is_some()),
                ("exchange_scope", !args.exchange_scope.is_empty()),
                (
                    "exchange_connector_id",
                    args.exchange_connector_id.is_some(),
                ),
                ("subject_token_type", args.subject_token_type.is_some()),
                ("requested_token_type", args.requested_token_type.is_some()),
            ];
            if let Some((id, _)) = stray.iter().find(|(_, set)| *set) {
                return Err(crate::error::Hinted::new(
                    format!(
                        "token exchange option --{} ({}) is set but no exchange endpoint is",
                        id.replace('_', "-"),
                        origins.describe(id).unwrap_or_default()
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
            .get("JWTCRED_EXCHANGE_CLIENT_SECRET")
            .map(|s| SecretSource::Env("JWTCRED_EXCHANGE_CLIENT_SECRET", Secret::new(s))),
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
