//! `FakeApiServer`: an HTTPS kube-apiserver stand-in with structured JWT authentication
//! (trusted issuers keyed by `iss`, required audiences, username = prefix + `sub`, groups,
//! checked against the real authenticator by `authn_real::fake_apiserver_agrees_with_…`) that
//! answers SelfSubjectReview — enough for the real `kubectl auth whoami` — plus helpers to write
//! a kubeconfig with an exec user and to run kubectl against it.
//!
//! Tests of what a user meets use the real authenticator (`kube_authn::serve`); this fake stays
//! for what that cannot do: issuers served over plain http (the oidc-provider peer) and
//! recording every token presented.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::jwt::{TestIssuer, try_decode_unverified};
use super::serve::{Background, serve_https};
use super::tls::TestCa;

pub const REVIEW_PATH: &str = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

#[derive(Clone)]
pub struct ApiServerConfig {
    pub issuers: Vec<TestIssuer>,
    /// The token's `aud` must contain one of these (MatchAny).
    pub audiences: Vec<String>,
    pub username_prefix: String,
}

impl ApiServerConfig {
    pub fn trust(mut self, issuer: TestIssuer) -> Self {
        self.issuers.push(issuer);
        self
    }
    pub fn audience(mut self, aud: &str) -> Self {
        self.audiences.push(aud.into());
        self
    }
    pub fn username_prefix(mut self, prefix: &str) -> Self {
        self.username_prefix = prefix.into();
        self
    }
    pub fn start(self) -> FakeApiServer {
        FakeApiServer::start_with(self)
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
}

struct Shared {
    config: ApiServerConfig,
    requests: AtomicUsize,
    tokens: Mutex<Vec<String>>,
    log: Mutex<Vec<SeenRequest>>,
}

pub struct FakeApiServer {
    /// `https://127.0.0.1:PORT`
    pub url: String,
    ca: TestCa,
    shared: Arc<Shared>,
    _bg: Background,
}

impl FakeApiServer {
    pub fn builder() -> ApiServerConfig {
        ApiServerConfig {
            issuers: Vec::new(),
            audiences: Vec::new(),
            username_prefix: "jwt:".into(),
        }
    }

    /// Trusts `issuer` for `audience`, usernames prefixed `jwt:`.
    pub fn start(issuer: &TestIssuer, audience: &str) -> Self {
        Self::builder()
            .trust(issuer.clone())
            .audience(audience)
            .start()
    }

    pub fn start_with(config: ApiServerConfig) -> Self {
        assert!(
            !config.audiences.is_empty(),
            "jwt authenticator needs audiences"
        );
        let ca = TestCa::new();
        let shared = Arc::new(Shared {
            config,
            requests: AtomicUsize::new(0),
            tokens: Mutex::new(Vec::new()),
            log: Mutex::new(Vec::new()),
        });
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (addr, bg) = serve_https("apiserver", router, ca.server_config());
        Self {
            url: format!("https://{addr}"),
            ca,
            shared,
            _bg: bg,
        }
    }

    pub fn ca_path(&self) -> PathBuf {
        self.ca.ca_path()
    }

    pub fn ca_pem(&self) -> &str {
        &self.ca.ca_pem
    }

    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Every bearer token presented, in arrival order (valid or not).
    pub fn tokens_seen(&self) -> Vec<String> {
        self.shared.tokens.lock().unwrap().clone()
    }

    pub fn log(&self) -> Vec<SeenRequest> {
        self.shared.log.lock().unwrap().clone()
    }
}

fn status_json(code: u16, reason: &str, message: &str) -> Response {
    let body = json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {},
        "status": "Failure", "message": message, "reason": reason, "code": code,
    });
    let status = StatusCode::from_u16(code).expect("status code");
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// The user the fake authenticator maps a token to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeUser {
    pub username: String,
    pub groups: Vec<String>,
    pub extra: std::collections::BTreeMap<String, Vec<String>>,
}

