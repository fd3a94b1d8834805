//! `WorkloadApiServer`: a SPIFFE Workload API (JWT-SVID profile) on a Unix socket or on
//! 127.0.0.1 TCP, behaving like a SPIRE agent: the `workload.spiffe.io` security header, the
//! audience check, several identities, `spiffe_id` filtering and injectable PermissionDenied /
//! Unavailable replies. Messages and the service are written by hand (tonic + prost) against
//! spiffe/spiffe `standards/workloadapi.proto`.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use serde_json::{Value, json};
use tonic::codegen::{BoxFuture, Service, http};
use tonic::{Request, Response, Status};

use super::jwt::{TestIssuer, TestKey, merge_claims, now};
use super::serve::{Arrivals, Background, bind_loopback};

pub const FETCH_JWT_SVID: &str = "/SpiffeWorkloadAPI/FetchJWTSVID";
pub const DEFAULT_SPIFFE_ID: &str =
    "spiffe://example.org/ns/argocd/sa/argocd-application-controller";
/// SPIRE sets `iss` only with the server's `jwt_issuer`; Kubernetes and Dex need it.
pub const DEFAULT_ISSUER: &str = "https://oidc-discovery.example.org";

#[derive(Clone, PartialEq, prost::Message)]
pub struct JwtSvidRequest {
    #[prost(string, repeated, tag = "1")]
    pub audience: Vec<String>,
    #[prost(string, tag = "2")]
    pub spiffe_id: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct JwtSvidResponse {
    #[prost(message, repeated, tag = "1")]
    pub svids: Vec<JwtSvid>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct JwtSvid {
    #[prost(string, tag = "1")]
    pub spiffe_id: String,
    #[prost(string, tag = "2")]
    pub svid: String,
    #[prost(string, tag = "3")]
    pub hint: String,
}

#[derive(Clone)]
pub struct WorkloadApiConfig {
    pub issuer: TestIssuer,
    /// `(spiffe_id, hint)` in the order they are returned; the first is the default identity.
    pub identities: Vec<(String, String)>,
    pub ttl_secs: i64,
    /// Merged over each SVID's claims; `null` removes a claim.
    pub extra_claims: Value,
    pub deny_first: usize,
    pub deny_always: bool,
    pub unavailable_first: usize,
    pub delay: Duration,
}

impl Default for WorkloadApiConfig {
    fn default() -> Self {
        Self {
            // SPIRE's default JWT key type is EC P-256: SVIDs are ES256.
            issuer: TestIssuer::with_key(DEFAULT_ISSUER, TestKey::Spiffe),
            identities: vec![(DEFAULT_SPIFFE_ID.into(), String::new())],
            ttl_secs: 300,
            extra_claims: json!({}),
            deny_first: 0,
            deny_always: false,
            unavailable_first: 0,
            delay: Duration::ZERO,
        }
    }
}

impl WorkloadApiConfig {
    pub fn issuer(mut self, issuer: TestIssuer) -> Self {
        self.issuer = issuer;
        self
    }
    /// Replaces the identities; each is `(spiffe_id, hint)`.
    pub fn identities(mut self, ids: &[(&str, &str)]) -> Self {
        self.identities = ids
            .iter()
            .map(|(id, hint)| (id.to_string(), hint.to_string()))
            .collect();
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
    /// PermissionDenied "no identity issued" for the first `n` calls.
    pub fn deny_first(mut self, n: usize) -> Self {
        self.deny_first = n;
        self
    }
    /// PermissionDenied "no identity issued" for every call (an unregistered workload).
    pub fn deny_always(mut self) -> Self {
        self.deny_always = true;
        self
    }
    pub fn unavailable_first(mut self, n: usize) -> Self {
        self.unavailable_first = n;
        self
    }
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
    pub fn start(self) -> WorkloadApiServer {
        WorkloadApiServer::start_unix(self)
    }
    pub fn start_tcp(self) -> WorkloadApiServer {
        WorkloadApiServer::start_tcp(self)
    }
}

/// What one FetchJWTSVID call asked for.
#[derive(Clone, Debug)]
pub struct SeenCall {
    pub audience: Vec<String>,
    pub spiffe_id: String,
    pub had_security_header: bool,
}

struct Shared {
    config: WorkloadApiConfig,
    calls: AtomicUsize,
    arrivals: Arrivals,
    seen: Mutex<Vec<SeenCall>>,
}

pub struct WorkloadApiServer {
    endpoint: String,
    socket: Option<PathBuf>,
    shared: Arc<Shared>,
    // Declared before the dir so the server stops before its socket is removed.
    _bg: Background,
    _dir: Option<tempfile::TempDir>,
}

impl WorkloadApiServer {
    pub fn builder() -> WorkloadApiConfig {
        WorkloadApiConfig::default()
    }

    /// The default agent on a Unix socket.
    pub fn start() -> Self {
        Self::start_unix(WorkloadApiConfig::default())
    }

    pub fn start_unix(config: WorkloadApiConfig) -> Self {
        // Short path: sun_path holds ~108 bytes.
        let dir = tempfile::Builder::new()
            .prefix("wlapi")
            .tempdir_in("/tmp")
            .expect("socket dir");
        let path = dir.path().join("agent.sock");
        let std_listener = std::os::unix::net::UnixListener::bind(&path).expect("bind socket");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let shared = new_shared(config);
        let svc = WorkloadApi(Arc::clone(&shared));
        let bg = Background::spawn("workload-api", async move {
            let listener = tokio::net::UnixListener::from_std(std_listener).expect("unix listener");
            let incoming = tokio_stream::wrappers::UnixListenerStream::new(listener);
            let _ = tonic::transport::Server::builder()
                .add_service(svc)
                .serve_with_incoming(incoming)
                .await;
        });
        Self {
            endpoint: format!("unix://{}", path.display()),
            socket: Some(path),
            shared,
            _bg: bg,
            _dir: Some(dir),
        }
    }

    /// The agent on 127.0.0.1 (`tcp://127.0.0.1:PORT`).
    pub fn start_tcp(config: WorkloadApiConfig) -> Self {
        let std_listener = bind_loopback();
        let addr = std_listener.local_addr().expect("local addr");
        let shared = new_shared(config);
        let svc = WorkloadApi(Arc::clone(&shared));
        let bg = Background::spawn("workload-api-tcp", async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("tcp listener");
            let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
            let _ = tonic::transport::Server::builder()
                .add_service(svc)
                .serve_with_incoming(incoming)
                .await;
        });
        Self {
            endpoint: format!("tcp://{addr}"),
            socket: None,
            shared,
            _bg: bg,
            _dir: None,
        }
    }

    /// `unix:///tmp/wlapiXXXX/agent.sock` or `tcp://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The socket file; panics for a TCP server.
    pub fn socket_path(&self) -> &Path {
        self.socket.as_deref().expect("a Unix-socket Workload API")
    }

    pub fn issuer(&self) -> &TestIssuer {
        &self.shared.config.issuer
    }

    /// FetchJWTSVID calls received, whatever was answered.
    pub fn calls(&self) -> usize {
        self.shared.calls.load(Ordering::SeqCst)
    }

    /// When each call arrived.
    pub fn arrivals(&self) -> &Arrivals {
        &self.shared.arrivals
    }

    pub fn seen(&self) -> Vec<SeenCall> {
        self.shared.seen.lock().unwrap().clone()
    }
}

fn new_shared(config: WorkloadApiConfig) -> Arc<Shared> {
    Arc::new(Shared {
        config,
        calls: AtomicUsize::new(0),
        arrivals: Arrivals::default(),
        seen: Mutex::new(Vec::new()),
    })
}

async fn fetch_jwt_svid(
    shared: Arc<Shared>,
    request: Request<JwtSvidRequest>,
) -> Result<Response<JwtSvidResponse>, Status> {
    let seq = shared.calls.fetch_add(1, Ordering::SeqCst);
    shared.arrivals.record();
    let had_header = request
        .metadata()
        .get("workload.spiffe.io")
        .is_some_and(|v| v == "true");
    let req = request.into_inner();
    shared.seen.lock().unwrap().push(SeenCall {
        audience: req.audience.clone(),
        spiffe_id: req.spiffe_id.clone(),
        had_security_header: had_header,
    });
    let config = &shared.config;
    // The agent refuses a call without the security header before anything else: no
    // scripted delay or failure reaches it.
    if !had_header {
        return Err(Status::invalid_argument(
            "security header missing from request",
        ));
    }
    if !config.delay.is_zero() {
        tokio::time::sleep(config.delay).await;
    }
    if seq < config.unavailable_first {
        return Err(Status::unavailable("agent is starting"));
    }
    if req.audience.is_empty() {
        return Err(Status::invalid_argument("audience must be specified"));
    }
    if !req.spiffe_id.is_empty() && !req.spiffe_id.starts_with("spiffe://") {
        return Err(Status::invalid_argument(format!(
            "could not parse SPIFFE ID {:?}",
            req.spiffe_id
        )));
    }
    if config.deny_always || seq < config.unavailable_first + config.deny_first {
        return Err(Status::permission_denied("no identity issued"));
    }
    let chosen: Vec<&(String, String)> = config
        .identities
        .iter()
        .filter(|(id, _)| req.spiffe_id.is_empty() || *id == req.spiffe_id)
        .collect();
    if chosen.is_empty() {
        return Err(Status::permission_denied("no identity issued"));
    }

    let now = now();
    let svids = chosen
        .into_iter()
        .map(|(id, hint)| {
            let mut claims = json!({
                "iss": config.issuer.issuer,
                "sub": id,
                "aud": req.audience,
                "iat": now,
                "exp": now + config.ttl_secs,
            });
            merge_claims(&mut claims, &config.extra_claims);
            JwtSvid {
                spiffe_id: id.clone(),
                svid: config.issuer.mint(claims),
                hint: hint.clone(),
            }
        })
        .collect();
    Ok(Response::new(JwtSvidResponse { svids }))
}

/// The `SpiffeWorkloadAPI` gRPC service; only FetchJWTSVID is implemented.
#[derive(Clone)]
struct WorkloadApi(Arc<Shared>);

impl tonic::server::NamedService for WorkloadApi {
    const NAME: &'static str = "SpiffeWorkloadAPI";
}

struct FetchJwtSvid(Arc<Shared>);

impl tonic::server::UnaryService<JwtSvidRequest> for FetchJwtSvid {
    type Response = JwtSvidResponse;
    type Future = BoxFuture<Response<JwtSvidResponse>, Status>;

    fn call(&mut self, request: Request<JwtSvidRequest>) -> Self::Future {
        Box::pin(fetch_jwt_svid(Arc::clone(&self.0), request))
    }
}

impl Service<http::Request<tonic::body::Body>> for WorkloadApi {
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Infallible>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<tonic::body::Body>) -> Self::Future {
        let shared = Arc::clone(&self.0);
        Box::pin(async move {
            if req.uri().path() != FETCH_JWT_SVID {
                let method = req.uri().path().to_owned();
                return Ok(
                    Status::unimplemented(format!("{method} is not implemented")).into_http(),
                );
            }
            let codec = tonic_prost::ProstCodec::<JwtSvidResponse, JwtSvidRequest>::default();
            let mut grpc = tonic::server::Grpc::new(codec);
            Ok(grpc.unary(FetchJwtSvid(shared), req).await)
        })
    }
}

/// Calls FetchJWTSVID on a `tcp://` server without the spiffe crate, so a test can leave out
/// the security header. Must run inside a tokio runtime.
pub async fn raw_fetch_jwt_svid(
    tcp_endpoint: &str,
    request: JwtSvidRequest,
    with_security_header: bool,
) -> Result<JwtSvidResponse, Status> {
    let addr = tcp_endpoint
        .strip_prefix("tcp://")
        .expect("a tcp:// endpoint");
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .expect("endpoint URI")
        .connect()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let mut request = Request::new(request);
    if with_security_header {
        request
            .metadata_mut()
            .insert("workload.spiffe.io", "true".parse().unwrap());
    }
    let codec = tonic_prost::ProstCodec::<JwtSvidRequest, JwtSvidResponse>::default();
    let path = http::uri::PathAndQuery::from_static(FETCH_JWT_SVID);
    grpc.unary(request, path, codec)
        .await
        .map(Response::into_inner)
}
