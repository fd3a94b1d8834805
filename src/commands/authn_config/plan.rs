//! What the cluster side must say to accept one token, derived from its claims and the
//! options: issuer, audiences, CA, mappings, the claim rules that pin what the token proves,
//! and the guard rails (shared issuers, `system:` names) that refuse a configuration which
//! would let others in.

use anyhow::Result;
use serde_json::{Map, Value};

use super::emit::{cel_string, quote};
use crate::error::Hinted;

/// GitHub's issuer: it signs tokens for every repository on github.com.
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";
/// A Forgejo or Gitea instance's Actions issuer ends like this; it signs for every repository
/// of the instance.
pub const FORGEJO_ISSUER_SUFFIX: &str = "/api/actions";
/// The prefix of Kubernetes' reserved user and group names.
pub const SYSTEM_PREFIX: &str = "system:";

/// The options that shape the configuration (everything but the output format).
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Audiences the token was requested for; empty = take the token's `aud`.
    pub requested_audiences: Vec<String>,
    /// Normalised PEM of the issuer's CA (`--ca-file`).
    pub ca_pem: Option<String>,
    pub username_claim: String,
    /// None = the default `<issuer>#`.
    pub username_prefix: Option<String>,
    pub groups_claim: Option<String>,
    /// None = the default `<issuer>#` (only with a groups claim).
    pub groups_prefix: Option<String>,
    /// `--require CLAIM=VALUE`, in order.
    pub requires: Vec<(String, String)>,
    pub allow_any_subject: bool,
}

/// A claim + prefix mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub claim: String,
    pub prefix: String,
}

/// One `claimValidationRules` entry and what it protects against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    Required {
        claim: String,
        value: String,
        why: String,
    },
    Cel {
        expression: String,
        message: String,
        why: String,
    },
}

/// One `userValidationRules` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRule {
    pub expression: String,
    pub message: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub issuer: String,
    pub audiences: Vec<String>,
    pub ca_pem: Option<String>,
    pub username: Mapping,
    pub groups: Option<Mapping>,
    pub rules: Vec<Rule>,
    pub user_rules: Vec<UserRule>,
    /// The username this token maps to.
    pub mapped_username: String,
    /// The groups this token maps to (before the cluster adds `system:authenticated`).
    pub mapped_groups: Vec<String>,
    pub subject: Option<String>,
    /// The issuer signs tokens for every repository of a forge.
    pub shared_issuer: bool,
    /// Warnings for stderr.
    pub notes: Vec<String>,
}

/// A refusal: the configuration would not accept the token, or would accept far more.
fn refuse(message: String, hint: &str) -> anyhow::Error {
    Hinted::new(message, hint).into()
}

