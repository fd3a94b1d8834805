//! `ActionsServer`: plays the GitHub/Forgejo Actions ID-token endpoint
//! (`ACTIONS_ID_TOKEN_REQUEST_URL`), minting real RS256 JWTs the way the runner service does.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::jwt::{TestIssuer, merge_claims, now};
use super::serve::{Arrivals, Background, serve_http, serve_https};
use super::tls::TestCa;

/// The default `ACTIONS_ID_TOKEN_REQUEST_TOKEN`; tests grep output for it to prove it never leaks.
pub const REQUEST_TOKEN: &str = "actions-runtime-token-9f8e7d6c5b4a";
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";
pub const DEFAULT_AUDIENCE: &str = "https://github.com/octo-org";
pub const DEFAULT_SUBJECT: &str = "repo:octo-org/octo-repo:ref:refs/heads/main";

#[derive(Clone)]
pub struct ActionsConfig {
    pub issuer: TestIssuer,
    pub request_token: String,
    pub subject: String,
    pub ttl_secs: i64,
    /// Merged over the minted claims; a `null` value removes the claim (e.g. `{"exp": null}`).
    pub extra_claims: Value,
    /// Answer every request with this status and body instead of a token.
    pub fixed: Option<(u16, String)>,
    pub delay: Duration,
    /// Fail this many requests first with `fail_status` (and `Retry-After` when set).
    pub fail_first: usize,
    pub fail_status: u16,
    pub retry_after: Option<u64>,
    /// Hold each authorized request until this many are in flight at once (or
    /// [`HOLD_LIMIT`] passed), so a test sees concurrency as a count, not as wall time.
    pub hold_until_in_flight: Option<usize>,
}

/// How long a held request waits for the others before it is answered anyway.
pub const HOLD_LIMIT: Duration = Duration::from_secs(10);

impl Default for ActionsConfig {
    fn default() -> Self {
        Self {
            issuer: TestIssuer::new(GITHUB_ISSUER),
            request_token: REQUEST_TOKEN.into(),
            subject: DEFAULT_SUBJECT.into(),
            ttl_secs: 300,
            extra_claims: json!({}),
            fixed: None,
            delay: Duration::ZERO,
            fail_first: 0,
            fail_status: 503,
            retry_after: None,
            hold_until_in_flight: None,
        }
    }
}

impl ActionsConfig {
    pub fn issuer(mut self, issuer: TestIssuer) -> Self {
        self.issuer = issuer;
        self
    }
    pub fn request_token(mut self, token: &str) -> Self {
        self.request_token = token.into();
        self
    }
    pub fn subject(mut self, sub: &str) -> Self {
        self.subject = sub.into();
        self
    }
    pub fn ttl(mut self, secs: i64) -> Self {
        self.ttl_secs = secs;
        self
    }
    pub fn extra_claims(mut self, claims: Value) -> Self {
        self.extra_claims = claims;
        self
    }
    pub fn respond_with(mut self, status: u16, body: impl Into<String>) -> Self {
        self.fixed = Some((status, body.into()));
        self
    }
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
    /// The first `n` requests get `status` (503, 429, …) before tokens are handed out.
    pub fn fail_first(mut self, n: usize, status: u16) -> Self {
        self.fail_first = n;
        self.fail_status = status;
        self
    }
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }
    /// Answers nothing until `n` authorized requests are in flight together (at most
    /// [`HOLD_LIMIT`]); [`ActionsServer::peak_in_flight`] then says how many were.
    pub fn hold_until_in_flight(mut self, n: usize) -> Self {
        self.hold_until_in_flight = Some(n);
        self
    }
    pub fn start(self) -> ActionsServer {
        ActionsServer::start_with(self)
    }
    /// The same endpoint over HTTPS with a certificate from a fresh CA no client trusts
    /// unless told ([`ActionsServer::ca_path`] for `--ca-file`).
    pub fn start_https(self) -> ActionsServer {
        ActionsServer::start_inner(self, Some(TestCa::new()))
    }

    /// Over HTTPS with a certificate for `names` (and loopback), for clients that reach the
    /// server by a host name the test makes resolve to 127.0.0.1.
    pub fn start_https_for(self, names: &[&str]) -> ActionsServer {
        let mut all = vec!["127.0.0.1", "localhost"];
        all.extend_from_slice(names);
        ActionsServer::start_inner(self, Some(TestCa::for_names(&all)))
    }
}

struct Shared {
    config: ActionsConfig,
    requests: AtomicUsize,
    arrivals: Arrivals,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
    /// The `audience` query value of each request that reached token minting (None = absent).
    audiences: Mutex<Vec<Option<String>>>,
    queries: Mutex<Vec<String>>,
}

pub struct ActionsServer {
    /// `http://127.0.0.1:PORT/_apis/idtoken?api-version=2.0` (`https://` with a TLS peer)
    pub url: String,
    shared: Arc<Shared>,
    _bg: Background,
    tls: Option<TestCa>,
}

impl ActionsServer {
    pub fn builder() -> ActionsConfig {
        ActionsConfig::default()
    }

    pub fn start() -> Self {
        Self::start_with(ActionsConfig::default())
    }

