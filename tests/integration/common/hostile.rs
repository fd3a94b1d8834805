//! Misbehaving HTTP peers for the hardening matrix: a server that never answers, one that
//! dribbles its body, one with a huge body, one giving a canned answer (any status, headers and
//! body, e.g. `503` with `Retry-After: 0`, a proxy's `407`, a redirect to itself), one echoing
//! the request it got (headers and body) in its error body, a cross-origin redirect whose
//! target records what it was sent, and a port that refuses connections. (An HTTPS peer with an unknown CA is
//! [`super::actions::ActionsConfig::start_https`].)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::jwt::TestIssuer;
use super::secrets::find_leak;
use super::serve::{Arrivals, Background, bind_loopback};

#[derive(Clone, Debug)]
pub enum Behavior {
    /// Accepts and reads, never writes a byte.
    Silent,
    /// Sends the status line and headers at once, then one body byte per `interval`.
    Dribble { interval: Duration },
    /// 200 with a JSON-looking body of `bytes` bytes; with or without `Content-Length`.
    HugeBody { bytes: usize, with_length: bool },
    /// Answers the first `answers` requests with `status`, the extra header lines and `body`,
    /// then accepts and never answers again.
    Canned {
        status: u16,
        headers: Vec<String>,
        body: String,
        answers: usize,
    },
    /// Answers `status` with the request it received (request line, headers, body): as a JSON
    /// OAuth error whose `error_description` holds it, or as plain text.
    Echo { status: u16, json: bool },
}

/// A raw-TCP peer on 127.0.0.1 misbehaving as told, for every path and method.
pub struct HostileServer {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    arrivals: Arrivals,
    _bg: Background,
}

impl HostileServer {
    pub fn silent() -> Self {
        Self::start(Behavior::Silent)
    }

    pub fn dribble() -> Self {
        Self::start(Behavior::Dribble {
            interval: Duration::from_secs(1),
        })
    }

    /// A 10 MB body with `Content-Length`.
    pub fn huge_body() -> Self {
        Self::start(Behavior::HugeBody {
            bytes: 10 * 1024 * 1024,
            with_length: true,
        })
    }

    /// Every request answered with `status`, `headers` (full lines such as `Retry-After: 0`)
    /// and `body`.
    pub fn canned(status: u16, headers: &[&str], body: impl Into<String>) -> Self {
        Self::canned_times(status, headers, body, usize::MAX)
    }

    /// Like [`Self::canned`] for the first `answers` requests; later ones are never answered.
    pub fn canned_times(
        status: u16,
        headers: &[&str],
        body: impl Into<String>,
        answers: usize,
    ) -> Self {
        Self::start(Behavior::Canned {
            status,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            body: body.into(),
            answers,
        })
    }

    /// `status` with the whole request echoed in a JSON `error_description`.
    pub fn echo_json(status: u16) -> Self {
        Self::start(Behavior::Echo { status, json: true })
    }

    /// `status` with the whole request echoed as a plain-text body.
    pub fn echo_text(status: u16) -> Self {
        Self::start(Behavior::Echo {
            status,
            json: false,
        })
    }

