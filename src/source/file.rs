//! `file` source: a token file (projected service-account token, AWS/Azure federated token),
//! read fresh on every call because the kubelet rotates it.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::RawToken;
use crate::cache::KeyMaterial;
use crate::error::HintExt;
use crate::fsutil::{self, MAX_TOKEN_FILE_BYTES, NonRegular};
use crate::secret::Secret;

#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// `--token-file` / `JWTCRED_TOKEN_FILE` (ambient token-file env vars are found by detection).
    pub path: Option<PathBuf>,
}

#[derive(Debug)]
pub struct FileSource {
    pub path: PathBuf,
    origin: String,
}

impl FileSource {
    pub fn new(path: PathBuf, origin: String) -> Self {
        Self { path, origin }
    }

    pub fn describe(&self) -> String {
        format!("token file {} (from {})", self.path.display(), self.origin)
    }

    /// Keyed by the path (as given) only with an exchange, which adds the token's digest.
    pub fn key_material(&self, key: &mut KeyMaterial) {
        key.path("path", &self.path);
    }

    /// Reads the file; a FIFO or pipe (`--token-file <(…)`) until its writer is done, but
    /// not past `deadline`.
    pub fn read(&self, deadline: Instant) -> Result<RawToken> {
        let path = &self.path;
        let token = read_token_file(path, deadline)
            .with_context(|| format!("reading the token file {}", path.display()))
            .hint("check that the file exists and holds one JWT (for projected tokens: the pod's volume mount)")?;
        Ok(RawToken {
            value: token,
            expires_in: None,
        })
    }
}

fn read_token_file(path: &std::path::Path, deadline: Instant) -> Result<Secret> {
    let text =
        fsutil::read_bounded_text(path, MAX_TOKEN_FILE_BYTES, NonRegular::ReadUntil(deadline))?;
    let token = text.trim();
    if token.is_empty() {
        bail!("it is empty");
    }
    Ok(Secret::new(token))
}