pub fn plan(claims: &Map<String, Value>, request: &Request) -> Result<Plan> {
    let issuer = issuer(claims)?;
    let audiences = audiences(claims, request)?;
    let username = username_mapping(claims, request, &issuer)?;
    let mapped_username = mapped_username(claims, &username);
    let (groups, mapped_groups) = groups_mapping(claims, request, &issuer)?;
    let shared_issuer = is_shared_issuer(&issuer);

    let mut rules = required_rules(claims, &request.requires)?;
    if !request.allow_any_subject {
        rules.extend(default_pins(claims, &rules, shared_issuer, &issuer));
    }
    let mut notes = Vec::new();
    if shared_issuer && rules.is_empty() {
        if !request.allow_any_subject {
            return Err(refuse(
                format!(
                    "refusing to write a configuration for {}: it is a shared issuer (it signs tokens for every repository on its forge) and the token has no repository_owner claim to pin, so any repository anywhere could authenticate",
                    quote(&issuer)
                ),
                "add --require CLAIM=VALUE (e.g. --require repository_owner=OWNER --require repository=OWNER/REPO), or --allow-any-subject if that is really meant",
            ));
        }
        notes.push(format!(
            "warning: --allow-any-subject: every repository on {} can authenticate with this configuration",
            quote(&issuer)
        ));
    } else if request.allow_any_subject && shared_issuer {
        notes.push(format!(
            "warning: --allow-any-subject dropped the owner pin: every repository on {} that satisfies the --require rules can authenticate",
            quote(&issuer)
        ));
    }

    let mut user_rules = Vec::new();
    if prefix_can_reach_system(&username.prefix) {
        user_rules.push(UserRule {
            expression: "!user.username.startsWith('system:')".into(),
            message: "username must not begin with system:".into(),
            why: format!(
                "With the username prefix {} a token whose {} claim begins with system: would get a name reserved for Kubernetes components (system:admin, system:kube-controller-manager...); this rule rejects it.",
                quote(&username.prefix),
                quote(&username.claim)
            ),
        });
    }
    if let Some(groups) = &groups
        && prefix_can_reach_system(&groups.prefix)
    {
        user_rules.push(UserRule {
            expression: "user.groups.all(g, !g.startsWith('system:'))".into(),
            message: "groups must not begin with system:".into(),
            why: format!(
                "With the groups prefix {} a token could claim a group reserved for Kubernetes (system:masters is cluster-admin); this rule rejects it.",
                quote(&groups.prefix)
            ),
        });
    }

    Ok(Plan {
        ca_pem: request.ca_pem.clone(),
        subject: claims.get("sub").and_then(Value::as_str).map(str::to_owned),
        issuer,
        audiences,
        username,
        groups,
        rules,
        user_rules,
        mapped_username,
        mapped_groups,
        shared_issuer,
        notes,
    })
}

/// `iss` as kube-apiserver accepts it: an https URL without userinfo, query or fragment.
fn issuer(claims: &Map<String, Value>) -> Result<String> {
    let Some(iss) = claims.get("iss").and_then(Value::as_str) else {
        return Err(refuse(
            "the token has no string `iss` claim; kube-apiserver matches a JWT to its authenticator by issuer".into(),
            "use a token from an OIDC issuer (`jwtcred inspect` shows its claims)",
        ));
    };
    let problem = match url::Url::parse(iss) {
        Err(err) => Some(format!("it is not a URL ({err})")),
        Ok(url) if url.scheme() != "https" => {
            Some("kube-apiserver only accepts https issuers".to_owned())
        }
        Ok(url) if !url.username().is_empty() || url.password().is_some() => {
            Some("it must not contain a username or password".to_owned())
        }
        Ok(_) if iss.contains('?') => Some("it must not contain a query".to_owned()),
        Ok(_) if iss.contains('#') => Some("it must not contain a fragment".to_owned()),
        Ok(url) if url.host_str().is_none_or(str::is_empty) => Some("it has no host".to_owned()),
        Ok(_) if iss.chars().any(char::is_whitespace) || iss.chars().any(char::is_control) => {
            Some("it contains whitespace or control characters".to_owned())
        }
        Ok(_) => None,
    };
    if let Some(problem) = problem {
        return Err(refuse(
            format!(
                "the token's issuer {} cannot be configured: {problem}",
                quote(iss)
            ),
            "kube-apiserver and OpenShift need an https issuer URL that serves /.well-known/openid-configuration",
        ));
    }
    Ok(iss.to_owned())
}

