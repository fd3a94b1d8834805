//! `ValidateAuthenticationConfiguration` as kube-apiserver runs it on the file: the same checks
//! in the same order, reported as the same `field.ErrorList` text
//! (`jwt[0].issuer.url: Invalid value: "http://…": URL scheme must be https`). CEL expressions
//! are compiled with jwtcred's CEL environment, which rejects what cel-go's checker rejects in
//! the cases it can decide (syntax, undeclared variables, a non-bool rule) and otherwise accepts.

use std::collections::BTreeSet;
use std::fmt;

use super::authn_config::{
    AuthenticationConfiguration, ClaimMappings, ClaimValidationRule, Issuer, JwtAuthenticator,
    PrefixedClaimOrExpression, UserValidationRule,
};
use super::cel::{self, Scope};

/// kube-apiserver accepts at most this many `jwt` entries.
const MAX_JWT_AUTHENTICATORS: usize = 64;

/// One entry of a `field.ErrorList`, displayed as kube-apiserver displays it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub kind: ErrorKind,
    /// The offending value as Go's `%q`/`%v` would show it; empty for Required/TooMany.
    pub value: String,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Required,
    Invalid,
    Duplicate,
    TooMany,
    Forbidden,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.kind {
            ErrorKind::Required => "Required value",
            ErrorKind::Invalid => "Invalid value",
            ErrorKind::Duplicate => "Duplicate value",
            ErrorKind::TooMany => "Too many",
            ErrorKind::Forbidden => "Forbidden",
        };
        write!(f, "{}: {label}", self.path)?;
        if !self.value.is_empty() {
            write!(f, ": {}", self.value)?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// The errors joined the way `ErrorList.ToAggregate()` prints them.
pub fn aggregate(errors: &[FieldError]) -> String {
    match errors {
        [one] => one.to_string(),
        many => format!(
            "[{}]",
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn quoted(value: &str) -> String {
    format!("{value:?}")
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, path: &str, kind: ErrorKind, value: String, detail: impl Into<String>) {
        self.0.push(FieldError {
            path: path.to_owned(),
            kind,
            value,
            detail: detail.into(),
        });
    }
    fn required(&mut self, path: &str, detail: impl Into<String>) {
        self.push(path, ErrorKind::Required, String::new(), detail);
    }
    fn invalid(&mut self, path: &str, value: &str, detail: impl Into<String>) {
        self.push(path, ErrorKind::Invalid, quoted(value), detail);
    }
    fn duplicate(&mut self, path: &str, value: &str) {
        self.push(path, ErrorKind::Duplicate, quoted(value), "");
    }
}

/// Validates the whole file; an empty list means kube-apiserver would load it.
pub fn validate(config: &AuthenticationConfiguration) -> Vec<FieldError> {
    let mut errors = Errors(Vec::new());
    if config.jwt.len() > MAX_JWT_AUTHENTICATORS {
        errors.push(
            "jwt",
            ErrorKind::TooMany,
            config.jwt.len().to_string(),
            format!("must have at most {MAX_JWT_AUTHENTICATORS} items"),
        );
        return errors.0;
    }
    let mut issuers = BTreeSet::new();
    let mut discovery_urls = BTreeSet::new();
    for (index, jwt) in config.jwt.iter().enumerate() {
        let path = format!("jwt[{index}]");
        validate_jwt(jwt, &path, &mut errors);
        if !issuers.insert(jwt.issuer.url.as_str()) {
            errors.duplicate(&format!("{path}.issuer.url"), &jwt.issuer.url);
        }
        if let Some(discovery) = jwt.issuer.discovery_url()
            && !discovery_urls.insert(discovery)
        {
            errors.duplicate(&format!("{path}.issuer.discoveryURL"), discovery);
        }
    }
    if let Some(anonymous) = &config.anonymous
        && !anonymous.enabled
        && !anonymous.conditions.is_empty()
    {
        errors.push(
            "anonymous.conditions",
            ErrorKind::Invalid,
            format!(
                "[{}]",
                anonymous
                    .conditions
                    .iter()
                    .map(|c| format!("{{Path:{}}}", c.path))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            "enabled should be set to true when conditions are defined",
        );
    }
    errors.0
}

fn validate_jwt(jwt: &JwtAuthenticator, path: &str, errors: &mut Errors) {
    validate_issuer(&jwt.issuer, &format!("{path}.issuer"), errors);
    let mut email = EmailUse::default();
    validate_claim_rules(
        &jwt.claim_validation_rules,
        &format!("{path}.claimValidationRules"),
        errors,
        &mut email,
    );
    validate_mappings(
        &jwt.claim_mappings,
        &format!("{path}.claimMappings"),
        errors,
        &mut email,
    );
    validate_user_rules(
        &jwt.user_validation_rules,
        &format!("{path}.userValidationRules"),
        errors,
    );
}

/// Whether `claims.email` is used in the username expression and `claims.email_verified`
/// anywhere kube-apiserver looks for it.
#[derive(Default)]
struct EmailUse {
    email: bool,
    email_verified: bool,
}

fn validate_issuer(issuer: &Issuer, path: &str, errors: &mut Errors) {
    let url_path = format!("{path}.url");
    if issuer.url.is_empty() {
        errors.required(&url_path, "");
    } else {
        validate_url(&issuer.url, &url_path, errors);
    }
    if let Some(discovery) = issuer.discovery_url() {
        let discovery_path = format!("{path}.discoveryURL");
        if !issuer.url.is_empty()
            && issuer.url.trim_end_matches('/') == discovery.trim_end_matches('/')
        {
            errors.invalid(
                &discovery_path,
                discovery,
                "discoveryURL must be different from URL",
            );
        }
        validate_url(discovery, &discovery_path, errors);
    }
    validate_audiences(issuer, path, errors);
    if !issuer.certificate_authority.is_empty() && !holds_certificate(&issuer.certificate_authority)
    {
        errors.push(
            &format!("{path}.certificateAuthority"),
            ErrorKind::Invalid,
            quoted("<omitted>"),
            "data does not contain any valid RSA or ECDSA certificates",
        );
    }
    if !issuer.egress_selector_type.is_empty()
        && !["controlplane", "cluster"].contains(&issuer.egress_selector_type.as_str())
    {
        errors.invalid(
            &format!("{path}.egressSelectorType"),
            &issuer.egress_selector_type,
            "egress selector must be either controlplane or cluster",
        );
    }
}

/// Go's `url.Parse` accepts almost anything; what it rejects (and what kube-apiserver then
/// checks) is approximated with the WHATWG parser plus the same four rules.
fn validate_url(text: &str, path: &str, errors: &mut Errors) {
    let Ok(url) = url::Url::parse(text) else {
        errors.invalid(path, text, "URL scheme must be https");
        return;
    };
    if url.scheme() != "https" {
        errors.invalid(path, text, "URL scheme must be https");
    }
    if !url.username().is_empty() || url.password().is_some() || text_has_userinfo(text) {
        errors.invalid(path, text, "URL must not contain a username or password");
    }
    if url.query().is_some_and(|q| !q.is_empty()) {
        errors.invalid(path, text, "URL must not contain a query");
    }
    if url.fragment().is_some_and(|f| !f.is_empty()) {
        errors.invalid(path, text, "URL must not contain a fragment");
    }
}

/// `https://@host` has an (empty) userinfo for Go but not for the WHATWG parser.
fn text_has_userinfo(text: &str) -> bool {
    text.split_once("://")
        .map(|(_, rest)| {
            rest.split(['/', '?', '#'])
                .next()
                .unwrap_or("")
                .contains('@')
        })
        .unwrap_or(false)
}

fn validate_audiences(issuer: &Issuer, path: &str, errors: &mut Errors) {
    let audiences_path = format!("{path}.audiences");
    let policy_path = format!("{path}.audienceMatchPolicy");
    if issuer.audiences.is_empty() {
        errors.required(
            &audiences_path,
            format!("at least one {audiences_path} is required"),
        );
        return;
    }
    let mut seen = BTreeSet::new();
    for (index, audience) in issuer.audiences.iter().enumerate() {
        let item = format!("{audiences_path}[{index}]");
        if audience.is_empty() {
            errors.required(&item, "");
        }
        if !seen.insert(audience.as_str()) {
            errors.duplicate(&item, audience);
        }
    }
    let policy = issuer.audience_match_policy.as_str();
    if issuer.audiences.len() > 1 && policy != "MatchAny" {
        errors.invalid(
            &policy_path,
            policy,
            "audienceMatchPolicy must be MatchAny for multiple audiences",
        );
    }
    if issuer.audiences.len() == 1 && !policy.is_empty() && policy != "MatchAny" {
        errors.invalid(
            &policy_path,
            policy,
            "audienceMatchPolicy must be empty or MatchAny for single audience",
        );
    }
}

fn holds_certificate(pem: &str) -> bool {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(pem.as_bytes())
        .filter_map(Result::ok)
        .collect();
    !certs.is_empty()
}

fn validate_claim_rules(
    rules: &[ClaimValidationRule],
    path: &str,
    errors: &mut Errors,
    email: &mut EmailUse,
) {
    let mut claims = BTreeSet::new();
    let mut expressions = BTreeSet::new();
    for (index, rule) in rules.iter().enumerate() {
        let item = format!("{path}[{index}]");
        match (rule.claim.is_empty(), rule.expression.is_empty()) {
            (false, false) => {
                errors.invalid(&item, &rule.claim, "claim and expression can't both be set")
            }
            (true, true) => errors.required(&item, "claim or expression is required"),
            (false, true) => {
                if !rule.message.is_empty() {
                    errors.invalid(
                        &format!("{item}.message"),
                        &rule.message,
                        "may not be specified when claim is set",
                    );
                }
                if !claims.insert(rule.claim.as_str()) {
                    errors.duplicate(&format!("{item}.claim"), &rule.claim);
                }
            }
            (true, false) => {
                if !rule.required_value.is_empty() {
                    errors.invalid(
                        &format!("{item}.requiredValue"),
                        &rule.required_value,
                        "may not be specified when expression is set",
                    );
                }
                let expr_path = format!("{item}.expression");
                if !expressions.insert(rule.expression.as_str()) {
                    errors.duplicate(&expr_path, &rule.expression);
                    continue;
                }
                if compile(&rule.expression, Scope::Claims, true, &expr_path, errors) {
                    email.email_verified |=
                        cel::selects(&rule.expression, "claims", "email_verified");
                }
            }
        }
    }
}

fn validate_mappings(m: &ClaimMappings, path: &str, errors: &mut Errors, email: &mut EmailUse) {
    let username_path = format!("{path}.username");
    if validate_prefixed(&m.username, &username_path, true, errors)
        && !m.username.expression.is_empty()
    {
        email.email = cel::selects(&m.username.expression, "claims", "email");
        email.email_verified |= cel::selects(&m.username.expression, "claims", "email_verified");
    }
    validate_prefixed(&m.groups, &format!("{path}.groups"), false, errors);
    let uid_path = format!("{path}.uid");
    match (m.uid.claim.is_empty(), m.uid.expression.is_empty()) {
        (false, false) => errors.invalid(&uid_path, "", "claim and expression can't both be set"),
        (true, false) => {
            compile(
                &m.uid.expression,
                Scope::Claims,
                false,
                &format!("{uid_path}.expression"),
                errors,
            );
        }
        _ => {}
    }
    let mut keys = BTreeSet::new();
    for (index, extra) in m.extra.iter().enumerate() {
        let item = format!("{path}.extra[{index}]");
        let key_path = format!("{item}.key");
        for detail in domain_prefixed_path_errors(&extra.key) {
            match detail {
                None => errors.required(&key_path, ""),
                Some(detail) => errors.invalid(&key_path, &extra.key, detail),
            }
        }
        if extra.key != extra.key.to_lowercase() {
            errors.invalid(&key_path, &extra.key, "must be lowercase");
        }
        if is_kubernetes_domain(&extra.key) {
            errors.invalid(
                &key_path,
                &extra.key,
                "k8s.io, kubernetes.io and their subdomains are reserved for Kubernetes use",
            );
        }
        if !keys.insert(extra.key.as_str()) {
            errors.duplicate(&key_path, &extra.key);
            continue;
        }
        if extra.value_expression.is_empty() {
            errors.required(&format!("{item}.valueExpression"), "");
            continue;
        }
        if compile(
            &extra.value_expression,
            Scope::Claims,
            false,
            &format!("{item}.valueExpression"),
            errors,
        ) {
            email.email_verified |=
                cel::selects(&extra.value_expression, "claims", "email_verified");
        }
    }
    if email.email && !email.email_verified {
        errors.invalid(
            &format!("{path}.username.expression"),
            &m.username.expression,
            "claims.email_verified must be used in claimMappings.username.expression or claimMappings.extra[*].valueExpression or claimValidationRules[*].expression when claims.email is used in claimMappings.username.expression",
        );
    }
}

/// Returns whether an expression was given and compiled.
fn validate_prefixed(
    mapping: &PrefixedClaimOrExpression,
    path: &str,
    required: bool,
    errors: &mut Errors,
) -> bool {
    match (mapping.claim.is_empty(), mapping.expression.is_empty()) {
        (false, false) => {
            errors.invalid(path, "", "claim and expression can't both be set");
            false
        }
        (true, true) => {
            if required {
                errors.required(path, "claim or expression is required");
            }
            false
        }
        (true, false) => {
            if let Some(prefix) = &mapping.prefix {
                errors.invalid(
                    &format!("{path}.prefix"),
                    prefix,
                    "may not be specified when expression is set",
                );
            }
            compile(
                &mapping.expression,
                Scope::Claims,
                false,
                &format!("{path}.expression"),
                errors,
            )
        }
        (false, true) => {
            if mapping.prefix.is_none() {
                errors.required(
                    &format!("{path}.prefix"),
                    "prefix is required when claim is set. It can be set to an empty string to disable prefixing",
                );
            }
            false
        }
    }
}

fn validate_user_rules(rules: &[UserValidationRule], path: &str, errors: &mut Errors) {
    let mut seen = BTreeSet::new();
    for (index, rule) in rules.iter().enumerate() {
        let expr_path = format!("{path}[{index}].expression");
        if rule.expression.is_empty() {
            errors.required(&expr_path, "");
            continue;
        }
        if !seen.insert(rule.expression.as_str()) {
            errors.duplicate(&expr_path, &rule.expression);
            continue;
        }
        compile(&rule.expression, Scope::User, true, &expr_path, errors);
    }
}

/// Compiles an expression; a compile error becomes a field error. Returns whether it compiled.
fn compile(expression: &str, scope: Scope, boolean: bool, path: &str, errors: &mut Errors) -> bool {
    match cel::check(expression, scope, boolean) {
        Ok(()) => true,
        Err(detail) => {
            errors.invalid(path, expression, detail);
            false
        }
    }
}

/// `utilvalidation.IsDomainPrefixedPath`: None for "Required", Some(detail) for "Invalid".
fn domain_prefixed_path_errors(key: &str) -> Vec<Option<String>> {
    if key.is_empty() {
        return vec![None];
    }
    let Some((domain, path)) = key.split_once('/') else {
        return vec![Some(
            "must be a domain-prefixed path (such as \"acme.io/foo\")".into(),
        )];
    };
    if path.is_empty() {
        return vec![Some(
            "must be a domain-prefixed path (such as \"acme.io/foo\")".into(),
        )];
    }
    let mut out = Vec::new();
    if !is_dns1123_subdomain(domain) {
        out.push(Some(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".into(),
        ));
    }
    let path_ok = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/-._~%!$&'()*+,;=:".contains(c));
    if !path_ok {
        out.push(Some(
            "Invalid path: must be a valid path, consisting of alphanumeric characters or one of the following: '/-._~%!$&'()*+,;=:'".into(),
        ));
    }
    out
}

fn is_dns1123_subdomain(text: &str) -> bool {
    text.len() <= 253
        && !text.is_empty()
        && text.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn is_kubernetes_domain(key: &str) -> bool {
    let Some((domain, _)) = key.split_once('/') else {
        return false;
    };
    ["kubernetes.io", "k8s.io"]
        .iter()
        .any(|reserved| domain == *reserved || domain.ends_with(&format!(".{reserved}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::authn_config::decode;

    fn errors_of(jwt_yaml: &str) -> String {
        let text = format!(
            "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n{jwt_yaml}"
        );
        aggregate(&validate(&decode(&text).unwrap()))
    }

    #[test]
    fn a_valid_entry_has_no_errors() {
        let text = "- issuer:\n    url: https://i.example\n    audiences: [a]\n  claimMappings:\n    username:\n      claim: sub\n      prefix: ''\n";
        assert_eq!(errors_of(text), "[]");
    }

    #[test]
    fn issuer_urls_must_be_https_without_query() {
        let text = "- issuer:\n    url: http://i.example?x=1\n    audiences: [a]\n  claimMappings:\n    username:\n      claim: sub\n      prefix: ''\n";
        assert_eq!(
            errors_of(text),
            "[jwt[0].issuer.url: Invalid value: \"http://i.example?x=1\": URL scheme must be https, jwt[0].issuer.url: Invalid value: \"http://i.example?x=1\": URL must not contain a query]"
        );
    }

    #[test]
    fn a_claim_needs_a_prefix() {
        let text = "- issuer:\n    url: https://i.example\n    audiences: [a]\n  claimMappings:\n    username:\n      claim: sub\n";
        assert_eq!(
            errors_of(text),
            "jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim is set. It can be set to an empty string to disable prefixing"
        );
    }

    #[test]
    fn audiences_are_required_and_several_need_match_any() {
        let text = "- issuer:\n    url: https://i.example\n    audiences: [a, b]\n  claimMappings:\n    username:\n      expression: claims.sub\n";
        assert_eq!(
            errors_of(text),
            "jwt[0].issuer.audienceMatchPolicy: Invalid value: \"\": audienceMatchPolicy must be MatchAny for multiple audiences"
        );
        let text = "- issuer:\n    url: https://i.example\n  claimMappings:\n    username:\n      expression: claims.sub\n";
        assert_eq!(
            errors_of(text),
            "jwt[0].issuer.audiences: Required value: at least one jwt[0].issuer.audiences is required"
        );
    }

    #[test]
    fn extra_keys_are_domain_prefixed_lowercase_and_not_reserved() {
        let text = "- issuer:\n    url: https://i.example\n    audiences: [a]\n  claimMappings:\n    username:\n      expression: claims.sub\n    extra:\n    - key: Example.org/Foo\n      valueExpression: claims.sub\n    - key: kubernetes.io/x\n      valueExpression: claims.sub\n";
        let errors = errors_of(text);
        assert!(errors.contains("jwt[0].claimMappings.extra[0].key: Invalid value: \"Example.org/Foo\": must be lowercase"), "{errors}");
        assert!(errors.contains("reserved for Kubernetes use"), "{errors}");
    }

    #[test]
    fn email_needs_email_verified() {
        let text = "- issuer:\n    url: https://i.example\n    audiences: [a]\n  claimMappings:\n    username:\n      expression: claims.email\n";
        assert!(errors_of(text).contains("claims.email_verified must be used"));
        let text = "- issuer:\n    url: https://i.example\n    audiences: [a]\n  claimValidationRules:\n  - expression: claims.email_verified == true\n  claimMappings:\n    username:\n      expression: claims.email\n";
        assert_eq!(errors_of(text), "[]");
    }
}
