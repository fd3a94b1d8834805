//! `Secret`: the one type every secret (tokens, client secrets, the Actions request token,
//! subject tokens) lives in from input to output, so that a stray `{:?}` or `{}` cannot leak it.

use std::fmt;

use sha2::{Digest, Sha256};

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call only where it must leave the process (a request, stdout).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The contract's redacted form: a JWT as its first 6 characters + `…`, anything else as
    /// `<redacted, N chars>`.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    /// Hex SHA-256 of the value, for cache keys (never the value itself).
    pub fn digest(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

/// Redacts any string the way the contract prescribes.
pub fn redact(value: &str) -> String {
    if looks_like_jwt(value) {
        let prefix: String = value.chars().take(6).collect();
        format!("{prefix}…")
    } else {
        format!("<redacted, {} chars>", value.chars().count())
    }
}

fn looks_like_jwt(value: &str) -> bool {
    value.starts_with("eyJ") && value.split('.').count() == 3
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lets clap parse a secret given on the command line straight into a `Secret`, so that even
/// the raw parsed flags (`GetArgs`, which derives `Debug`) never hold it in clear.
impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(value))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_shows_six_characters() {
        let s = Secret::new("eyJhbGciOi.eyJzdWIi.c2ln");
        assert_eq!(format!("{s}"), "eyJhbG…");
        assert_eq!(format!("{s:?}"), "Secret(eyJhbG…)");
    }

    #[test]
    fn other_secrets_show_only_their_length() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s}"), "<redacted, 7 chars>");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn digest_is_stable_hex() {
        assert_eq!(Secret::new("a").digest().len(), 64);
        assert_ne!(Secret::new("a").digest(), Secret::new("b").digest());
    }
}