    pub fn start_with(config: ActionsConfig) -> Self {
        Self::start_inner(config, None)
    }

    fn start_inner(config: ActionsConfig, tls: Option<TestCa>) -> Self {
        let shared = Arc::new(Shared {
            config,
            requests: AtomicUsize::new(0),
            arrivals: Arrivals::default(),
            in_flight: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
            audiences: Mutex::new(Vec::new()),
            queries: Mutex::new(Vec::new()),
        });
        let router = axum::Router::new()
            .route("/_apis/idtoken", axum::routing::get(idtoken))
            .with_state(Arc::clone(&shared));
        let (scheme, (addr, bg)) = match &tls {
            Some(ca) => ("https", serve_https("actions", router, ca.server_config())),
            None => ("http", serve_http("actions", router)),
        };
        Self {
            url: format!("{scheme}://{addr}/_apis/idtoken?api-version=2.0"),
            shared,
            _bg: bg,
            tls,
        }
    }

    /// The CA that signed an HTTPS server's certificate; panics for plain HTTP.
    pub fn ca_path(&self) -> std::path::PathBuf {
        self.tls.as_ref().expect("an HTTPS ActionsServer").ca_path()
    }

    pub fn request_token(&self) -> &str {
        &self.shared.config.request_token
    }

    pub fn issuer(&self) -> &TestIssuer {
        &self.shared.config.issuer
    }

    /// The two variables a runner sets for a job with `id-token: write`.
    pub fn env(&self) -> [(&'static str, String); 2] {
        [
            ("ACTIONS_ID_TOKEN_REQUEST_URL", self.url.clone()),
            (
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                self.request_token().to_owned(),
            ),
        ]
    }

    /// Every request received, whatever was answered.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// When each request arrived.
    pub fn arrivals(&self) -> &Arrivals {
        &self.shared.arrivals
    }

    /// The most authorized requests that were being answered at one time.
    pub fn peak_in_flight(&self) -> usize {
        self.shared.peak_in_flight.load(Ordering::SeqCst)
    }

    pub fn audiences(&self) -> Vec<Option<String>> {
        self.shared.audiences.lock().unwrap().clone()
    }

    /// Raw query strings of all requests, in arrival order.
    pub fn queries(&self) -> Vec<String> {
        self.shared.queries.lock().unwrap().clone()
    }
}

fn json_response(status: u16, body: Value) -> Response {
    let status = StatusCode::from_u16(status).expect("status code");
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Counts a request in flight until dropped.
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> Self {
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        Self(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn idtoken(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let seq = shared.requests.fetch_add(1, Ordering::SeqCst);
    shared.arrivals.record();
    let query = query.unwrap_or_default();
    shared.queries.lock().unwrap().push(query.clone());
    let config = &shared.config;
    // The runner's token service checks the bearer token before anything else: no scripted
    // answer (a delay, a fixed body, a 503) reaches a client that did not send it.
    // The scheme is case-insensitive (RFC 9110 §11.1), the token is not.
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .is_some_and(|(scheme, token)| {
            scheme.eq_ignore_ascii_case("bearer") && token == config.request_token
        });
    if !authorized {
        return json_response(401, json!({"message": "Bad credentials"}));
    }
    let _in_flight = InFlight::enter(&shared);
    if let Some(n) = config.hold_until_in_flight {
        let deadline = Instant::now() + HOLD_LIMIT;
        while shared.peak_in_flight.load(Ordering::SeqCst) < n && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    if !config.delay.is_zero() {
        tokio::time::sleep(config.delay).await;
    }
    if let Some((status, body)) = &config.fixed {
        let status = StatusCode::from_u16(*status).expect("status code");
        return (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            body.clone(),
        )
            .into_response();
    }
    if seq < config.fail_first {
        let mut resp = json_response(config.fail_status, json!({"message": "try again later"}));
        if let Some(secs) = config.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        return resp;
    }

    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    // The real URL carries api-version; losing it means the client rebuilt the query.
    if !pairs.iter().any(|(k, v)| k == "api-version" && v == "2.0") {
        return json_response(400, json!({"message": "api-version missing"}));
    }
    let audiences: Vec<&String> = pairs
        .iter()
        .filter(|(k, _)| k == "audience")
        .map(|(_, v)| v)
        .collect();
    if audiences.len() > 1 {
        return json_response(400, json!({"message": "audience given more than once"}));
    }
    let audience = audiences.first().map(|s| s.to_string());
    shared.audiences.lock().unwrap().push(audience.clone());

    let aud = audience.unwrap_or_else(|| DEFAULT_AUDIENCE.into());
    let now = now();
    let mut claims = json!({
        "jti": format!("jti-{seq}"),
        "sub": config.subject,
        "aud": aud,
        "ref": "refs/heads/main",
        "repository": "octo-org/octo-repo",
        "repository_owner": "octo-org",
        "iss": config.issuer.issuer,
        "nbf": now - 5,
        "iat": now,
        "exp": now + config.ttl_secs,
    });
    merge_claims(&mut claims, &config.extra_claims);
    let token = config.issuer.mint(claims);
    json_response(200, json!({"count": token.len(), "value": token}))
}
