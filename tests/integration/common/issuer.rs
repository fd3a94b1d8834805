//! `HttpsIssuer`: an OpenID issuer as a cluster's JWT authenticator meets it — HTTPS on
//! 127.0.0.1 with its own CA, `/.well-known/openid-configuration` naming the issuer URL exactly
//! and a `jwks_uri`, and the JWKS. It signs with a committed fixture key ([`TestIssuer`]) or
//! publishes a JWKS the test sets (SPIRE's JWT bundle).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::jwt::{TestIssuer, TestKey};
use super::serve::{Background, serve_https};
use super::tls::TestCa;

pub const JWKS_PATH: &str = "/openid/v1/jwks";

struct Shared {
    /// Set once the port is known.
    discovery: Mutex<Value>,
    jwks: Mutex<Value>,
    /// Path prefix of the issuer URL (`""` or e.g. `/realms/ci`).
    prefix: String,
    requests: AtomicUsize,
}

pub struct HttpsIssuer {
    /// `https://127.0.0.1:PORT[prefix]`, no trailing slash: the `iss` of its tokens.
    pub url: String,
    /// Signs tokens with this issuer's `iss`.
    pub issuer: TestIssuer,
    ca: TestCa,
    shared: Arc<Shared>,
    _bg: Background,
}

impl HttpsIssuer {
    /// An issuer at the server root signing with `key`.
    pub fn start(key: TestKey) -> Self {
        Self::start_at(key, "")
    }

    /// An issuer whose URL has a path (`/realms/ci`), as many IdPs do.
    pub fn start_at(key: TestKey, prefix: &str) -> Self {
        let prefix = prefix.trim_end_matches('/').to_owned();
        let ca = TestCa::new();
        let shared = Arc::new(Shared {
            discovery: Mutex::new(Value::Null),
            jwks: Mutex::new(Value::Null),
            prefix,
            requests: AtomicUsize::new(0),
        });
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (addr, bg) = serve_https("https-issuer", router, ca.server_config());
        let url = format!("https://{addr}{}", shared.prefix);
        let issuer = TestIssuer::with_key(url.clone(), key);
        *shared.jwks.lock().unwrap() = issuer.jwks();
        *shared.discovery.lock().unwrap() = json!({
            "issuer": url,
            "jwks_uri": format!("{url}{JWKS_PATH}"),
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        });
        Self {
            url,
            issuer,
            ca,
            shared,
            _bg: bg,
        }
    }

    /// An issuer that publishes `jwks` (replace it with [`set_jwks`](Self::set_jwks)); its
    /// [`issuer`](Self::issuer) field still signs with the fixture key, which `jwks` may omit.
    pub fn publishing(jwks: Value) -> Self {
        let server = Self::start(TestKey::Primary);
        server.set_jwks(jwks);
        server
    }

    pub fn set_jwks(&self, jwks: Value) {
        *self.shared.jwks.lock().unwrap() = jwks;
    }

    pub fn ca_pem(&self) -> &str {
        &self.ca.ca_pem
    }

    pub fn ca_path(&self) -> std::path::PathBuf {
        self.ca.ca_path()
    }

    /// Requests served (discovery and JWKS fetches).
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// A token from this issuer: `sub`, `aud`, `exp` = now + `ttl_secs`.
    pub fn mint_for(&self, sub: &str, aud: &str, ttl_secs: i64) -> String {
        self.issuer.mint_for(sub, aud, ttl_secs)
    }

    pub fn mint(&self, claims: Value) -> String {
        self.issuer.mint(claims)
    }
}

async fn handle(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let path = uri.path();
    let body = match path.strip_prefix(shared.prefix.as_str()) {
        Some("/.well-known/openid-configuration") => shared.discovery.lock().unwrap().clone(),
        Some(JWKS_PATH) => shared.jwks.lock().unwrap().clone(),
        _ => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}
