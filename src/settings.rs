//! The settings each stage takes, and the vocabulary they share. `config.rs` fills these from
//! the parse; every stage takes its own struct, so a stage sees only the settings it uses.
//! A leaf: nothing here imports a stage.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::error::HintExt;
use crate::exec_credential::ExecApiVersion;
use crate::fsutil::{self, NonRegular};
use crate::secret::Secret;
use crate::source::kind::SourceKind;

/// Which source serves `get` and what each source needs to be built.
#[derive(Debug, Clone)]
pub struct SourceSettings {
    /// `auto` (None) or the source the user named.
    pub kind: Option<SourceKind>,
    /// Audiences from flag, `JWTCRED_AUDIENCE` or the cluster config; empty when none given.
    pub audiences: Vec<String>,
    pub file: FileSettings,
    pub env: EnvSettings,
    pub command: CommandSettings,
    pub spiffe: SpiffeSettings,
    pub client_credentials: ClientCredentialsSettings,
}

#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// `--token-file` / `JWTCRED_TOKEN_FILE` (ambient token-file env vars are found by detection).
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct EnvSettings {
    /// `--token-env` / `JWTCRED_TOKEN_ENV`: the variable that holds the token.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct CommandSettings {
    /// `--token-command` / `JWTCRED_TOKEN_COMMAND`, as given (split when the source is built).
    pub line: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SpiffeSettings {
    /// `--spiffe-socket` / `JWTCRED_SPIFFE_SOCKET` (`SPIFFE_ENDPOINT_SOCKET` is found by detection).
    pub socket: Option<String>,
    pub id: Option<String>,
    /// `SPIFFE_JWT_AUDIENCE` (comma separated), the compatibility fallback for the audiences.
    pub jwt_audience: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ClientCredentialsSettings {
    pub endpoint: Option<Endpoint>,
    pub client_id: Option<String>,
    pub secret: Option<SecretSource>,
    pub scopes: Vec<String>,
    pub resources: Vec<String>,
    pub auth_method: AuthMethod,
    pub token_field: TokenField,
}

/// The optional RFC 8693 exchange after the source.
#[derive(Debug, Clone)]
pub struct ExchangeSettings {
    pub endpoint: Endpoint,
    pub client_id: Option<String>,
    pub secret: Option<SecretSource>,
    pub audience: Option<String>,
    pub scopes: Vec<String>,
    pub connector_id: Option<String>,
    pub subject_token_type: String,
    pub requested_token_type: String,
}

#[derive(Debug, Clone)]
pub struct CacheSettings {
    pub store: CacheStore,
    /// None only when no user cache dir exists and none was given.
    pub dir: Option<PathBuf>,
    /// A cached token is reused until this long before its refresh point.
    pub refresh_before: Duration,
}

#[derive(Debug, Clone)]
pub struct OutputSettings {
    pub mode: OutputMode,
    pub exec_api_version: ExecApiVersion,
    /// For the `expirationTimestamp`/`refresh_at` client-go and scripts see.
    pub refresh_before: Duration,
}

/// The network budget and trust of one call.
#[derive(Debug, Clone)]
pub struct NetSettings {
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    ExecCredential,
    Token,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStore {
    File,
    Keyring,
    None,
}

/// A client secret file, read once per call (the cache key and the request both need the
/// secret, and a pipe such as `--client-secret-file <(vault read …)` can be read only once),
/// through the bounded reader: a FIFO or pipe within `--timeout`.
#[derive(Debug, Clone)]
pub struct SecretFile {
    pub path: PathBuf,
    deadline: Instant,
    loaded: Arc<OnceLock<Secret>>,
}

impl SecretFile {
    pub fn new(path: PathBuf, deadline: Instant) -> Self {
        Self {
            path,
            deadline,
            loaded: Arc::default(),
        }
    }

    fn load(&self) -> Result<Secret> {
        if let Some(secret) = self.loaded.get() {
            return Ok(secret.clone());
        }
        let path = &self.path;
        let text = fsutil::read_bounded_text(
            path,
            fsutil::MAX_SECRET_FILE_BYTES,
            NonRegular::ReadUntil(self.deadline),
        )
        .with_context(|| format!("reading the client secret file {}", path.display()))
        .hint("check the secret file path and its permissions")?;
        let secret = text.trim_end_matches(['\r', '\n']);
        if secret.is_empty() {
            bail!("the client secret file {} is empty", path.display());
        }
        Ok(self.loaded.get_or_init(|| Secret::new(secret)).clone())
    }
}

/// An OAuth token endpoint, given directly or through OIDC discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    TokenUrl(String),
    Issuer(String),
}

impl Endpoint {
    /// The URL as configured (for cache keys and messages).
    pub fn as_str(&self) -> &str {
        match self {
            Self::TokenUrl(url) | Self::Issuer(url) => url,
        }
    }
}

/// Where a client secret comes from; loaded only when needed.
#[derive(Debug, Clone)]
pub enum SecretSource {
    File(SecretFile),
    Env(&'static str, Secret),
    Inline(Secret),
}

impl SecretSource {
    pub fn load(&self) -> Result<Secret> {
        match self {
            Self::File(file) => file.load(),
            Self::Env(_, secret) | Self::Inline(secret) => Ok(secret.clone()),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::File(file) => format!("file {}", file.path.display()),
            Self::Env(name, _) => format!("env {name}"),
            Self::Inline(_) => "--client-secret".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    Basic,
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenField {
    AccessToken,
    IdToken,
}

impl TokenField {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccessToken => "access_token",
            Self::IdToken => "id_token",
        }
    }
}