/// The requested audiences, else the token's; at least one of them must be in the token.
fn audiences(claims: &Map<String, Value>, request: &Request) -> Result<Vec<String>> {
    let in_token = crate::jwt::audiences(claims);
    let wanted = if request.requested_audiences.is_empty() {
        in_token.clone()
    } else {
        request.requested_audiences.clone()
    };
    let mut audiences: Vec<String> = Vec::new();
    for aud in wanted {
        if aud.is_empty() {
            return Err(refuse(
                "an audience is empty; kube-apiserver requires non-empty audiences".into(),
                "give --audience a value",
            ));
        }
        if !audiences.contains(&aud) {
            audiences.push(aud);
        }
    }
    if audiences.is_empty() {
        return Err(refuse(
            "the token has no `aud` claim and no --audience was given; kube-apiserver needs at least one audience".into(),
            "request the token for an audience with --audience AUD",
        ));
    }
    if !audiences.iter().any(|aud| in_token.contains(aud)) {
        return Err(refuse(
            format!(
                "none of the audiences {} is in the token's aud {}, so the configuration would reject this very token",
                list(&audiences),
                list(&in_token)
            ),
            "pass the --audience the token was requested for, or leave --audience out to use the token's aud",
        ));
    }
    Ok(audiences)
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn username_mapping(
    claims: &Map<String, Value>,
    request: &Request,
    issuer: &str,
) -> Result<Mapping> {
    let claim = request.username_claim.clone();
    let prefix = request
        .username_prefix
        .clone()
        .unwrap_or_else(|| format!("{issuer}#"));
    if prefix.starts_with(SYSTEM_PREFIX) {
        return Err(refuse(
            format!(
                "refusing the username prefix {}: names beginning with system: are reserved for Kubernetes components",
                quote(&prefix)
            ),
            "leave --username-prefix out (the default is \"<issuer>#\") or pick a prefix such as \"ci:\"",
        ));
    }
    let Some(value) = claims.get(&claim) else {
        return Err(refuse(
            format!(
                "the token has no {} claim to take the username from",
                quote(&claim)
            ),
            "pick a claim the token has with --username-claim (`jwtcred inspect` lists them)",
        ));
    };
    let Some(value) = value.as_str() else {
        return Err(refuse(
            format!(
                "the token's {} claim is not a string; kube-apiserver takes the username from a string claim",
                quote(&claim)
            ),
            "pick a string claim with --username-claim",
        ));
    };
    if value.is_empty() {
        return Err(refuse(
            format!("the token's {} claim is empty", quote(&claim)),
            "pick another claim with --username-claim",
        ));
    }
    if claim == "email" && claims.get("email_verified") == Some(&Value::Bool(false)) {
        return Err(refuse(
            "the token's email is not verified (email_verified: false); kube-apiserver rejects an unverified email as username".into(),
            "pick another claim with --username-claim",
        ));
    }
    if format!("{prefix}{value}").starts_with(SYSTEM_PREFIX) {
        return Err(refuse(
            format!(
                "refusing the username prefix {}: this token's username would be {}, a name reserved for Kubernetes components",
                quote(&prefix),
                quote(&format!("{prefix}{value}"))
            ),
            "leave --username-prefix out (the default is \"<issuer>#\") or pick a prefix such as \"ci:\"",
        ));
    }
    Ok(Mapping { claim, prefix })
}

fn mapped_username(claims: &Map<String, Value>, mapping: &Mapping) -> String {
    let value = claims
        .get(&mapping.claim)
        .and_then(Value::as_str)
        .unwrap_or_default();
    format!("{}{value}", mapping.prefix)
}

fn groups_mapping(
    claims: &Map<String, Value>,
    request: &Request,
    issuer: &str,
) -> Result<(Option<Mapping>, Vec<String>)> {
    let Some(claim) = request.groups_claim.clone() else {
        return Ok((None, Vec::new()));
    };
    let prefix = request
        .groups_prefix
        .clone()
        .unwrap_or_else(|| format!("{issuer}#"));
    if prefix.starts_with(SYSTEM_PREFIX) {
        return Err(refuse(
            format!(
                "refusing the groups prefix {}: groups beginning with system: are reserved for Kubernetes (system:masters is cluster-admin)",
                quote(&prefix)
            ),
            "leave --groups-prefix out (the default is \"<issuer>#\") or pick a prefix such as \"ci:\"",
        ));
    }
    let values: Vec<String> = match claims.get(&claim) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(_) => {
            return Err(refuse(
                format!(
                    "the token's {} claim is neither a string nor a list of strings; kube-apiserver would reject the token",
                    quote(&claim)
                ),
                "pick another claim with --groups-claim",
            ));
        }
    };
    let mapped: Vec<String> = values.iter().map(|g| format!("{prefix}{g}")).collect();
    if let Some(reserved) = mapped.iter().find(|g| g.starts_with(SYSTEM_PREFIX)) {
        return Err(refuse(
            format!(
                "refusing the groups prefix {}: this token would be in the group {}, reserved for Kubernetes",
                quote(&prefix),
                quote(reserved)
            ),
            "leave --groups-prefix out (the default is \"<issuer>#\") or pick a prefix such as \"ci:\"",
        ));
    }
    Ok((Some(Mapping { claim, prefix }), mapped))
}