/// The authenticator, following k8s.io/apiserver's JWT authenticator (go-oidc v2 checks):
/// RS256 signature by the issuer owning `iss`, `exp` required and enforced with no leeway,
/// `nbf` with one minute of leeway, one of `audiences` in `aud`; username = prefix + `sub`,
/// groups from the `groups` claim (a string is one group) plus `system:authenticated`, and
/// `authentication.kubernetes.io/credential-id: JTI=<jti>` when the token has a `jti`.
/// Err(why) goes to the request log, never to the client (a real apiserver only says
/// "Unauthorized").
pub fn authenticate(config: &ApiServerConfig, token: &str) -> Result<FakeUser, String> {
    let (_, claims) = try_decode_unverified(token)?;
    let iss = claims["iss"].as_str().ok_or("no iss")?;
    let issuer = config
        .issuers
        .iter()
        .find(|i| i.issuer == iss)
        .ok_or_else(|| format!("untrusted issuer {iss}"))?;
    issuer.verify(token, None)?;
    let now = super::jwt::now();
    match claims["exp"].as_f64() {
        Some(exp) if exp >= now as f64 => {}
        Some(_) => return Err("token is expired".into()),
        None => return Err("no exp".into()),
    }
    if let Some(nbf) = claims["nbf"].as_f64()
        && nbf > (now + 60) as f64
    {
        return Err("token not valid yet (nbf)".into());
    }
    let auds: Vec<&str> = match &claims["aud"] {
        Value::String(s) => vec![s.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !auds.iter().any(|a| config.audiences.iter().any(|c| c == a)) {
        return Err(format!("audience {auds:?} not accepted"));
    }
    let sub = claims["sub"].as_str().ok_or("no sub")?;
    let mut groups: Vec<String> = match &claims["groups"] {
        Value::String(g) => vec![g.clone()],
        Value::Array(list) => list
            .iter()
            .map(|g| {
                g.as_str()
                    .map(str::to_owned)
                    .ok_or("groups must be strings")
            })
            .collect::<Result<_, _>>()?,
        Value::Null => vec![],
        _ => return Err("groups must be a string or a list".into()),
    };
    groups.push("system:authenticated".into());
    let mut extra = std::collections::BTreeMap::new();
    if let Some(jti) = claims["jti"].as_str() {
        extra.insert(
            "authentication.kubernetes.io/credential-id".to_owned(),
            vec![format!("JTI={jti}")],
        );
    }
    Ok(FakeUser {
        username: format!("{}{sub}", config.username_prefix),
        groups,
        extra,
    })
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    if let Some(token) = &bearer {
        shared.tokens.lock().unwrap().push(token.clone());
    }
    let user = bearer
        .as_deref()
        .ok_or_else(|| "no bearer token".to_string())
        .and_then(|t| authenticate(&shared.config, t));

    let response = match (user, method.as_str(), path.as_str()) {
        (Err(why), _, _) => {
            eprintln!("fake apiserver: 401 for {method} {path}: {why}");
            status_json(401, "Unauthorized", "Unauthorized")
        }
        (Ok(user), "POST", REVIEW_PATH) => {
            let mut user_info = json!({"username": user.username, "groups": user.groups});
            if !user.extra.is_empty() {
                user_info["extra"] = json!(user.extra);
            }
            let body = json!({
                "kind": "SelfSubjectReview",
                "apiVersion": "authentication.k8s.io/v1",
                "metadata": {"creationTimestamp": humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()},
                "status": {"userInfo": user_info},
            });
            (
                StatusCode::CREATED,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
        (Ok(_), "GET", "/version") => json_ok(json!({
            "major": "1", "minor": "34", "gitVersion": "v1.34.0", "gitCommit": "fake",
            "gitTreeState": "clean", "buildDate": "2025-08-27T00:00:00Z",
            "goVersion": "go1.24.6", "compiler": "gc", "platform": "linux/amd64",
        })),
        (Ok(_), "GET", "/api") => json_ok(json!({
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}],
        })),
        (Ok(_), "GET", "/apis") => json_ok(json!({
            "kind": "APIGroupList", "apiVersion": "v1",
            "groups": [{
                "name": "authentication.k8s.io",
                "versions": [{"groupVersion": "authentication.k8s.io/v1", "version": "v1"}],
                "preferredVersion": {"groupVersion": "authentication.k8s.io/v1", "version": "v1"},
            }],
        })),
        (Ok(_), _, _) => status_json(
            404,
            "NotFound",
            "the server could not find the requested resource",
        ),
    };
    shared.log.lock().unwrap().push(SeenRequest {
        method,
        path,
        status: response.status().as_u16(),
    });
    response
}

fn json_ok(body: Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// The `users[].user.exec` entry of a kubeconfig.
#[derive(Clone, Debug)]
pub struct ExecEntry {
    pub command: String,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// `v1` or `v1beta1`.
    pub api_version: String,
    pub provide_cluster_info: bool,
    /// The cluster's `client.authentication.k8s.io/exec` extension (arrives as
    /// `spec.cluster.config` when `provide_cluster_info` is set).
    pub cluster_config: Option<Value>,
}

impl ExecEntry {
    pub fn new(command: impl AsRef<Path>) -> Self {
        Self {
            command: command.as_ref().to_string_lossy().into_owned(),
            args: Vec::new(),
            env: Vec::new(),
            api_version: "v1".into(),
            provide_cluster_info: false,
            cluster_config: None,
        }
    }
    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }
    pub fn env(mut self, name: &str, value: impl Into<String>) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }
    pub fn api_version(mut self, version: &str) -> Self {
        self.api_version = version.into();
        self
    }
    pub fn provide_cluster_info(mut self, on: bool) -> Self {
        self.provide_cluster_info = on;
        self
    }
    /// Sets the cluster extension and turns `provideClusterInfo` on.
    pub fn cluster_config(mut self, config: Value) -> Self {
        self.provide_cluster_info = true;
        self.cluster_config = Some(config);
        self
    }
}

/// A kubeconfig (as JSON, which kubectl reads like YAML) with one cluster `test`, user
/// `test-user` and context `test`.
pub fn kubeconfig_json(server_url: &str, ca_path: &Path, exec: &ExecEntry) -> Value {
    let mut cluster = json!({"server": server_url, "certificate-authority": ca_path});
    if let Some(config) = &exec.cluster_config {
        cluster["extensions"] =
            json!([{"name": "client.authentication.k8s.io/exec", "extension": config}]);
    }
    let env: Vec<Value> = exec
        .env
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect();
    json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "test", "cluster": cluster}],
        "users": [{"name": "test-user", "user": {"exec": {
            "apiVersion": format!("client.authentication.k8s.io/{}", exec.api_version),
            "command": exec.command,
            "args": exec.args,
            "env": env,
            "interactiveMode": "Never",
            "provideClusterInfo": exec.provide_cluster_info,
        }}}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": "test-user"}}],
        "current-context": "test",
    })
}

pub fn write_kubeconfig(path: &Path, server_url: &str, ca_path: &Path, exec: &ExecEntry) {
    let doc = kubeconfig_json(server_url, ca_path, exec);
    std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).expect("write kubeconfig");
}

/// Runs the real kubectl with `args` against `kubeconfig`, with a clean environment whose HOME
/// is the kubeconfig's directory (kubectl's caches land there). None when kubectl is missing
/// outside CI (the caller skips).
pub fn run_kubectl(kubeconfig: &Path, args: &[&str]) -> Option<Output> {
    let kubectl = super::require_program("kubectl")?;
    let home = kubeconfig.parent().expect("kubeconfig dir");
    let output = Command::new(kubectl)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args(args)
        .output()
        .expect("run kubectl");
    Some(output)
}

/// `kubectl --kubeconfig X auth whoami -o json`.
pub fn run_kubectl_whoami(kubeconfig: &Path) -> Option<Output> {
    run_kubectl(kubeconfig, &["auth", "whoami", "-o", "json"])
}
