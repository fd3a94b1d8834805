//! `file` source: a token file (projected service-account token, AWS/Azure federated token),
//! read fresh on every call because the kubelet rotates it.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::RawToken;
use crate::cache::KeyMaterial;
use crate::error::HintExt;
use crate::secret::Secret;

/// A token file larger than this is not a token file.
pub const MAX_TOKEN_FILE_BYTES: u64 = 256 * 1024;

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

    pub fn read(&self) -> Result<RawToken> {
        let path = &self.path;
        let token = read_token_file(path)
            .with_context(|| format!("reading the token file {}", path.display()))
            .hint("check that the file exists and holds one JWT (for projected tokens: the pod's volume mount)")?;
        Ok(RawToken {
            value: token,
            expires_in: None,
        })
    }
}

fn read_token_file(path: &std::path::Path) -> Result<Secret> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        bail!("it is a directory, not a file");
    }
    // Read one byte past the limit to tell "too large" without trusting the metadata.
    let mut bytes = Vec::new();
    file.take(MAX_TOKEN_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_TOKEN_FILE_BYTES {
        bail!(
            "it is larger than {} KiB; a token file holds a single JWT",
            MAX_TOKEN_FILE_BYTES / 1024
        );
    }
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("it is not UTF-8 text"))?;
    let token = text.trim();
    if token.is_empty() {
        bail!("it is empty");
    }
    Ok(Secret::new(token))
}
