//! `DexServer`: a Dex-like RFC 8693 token-exchange endpoint (`POST {issuer}/token`) with OIDC
//! discovery and JWKS, following dexidp/dex `server/grants`: required `connector_id`, client
//! auth by URL-unescaped Basic or form fields, `id_token`/`access_token` subject types only,
//! signature check of the subject against the connector's upstream issuer (no `aud` check).
//!
//! The issued JWT's `sub` is Dex's: base64url (no padding) of the protobuf
//! `IDTokenSubject{user_id = upstream sub, conn_id}`; `federated_claims` carries both readably.
//! The issued token's claims follow Dex's `newIDToken` (scope-dependent claims, `at_hash`,
//! `aud` = the client; `audience` form values are ignored, as Dex does), checked against real
//! Dex by `exchange_dex_real::dex_imitation_matches_real_dex`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use prost::Message as _;
use serde_json::json;
use sha2::Digest as _;

use super::jwt::{TestIssuer, TestKey, b64url, now};
use super::serve::{Arrivals, Background, bind_loopback};

pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
pub const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";
pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
/// Argo CD's public CLI client (no secret).
pub const PUBLIC_CLIENT: &str = "argo-cd-cli";
pub const CONFIDENTIAL_CLIENT: &str = "jwtcred-ci";
pub const CONFIDENTIAL_SECRET: &str = "dex secret with %+&= chars";
pub const CONNECTOR: &str = "ci";

/// A canned failure instead of normal processing.
#[derive(Clone, Debug)]
pub enum Forced {
    /// `{"error": code}` with this status (e.g. 400 `invalid_request`, 400 `invalid_grant`).
    Error(u16, &'static str),
    /// 200 with an HTML body.
    NonJson,
    /// 500 with a plain-text body.
    ServerError,
}

#[derive(Clone)]
pub struct DexConfig {
    /// `(id, secret)`; an empty secret is a public client.
    pub clients: Vec<(String, String)>,
    /// `(connector_id, upstream issuer trusted for subject tokens)`.
    pub connectors: Vec<(String, TestIssuer)>,
    pub ttl_secs: i64,
    pub opaque: bool,
    pub forced: Option<Forced>,
    pub path_prefix: String,
}

impl DexConfig {
    pub fn client(mut self, id: &str, secret: &str) -> Self {
        self.clients.push((id.into(), secret.into()));
        self
    }
    pub fn connector(mut self, id: &str, upstream: TestIssuer) -> Self {
        self.connectors.push((id.into(), upstream));
        self
    }
    pub fn ttl(mut self, secs: i64) -> Self {
        self.ttl_secs = secs;
        self
    }
    /// Issue an opaque (non-JWT) token; only `expires_in` tells its lifetime.
    pub fn opaque_tokens(mut self) -> Self {
        self.opaque = true;
        self
    }
    pub fn force(mut self, forced: Forced) -> Self {
        self.forced = Some(forced);
        self
    }
    /// Serve under a path, e.g. `/api/dex` as Argo CD does (issuer `http://…/api/dex`).
    pub fn path_prefix(mut self, prefix: &str) -> Self {
        self.path_prefix = prefix.trim_end_matches('/').into();
        self
    }
    pub fn start(self) -> DexServer {
        DexServer::start_with(self)
    }
}

/// One request to the token endpoint.
#[derive(Clone, Debug, Default)]
pub struct SeenExchange {
    /// The decoded form fields, secrets included.
    pub form: Vec<(String, String)>,
    /// `(client_id, client_secret)` from a Basic header, after URL-unescaping.
    pub basic: Option<(String, String)>,
}

impl SeenExchange {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.all(name).into_iter().next()
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.form
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

struct Shared {
    config: DexConfig,
    issuer: TestIssuer,
    requests: AtomicUsize,
    arrivals: Arrivals,
    seen: Mutex<Vec<SeenExchange>>,
    issued: Mutex<Vec<String>>,
}

pub struct DexServer {
    shared: Arc<Shared>,
    _bg: Background,
}

/// Dex's `IDTokenSubject` (internal/types.proto), the payload of its `sub` claim.
#[derive(Clone, PartialEq, prost::Message)]
struct IdTokenSubject {
    #[prost(string, tag = "1")]
    user_id: String,
    #[prost(string, tag = "2")]
    conn_id: String,
}

/// The `sub` Dex issues for an upstream subject seen through `connector`.
pub fn dex_subject(upstream_sub: &str, connector: &str) -> String {
    let msg = IdTokenSubject {
        user_id: upstream_sub.into(),
        conn_id: connector.into(),
    };
    b64url(msg.encode_to_vec())
}

impl DexServer {
    /// No clients or connectors yet.
    pub fn builder() -> DexConfig {
        DexConfig {
            clients: Vec::new(),
            connectors: Vec::new(),
            ttl_secs: 600,
            opaque: false,
            forced: None,
            path_prefix: String::new(),
        }
    }

