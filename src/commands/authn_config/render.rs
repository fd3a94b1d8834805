//! The documents: a kube-apiserver `AuthenticationConfiguration`, or OpenShift's
//! `Authentication` resource (with the CA ConfigMap it references), and the RBAC binding.

use sha2::{Digest as _, Sha256};

use super::emit::{Document, Item, Map, Node, quote};
use super::plan::{Mapping, Plan, Rule, UserRule};

/// `apiserver.config.k8s.io` version of the AuthenticationConfiguration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// Kubernetes 1.34 and newer.
    V1,
    /// Kubernetes 1.30 to 1.33.
    V1beta1,
}

impl ApiVersion {
    fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "apiserver.config.k8s.io/v1",
            Self::V1beta1 => "apiserver.config.k8s.io/v1beta1",
        }
    }

    fn versions(self) -> &'static str {
        match self {
            Self::V1 => "Kubernetes 1.34 or newer (--api-version v1beta1 for 1.30-1.33)",
            Self::V1beta1 => "Kubernetes 1.30 or newer (v1 from 1.34)",
        }
    }
}

/// Where the binding applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub role: String,
    pub namespace: Option<String>,
}

/// The OpenShift namespace holding configuration ConfigMaps.
pub const OPENSHIFT_CONFIG_NAMESPACE: &str = "openshift-config";
/// The key OpenShift reads the CA bundle from.
pub const CA_BUNDLE_KEY: &str = "ca-bundle.crt";

fn generated_by(plan: &Plan) -> String {
    let subject = plan
        .subject
        .as_deref()
        .map(quote)
        .unwrap_or_else(|| "(none)".into());
    format!(
        "Written by `jwtcred authn-config` from a token of {} for subject {}.",
        quote(&plan.issuer),
        subject
    )
}

/// The kube-apiserver file, then the binding when asked.
pub fn kubernetes(plan: &Plan, version: ApiVersion, binding: Option<&Binding>) -> Vec<Document> {
    let mut header = vec![
        format!(
            "kube-apiserver structured authentication configuration: {}.",
            version.versions()
        ),
        "Save it on every control-plane node and start kube-apiserver with".into(),
        "  --authentication-config=/etc/kubernetes/authentication-config.yaml".into(),
        "(it reloads the file when it changes; not a resource for kubectl apply).".into(),
    ];
    if binding.is_some() {
        header.push(
            "Put only this first document there; the binding after --- is for kubectl apply."
                .into(),
        );
    }
    header.push(generated_by(plan));
    header.push(format!(
        "This token maps to the username {}.",
        quote(&plan.mapped_username)
    ));
    let mut entry = Map::new().with("issuer", Node::Map(kubernetes_issuer(plan)));
    if !plan.rules.is_empty() {
        entry.push("claimValidationRules", Node::Seq(kubernetes_rules(plan)));
    }
    entry.push("claimMappings", Node::Map(kubernetes_mappings(plan)));
    if !plan.user_rules.is_empty() {
        entry.push(
            "userValidationRules",
            Node::Seq(plan.user_rules.iter().map(user_rule).collect()),
        );
    }
    let root = Map::new()
        .with("apiVersion", Node::str(version.as_str()))
        .with("kind", Node::str("AuthenticationConfiguration"))
        .with("jwt", Node::Seq(vec![Item::new(Node::Map(entry))]));
    let mut docs = vec![Document {
        comments: header,
        root,
    }];
    if let Some(binding) = binding {
        docs.push(rbac(plan, binding));
    }
    docs
}

fn kubernetes_issuer(plan: &Plan) -> Map {
    let mut issuer = Map::new().with_comment(
        "Must equal the token's iss byte for byte (a trailing slash matters); kube-apiserver\nreads <url>/.well-known/openid-configuration and the JWKS it names.",
        "url",
        Node::str(&plan.issuer),
    );
    issuer.push_commented(
        "The token's aud must contain one of these.",
        "audiences",
        Node::seq_of_str(&plan.audiences),
    );
    if plan.audiences.len() > 1 {
        issuer.push("audienceMatchPolicy", Node::str("MatchAny"));
    }
    if let Some(pem) = &plan.ca_pem {
        issuer.push_commented(
            "The CA of the issuer's TLS certificate (from --ca-file). It replaces the system roots\nfor this issuer only.",
            "certificateAuthority",
            Node::block(pem),
        );
    }
    issuer
}

fn kubernetes_rules(plan: &Plan) -> Vec<Item> {
    plan.rules
        .iter()
        .map(|rule| Item::commented(rule_why(rule), Node::Map(rule_fields(rule))))
        .collect()
}

/// A rule's fields as Kubernetes spells them; OpenShift nests the same fields under its type.
fn rule_fields(rule: &Rule) -> Map {
    match rule {
        Rule::Required { claim, value, .. } => Map::new()
            .with("claim", Node::str(claim))
            .with("requiredValue", Node::str(value)),
        Rule::Cel {
            expression,
            message,
            ..
        } => Map::new()
            .with("expression", Node::str(expression))
            .with("message", Node::str(message)),
    }
}

