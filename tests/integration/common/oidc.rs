//! A real, certified OpenID Provider as the company IdP: panva's `oidc-provider` npm package,
//! run by `tests/peers/oidc-provider/server.mjs` with the machine's Node.js on 127.0.0.1 over
//! plain http (loopback, which jwtcred allows).
//!
//! Install the peer once with `npm ci --prefix tests/peers/oidc-provider` (tests/run.sh does).
//! Without `node` or that install, [`OidcProvider::start`] returns None outside CI (the test
//! skips with a message) and panics under CI.
//!
//! What the peer issues (see the header of server.mjs for the full description):
//! - `client_credentials` with one `resource=<absolute URI>` (or, a convention of this peer, one
//!   `audience=<value>`): a JWT access token (header `typ: at+jwt`, RS256, `kid`) with claims
//!   `{jti, sub: <client id>, iat, exp: iat + ttl, scope?, client_id, iss: <issuer>, aud}`.
//! - without resource/audience: an opaque 43-character access token plus `expires_in`.
//! - a resource whose host ends in `.invalid`: 400 `invalid_target`.
//! - RFC 8693 token exchange (clients [`EXCHANGE_ID`], [`PUBLIC_ID`]): the subject token must be
//!   a JWT signed by a key in `SUBJECT_JWKS` (env, JSON JWKS) or issued by this provider; the
//!   result is a JWT access token with `sub` = the subject's `sub`, `aud` = the one `audience` or
//!   `resource` sent (default: the client id), `client_id` = the exchanging client.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;

/// `client_secret_basic`, `client_credentials`. The secret needs RFC 6749 §2.3.1 form-encoding
/// inside HTTP Basic (space, `:`, `%`, `+`, `&`, `=`, `/`, `?`).
pub const BASIC_ID: &str = "jwtcred-basic";
pub const BASIC_SECRET: &str = "basic secret:with%+&=/?chars";
/// `client_secret_post`, `client_credentials`. (oidc-provider accepts either method for either
/// kind of confidential client.)
pub const POST_ID: &str = "jwtcred-post";
pub const POST_SECRET: &str = "post secret:with%+&=chars";
/// `client_secret_basic`, `client_credentials`; the client id itself needs form-encoding.
pub const COLON_ID: &str = "jwtcred:colon id";
pub const COLON_SECRET: &str = "colon-id-secret";
/// `client_secret_basic`; token exchange and `client_credentials`.
pub const EXCHANGE_ID: &str = "jwtcred-exchange";
pub const EXCHANGE_SECRET: &str = "exchange secret:%+";
/// Public client (`none`: `client_id` in the form body, no secret, no Authorization header);
/// token exchange only.
pub const PUBLIC_ID: &str = "jwtcred-public";

pub const TOKEN_EXCHANGE_GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";

/// How long the peer may take to print its ready line.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// A running oidc-provider; the process is killed when this is dropped (and exits by itself
/// when the test process dies, because its stdin closes).
pub struct OidcProvider {
    /// `http://127.0.0.1:PORT` (no trailing slash) — what `--issuer` takes.
    pub issuer: String,
    /// `{issuer}/token` — what `--token-url` / `--exchange-url` take.
    pub token_endpoint: String,
    pub jwks_uri: String,
    pub port: u16,
    /// Time from spawn to the ready line.
    pub startup: Duration,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Arc<Mutex<String>>,
}

