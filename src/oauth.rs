//! OAuth 2.0 plumbing shared by the client-credentials source and the token exchange: OIDC
//! discovery, client authentication, the token request and its error responses.

use anyhow::{Result, anyhow};
use serde_json::{Map, Value};
use url::Url;

use crate::error::{HintExt, Hinted, outside_text};
use crate::http::{self, Network, Request, Response};
use crate::secret::{Secret, redact};
use crate::vlog;
use crate::vocabulary::{AuthMethod, Endpoint};

/// How the client proves itself at the token endpoint.
pub struct ClientAuth<'a> {
    pub client_id: &'a str,
    /// None or empty for a public client.
    pub secret: Option<&'a Secret>,
    pub method: AuthMethod,
}

/// Resolves a token endpoint: given directly, or from the issuer's discovery document.
pub fn token_endpoint(net: &Network, endpoint: &Endpoint, what: &str) -> Result<Url> {
    match endpoint {
        Endpoint::TokenUrl(url) => http::checked_url(url, what),
        Endpoint::Issuer(issuer) => discover(net, issuer, what),
    }
}

fn discover(net: &Network, issuer: &str, what: &str) -> Result<Url> {
    let issuer_url = http::checked_url(issuer, &format!("{what} issuer"))?;
    // OIDC Discovery 1.0 §4: the suffix goes after any issuer path.
    let discovery = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let url = http::checked_url(&discovery, "discovery URL")?;
    let label = format!(
        "the OIDC discovery document of {}",
        http::display_url(&issuer_url)
    );
    let request = Request::get(&label, url);
    let response = net.block_on(net.send(&request))?;
    if response.status != 200 {
        let carried = request.secrets();
        let secrets: Vec<&Secret> = carried.iter().collect();
        return Err(http::status_error(&label, &response, &secrets)).hint(
            "check the issuer URL: discovery lives at <issuer>/.well-known/openid-configuration",
        );
    }
    let doc: Map<String, Value> = serde_json::from_slice(&response.body)
        .map_err(|_| anyhow!("{label} is not a JSON object"))?;
    let announced = doc
        .get("issuer")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if announced.trim_end_matches('/') != issuer.trim_end_matches('/') {
        return Err(Hinted::new(
            format!(
                "{label} names issuer {}, not {}",
                http::redact_url_text(announced),
                http::display_url(&issuer_url)
            ),
            "use exactly the issuer URL the IdP announces",
        )
        .into());
    }
    let token_endpoint = doc
        .get("token_endpoint")
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("{label} has no token_endpoint"))?;
    vlog!(
        net.log,
        "discovered token endpoint {}",
        http::redact_url_text(token_endpoint)
    );
    http::checked_url(token_endpoint, "token_endpoint from discovery")
}

