//! `KUBERNETES_EXEC_INFO`: the ExecCredential (spec only) client-go hands the plugin. It decides
//! the output apiVersion and, with `provideClusterInfo: true`, carries the cluster's
//! `client.authentication.k8s.io/exec` extension as `spec.cluster.config`.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{FileParseError, HintExt, MAX_OUTSIDE_CHARS, outside_text};
use crate::exec_credential::ExecApiVersion;

/// A value of the variable in a message: outside text, so bounded and free of controls.
fn shown(value: &str) -> String {
    outside_text(value, MAX_OUTSIDE_CHARS)
}

/// What is wrong with the JSON and where, without its content: serde's wording of a wrong
/// type or value quotes the value, however long. A missing field names only our field.
fn json_problem(err: &serde_json::Error) -> FileParseError {
    use serde_json::error::Category;
    let what = match err.classify() {
        Category::Data if err.to_string().starts_with("missing field `apiVersion`") => {
            "the field apiVersion is missing"
        }
        Category::Data => "a field has the wrong type or value",
        Category::Eof => "the JSON ends early",
        Category::Syntax | Category::Io => "not valid JSON",
    };
    FileParseError::new(what, Some((err.line() as u64, err.column() as u64)))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecInfo {
    pub api_version: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub spec: ExecCredentialSpec,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExecCredentialSpec {
    #[serde(default)]
    pub cluster: Option<Cluster>,
    #[serde(default)]
    pub interactive: bool,
}

/// client-go's `Cluster`; its JSON field names are kebab-case.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Cluster {
    #[serde(default)]
    pub server: String,
    #[serde(default, rename = "tls-server-name")]
    pub tls_server_name: Option<String>,
    #[serde(default, rename = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
    #[serde(default, rename = "certificate-authority-data")]
    pub certificate_authority_data: Option<String>,
    #[serde(default, rename = "proxy-url")]
    pub proxy_url: Option<String>,
    #[serde(default, rename = "disable-compression")]
    pub disable_compression: bool,
    #[serde(default)]
    pub config: Option<Value>,
}

/// Per-cluster settings from `spec.cluster.config` (only when it is a JSON object).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterConfig {
    pub audience: Option<Vec<String>>,
    pub source: Option<String>,
    pub exchange_audience: Option<String>,
}

impl ExecInfo {
    /// Parses the variable's value; malformed JSON or an unknown apiVersion is an error.
    pub fn parse(text: &str) -> Result<Self> {
        Self::parse_unhinted(text).hint(
            "kubectl/client-go sets KUBERNETES_EXEC_INFO; when running jwtcred by hand, unset it",
        )
    }

    fn parse_unhinted(text: &str) -> Result<Self> {
        let info: Self = serde_json::from_str(text)
            .map_err(|err| anyhow::Error::new(json_problem(&err)))
            .context("KUBERNETES_EXEC_INFO is not a valid ExecCredential JSON document")?;
        if let Some(kind) = &info.kind
            && kind != "ExecCredential"
        {
            bail!(
                "KUBERNETES_EXEC_INFO has kind {:?}, expected \"ExecCredential\"",
                shown(kind)
            );
        }
        info.api_version()?;
        Ok(info)
    }

    pub fn api_version(&self) -> Result<ExecApiVersion> {
        ExecApiVersion::from_api_version(&self.api_version).with_context(|| {
            format!(
                "KUBERNETES_EXEC_INFO has unknown apiVersion {:?} (expected client.authentication.k8s.io/v1 or v1beta1)",
                shown(&self.api_version)
            )
        })
    }

    /// The cluster extension's settings; None when absent or not a JSON object.
    pub fn cluster_config(&self) -> Result<Option<ClusterConfig>> {
        let Some(Value::Object(map)) = self.spec.cluster.as_ref().and_then(|c| c.config.as_ref())
        else {
            return Ok(None);
        };
        let audience = match map.get("audience") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(vec![s.clone()]),
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .context(
                        "spec.cluster.config.audience must be a string or a list of strings",
                    )?,
            ),
            Some(_) => bail!("spec.cluster.config.audience must be a string or a list of strings"),
        };
        let string_key = |key: &str| -> Result<Option<String>> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => bail!("spec.cluster.config.{key} must be a string"),
            }
        };
        Ok(Some(ClusterConfig {
            audience,
            source: string_key("source")?,
            exchange_audience: string_key("exchangeAudience")?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_client_go_sends() {
        let info = ExecInfo::parse(
            r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}"#,
        )
        .unwrap();
        assert_eq!(info.api_version().unwrap(), ExecApiVersion::V1beta1);
        assert_eq!(info.cluster_config().unwrap(), None);
    }

    #[test]
    fn reads_cluster_config_with_kebab_case_fields() {
        let info = ExecInfo::parse(
            r#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"cluster":{
            "server":"https://x","tls-server-name":"x","insecure-skip-tls-verify":true,
            "certificate-authority-data":"TFM=","config":{"audience":["a","b"],"source":"spiffe","exchangeAudience":"argo"}},
            "interactive":false}}"#,
        )
        .unwrap();
        let cluster = info.spec.cluster.as_ref().unwrap();
        assert!(cluster.insecure_skip_tls_verify);
        assert_eq!(cluster.tls_server_name.as_deref(), Some("x"));
        let config = info.cluster_config().unwrap().unwrap();
        assert_eq!(config.audience, Some(vec!["a".into(), "b".into()]));
        assert_eq!(config.source.as_deref(), Some("spiffe"));
        assert_eq!(config.exchange_audience.as_deref(), Some("argo"));
    }

    #[test]
    fn rejects_junk_and_unknown_versions() {
        assert!(ExecInfo::parse("not json").is_err());
        assert!(ExecInfo::parse(r#"{"apiVersion":"client.authentication.k8s.io/v2"}"#).is_err());
        assert!(ExecInfo::parse(r#"{"spec":{}}"#).is_err());
        assert!(
            ExecInfo::parse(r#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"Pod"}"#)
                .is_err()
        );
    }

    #[test]
    fn rejects_mistyped_cluster_config() {
        let info = ExecInfo::parse(
            r#"{"apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"server":"s","config":{"audience":5}}}}"#,
        )
        .unwrap();
        assert!(info.cluster_config().is_err());
    }
}