/// A prefix with which some claim value could produce a `system:` name: it is itself a
/// beginning of `system:` (the empty prefix included).
fn prefix_can_reach_system(prefix: &str) -> bool {
    SYSTEM_PREFIX.starts_with(prefix)
}

/// GitHub's issuer, or a Forgejo/Gitea instance's (`…/api/actions`).
pub fn is_shared_issuer(issuer: &str) -> bool {
    let trimmed = issuer.trim_end_matches('/');
    trimmed == GITHUB_ISSUER || trimmed.ends_with(FORGEJO_ISSUER_SUFFIX)
}

/// The `--require` rules; each must hold for this token (a string claim with that value).
fn required_rules(claims: &Map<String, Value>, requires: &[(String, String)]) -> Result<Vec<Rule>> {
    let mut rules: Vec<Rule> = Vec::new();
    for (claim, value) in requires {
        if let Some(Rule::Required { value: earlier, .. }) = rules
            .iter()
            .find(|rule| matches!(rule, Rule::Required { claim: c, .. } if c == claim))
        {
            if earlier == value {
                continue;
            }
            return Err(refuse(
                format!(
                    "--require gives the claim {} twice with different values ({} and {}); a token cannot satisfy both",
                    quote(claim),
                    quote(earlier),
                    quote(value)
                ),
                "give each claim once",
            ));
        }
        match claims.get(claim) {
            Some(Value::String(actual)) if actual == value => {}
            Some(Value::String(actual)) => {
                return Err(refuse(
                    format!(
                        "the token's {} is {}, not {}, so the configuration would reject this very token",
                        quote(claim),
                        quote(actual),
                        quote(value)
                    ),
                    "require the value this token carries (`jwtcred inspect` shows it), or generate the configuration from a token of the job that will use it",
                ));
            }
            Some(_) => {
                return Err(refuse(
                    format!(
                        "the token's {} claim is not a string; a required claim must be a string",
                        quote(claim)
                    ),
                    "require a string claim",
                ));
            }
            None => {
                return Err(refuse(
                    format!(
                        "the token has no {} claim, so the configuration would reject this very token",
                        quote(claim)
                    ),
                    "require a claim the token has (`jwtcred inspect` lists them)",
                ));
            }
        }
        rules.push(Rule::Required {
            claim: claim.clone(),
            value: value.clone(),
            why: why_required(claim, value),
        });
    }
    Ok(rules)
}

/// What a `--require` rule protects against, for the well-known CI claims.
fn why_required(claim: &str, value: &str) -> String {
    let v = quote(value);
    match claim {
        "repository_owner" => format!(
            "Only repositories owned by {v} pass: a token minted for another owner's repository is rejected."
        ),
        "repository_owner_id" => format!(
            "Only the owner with id {v} passes, even if the owner's name is renamed and registered again by someone else."
        ),
        "repository" => format!(
            "Only workflows of the repository {v} pass: other repositories, even of the same owner, are rejected."
        ),
        "repository_id" => format!(
            "Only the repository with id {v} passes, even if a repository of the same name is created again."
        ),
        "ref" => format!(
            "Only runs on {v} pass: another branch, a tag or a pull request cannot authenticate."
        ),
        "ref_type" => format!("Only runs for a {v} ref pass."),
        "ref_protected" => format!("Only runs on refs whose protection status is {v} pass."),
        "environment" => format!(
            "Only jobs of the deployment environment {v} pass, so its protection rules (reviewers, branches) apply."
        ),
        "workflow" | "workflow_ref" | "job_workflow_ref" => format!(
            "Only the workflow {v} passes: another workflow of the same repository cannot authenticate."
        ),
        "event_name" => format!("Only runs triggered by the {v} event pass."),
        "runner_environment" => format!("Only jobs on {v} runners pass."),
        "actor" => format!("Only runs started by {v} pass."),
        "sub" => format!("Only the subject {v} passes."),
        _ => format!("Only tokens whose {} claim is {v} pass.", quote(claim)),
    }
}

