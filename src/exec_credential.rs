//! The ExecCredential document client-go reads from the plugin's stdout (v1 and v1beta1 are
//! the same shape; only the apiVersion differs).

use anyhow::{Result, bail};
use serde::Serialize;

pub const GROUP: &str = "client.authentication.k8s.io";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecApiVersion {
    V1,
    V1beta1,
}

impl ExecApiVersion {
    pub fn as_api_version(self) -> &'static str {
        match self {
            Self::V1 => "client.authentication.k8s.io/v1",
            Self::V1beta1 => "client.authentication.k8s.io/v1beta1",
        }
    }

    pub fn from_api_version(text: &str) -> Option<Self> {
        match text {
            "client.authentication.k8s.io/v1" => Some(Self::V1),
            "client.authentication.k8s.io/v1beta1" => Some(Self::V1beta1),
            _ => None,
        }
    }

    /// `EXEC_CREDENTIAL_VERSION` (k8s-spiffe-workload-jwt-exec-auth): `v1`/`v1beta1`, or the
    /// full apiVersion.
    pub fn from_short_or_full(text: &str) -> Result<Self> {
        match text.trim() {
            "v1" => Ok(Self::V1),
            "v1beta1" => Ok(Self::V1beta1),
            other => match Self::from_api_version(other) {
                Some(version) => Ok(version),
                None => bail!(
                    "EXEC_CREDENTIAL_VERSION is {:?}; expected v1 or v1beta1",
                    crate::error::outside_text(other, crate::error::MAX_OUTSIDE_CHARS)
                ),
            },
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecCredential<'a> {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub status: ExecCredentialStatus<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecCredentialStatus<'a> {
    pub token: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_timestamp: Option<String>,
}

impl<'a> ExecCredential<'a> {
    pub fn new(version: ExecApiVersion, token: &'a str, expiration: Option<String>) -> Self {
        Self {
            api_version: version.as_api_version(),
            kind: "ExecCredential",
            status: ExecCredentialStatus {
                token,
                expiration_timestamp: expiration,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_exactly_the_kubernetes_field_names() {
        let cred = ExecCredential::new(
            ExecApiVersion::V1,
            "tok",
            Some("2026-01-02T15:04:05Z".into()),
        );
        assert_eq!(
            serde_json::to_string(&cred).unwrap(),
            r#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok","expirationTimestamp":"2026-01-02T15:04:05Z"}}"#
        );
        let cred = ExecCredential::new(ExecApiVersion::V1beta1, "tok", None);
        assert_eq!(
            serde_json::to_string(&cred).unwrap(),
            r#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"tok"}}"#
        );
    }

    #[test]
    fn accepts_short_and_full_versions() {
        assert_eq!(
            ExecApiVersion::from_short_or_full("v1beta1").unwrap(),
            ExecApiVersion::V1beta1
        );
        assert_eq!(
            ExecApiVersion::from_short_or_full("client.authentication.k8s.io/v1").unwrap(),
            ExecApiVersion::V1
        );
        assert!(ExecApiVersion::from_short_or_full("v2").is_err());
    }
}