fn rule_why(rule: &Rule) -> &str {
    match rule {
        Rule::Required { why, .. } | Rule::Cel { why, .. } => why,
    }
}

fn prefix_comment(mapping: &Mapping, what: &str, issuer: &str) -> String {
    if mapping.prefix.is_empty() {
        format!("No prefix: the {what} is the claim's value as it is.")
    } else if mapping.prefix == format!("{issuer}#") {
        format!(
            "The issuer URL and '#' (Kubernetes' and OpenShift's own default), so {what}s from this\nissuer cannot collide with those of any other authenticator."
        )
    } else {
        format!("Every {what} from this issuer begins with this prefix.")
    }
}

fn kubernetes_mappings(plan: &Plan) -> Map {
    let mut mappings = Map::new().with(
        "username",
        Node::Map(
            Map::new()
                .with("claim", Node::str(&plan.username.claim))
                .with_comment(
                    &prefix_comment(&plan.username, "username", &plan.issuer),
                    "prefix",
                    Node::str(&plan.username.prefix),
                ),
        ),
    );
    if let Some(groups) = &plan.groups {
        mappings.push("groups", groups_mapping(groups, &plan.issuer));
    }
    mappings
}

/// `groups: {claim, prefix}`: the same shape in kube-apiserver's and OpenShift's claimMappings.
fn groups_mapping(groups: &Mapping, issuer: &str) -> Node {
    Node::Map(
        Map::new()
            .with("claim", Node::str(&groups.claim))
            .with_comment(
                &prefix_comment(groups, "group", issuer),
                "prefix",
                Node::str(&groups.prefix),
            ),
    )
}

fn user_rule(rule: &UserRule) -> Item {
    Item::commented(
        &rule.why,
        Node::Map(
            Map::new()
                .with("expression", Node::str(&rule.expression))
                .with("message", Node::str(&rule.message)),
        ),
    )
}

/// A DNS-1123 name from free text: lowercase alphanumerics and `-`, at most `max` long.
fn dns_label(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_matches('-').to_owned();
    out.truncate(max);
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "oidc".into() } else { out }
}

/// The OpenShift provider name: the issuer's host and path.
fn provider_name(issuer: &str) -> String {
    let without_scheme = issuer.strip_prefix("https://").unwrap_or(issuer);
    dns_label(without_scheme, 200)
}

/// The OpenShift documents: the CA ConfigMap when needed, the Authentication resource, the
/// binding when asked.
pub fn openshift(plan: &Plan, binding: Option<&Binding>) -> Vec<Document> {
    let name = provider_name(&plan.issuer);
    let ca_config_map = format!("{name}-ca");
    let mut docs = Vec::new();
    if let Some(pem) = &plan.ca_pem {
        docs.push(Document {
            comments: vec![
                "The CA of the issuer's TLS certificate (from --ca-file), referenced by the".into(),
                "Authentication resource below. Apply this first: oc apply -f <file>.".into(),
            ],
            root: Map::new()
                .with("apiVersion", Node::str("v1"))
                .with("kind", Node::str("ConfigMap"))
                .with(
                    "metadata",
                    Node::Map(
                        Map::new()
                            .with("name", Node::str(&ca_config_map))
                            .with("namespace", Node::str(OPENSHIFT_CONFIG_NAMESPACE)),
                    ),
                )
                .with(
                    "data",
                    Node::Map(Map::new().with(CA_BUNDLE_KEY, Node::block(pem))),
                ),
        });
    }

    let mut issuer = Map::new()
        .with_comment(
            "Must equal the token's iss byte for byte (a trailing slash matters).",
            "issuerURL",
            Node::str(&plan.issuer),
        )
        .with_comment(
            "The token's aud must contain one of these.",
            "audiences",
            Node::seq_of_str(&plan.audiences),
        );
    if plan.ca_pem.is_some() {
        issuer.push_commented(
            "ConfigMap in openshift-config whose ca-bundle.crt holds the issuer's CA.",
            "issuerCertificateAuthority",
            Node::Map(Map::new().with("name", Node::str(&ca_config_map))),
        );
    }

    let mut provider = Map::new()
        .with("name", Node::str(&name))
        .with("issuer", Node::Map(issuer))
        .with("claimMappings", Node::Map(openshift_mappings(plan)));
    if !plan.rules.is_empty() {
        provider.push("claimValidationRules", Node::Seq(openshift_rules(plan)));
    }
    if !plan.user_rules.is_empty() {
        provider.push_commented(
            "userValidationRules needs the ExternalOIDCWithUpstreamParity feature gate.",
            "userValidationRules",
            Node::Seq(plan.user_rules.iter().map(user_rule).collect()),
        );
    }

    docs.push(Document {
        comments: vec![
            "OpenShift direct authentication with an external OIDC provider: the cluster's".into(),
            "Authentication resource (oc apply -f <file>). type OIDC turns off the built-in".into(),
            "OAuth server; keep a kubeconfig with a client certificate to get back in.".into(),
            generated_by(plan),
            format!(
                "This token maps to the username {}.",
                quote(&plan.mapped_username)
            ),
        ],
        root: Map::new()
            .with("apiVersion", Node::str("config.openshift.io/v1"))
            .with("kind", Node::str("Authentication"))
            .with(
                "metadata",
                Node::Map(Map::new().with("name", Node::str("cluster"))),
            )
            .with(
                "spec",
                Node::Map(Map::new().with("type", Node::str("OIDC")).with(
                    "oidcProviders",
                    Node::Seq(vec![Item::new(Node::Map(provider))]),
                )),
            ),
    });
    if let Some(binding) = binding {
        docs.push(rbac(plan, binding));
    }
    docs
}

