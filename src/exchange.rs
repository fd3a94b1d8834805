//! Optional RFC 8693 token exchange after any source (Dex-compatible: `connector_id`), so a
//! CI or workload identity becomes a short-lived token the target (Argo CD, a platform) accepts.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use anyhow::{Context as _, Result};
use serde_json::Value;

use crate::cache::KeyMaterial;
use crate::context::Context;
use crate::error::Hinted;
use crate::oauth::{self, ClientAuth};
use crate::secret::Secret;
use crate::token::Token;
use crate::vocabulary::{AuthMethod, Endpoint, SecretSource};

/// The optional RFC 8693 exchange after the source.
#[derive(Debug, Clone)]
pub struct ExchangeSettings {
    pub endpoint: Endpoint,
    pub client_id: Option<String>,
    pub secret: Option<SecretSource>,
    pub audience: Option<String>,
    pub scopes: Vec<String>,
    pub connector_id: Option<String>,
    pub subject_token_type: String,
    pub requested_token_type: String,
}

pub const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const WHAT: &str = "the token exchange endpoint";

/// Adds the exchange settings to the cache key; secrets and the subject token only as digests.
pub fn key_material(
    key: &mut KeyMaterial,
    config: &ExchangeSettings,
    subject: Option<&Secret>,
) -> Result<()> {
    let endpoint_kind = match config.endpoint {
        Endpoint::TokenUrl(_) => "exchange_url",
        Endpoint::Issuer(_) => "exchange_issuer",
    };
    key.field(endpoint_kind, config.endpoint.as_str())
        .optional("exchange_client_id", config.client_id.as_deref())
        .optional("exchange_audience", config.audience.as_deref())
        .sorted_list("exchange_scopes", &config.scopes)
        .optional("exchange_connector_id", config.connector_id.as_deref())
        .field("subject_token_type", &config.subject_token_type)
        .field("requested_token_type", &config.requested_token_type);
    match &config.secret {
        Some(secret) => key.secret_digest("exchange_client_secret_sha256", &secret.load()?),
        None => key.optional("exchange_client_secret_sha256", None),
    };
    match subject {
        Some(subject) => key.secret_digest("subject_token_sha256", subject),
        None => key.optional("subject_token_sha256", None),
    };
    Ok(())
}

/// Exchanges `subject` for a new token. An opaque result is accepted only with `expires_in`.
pub fn exchange(ctx: &Context, config: &ExchangeSettings, subject: &Secret) -> Result<Token> {
    let secret = config.secret.as_ref().map(|s| s.load()).transpose()?;
    let net = ctx.net()?;
    let url = oauth::token_endpoint(net, &config.endpoint, WHAT)?;
    let mut form = vec![
        ("grant_type", GRANT_TYPE.to_owned()),
        ("subject_token", subject.expose().to_owned()),
        ("subject_token_type", config.subject_token_type.clone()),
        ("requested_token_type", config.requested_token_type.clone()),
    ];
    if let Some(audience) = &config.audience {
        form.push(("audience", audience.clone()));
    }
    if !config.scopes.is_empty() {
        form.push(("scope", config.scopes.join(" ")));
    }
    if let Some(connector) = &config.connector_id {
        form.push(("connector_id", connector.clone()));
    }
    let client_id = config.client_id.as_deref().unwrap_or_default();
    let auth = ClientAuth {
        client_id,
        secret: secret.as_ref(),
        method: AuthMethod::Basic,
    };
    let response = oauth::token_request(net, WHAT, url, form, &auth, &[subject])?;
    let value = match response.get("access_token") {
        Some(Value::String(token)) if !token.is_empty() => Secret::new(token.clone()),
        _ => {
            return Err(Hinted::new(
                format!("{WHAT} answered without an access_token"),
                "check the exchange endpoint URL and the requested token type",
            )
            .into());
        }
    };
    let expires_in = oauth::expires_in(WHAT, &response)?;
    let now = ctx.now();
    if crate::jwt::Jwt::decode(value.expose()).is_ok() {
        Token::from_jwt(value, now, expires_in)
            .context("the token exchange returned an unusable JWT")
    } else {
        Token::opaque(value, now, expires_in).context("the token exchange returned an opaque token")
    }
}
