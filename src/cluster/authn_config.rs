//! The `AuthenticationConfiguration` file as kube-apiserver reads it: the wire types of
//! `apiserver.config.k8s.io` `v1`, `v1beta1` and `v1alpha1` (the three share one shape for the
//! `jwt` section) and a strict decode — unknown and duplicate fields are errors, as with the
//! apiserver's strict codec.

use serde::Deserialize;

/// The API group every version of the file lives in.
pub const GROUP: &str = "apiserver.config.k8s.io";
/// The versions kube-apiserver's scheme registers for the kind.
pub const VERSIONS: [&str; 3] = ["v1", "v1beta1", "v1alpha1"];
pub const KIND: &str = "AuthenticationConfiguration";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AuthenticationConfiguration {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub jwt: Vec<JwtAuthenticator>,
    #[serde(default)]
    pub anonymous: Option<AnonymousAuthConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AnonymousAuthConfig {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub conditions: Vec<AnonymousAuthCondition>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AnonymousAuthCondition {
    #[serde(default)]
    pub path: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct JwtAuthenticator {
    #[serde(default)]
    pub issuer: Issuer,
    #[serde(default)]
    pub claim_validation_rules: Vec<ClaimValidationRule>,
    #[serde(default)]
    pub claim_mappings: ClaimMappings,
    #[serde(default)]
    pub user_validation_rules: Vec<UserValidationRule>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Issuer {
    #[serde(default)]
    pub url: String,
    #[serde(default, rename = "discoveryURL")]
    pub discovery_url: Option<String>,
    /// PEM text (the file's contents, not a path).
    #[serde(default)]
    pub certificate_authority: String,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub audience_match_policy: String,
    #[serde(default)]
    pub egress_selector_type: String,
}

impl Issuer {
    /// The discovery URL, when one is set to a non-empty value.
    pub fn discovery_url(&self) -> Option<&str> {
        self.discovery_url.as_deref().filter(|url| !url.is_empty())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClaimValidationRule {
    #[serde(default)]
    pub claim: String,
    #[serde(default)]
    pub required_value: String,
    #[serde(default)]
    pub expression: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClaimMappings {
    #[serde(default)]
    pub username: PrefixedClaimOrExpression,
    #[serde(default)]
    pub groups: PrefixedClaimOrExpression,
    #[serde(default)]
    pub uid: ClaimOrExpression,
    #[serde(default)]
    pub extra: Vec<ExtraMapping>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PrefixedClaimOrExpression {
    #[serde(default)]
    pub claim: String,
    /// Absent and empty differ: `prefix` is required (may be "") when `claim` is set.
    #[serde(default)]
    pub prefix: Option<String>,
    #[serde(default)]
    pub expression: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClaimOrExpression {
    #[serde(default)]
    pub claim: String,
    #[serde(default)]
    pub expression: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExtraMapping {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value_expression: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UserValidationRule {
    #[serde(default)]
    pub expression: String,
    #[serde(default)]
    pub message: String,
}

/// Why the file does not decode, in the words kube-apiserver's loader would use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Decodes the file (YAML or JSON, which is YAML) strictly and checks apiVersion and kind.
pub fn decode(text: &str) -> Result<AuthenticationConfiguration, DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError("empty config data".into()));
    }
    let options = serde_saphyr::options! { with_snippet: false };
    let config: AuthenticationConfiguration =
        serde_saphyr::from_str_with_options(first_document(text), options).map_err(|err| {
            DecodeError(format!(
                "strict decoding error: {}",
                one_line(&err.to_string())
            ))
        })?;
    check_type(&config)?;
    Ok(config)
}

/// The first YAML document: kube-apiserver's decoder reads only that one, so a file that goes
/// on with `---` and, say, the RoleBinding `authn-config --bind-role` writes still loads.
fn first_document(text: &str) -> &str {
    let mut start = 0;
    let mut seen_content = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let is_marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
        };
        if is_marker("---") || is_marker("...") {
            if seen_content {
                return &text[start..offset];
            }
            start = offset + line.len();
        } else if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            seen_content = true;
        }
        offset += line.len();
    }
    &text[start..]
}

fn check_type(config: &AuthenticationConfiguration) -> Result<(), DecodeError> {
    if config.kind.is_empty() {
        return Err(DecodeError("Object 'Kind' is missing".into()));
    }
    let Some((group, version)) = config.api_version.split_once('/') else {
        return Err(DecodeError(format!(
            "no kind {:?} is registered for version {:?}",
            config.kind, config.api_version
        )));
    };
    if group != GROUP || !VERSIONS.contains(&version) {
        return Err(DecodeError(format!(
            "no kind {:?} is registered for version {:?} (known: {})",
            config.kind,
            config.api_version,
            VERSIONS.map(|v| format!("{GROUP}/{v}")).join(", ")
        )));
    }
    if config.kind != KIND {
        return Err(DecodeError(format!(
            "no kind {:?} is registered for version {:?}; the file must be a {KIND}",
            config.kind, config.api_version
        )));
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n- issuer:\n    url: https://issuer.example\n    audiences: [k8s]\n  claimMappings:\n    username:\n      claim: sub\n      prefix: \"\"\n";

    #[test]
    fn reads_only_the_first_document() {
        let text = "# header\n---\napiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt: []\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n";
        let config = decode(text).unwrap();
        assert_eq!(config.kind, "AuthenticationConfiguration");
        assert!(first_document("a: 1\n--- \nb: 2\n").ends_with("a: 1\n"));
        assert_eq!(first_document("a: 1\n"), "a: 1\n");
        assert!(first_document("a: \"---\"\nb: 2\n").contains("b: 2"));
    }

    #[test]
    fn decodes_every_version() {
        for version in VERSIONS {
            let text = MINIMAL.replace("/v1\n", &format!("/{version}\n"));
            let config = decode(&text).unwrap();
            assert_eq!(config.jwt[0].issuer.url, "https://issuer.example");
            assert_eq!(
                config.jwt[0].claim_mappings.username.prefix.as_deref(),
                Some("")
            );
        }
    }

    #[test]
    fn unknown_and_duplicate_fields_are_errors() {
        let unknown = MINIMAL.replace("    audiences", "    audience: x\n    audiences");
        assert!(
            decode(&unknown).unwrap_err().0.contains("audience"),
            "{:?}",
            decode(&unknown)
        );
        let duplicate = MINIMAL.replace(
            "    audiences: [k8s]",
            "    audiences: [k8s]\n    audiences: [x]",
        );
        assert!(decode(&duplicate).is_err());
    }

    #[test]
    fn wrong_kind_or_version_is_an_error() {
        assert!(decode(&MINIMAL.replace("/v1\n", "/v2\n")).is_err());
        assert!(
            decode(&MINIMAL.replace("kind: AuthenticationConfiguration", "kind: Foo")).is_err()
        );
        assert!(decode(&MINIMAL.replace("kind: AuthenticationConfiguration\n", "")).is_err());
        assert_eq!(decode("  \n").unwrap_err().0, "empty config data");
    }

    #[test]
    fn an_absent_prefix_differs_from_an_empty_one() {
        let text = MINIMAL.replace("      prefix: \"\"\n", "");
        assert_eq!(
            decode(&text).unwrap().jwt[0].claim_mappings.username.prefix,
            None
        );
    }
}
