//! `client-credentials` source: OAuth 2.0 `grant_type=client_credentials` at the company IdP,
//! by token URL or issuer discovery, with Basic (RFC 6749 §2.3.1) or post client auth,
//! `audience` and RFC 8707 `resource` parameters.

use anyhow::{Result, anyhow};
use serde_json::Value;

use super::RawToken;
use crate::cache::KeyMaterial;
use crate::context::Context;
use crate::error::Hinted;
use crate::notes::Notes;
use crate::oauth::{self, ClientAuth};
use crate::secret::Secret;
use crate::vocabulary::{AuthMethod, Endpoint, SecretSource, TokenField};

#[derive(Debug, Clone)]
pub struct ClientCredentialsSettings {
    pub endpoint: Option<Endpoint>,
    pub client_id: Option<String>,
    pub secret: Option<SecretSource>,
    pub scopes: Vec<String>,
    pub resources: Vec<String>,
    pub auth_method: AuthMethod,
    pub token_field: TokenField,
}

const WHAT: &str = "the client-credentials token endpoint";

#[derive(Debug)]
pub struct ClientCredentialsSource {
    endpoint: Endpoint,
    client_id: String,
    secret: SecretSource,
    scopes: Vec<String>,
    resources: Vec<String>,
    audiences: Vec<String>,
    auth_method: AuthMethod,
    token_field: TokenField,
}

impl ClientCredentialsSource {
    /// Checks the settings; `--client-secret` on the command line earns a warning in `notes`.
    pub fn new(
        cc: &ClientCredentialsSettings,
        audiences: &[String],
        notes: &mut Notes,
    ) -> Result<Self> {
        let endpoint = cc
            .endpoint
            .clone()
            .ok_or_else(|| anyhow!("no --token-url or --issuer"))?;
        let client_id = cc.client_id.clone().ok_or_else(|| {
            Hinted::new(
                format!(
                    "client-credentials ({}) needs a client id",
                    crate::http::redact_url_text(endpoint.as_str())
                ),
                "set --client-id or JWTCRED_CLIENT_ID",
            )
        })?;
        let secret = cc.secret.clone().ok_or_else(|| {
            Hinted::new(
                format!("client-credentials client {client_id:?} has no secret"),
                "set --client-secret-file PATH or JWTCRED_CLIENT_SECRET",
            )
        })?;
        if let SecretSource::Inline(_) = secret {
            notes.warn(
                "--client-secret is visible in the process list; prefer --client-secret-file or JWTCRED_CLIENT_SECRET",
            );
        }
        Ok(Self {
            endpoint,
            client_id,
            secret,
            scopes: cc.scopes.clone(),
            resources: cc.resources.clone(),
            audiences: audiences.to_vec(),
            auth_method: cc.auth_method,
            token_field: cc.token_field,
        })
    }

    pub fn describe(&self) -> String {
        format!(
            "client-credentials {} as {}",
            crate::http::redact_url_text(self.endpoint.as_str()),
            self.client_id
        )
    }

    pub fn key_material(&self, key: &mut KeyMaterial) -> Result<()> {
        let endpoint_kind = match self.endpoint {
            Endpoint::TokenUrl(_) => "token_url",
            Endpoint::Issuer(_) => "issuer",
        };
        key.field(endpoint_kind, self.endpoint.as_str())
            .field("client_id", &self.client_id)
            .sorted_list("audiences", &self.audiences)
            .sorted_list("scopes", &self.scopes)
            .sorted_list("resources", &self.resources)
            .field("token_field", self.token_field.as_str())
            .secret_digest("client_secret_sha256", &self.secret.load()?);
        Ok(())
    }

    pub fn fetch(&self, ctx: &Context) -> Result<RawToken> {
        let secret = self.secret.load()?;
        let net = ctx.net()?;
        let url = oauth::token_endpoint(net, &self.endpoint, WHAT)?;
        let mut form = vec![("grant_type", "client_credentials".to_owned())];
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.join(" ")));
        }
        form.extend(self.audiences.iter().map(|a| ("audience", a.clone())));
        form.extend(self.resources.iter().map(|r| ("resource", r.clone())));
        let auth = ClientAuth {
            client_id: &self.client_id,
            secret: Some(&secret),
            method: self.auth_method,
        };
        let response = oauth::token_request(net, WHAT, url, form, &auth, &[])?;
        let field = self.token_field.as_str();
        let value = match response.get(field) {
            Some(Value::String(token)) if !token.is_empty() => token.clone(),
            _ => {
                return Err(Hinted::new(
                    format!("{WHAT} answered without a `{field}`"),
                    match self.token_field {
                        TokenField::IdToken => "id_token is returned only by some IdPs for client credentials; try --token-field access_token",
                        TokenField::AccessToken => "check the IdP client configuration",
                    },
                )
                .into());
            }
        };
        Ok(RawToken {
            value: Secret::new(value),
            expires_in: oauth::expires_in(WHAT, &response)?,
        })
    }
}