/// The pins added by default: the repository owner (and its immutable id), the SPIFFE trust
/// domain. A pin for a claim already required is not repeated.
fn default_pins(
    claims: &Map<String, Value>,
    existing: &[Rule],
    shared_issuer: bool,
    issuer: &str,
) -> Vec<Rule> {
    let required = |name: &str| {
        existing
            .iter()
            .any(|r| matches!(r, Rule::Required { claim, .. } if claim == name))
    };
    let mut pins = Vec::new();
    let owner = claims
        .get("repository_owner")
        .and_then(Value::as_str)
        .filter(|owner| !owner.is_empty());
    if let Some(owner) = owner
        && !required("repository_owner")
    {
        let why = if shared_issuer {
            format!(
                "Default pin: {} signs tokens for every repository on its forge; without this rule a workflow in any repository anywhere could authenticate. Only repositories owned by {} pass.",
                quote(issuer),
                quote(owner)
            )
        } else {
            format!(
                "Default pin: only repositories owned by {} pass; a token minted for another owner's repository is rejected.",
                quote(owner)
            )
        };
        pins.push(Rule::Required {
            claim: "repository_owner".into(),
            value: owner.into(),
            why,
        });
    }
    if let Some(owner) = owner
        && let Some(id) = claims.get("repository_owner_id").and_then(Value::as_str)
        && !id.is_empty()
        && !required("repository_owner_id")
    {
        pins.push(Rule::Required {
            claim: "repository_owner_id".into(),
            value: id.into(),
            why: format!(
                "Default pin: the owner's numeric id never changes, so if {} is renamed or deleted and the name registered again by someone else, their tokens are still rejected.",
                quote(owner)
            ),
        });
    }
    if let Some(trust_domain) = claims
        .get("sub")
        .and_then(Value::as_str)
        .and_then(spiffe_trust_domain)
    {
        let prefix = format!("spiffe://{trust_domain}/");
        pins.push(Rule::Cel {
            expression: format!("claims.sub.startsWith({})", cel_string(&prefix)),
            message: format!("the subject must be a SPIFFE ID in the trust domain {trust_domain}"),
            why: format!(
                "Default pin: only SPIFFE IDs of the trust domain {} pass; a workload of another (federated) trust domain whose SVIDs this issuer also signs or relays is rejected.",
                quote(trust_domain)
            ),
        });
    }
    pins
}