    pub fn start(behavior: Behavior) -> Self {
        let std_listener = bind_loopback();
        let addr = std_listener.local_addr().expect("local addr");
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let request_counter = Arc::clone(&requests);
        let arrivals = Arrivals::default();
        let arrival_record = arrivals.clone();
        let bg = Background::spawn("hostile", async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(misbehave(
                    stream,
                    behavior.clone(),
                    Arc::clone(&request_counter),
                    arrival_record.clone(),
                ));
            }
        });
        Self {
            base: format!("http://{addr}"),
            connections,
            requests,
            arrivals,
            _bg: bg,
        }
    }

    /// HTTP requests received (counted by the canned and echo behaviours only).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// When each counted request arrived.
    pub fn arrivals(&self) -> &Arrivals {
        &self.arrivals
    }

    /// `base` + `path` (e.g. `/token`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Shaped like an `ACTIONS_ID_TOKEN_REQUEST_URL`.
    pub fn actions_url(&self) -> String {
        self.url("/_apis/idtoken?api-version=2.0")
    }

    /// TCP connections accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn misbehave(
    mut stream: TcpStream,
    behavior: Behavior,
    requests: Arc<AtomicUsize>,
    arrivals: Arrivals,
) {
    match behavior {
        Behavior::Canned {
            status,
            headers,
            body,
            answers,
        } => {
            // Keep-alive: several requests may arrive on one connection.
            while let Some(_request) = read_request(&mut stream).await {
                let seen = requests.fetch_add(1, Ordering::SeqCst);
                arrivals.record();
                if seen >= answers {
                    let mut buf = [0u8; 4096];
                    while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
                    return;
                }
                let mut head = format!("HTTP/1.1 {status} Canned\r\n");
                for header in &headers {
                    head.push_str(&format!("{header}\r\n"));
                }
                head.push_str(&format!(
                    "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                ));
                let answer = format!("{head}{body}");
                if stream.write_all(answer.as_bytes()).await.is_err() {
                    return;
                }
            }
        }
        Behavior::Echo { status, json } => {
            while let Some(request) = read_request(&mut stream).await {
                requests.fetch_add(1, Ordering::SeqCst);
                arrivals.record();
                let seen = format!("{}{}", request.head, request.body);
                let body = if json {
                    serde_json::json!({"error": "invalid_request", "error_description": seen})
                        .to_string()
                } else {
                    seen.replace("\r\n", " | ")
                };
                let answer = format!(
                    "HTTP/1.1 {status} Echo\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                if stream.write_all(answer.as_bytes()).await.is_err() {
                    return;
                }
            }
        }
        Behavior::Silent => {
            let mut buf = [0u8; 4096];
            while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
        }
        Behavior::Dribble { interval } => {
            if read_request(&mut stream).await.is_none() {
                return;
            }
            let body = format!("{{\"value\":\"{}\"}}", "a".repeat(4096));
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for byte in body.bytes() {
                if stream.write_all(&[byte]).await.is_err() || stream.flush().await.is_err() {
                    return;
                }
                tokio::time::sleep(interval).await;
            }
        }
        Behavior::HugeBody { bytes, with_length } => {
            if read_request(&mut stream).await.is_none() {
                return;
            }
            let mut head = String::from("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
            if with_length {
                head.push_str(&format!("Content-Length: {bytes}\r\n"));
            }
            head.push_str("Connection: close\r\n\r\n");
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let prefix = b"{\"value\":\"";
            let _ = stream.write_all(prefix).await;
            let chunk = vec![b'a'; 64 * 1024];
            let mut left = bytes.saturating_sub(prefix.len());
            while left > 0 {
                let n = left.min(chunk.len());
                if stream.write_all(&chunk[..n]).await.is_err() {
                    return;
                }
                left -= n;
            }
            let _ = stream.shutdown().await;
        }
    }
}

/// One request as received on the wire.
#[derive(Clone, Debug)]
pub struct RawRequest {
    /// Request line and headers, as sent.
    pub head: String,
    pub body: String,
}

impl RawRequest {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }
}

/// Reads one HTTP/1.1 request (head plus a `Content-Length` body).
pub async fn read_request(stream: &mut TcpStream) -> Option<RawRequest> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut request = RawRequest {
        head,
        body: String::new(),
    };
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        body.extend_from_slice(&chunk[..n]);
    }
    request.body = String::from_utf8_lossy(&body).into_owned();
    Some(request)
}

/// Two origins: `first` answers every request with a redirect to the same path and query on
/// `second`, which records what it receives and answers with a valid token response (both
/// `value` and `access_token`), so a client that follows without credentials still succeeds.
pub struct RedirectPair {
    /// `http://127.0.0.1:PORT1`
    pub first: String,
    /// `http://127.0.0.1:PORT2` (another port: another origin)
    pub second: String,
    first_hits: Arc<AtomicUsize>,
    second_seen: Arc<Mutex<Vec<RawRequest>>>,
    _first_bg: Background,
    _second_bg: Background,
}