fn openshift_mappings(plan: &Plan) -> Map {
    let mut username = Map::new().with("claim", Node::str(&plan.username.claim));
    if plan.username.prefix.is_empty() {
        username.push_commented(
            &prefix_comment(&plan.username, "username", &plan.issuer),
            "prefixPolicy",
            Node::str("NoPrefix"),
        );
    } else {
        username.push_commented(
            &prefix_comment(&plan.username, "username", &plan.issuer),
            "prefixPolicy",
            Node::str("Prefix"),
        );
        username.push(
            "prefix",
            Node::Map(Map::new().with("prefixString", Node::str(&plan.username.prefix))),
        );
    }
    let mut mappings = Map::new().with("username", Node::Map(username));
    if let Some(groups) = &plan.groups {
        mappings.push("groups", groups_mapping(groups, &plan.issuer));
    }
    mappings
}

fn openshift_rules(plan: &Plan) -> Vec<Item> {
    plan.rules
        .iter()
        .map(|rule| {
            let (kind, key, why) = match rule {
                Rule::Required { .. } => ("RequiredClaim", "requiredClaim", rule_why(rule).to_owned()),
                Rule::Cel { why, .. } => (
                    "CEL",
                    "cel",
                    format!(
                        "{why}\ntype CEL needs the ExternalOIDCWithUpstreamParity feature gate (OpenShift's\nupstream-parity external OIDC); without it, OpenShift rejects this rule."
                    ),
                ),
            };
            let fields = Map::new()
                .with("type", Node::str(kind))
                .with(key, Node::Map(rule_fields(rule)));
            Item::commented(&why, Node::Map(fields))
        })
        .collect()
}

/// The binding's name: the role and a digest of the username (usernames are not valid names).
fn binding_name(role: &str, username: &str) -> String {
    let digest = Sha256::digest(username.as_bytes());
    let short: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    format!("jwtcred-{}-{short}", dns_label(role, 40))
}

/// A RoleBinding (with a namespace) or ClusterRoleBinding of the mapped username to the
/// ClusterRole.
pub fn rbac(plan: &Plan, binding: &Binding) -> Document {
    let kind = if binding.namespace.is_some() {
        "RoleBinding"
    } else {
        "ClusterRoleBinding"
    };
    let mut metadata = Map::new().with(
        "name",
        Node::str(binding_name(&binding.role, &plan.mapped_username)),
    );
    if let Some(namespace) = &binding.namespace {
        metadata.push("namespace", Node::str(namespace));
    }
    let scope = match &binding.namespace {
        Some(ns) => format!("in the namespace {}", quote(ns)),
        None => "in every namespace".into(),
    };
    Document {
        comments: vec![format!(
            "Grants the ClusterRole {} {scope} to exactly the username this token maps to (kubectl apply -f <file>). Tokens whose claim differs (another branch, workflow or workload) map to other usernames and get nothing from this binding.",
            quote(&binding.role)
        )],
        root: Map::new()
            .with("apiVersion", Node::str("rbac.authorization.k8s.io/v1"))
            .with("kind", Node::str(kind))
            .with("metadata", Node::Map(metadata))
            .with(
                "roleRef",
                Node::Map(
                    Map::new()
                        .with("apiGroup", Node::str("rbac.authorization.k8s.io"))
                        .with("kind", Node::str("ClusterRole"))
                        .with("name", Node::str(&binding.role)),
                ),
            )
            .with(
                "subjects",
                Node::Seq(vec![Item::new(Node::Map(
                    Map::new()
                        .with("apiGroup", Node::str("rbac.authorization.k8s.io"))
                        .with("kind", Node::str("User"))
                        .with("name", Node::str(&plan.mapped_username)),
                ))]),
            ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_dns_labels() {
        assert_eq!(
            provider_name("https://token.actions.githubusercontent.com"),
            "token-actions-githubusercontent-com"
        );
        assert_eq!(
            provider_name("https://127.0.0.1:8443/api/actions/"),
            "127-0-0-1-8443-api-actions"
        );
        assert_eq!(provider_name("https://%%%"), "oidc");
        let name = binding_name("Edit Things!", "https://x#repo:o/r");
        assert!(name.starts_with("jwtcred-edit-things-"), "{name}");
        assert_eq!(name.len(), "jwtcred-edit-things-".len() + 10);
        assert_ne!(name, binding_name("Edit Things!", "https://x#repo:o/s"));
    }
}
