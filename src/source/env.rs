//! `env` source: a token handed out in an environment variable (GitLab `id_tokens`, CircleCI
//! `CIRCLE_OIDC_TOKEN_V2`, …). Read every call, never cached.

use anyhow::{Result, bail};

use super::RawToken;
use crate::cache::KeyMaterial;
use crate::env::Env;
use crate::error::Hinted;
use crate::secret::Secret;

#[derive(Debug, Clone, Default)]
pub struct EnvSettings {
    /// `--token-env` / `JWTCRED_TOKEN_ENV`: the variable that holds the token.
    pub name: Option<String>,
}

#[derive(Debug)]
pub struct EnvSource {
    pub name: String,
    value: Result<Secret, String>,
}

impl EnvSource {
    pub fn new(name: String, env: &Env) -> Self {
        let value = match env.raw(&name) {
            None => Err(format!("environment variable {name} is not set")),
            Some(raw) => match raw.to_str() {
                None => Err(format!("environment variable {name} is not valid UTF-8")),
                Some(text) if text.trim().is_empty() => {
                    Err(format!("environment variable {name} is empty"))
                }
                Some(text) => Ok(Secret::new(text.trim())),
            },
        };
        Self { name, value }
    }

    pub fn describe(&self) -> String {
        format!("env {}", self.name)
    }

    /// Keyed by the variable's name only with an exchange, which adds the token's digest:
    /// another token in the variable is another identity.
    pub fn key_material(&self, key: &mut KeyMaterial) {
        key.field("env", &self.name);
    }

    pub fn read(&self) -> Result<RawToken> {
        match &self.value {
            Ok(secret) => Ok(RawToken {
                value: secret.clone(),
                expires_in: None,
            }),
            Err(message) => bail!(Hinted::new(
                format!("--token-env: {message}"),
                "set the variable in the job (e.g. GitLab id_tokens) or point --token-env at the right name",
            )),
        }
    }
}