/// The trust domain of a SPIFFE ID (`spiffe://<trust domain>/<path>`), per the SPIFFE ID
/// spec: lowercase letters, digits, `.`, `-`, `_`; None for anything else.
pub fn spiffe_trust_domain(sub: &str) -> Option<&str> {
    let rest = sub.strip_prefix("spiffe://")?;
    let trust_domain = rest.split('/').next()?;
    let valid = !trust_domain.is_empty()
        && trust_domain.len() <= 255
        && trust_domain
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-_".contains(&b));
    valid.then_some(trust_domain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn request() -> Request {
        Request {
            username_claim: "sub".into(),
            ..Request::default()
        }
    }

    fn github() -> Map<String, Value> {
        claims(json!({
            "iss": GITHUB_ISSUER,
            "sub": "repo:octo-org/octo-repo:ref:refs/heads/main",
            "aud": "https://github.com/octo-org",
            "repository": "octo-org/octo-repo",
            "repository_owner": "octo-org",
            "repository_owner_id": "65",
            "ref": "refs/heads/main",
        }))
    }

    fn message(err: &anyhow::Error) -> String {
        format!("{err:#}")
    }

    #[test]
    fn github_token_gets_owner_and_owner_id_pins() {
        let plan = plan(&github(), &request()).unwrap();
        assert_eq!(plan.issuer, GITHUB_ISSUER);
        assert_eq!(plan.audiences, ["https://github.com/octo-org"]);
        assert!(plan.shared_issuer);
        assert_eq!(
            plan.username,
            Mapping {
                claim: "sub".into(),
                prefix: format!("{GITHUB_ISSUER}#")
            }
        );
        assert_eq!(
            plan.mapped_username,
            format!("{GITHUB_ISSUER}#repo:octo-org/octo-repo:ref:refs/heads/main")
        );
        let pinned: Vec<_> = plan
            .rules
            .iter()
            .map(|r| match r {
                Rule::Required { claim, value, .. } => (claim.as_str(), value.as_str()),
                Rule::Cel { .. } => panic!("no CEL pin for GitHub"),
            })
            .collect();
        assert_eq!(
            pinned,
            [
                ("repository_owner", "octo-org"),
                ("repository_owner_id", "65")
            ]
        );
        assert!(plan.user_rules.is_empty());
        assert!(plan.notes.is_empty());
    }

    #[test]
    fn require_adds_rules_and_replaces_the_default_pin_of_the_same_claim() {
        let mut req = request();
        req.requires = vec![
            ("repository".into(), "octo-org/octo-repo".into()),
            ("ref".into(), "refs/heads/main".into()),
            ("repository_owner".into(), "octo-org".into()),
            ("ref".into(), "refs/heads/main".into()),
        ];
        let plan = plan(&github(), &req).unwrap();
        let claims: Vec<_> = plan
            .rules
            .iter()
            .map(|r| match r {
                Rule::Required { claim, .. } => claim.as_str(),
                Rule::Cel { .. } => "cel",
            })
            .collect();
        assert_eq!(
            claims,
            [
                "repository",
                "ref",
                "repository_owner",
                "repository_owner_id"
            ]
        );
    }

    #[test]
    fn require_that_the_token_does_not_meet_is_refused() {
        for (claim, value, expected) in [
            (
                "repository",
                "other/repo",
                "is \"octo-org/octo-repo\", not \"other/repo\"",
            ),
            ("environment", "prod", "has no \"environment\" claim"),
        ] {
            let mut req = request();
            req.requires = vec![(claim.into(), value.into())];
            let err = plan(&github(), &req).unwrap_err();
            assert!(message(&err).contains(expected), "{err:#}");
        }
        let mut req = request();
        req.requires = vec![
            ("ref".into(), "refs/heads/main".into()),
            ("ref".into(), "b".into()),
        ];
        assert!(message(&plan(&github(), &req).unwrap_err()).contains("twice"));
        let mut with_number = github();
        with_number.insert("run_number".into(), json!(7));
        let mut req = request();
        req.requires = vec![("run_number".into(), "7".into())];
        assert!(message(&plan(&with_number, &req).unwrap_err()).contains("not a string"));
    }

    #[test]
    fn shared_issuer_without_any_pin_is_refused_unless_allowed() {
        for iss in [
            GITHUB_ISSUER,
            "https://token.actions.githubusercontent.com/",
            "https://codeberg.org/api/actions",
            "https://git.example.com/forgejo/api/actions/",
        ] {
            let mut token = github();
            token.insert("iss".into(), json!(iss));
            token.remove("repository_owner");
            let err = plan(&token, &request()).unwrap_err();
            assert!(message(&err).contains("shared issuer"), "{err:#}");

            let mut allowed = request();
            allowed.allow_any_subject = true;
            let plan_any = plan(&token, &allowed).unwrap();
            assert!(plan_any.rules.is_empty());
            assert!(plan_any.notes[0].contains("every repository"));

            let mut pinned = request();
            pinned.requires = vec![("repository".into(), "octo-org/octo-repo".into())];
            assert_eq!(plan(&token, &pinned).unwrap().rules.len(), 1);
        }
    }

    #[test]
    fn allow_any_subject_drops_only_the_default_pins() {
        let mut req = request();
        req.allow_any_subject = true;
        req.requires = vec![("repository".into(), "octo-org/octo-repo".into())];
        let plan = plan(&github(), &req).unwrap();
        assert_eq!(plan.rules.len(), 1);
        assert!(plan.notes[0].contains("dropped the owner pin"));
    }

    #[test]
    fn a_private_issuer_is_not_shared() {
        assert!(!is_shared_issuer(
            "https://token.actions.githubusercontent.com/octo-enterprise"
        ));
        assert!(!is_shared_issuer("https://idp.example.com"));
        assert!(!is_shared_issuer("https://example.com/api/actionsx"));
        let token =
            claims(json!({"iss": "https://idp.example.com", "sub": "client-1", "aud": "k8s"}));
        let plan = plan(&token, &request()).unwrap();
        assert!(plan.rules.is_empty() && !plan.shared_issuer);
    }

    #[test]
    fn spiffe_subject_pins_the_trust_domain() {
        let token = claims(json!({
            "iss": "https://oidc.example.org",
            "sub": "spiffe://example.org/ns/ci/sa/deployer",
            "aud": ["k8s"],
        }));
        let plan = plan(&token, &request()).unwrap();
        assert_eq!(
            plan.rules,
            [Rule::Cel {
                expression: "claims.sub.startsWith(\"spiffe://example.org/\")".into(),
                message: "the subject must be a SPIFFE ID in the trust domain example.org".into(),
                why: plan.rules_why(0),
            }]
        );
        for (sub, td) in [
            ("spiffe://example.org/x", Some("example.org")),
            ("spiffe://a-b_c.1/x/y", Some("a-b_c.1")),
            ("spiffe://Example.org/x", None),
            ("spiffe://ex\"ample/x", None),
            ("spiffe:///x", None),
            ("spiffe://ex ample/x", None),
            ("https://example.org/x", None),
        ] {
            assert_eq!(spiffe_trust_domain(sub), td, "{sub}");
        }
    }

    #[test]
    fn bad_issuers_are_refused() {
        for (iss, why) in [
            (json!("http://127.0.0.1:8080"), "only accepts https"),
            (json!("https://u:p@idp.example.com"), "username or password"),
            (json!("https://idp.example.com/?a=b"), "query"),
            (json!("https://idp.example.com/#f"), "fragment"),
            (json!("not a url"), "not a URL"),
            (json!(42), "no string `iss`"),
        ] {
            let token = claims(json!({"iss": iss, "sub": "x", "aud": "a"}));
            let err = plan(&token, &request()).unwrap_err();
            assert!(message(&err).contains(why), "{iss}: {err:#}");
        }
        let token = claims(json!({"sub": "x", "aud": "a"}));
        assert!(message(&plan(&token, &request()).unwrap_err()).contains("no string `iss`"));
    }

    #[test]
    fn audiences_requested_or_from_the_token_and_matching_it() {
        let token = claims(json!({"iss": "https://i.example", "sub": "x", "aud": ["a", "b", "a"]}));
        assert_eq!(plan(&token, &request()).unwrap().audiences, ["a", "b"]);
        let mut req = request();
        req.requested_audiences = vec!["b".into(), "c".into(), "b".into()];
        assert_eq!(plan(&token, &req).unwrap().audiences, ["b", "c"]);
        req.requested_audiences = vec!["c".into()];
        assert!(message(&plan(&token, &req).unwrap_err()).contains("would reject this very token"));
        req.requested_audiences = vec![String::new()];
        assert!(message(&plan(&token, &req).unwrap_err()).contains("empty"));
        let no_aud = claims(json!({"iss": "https://i.example", "sub": "x"}));
        assert!(message(&plan(&no_aud, &request()).unwrap_err()).contains("no `aud`"));
    }

    #[test]
    fn system_usernames_are_refused() {
        let token = claims(
            json!({"iss": "https://i.example", "sub": "system:admin", "aud": "a", "n": "tem:x"}),
        );
        for (claim, prefix) in [
            ("sub", Some("")),
            ("sub", Some("system:")),
            ("n", Some("sys")),
            ("sub", Some("system:serviceaccount:")),
        ] {
            let mut req = request();
            req.username_claim = claim.into();
            req.username_prefix = prefix.map(str::to_owned);
            let err = plan(&token, &req).unwrap_err();
            assert!(message(&err).contains("reserved"), "{prefix:?}: {err:#}");
        }
        // The default prefix makes even a `system:` subject harmless.
        let plan_default = plan(&token, &request()).unwrap();
        assert_eq!(
            plan_default.mapped_username,
            "https://i.example#system:admin"
        );
        assert!(plan_default.user_rules.is_empty());
    }

    #[test]
    fn a_prefix_that_could_reach_system_adds_a_user_validation_rule() {
        let token = claims(
            json!({"iss": "https://i.example", "sub": "deployer", "aud": "a", "groups": ["dev"]}),
        );
        let mut req = request();
        req.username_prefix = Some(String::new());
        req.groups_claim = Some("groups".into());
        req.groups_prefix = Some("sys".into());
        let plan = plan(&token, &req).unwrap();
        assert_eq!(plan.mapped_username, "deployer");
        assert_eq!(plan.mapped_groups, ["sysdev"]);
        let expressions: Vec<_> = plan
            .user_rules
            .iter()
            .map(|r| r.expression.as_str())
            .collect();
        assert_eq!(
            expressions,
            [
                "!user.username.startsWith('system:')",
                "user.groups.all(g, !g.startsWith('system:'))"
            ]
        );
        let mut prefixed = request();
        prefixed.username_prefix = Some("ci:".into());
        assert!(
            super::plan(&token, &prefixed)
                .unwrap()
                .user_rules
                .is_empty()
        );
    }

    #[test]
    fn groups_mapping_and_its_guard_rails() {
        let token = claims(
            json!({"iss": "https://i.example", "sub": "u", "aud": "a", "groups": ["dev", "ops"], "one": "solo", "bad": [1], "masters": ["masters"]}),
        );
        let mut req = request();
        req.groups_claim = Some("groups".into());
        let plan_groups = plan(&token, &req).unwrap();
        assert_eq!(
            plan_groups.mapped_groups,
            ["https://i.example#dev", "https://i.example#ops"]
        );
        req.groups_claim = Some("one".into());
        assert_eq!(
            plan(&token, &req).unwrap().mapped_groups,
            ["https://i.example#solo"]
        );
        req.groups_claim = Some("absent".into());
        assert!(plan(&token, &req).unwrap().mapped_groups.is_empty());
        req.groups_claim = Some("bad".into());
        assert!(message(&plan(&token, &req).unwrap_err()).contains("neither a string nor a list"));
        req.groups_claim = Some("groups".into());
        req.groups_prefix = Some("system:".into());
        assert!(message(&plan(&token, &req).unwrap_err()).contains("reserved"));
        req.groups_claim = Some("masters".into());
        req.groups_prefix = Some("system:".into());
        assert!(message(&plan(&token, &req).unwrap_err()).contains("reserved"));
        req.groups_prefix = Some("sys".into());
        req.groups_claim = Some("groups".into());
        let mut tricky = token.clone();
        tricky.insert("groups".into(), json!(["tem:masters"]));
        assert!(message(&plan(&tricky, &req).unwrap_err()).contains("\"system:masters\""));
    }

    #[test]
    fn username_claim_must_be_a_non_empty_string() {
        let token = claims(
            json!({"iss": "https://i.example", "sub": "u", "aud": "a", "n": 5, "e": "", "email": "a@b", "email_verified": false}),
        );
        for (claim, why) in [
            ("missing", "no \"missing\" claim"),
            ("n", "not a string"),
            ("e", "is empty"),
            ("email", "not verified"),
        ] {
            let mut req = request();
            req.username_claim = claim.into();
            let err = plan(&token, &req).unwrap_err();
            assert!(message(&err).contains(why), "{claim}: {err:#}");
        }
    }

    impl Plan {
        fn rules_why(&self, i: usize) -> String {
            match &self.rules[i] {
                Rule::Required { why, .. } | Rule::Cel { why, .. } => why.clone(),
            }
        }
    }
}
