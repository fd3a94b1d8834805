//! The issuer side of verification: the OIDC discovery document and the JWKS it names,
//! fetched the way jwtcred fetches everything (its TLS, proxy, timeout, size and redirect
//! policy), with the authenticator's `issuer.certificateAuthority` trusted as well.

use anyhow::Result;
use serde_json::{Map, Value};
use url::Url;

use super::keys::{self, JsonWebKey};
use super::near_miss;
use super::report::{Check, Status};
use crate::http::{self, Network, Request};

/// Where discovery is read from, and why that URL.
pub struct DiscoverySource {
    pub url: String,
    /// "--discovery-url", "<file> jwt[0].issuer.discoveryURL" or "the token's iss".
    pub origin: String,
}

impl DiscoverySource {
    /// `strings.TrimSuffix(iss, "/") + "/.well-known/openid-configuration"`, as go-oidc builds it.
    pub fn from_issuer(iss: &str) -> Self {
        Self {
            url: format!(
                "{}/.well-known/openid-configuration",
                iss.trim_end_matches('/')
            ),
            origin: "the token's iss".into(),
        }
    }
}

/// Fetches and checks discovery: it must answer, name `iss` exactly and name a `jwks_uri`.
pub fn discover(net: &Network, iss: &str, source: &DiscoverySource) -> (Check, Option<Url>) {
    match fetch_json(net, &source.url, "the OIDC discovery document") {
        Err(err) => (
            Check::new(
                "discovery",
                Status::Fail,
                format!(
                    "{} (from {}): {err:#}; hint: the API server fetches this document too — check the issuer URL and that it is reachable",
                    source.url, source.origin
                ),
            ),
            None,
        ),
        Ok(doc) => check_document(iss, source, &doc),
    }
}

fn check_document(
    iss: &str,
    source: &DiscoverySource,
    doc: &Map<String, Value>,
) -> (Check, Option<Url>) {
    let fail = |detail: String| (Check::new("discovery", Status::Fail, detail), None);
    let announced = doc.get("issuer").and_then(Value::as_str).unwrap_or("");
    if announced != iss {
        let near = near_miss::describe(iss, announced)
            .map(|why| format!(" (near miss: {why})"))
            .unwrap_or_default();
        return fail(format!(
            "{} names issuer {announced:?}, but the token's iss is {iss:?}{near}; kube-apiserver requires them byte for byte equal; hint: configure the issuer to put exactly {announced:?} into its tokens, or fix the issuer's advertised URL",
            source.url
        ));
    }
    let Some(jwks) = doc
        .get("jwks_uri")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return fail(format!(
            "{} names no jwks_uri; hint: kube-apiserver needs the issuer's JWKS to verify signatures",
            source.url
        ));
    };
    match http::checked_url(jwks, "jwks_uri") {
        Ok(url) => (
            Check::new(
                "discovery",
                Status::Pass,
                format!(
                    "{} (from {}) names issuer {announced:?} and jwks_uri {}",
                    source.url,
                    source.origin,
                    http::display_url(&url)
                ),
            ),
            Some(url),
        ),
        Err(err) => fail(format!(
            "{} names a jwks_uri jwtcred refuses: {err:#}",
            source.url
        )),
    }
}

/// Fetches the JWKS.
pub fn fetch_keys(net: &Network, jwks_uri: &Url) -> Result<Vec<JsonWebKey>> {
    let response = get_ok(net, Request::get("the issuer's JWKS", jwks_uri.clone()))?;
    keys::parse_jwks(&response.body).map_err(anyhow::Error::msg)
}

fn fetch_json(net: &Network, url: &str, what: &str) -> Result<Map<String, Value>> {
    let url = http::checked_url(url, what)?;
    let response = get_ok(net, Request::get(what, url))?;
    serde_json::from_slice(&response.body)
        .map_err(|_| anyhow::anyhow!("{what} is not a JSON object"))
}

/// The answer to a credential-free GET; any status but 200 is an error naming the request.
fn get_ok(net: &Network, request: Request) -> Result<http::Response> {
    let response = net.block_on(net.send(&request))?;
    if response.status != 200 {
        return Err(http::status_error(request.what, &response, &[]));
    }
    Ok(response)
}