    /// Clients [`PUBLIC_CLIENT`] and [`CONFIDENTIAL_CLIENT`], connector [`CONNECTOR`] trusting
    /// `upstream`.
    pub fn start(upstream: &TestIssuer) -> Self {
        Self::builder()
            .client(PUBLIC_CLIENT, "")
            .client(CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)
            .connector(CONNECTOR, upstream.clone())
            .start()
    }

    pub fn start_with(config: DexConfig) -> Self {
        let std_listener = bind_loopback();
        let addr = std_listener.local_addr().expect("local addr");
        let base = format!("http://{addr}{}", config.path_prefix);
        let prefix = config.path_prefix.clone();
        let shared = Arc::new(Shared {
            config,
            issuer: TestIssuer::with_key(base, TestKey::Exchange),
            requests: AtomicUsize::new(0),
            arrivals: Arrivals::default(),
            seen: Mutex::new(Vec::new()),
            issued: Mutex::new(Vec::new()),
        });
        let router = axum::Router::new()
            .route(&format!("{prefix}/token"), axum::routing::post(token))
            .route(
                &format!("{prefix}/.well-known/openid-configuration"),
                axum::routing::get(discovery),
            )
            .route(&format!("{prefix}/keys"), axum::routing::get(keys))
            .with_state(Arc::clone(&shared));
        let bg = Background::spawn("dex", async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
            let _ = axum::serve(listener, router).await;
        });
        Self { shared, _bg: bg }
    }

    /// The issuer URL (what `--exchange-issuer` takes).
    pub fn issuer_url(&self) -> &str {
        &self.shared.issuer.issuer
    }

    /// `{issuer}/token` (what `--exchange-url` takes).
    pub fn token_url(&self) -> String {
        format!("{}/token", self.issuer_url())
    }

    /// The issuer of exchanged tokens, for verifying them or trusting them in a FakeApiServer.
    pub fn issuer(&self) -> &TestIssuer {
        &self.shared.issuer
    }

    /// Token-endpoint requests, whatever was answered.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// When each token-endpoint request arrived.
    pub fn arrivals(&self) -> &Arrivals {
        &self.shared.arrivals
    }

    pub fn seen(&self) -> Vec<SeenExchange> {
        self.shared.seen.lock().unwrap().clone()
    }

    pub fn last_request(&self) -> Option<SeenExchange> {
        self.shared.seen.lock().unwrap().last().cloned()
    }

    /// Tokens handed out, in order.
    pub fn issued(&self) -> Vec<String> {
        self.shared.issued.lock().unwrap().clone()
    }
}

fn oauth_error(status: u16, error: &str, description: &str) -> Response {
    let status = StatusCode::from_u16(status).expect("status");
    // Dex's tokenErrHelper leaves out an empty description.
    let mut body = json!({"error": error});
    if !description.is_empty() {
        body["error_description"] = json!(description);
    }
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Go's `url.QueryUnescape`: `+` is a space, `%XX` a byte, a stray `%` an error.
fn query_unescape(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// `Some(Ok((id, secret)))` for a well-formed Basic header, `Some(Err(()))` for a broken one.
fn basic_credentials(headers: &HeaderMap) -> Option<Result<(String, String), ()>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let parse = || {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()?;
        let raw = String::from_utf8(raw).ok()?;
        let (id, secret) = raw.split_once(':')?;
        Some((query_unescape(id)?, query_unescape(secret)?))
    };
    Some(parse().ok_or(()))
}

async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: String) -> Response {
    let seq = shared.requests.fetch_add(1, Ordering::SeqCst);
    shared.arrivals.record();
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let basic = basic_credentials(&headers);
    let seen = SeenExchange {
        form,
        basic: basic.clone().and_then(Result::ok),
    };
    shared.seen.lock().unwrap().push(seen.clone());
    let config = &shared.config;
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return oauth_error(400, "invalid_request", "Couldn't parse data");
    }

    let (client_id, secret) = match basic {
        Some(Ok(creds)) => creds,
        Some(Err(())) => return oauth_error(401, "invalid_client", "Invalid client credentials."),
        None => (
            seen.get("client_id").unwrap_or_default().to_owned(),
            seen.get("client_secret").unwrap_or_default().to_owned(),
        ),
    };
    let known = config.clients.iter().find(|(id, _)| *id == client_id);
    match known {
        Some((_, expected)) if *expected == secret => {}
        _ => return oauth_error(401, "invalid_client", "Invalid client credentials."),
    }

