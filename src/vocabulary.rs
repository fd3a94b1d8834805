//! The vocabulary several stages share: OAuth endpoints, client secrets and how they are
//! sent, the token field to take. A leaf: nothing here imports a stage. (Each stage defines
//! its own settings struct; `config.rs` fills them.)

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::error::HintExt;
use crate::fsutil::{self, NonRegular};
use crate::secret::Secret;

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