impl OidcProvider {
    /// The peer's directory (`tests/peers/oidc-provider`).
    pub fn peer_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/oidc-provider")
    }

    /// Starts the peer with the default configuration (token TTL 600 s).
    pub fn start() -> Option<Self> {
        Self::start_with_env(&[])
    }

    /// Starts the peer with extra environment: `OIDC_PEER_TTL` (seconds), `SUBJECT_JWKS` (JSON
    /// JWKS trusted for token-exchange subject tokens), `OIDC_PEER_CLIENTS` (JSON array of
    /// client metadata replacing the built-in clients).
    pub fn start_with_env(env: &[(&str, &str)]) -> Option<Self> {
        let node = super::require_program("node")?;
        let dir = Self::peer_dir();
        if !dir.join("node_modules/oidc-provider").is_dir() {
            let msg = "the oidc-provider test peer is not installed: run npm ci in tests/peers/oidc-provider \
                       (npm ci --prefix tests/peers/oidc-provider)";
            if super::in_ci() {
                panic!("{msg}");
            }
            eprintln!("skipping: {msg} (set CI=1 to make this a failure)");
            return None;
        }

        let started = Instant::now();
        let mut cmd = Command::new(node);
        cmd.arg("server.mjs")
            .arg("0")
            .current_dir(&dir)
            .env_remove("PORT")
            .env_remove("OIDC_PEER_TTL")
            .env_remove("OIDC_PEER_CLIENTS")
            .env_remove("SUBJECT_JWKS")
            .env_remove("TLS_CERT_FILE")
            .env_remove("TLS_KEY_FILE")
            .env_remove("NODE_OPTIONS")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            cmd.env(key, value);
        }
        let mut child = cmd.spawn().expect("spawn node server.mjs");

        let stderr = Arc::new(Mutex::new(String::new()));
        {
            let sink = Arc::clone(&stderr);
            let pipe = child.stderr.take().expect("stderr pipe");
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut s = sink.lock().unwrap();
                    s.push_str(&line);
                    s.push('\n');
                }
            });
        }
        let (tx, rx) = mpsc::channel();
        {
            let pipe = child.stdout.take().expect("stdout pipe");
            std::thread::spawn(move || {
                let mut lines = BufReader::new(pipe).lines();
                let _ = tx.send(lines.next());
                // Keep draining so the peer never blocks on a full pipe.
                for _ in lines {}
            });
        }

        let mut provider = Self {
            issuer: String::new(),
            token_endpoint: String::new(),
            jwks_uri: String::new(),
            port: 0,
            startup: Duration::ZERO,
            stdin: child.stdin.take(),
            child,
            stderr,
        };
        let line = match rx.recv_timeout(READY_TIMEOUT) {
            Ok(Some(Ok(line))) => line,
            Ok(_) => panic!(
                "oidc-provider peer exited before it was ready; stderr:\n{}",
                provider.stderr_text()
            ),
            Err(_) => panic!(
                "oidc-provider peer not ready within {READY_TIMEOUT:?}; stderr:\n{}",
                provider.stderr_text()
            ),
        };
        provider.startup = started.elapsed();
        let ready: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("oidc-provider ready line is not JSON ({e}): {line}"));
        let field = |name: &str| -> String {
            ready[name]
                .as_str()
                .unwrap_or_else(|| panic!("ready line lacks {name}: {line}"))
                .to_owned()
        };
        provider.issuer = field("issuer");
        provider.token_endpoint = field("token_endpoint");
        provider.jwks_uri = field("jwks_uri");
        provider.port = ready["port"].as_u64().expect("ready line port") as u16;
        Some(provider)
    }

    /// The peer over HTTPS (`https://127.0.0.1:PORT`, a certificate from a fresh CA), as a
    /// cluster's JWT authenticator needs its issuers; trust it with the returned CA.
    pub fn start_https() -> Option<(Self, super::tls::TestCa)> {
        let ca = super::tls::TestCa::new();
        let cert = ca.dir().join("server.pem");
        let key = ca.dir().join("server.key");
        std::fs::write(&cert, format!("{}{}", ca.server_cert_pem, ca.ca_pem)).expect("cert");
        std::fs::write(&key, &ca.server_key_pem).expect("key");
        let provider = Self::start_with_env(&[
            ("TLS_CERT_FILE", cert.to_str().expect("UTF-8 path")),
            ("TLS_KEY_FILE", key.to_str().expect("UTF-8 path")),
        ])?;
        assert!(
            provider.issuer.starts_with("https://"),
            "{}",
            provider.issuer
        );
        Some((provider, ca))
    }

    /// `{issuer}/.well-known/openid-configuration`.
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer)
    }

    /// What the peer wrote to stderr so far (oidc-provider's notices; useful in panics).
    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// GET `url` (absolute, or a path on this peer).
    pub fn get(&self, url: &str) -> HttpResponse {
        http_request("GET", &self.url(url), &[], None)
    }

    /// POST an `application/x-www-form-urlencoded` body to `url` (absolute, or a path on this
    /// peer) with extra headers (e.g. `("Authorization", basic_auth(..))`).
    pub fn post_form(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        form: &[(&str, &str)],
    ) -> HttpResponse {
        http_request("POST", &self.url(url), headers, Some(&form_body(form)))
    }

    /// A `client_credentials` request with Basic auth and one `resource`; panics unless 200, and
    /// returns the access token.
    pub fn client_credentials_token(
        &self,
        client_id: &str,
        secret: &str,
        resource: &str,
    ) -> String {
        let auth = basic_auth(client_id, secret);
        let resp = self.post_form(
            &self.token_endpoint,
            &[("Authorization", &auth)],
            &[("grant_type", "client_credentials"), ("resource", resource)],
        );
        assert_eq!(resp.status, 200, "token request failed: {}", resp.body);
        resp.json()["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    fn url(&self, url: &str) -> String {
        if url.starts_with("http://") {
            url.to_owned()
        } else {
            format!("{}/{}", self.issuer, url.trim_start_matches('/'))
        }
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("response body is not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B: space is `+`,
/// everything but `A-Za-z0-9*-._` is `%XX`).
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A form body from name/value pairs (names may repeat).
pub fn form_body(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The `Authorization` value for RFC 6749 §2.3.1 client authentication: Basic over the
/// form-encoded id and secret.
pub fn basic_auth(client_id: &str, secret: &str) -> String {
    let raw = format!("{}:{}", form_encode(client_id), form_encode(secret));
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// Decodes (without verifying) a JWT's header and claims.
pub fn decode_jwt(token: &str) -> (serde_json::Value, serde_json::Value) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "not a compact JWS: {token}");
    let part = |s: &str| -> serde_json::Value {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .expect("base64url JWT part");
        serde_json::from_slice(&bytes).expect("JSON JWT part")
    };
    (part(parts[0]), part(parts[1]))
}

/// A minimal HTTP/1.1 client for plain `http://host:port/path` URLs (no TLS, `Connection:
/// close`), enough to talk to the local peers without any TLS provider.
pub fn http_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    form: Option<&str>,
) -> HttpResponse {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("not an http:// URL: {url}"));
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut stream =
        TcpStream::connect(authority).unwrap_or_else(|e| panic!("connect {authority}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nAccept: application/json\r\n"
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(body) = form {
        req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    } else {
        req.push_str("\r\n");
    }
    stream.write_all(req.as_bytes()).expect("write request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");

    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of response headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line in: {head}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        let mut decoded = Vec::new();
        let mut rest = &body[..];
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size_line = String::from_utf8_lossy(&rest[..eol]);
            let size = usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16)
                .expect("chunk size");
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[eol + 2 + size + 2..];
        }
        body = decoded;
    }
    HttpResponse {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A throwaway ES256 key for RFC 8693 subject tokens: pass [`SubjectKey::jwks_json`] to the
/// peer as `SUBJECT_JWKS` and it accepts JWTs minted with [`SubjectKey::mint`].
pub struct SubjectKey {
    pub kid: String,
    pem: String,
    public_raw: Vec<u8>,
}

impl SubjectKey {
    pub fn generate() -> Self {
        let key = rcgen::KeyPair::generate().expect("generate P-256 key");
        Self {
            kid: format!("subject-{}", fastrand::u64(..)),
            pem: key.serialize_pem(),
            public_raw: key.public_key_raw().to_vec(),
        }
    }

    /// `{"keys":[{kty:EC, crv:P-256, x, y, kid, alg:ES256, use:sig}]}`.
    pub fn jwks_json(&self) -> String {
        assert_eq!(self.public_raw.len(), 65, "uncompressed P-256 point");
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        serde_json::json!({"keys": [{
            "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": self.kid,
            "x": b64(&self.public_raw[1..33]), "y": b64(&self.public_raw[33..65]),
        }]})
        .to_string()
    }

    /// Signs `claims` (ES256, with this key's `kid`).
    pub fn mint(&self, claims: &serde_json::Value) -> String {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        let key = jsonwebtoken::EncodingKey::from_ec_pem(self.pem.as_bytes()).expect("EC PEM");
        jsonwebtoken::encode(&header, claims, &key).expect("sign subject token")
    }
}