    if seen.get("grant_type") != Some(TOKEN_EXCHANGE) {
        return oauth_error(400, "unsupported_grant_type", "Unsupported grant type.");
    }
    // A scripted failure comes after what Dex checks first (form, client, grant type): a
    // client that authenticates wrongly gets invalid_client, whatever the test scripted.
    match &config.forced {
        Some(Forced::Error(status, code)) => return oauth_error(*status, code, "forced by test"),
        Some(Forced::NonJson) => {
            return (
                [(header::CONTENT_TYPE, "text/html")],
                "<html>502 Bad Gateway</html>",
            )
                .into_response();
        }
        Some(Forced::ServerError) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
        }
        None => {}
    }
    let Some(connector_id) = seen.get("connector_id").filter(|c| !c.is_empty()) else {
        return oauth_error(400, "invalid_request", "Missing connector_id.");
    };
    let Some((_, upstream)) = config.connectors.iter().find(|(id, _)| id == connector_id) else {
        return oauth_error(
            400,
            "invalid_request",
            "Requested connector does not exist.",
        );
    };
    let subject_type = seen.get("subject_token_type").unwrap_or_default();
    if subject_type != ID_TOKEN_TYPE && subject_type != ACCESS_TOKEN_TYPE {
        return oauth_error(400, "request_not_supported", "Invalid subject_token_type.");
    }
    let Some(subject_token) = seen.get("subject_token").filter(|t| !t.is_empty()) else {
        return oauth_error(400, "invalid_request", "Missing subject_token.");
    };
    let issued_type = match seen.get("requested_token_type").unwrap_or_default() {
        "" => ACCESS_TOKEN_TYPE,
        t @ (ACCESS_TOKEN_TYPE | ID_TOKEN_TYPE) => t,
        _ => return oauth_error(400, "invalid_request", "Invalid requested_token_type."),
    };
    // Dex's OIDC connector skips the client-id (aud) check: signature, iss and exp only.
    let subject = match upstream.verify(subject_token, None) {
        Ok(claims) => claims,
        Err(why) => {
            eprintln!("dex peer: subject token rejected: {why}");
            return oauth_error(401, "access_denied", "");
        }
    };
    let scopes: Vec<&str> = seen
        .get("scope")
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    // Cross-client audiences need trustedPeers, which no client here has: Dex fails to mint.
    if scopes
        .iter()
        .any(|s| s.starts_with("audience:server:client_id:"))
    {
        return oauth_error(500, "server_error", "");
    }
    let now = now();
    let token = if config.opaque {
        format!("dex-opaque-{seq}-{}", b64url(now.to_be_bytes()))
    } else {
        shared.issuer.mint(dex_claims(
            &shared.issuer.issuer,
            &client_id,
            connector_id,
            &subject,
            &scopes,
            now,
            now + config.ttl_secs,
        ))
    };
    shared.issued.lock().unwrap().push(token.clone());
    let body = json!({
        "access_token": token,
        "issued_token_type": issued_type,
        "token_type": "bearer",
        "expires_in": config.ttl_secs,
    });
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// The claims of a token Dex mints by exchange (server/oauth2.go `newIDToken` via
/// `newAccessToken`): `aud` = the client, `at_hash` of a fresh access-token ID, and only what
/// the scopes ask for (`email`, `groups`, `profile`, `federated:id`). The OIDC connector maps
/// the upstream `sub` to the user ID and (userNameKey: sub) the username.
fn dex_claims(
    issuer: &str,
    client_id: &str,
    connector_id: &str,
    upstream: &serde_json::Value,
    scopes: &[&str],
    iat: i64,
    exp: i64,
) -> serde_json::Value {
    let upstream_sub = upstream["sub"].as_str().unwrap_or_default();
    let access_token_id = format!("{:032x}", fastrand::u128(..));
    let digest = sha2::Sha256::digest(access_token_id.as_bytes());
    let mut claims = json!({
        "iss": issuer,
        "sub": dex_subject(upstream_sub, connector_id),
        "aud": client_id,
        "exp": exp,
        "iat": iat,
        "at_hash": b64url(&digest[..16]),
    });
    let nonempty = |key: &str| upstream[key].as_str().filter(|v| !v.is_empty());
    for scope in scopes {
        match *scope {
            "email" => {
                if let Some(email) = nonempty("email") {
                    claims["email"] = json!(email);
                }
                claims["email_verified"] =
                    json!(upstream["email_verified"].as_bool().unwrap_or(false));
            }
            "groups" => {
                if let Some(groups) = upstream["groups"].as_array().filter(|g| !g.is_empty()) {
                    claims["groups"] = json!(groups);
                }
            }
            "profile" => {
                if !upstream_sub.is_empty() {
                    claims["name"] = json!(upstream_sub);
                }
                if let Some(preferred) = nonempty("preferred_username") {
                    claims["preferred_username"] = json!(preferred);
                }
            }
            "federated:id" => {
                claims["federated_claims"] =
                    json!({"connector_id": connector_id, "user_id": upstream_sub});
            }
            _ => {}
        }
    }
    claims
}

async fn discovery(State(shared): State<Arc<Shared>>) -> Response {
    let issuer = &shared.issuer.issuer;
    let body = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/keys"),
        "grant_types_supported": ["authorization_code", "refresh_token", TOKEN_EXCHANGE],
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "email", "groups", "profile", "offline_access"],
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn keys(State(shared): State<Arc<Shared>>) -> Response {
    let body = shared.issuer.jwks().to_string();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
