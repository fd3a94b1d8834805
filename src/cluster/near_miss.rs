//! Near misses: two values that differ only in a way people overlook — a trailing slash,
//! `http` for `https`, letter case — and a claim the token carries under another name.

use serde_json::{Map, Value};

/// Why `seen` almost equals `wanted`, when it does.
pub fn describe(seen: &str, wanted: &str) -> Option<&'static str> {
    if seen == wanted {
        return None;
    }
    if seen.trim_end_matches('/') == wanted.trim_end_matches('/') {
        return Some(if seen.ends_with('/') {
            "the token's value has a trailing slash the configuration lacks"
        } else {
            "the configuration has a trailing slash the token's value lacks"
        });
    }
    let without_scheme = |s: &str| {
        s.strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .map(|rest| rest.trim_end_matches('/').to_owned())
    };
    if let (Some(a), Some(b)) = (without_scheme(seen), without_scheme(wanted))
        && a == b
    {
        return Some("http vs https");
    }
    if seen.eq_ignore_ascii_case(wanted) {
        return Some("they differ only in letter case");
    }
    if seen.trim() == wanted.trim() {
        return Some("they differ only in surrounding whitespace");
    }
    None
}

/// The candidate that `seen` nearly equals, with why.
pub fn closest<'a>(seen: &str, candidates: &'a [String]) -> Option<(&'a str, &'static str)> {
    candidates
        .iter()
        .find_map(|c| describe(seen, c).map(|why| (c.as_str(), why)))
}

/// Claims that often stand for one another.
const SYNONYMS: [&[&str]; 5] = [
    &["email", "mail", "upn", "preferred_username"],
    &["groups", "group", "roles", "role", "cognito:groups"],
    &[
        "preferred_username",
        "username",
        "user_name",
        "login",
        "name",
    ],
    &["sub", "subject", "oid", "user_id"],
    &[
        "repository_owner",
        "repository_owner_id",
        "namespace_path",
        "owner",
    ],
];

/// A claim of the token that looks like `wanted` (case, `-`/`_`, a common synonym).
pub fn claim_under_other_name(wanted: &str, claims: &Map<String, Value>) -> Option<String> {
    let normal = |s: &str| s.to_ascii_lowercase().replace(['-', '_', '.'], "");
    if let Some(name) = claims
        .keys()
        .find(|k| k.as_str() != wanted && normal(k) == normal(wanted))
    {
        return Some(name.clone());
    }
    SYNONYMS
        .iter()
        .filter(|group| group.contains(&wanted))
        .flat_map(|group| group.iter())
        .find(|name| **name != wanted && claims.contains_key(**name))
        .map(|name| (*name).to_owned())
}

/// The configured issuer closest to the token's: a near miss, else the one sharing the host.
pub fn nearest_issuer<'a>(
    iss: &str,
    configured: &[&'a str],
) -> Option<(&'a str, Option<&'static str>)> {
    if let Some(found) = configured
        .iter()
        .find_map(|c| describe(iss, c).map(|why| (*c, Some(why))))
    {
        return Some(found);
    }
    let host = |s: &str| {
        url::Url::parse(s)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
    };
    let token_host = host(iss);
    configured
        .iter()
        .find(|c| token_host.is_some() && host(c) == token_host)
        .map(|c| (*c, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_usual_near_misses() {
        assert!(
            describe("https://i.example/", "https://i.example")
                .unwrap()
                .contains("trailing slash")
        );
        assert_eq!(
            describe("http://i.example", "https://i.example"),
            Some("http vs https")
        );
        assert_eq!(
            describe("K8S", "k8s"),
            Some("they differ only in letter case")
        );
        assert_eq!(describe("a", "b"), None);
    }

    #[test]
    fn finds_a_claim_under_another_name() {
        let claims: Map<String, Value> =
            serde_json::from_str(r#"{"Email":"x","roles":["a"]}"#).unwrap();
        assert_eq!(
            claim_under_other_name("email", &claims).as_deref(),
            Some("Email")
        );
        assert_eq!(
            claim_under_other_name("groups", &claims).as_deref(),
            Some("roles")
        );
        assert_eq!(claim_under_other_name("uid", &claims), None);
    }
}