/// POSTs a token request and returns the JSON response object. OAuth errors are reported with
/// their `error` and `error_description`; the given secrets are scrubbed from anything shown.
pub fn token_request(
    net: &Network,
    what: &str,
    url: Url,
    mut form: Vec<(&'static str, String)>,
    auth: &ClientAuth<'_>,
    secrets: &[&Secret],
) -> Result<Map<String, Value>> {
    let empty = Secret::new("");
    let secret = auth.secret.unwrap_or(&empty);
    let (basic, auth_label) = match auth.method {
        // No client id at all: send no client authentication.
        _ if auth.client_id.is_empty() => (None, "no client authentication"),
        // A public client has no secret to prove: RFC 6749 §3.2.1 sends its id in the body
        // (Dex accepts this too; oidc-provider rejects an empty Basic password).
        _ if secret.is_empty() => {
            form.push(("client_id", auth.client_id.to_owned()));
            (None, "public client")
        }
        AuthMethod::Basic => (
            Some((form_encode(auth.client_id), form_encode(secret.expose()))),
            "client_secret_basic",
        ),
        AuthMethod::Post => {
            form.push(("client_id", auth.client_id.to_owned()));
            form.push(("client_secret", secret.expose().to_owned()));
            (None, "client_secret_post")
        }
    };
    vlog!(
        net.log,
        "{what} request: {} (client {:?}, {auth_label})",
        form.iter()
            .map(|(k, v)| match *k {
                _ if http::SECRET_FORM_FIELDS.contains(k) => format!("{k}={}", redact(v)),
                _ => format!("{k}={v}"),
            })
            .collect::<Vec<_>>()
            .join("&"),
        auth.client_id,
    );
    let request = Request {
        what,
        url,
        form: Some(form),
        bearer: None,
        basic,
    };
    let response = net.block_on(net.send(&request))?;
    // What the request carried (Basic value, form fields, query values) and what the caller
    // knows besides: an error answer may echo any of them.
    let carried = request.secrets();
    let mut all_secrets: Vec<&Secret> = carried.iter().collect();
    all_secrets.extend(secrets.iter().copied());
    all_secrets.push(secret);
    parse_token_response(what, &response, &all_secrets)
}

/// A token endpoint's answer: the JSON object of a 200, else an error carrying the OAuth
/// `error` code's hint, with `secrets` scrubbed from anything shown. Pure, so it can be fuzzed.
pub fn parse_token_response(
    what: &str,
    response: &Response,
    secrets: &[&Secret],
) -> Result<Map<String, Value>> {
    let parsed = serde_json::from_slice::<Value>(&response.body);
    if response.status != 200 {
        let code = parsed
            .as_ref()
            .ok()
            .and_then(|v| v.get("error"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        return Err(http::status_error(what, response, secrets)).hint(hint_for(&code));
    }
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Hinted::new(
            format!("{what} answered HTTP 200 with something that is not a JSON object"),
            "check that the URL is the token endpoint, not a login page",
        )
        .into()),
    }
}

/// `expires_in` as seconds, accepting a number or a numeric string (some IdPs send one). A
/// value that is present but not a whole, non-negative number that fits is an error: it is
/// never mistaken for "no expiry given".
pub fn expires_in(what: &str, response: &Map<String, Value>) -> Result<Option<u64>> {
    let value = match response.get("expires_in") {
        None | Some(Value::Null) => return Ok(None),
        Some(value) => value,
    };
    let parsed = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    parsed.map(Some).ok_or_else(|| {
        Hinted::new(
            format!(
                "{what} answered expires_in {}, which is not a whole number of seconds in range",
                outside_text(&value.to_string(), 40)
            ),
            "the token endpoint must answer expires_in as seconds (RFC 6749 §5.1)",
        )
        .into()
    })
}

fn hint_for(code: &str) -> &'static str {
    match code {
        "invalid_client" | "unauthorized_client" => {
            "check the client id and secret, and that the client may use this grant"
        }
        "invalid_scope" => "check --scope: the client is not allowed that scope",
        "invalid_target" => "check --resource / --audience: the IdP does not accept that target",
        "invalid_grant" | "access_denied" => {
            "the IdP refused the presented token: check that it trusts the token's issuer"
        }
        "invalid_request" => "the IdP rejected the request shape; run with -v to see it",
        "unsupported_grant_type" => "enable this grant type for the client at the IdP",
        _ => "run with -v to see the request (secrets redacted)",
    }
}

/// RFC 6749 §2.3.1: client id and secret are form-urlencoded before they go into Basic.
pub fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_form_encoded_first() {
        assert_eq!(form_encode("a b%c+d:e/é"), "a+b%25c%2Bd%3Ae%2F%C3%A9");
    }

    #[test]
    fn expires_in_accepts_numbers_and_numeric_strings() {
        let get = |v: Value| expires_in("t", v.as_object().unwrap());
        assert_eq!(
            get(serde_json::json!({"expires_in": 300})).unwrap(),
            Some(300)
        );
        assert_eq!(
            get(serde_json::json!({"expires_in": "60"})).unwrap(),
            Some(60)
        );
        assert_eq!(get(serde_json::json!({})).unwrap(), None);
        assert_eq!(get(serde_json::json!({"expires_in": null})).unwrap(), None);
    }

    #[test]
    fn expires_in_out_of_range_is_an_error() {
        let get = |text: &str| {
            let map: Map<String, Value> =
                serde_json::from_str(&format!("{{\"expires_in\": {text}}}")).unwrap();
            expires_in("t", &map)
        };
        for bad in [
            "-1",
            "1.5",
            "18446744073709551616",
            "1e300",
            "\"soon\"",
            "true",
            "[]",
        ] {
            assert!(get(bad).is_err(), "{bad}");
        }
        assert_eq!(get("18446744073709551615").unwrap(), Some(u64::MAX));
    }
}