impl RedirectPair {
    /// 302 Found.
    pub fn start() -> Self {
        Self::start_with_status(302)
    }

    /// 307/308 keep method and body (where a POSTed client secret could travel).
    pub fn start_with_status(status: u16) -> Self {
        let second_listener = bind_loopback();
        let second_addr = second_listener.local_addr().expect("addr");
        let second = format!("http://{second_addr}");
        let second_seen = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&second_seen);
        let token = TestIssuer::new("https://redirect-target.example").mint_for(
            "redirected",
            "redirected",
            300,
        );
        let second_bg = Background::spawn("redirect-target", async move {
            let listener = tokio::net::TcpListener::from_std(second_listener).expect("listener");
            while let Ok((mut stream, _)) = listener.accept().await {
                let seen = Arc::clone(&seen);
                let token = token.clone();
                tokio::spawn(async move {
                    let Some(req) = read_request(&mut stream).await else {
                        return;
                    };
                    seen.lock().unwrap().push(req);
                    let body = serde_json::json!({
                        "value": token, "access_token": token, "token_type": "Bearer",
                        "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
                        "expires_in": 300,
                    })
                    .to_string();
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(resp.as_bytes()).await;
                });
            }
        });

        let first_listener = bind_loopback();
        let first = format!("http://{}", first_listener.local_addr().expect("addr"));
        let first_hits = Arc::new(AtomicUsize::new(0));
        let hits = Arc::clone(&first_hits);
        let target = second.clone();
        let first_bg = Background::spawn("redirector", async move {
            let listener = tokio::net::TcpListener::from_std(first_listener).expect("listener");
            while let Ok((mut stream, _)) = listener.accept().await {
                hits.fetch_add(1, Ordering::SeqCst);
                let target = target.clone();
                tokio::spawn(async move {
                    let Some(req) = read_request(&mut stream).await else {
                        return;
                    };
                    let path = req
                        .request_line()
                        .split(' ')
                        .nth(1)
                        .unwrap_or("/")
                        .to_owned();
                    let resp = format!(
                        "HTTP/1.1 {status} Redirect\r\nLocation: {target}{path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                    let _ = stream.write_all(resp.as_bytes()).await;
                });
            }
        });
        Self {
            first,
            second,
            first_hits,
            second_seen,
            _first_bg: first_bg,
            _second_bg: second_bg,
        }
    }

    pub fn first_url(&self, path: &str) -> String {
        format!("{}{path}", self.first)
    }

    pub fn first_requests(&self) -> usize {
        self.first_hits.load(Ordering::SeqCst)
    }

    /// Requests that reached the second origin.
    pub fn second_requests(&self) -> Vec<RawRequest> {
        self.second_seen.lock().unwrap().clone()
    }

    /// True if any request at the second origin carried an `Authorization` header.
    pub fn second_saw_authorization(&self) -> bool {
        self.second_requests()
            .iter()
            .any(|r| r.header("authorization").is_some())
    }

    /// True if `secret` (in any encoding) reached the second origin anywhere, or a
    /// `client_secret` / `subject_token` field did.
    pub fn second_saw_secret(&self, secret: &str) -> bool {
        self.second_requests().iter().any(|r| {
            let all = format!("{}{}", r.head, r.body);
            find_leak(&all, secret).is_some()
                || r.body.contains("client_secret=")
                || r.body.contains("subject_token=")
        })
    }
}

/// A port on 127.0.0.1 where every connect is refused for as long as this lives: a socket is
/// bound there and never listens, so the kernel answers a connect with a reset and no other
/// process can take the port meanwhile (a port bound and released could be reused by then).
pub struct RefusedPort {
    pub port: u16,
    _socket: tokio::net::TcpSocket,
}

impl RefusedPort {
    pub fn new() -> Self {
        let socket = tokio::net::TcpSocket::new_v4().expect("TCP socket");
        socket
            .bind("127.0.0.1:0".parse().unwrap())
            .expect("bind 127.0.0.1:0");
        let port = socket.local_addr().expect("local addr").port();
        Self {
            port,
            _socket: socket,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}
