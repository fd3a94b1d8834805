//! `actions` source: the GitHub / Forgejo Actions OIDC ID token endpoint. The runner gives the
//! job a request URL (already carrying a query string) and a bearer token; the JWT comes back
//! as JSON field `value`.

use anyhow::{Context as _, Result};
use serde::Deserialize;
use url::Url;

use super::RawToken;
use crate::cache::KeyMaterial;
use crate::context::Context;
use crate::env::Env;
use crate::error::{HintExt, Hinted};
use crate::http::{self, Request};
use crate::secret::Secret;

pub const URL_VAR: &str = "ACTIONS_ID_TOKEN_REQUEST_URL";
pub const TOKEN_VAR: &str = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
const WHAT: &str = "the Actions ID token endpoint";

#[derive(Debug)]
pub struct ActionsSource {
    url: Url,
    request_token: Secret,
    audience: Option<String>,
}

#[derive(Deserialize)]
struct IdTokenResponse {
    value: Option<String>,
}

impl ActionsSource {
    pub fn from_env(audiences: &[String], env: &Env) -> Result<Self> {
        let raw_url = env
            .get(URL_VAR)
            .context("ACTIONS_ID_TOKEN_REQUEST_URL is not set")?;
        let request_token = Secret::new(
            env.get(TOKEN_VAR)
                .context("ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set")?,
        );
        let mut url = http::checked_url(raw_url, URL_VAR)?;
        let audience = audiences.first().cloned();
        if let Some(aud) = &audience {
            // Appending through the URL type keeps the existing query (api-version=…) intact.
            url.query_pairs_mut().append_pair("audience", aud);
        }
        Ok(Self {
            url,
            request_token,
            audience,
        })
    }

    pub fn describe(&self) -> String {
        format!("actions {}", http::display_url(&self.url))
    }

    /// Only the first audience is sent, so only it is keyed (the URL carries it too).
    pub fn key_material(&self, key: &mut KeyMaterial) {
        key.field("url", self.url.as_str())
            .optional("audience", self.audience.as_deref())
            .secret_digest("request_token_sha256", &self.request_token);
    }

    pub fn fetch(&self, ctx: &Context) -> Result<RawToken> {
        let net = ctx.net()?;
        let request = Request {
            what: WHAT,
            url: self.url.clone(),
            form: None,
            bearer: Some(&self.request_token),
            basic: None,
        };
        let response = net.block_on(net.send(&request))?;
        if response.status != 200 {
            let carried = request.secrets();
            let secrets: Vec<&Secret> = carried.iter().collect();
            let error = http::status_error(WHAT, &response, &secrets);
            let hint = match response.status {
                401 | 403 => {
                    "the request token was refused: it is valid only inside the running job; check `permissions: id-token: write`"
                }
                404 => {
                    "check ACTIONS_ID_TOKEN_REQUEST_URL: the runner sets it, do not build it by hand"
                }
                _ => "the Actions service failed; re-run the job or retry later",
            };
            return Err(error).hint(hint);
        }
        Ok(RawToken {
            value: parse_response(&response.body)?,
            expires_in: None,
        })
    }
}

/// The body of a successful answer: `{"value":"<jwt>"}`. Pure, so that it can be fuzzed.
pub fn parse_response(body: &[u8]) -> Result<Secret> {
    let parsed: IdTokenResponse = serde_json::from_slice(body).map_err(|_| {
        Hinted::new(
            format!("{WHAT} answered with something that is not JSON"),
            "check ACTIONS_ID_TOKEN_REQUEST_URL",
        )
    })?;
    let value = parsed.value.filter(|v| !v.is_empty()).ok_or_else(|| {
        Hinted::new(
            format!("{WHAT} answered JSON without a `value` field"),
            "check ACTIONS_ID_TOKEN_REQUEST_URL",
        )
    })?;
    Ok(Secret::new(value))
}
