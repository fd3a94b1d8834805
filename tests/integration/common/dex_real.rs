//! Real Dex (github.com/dexidp/dex v2.45.1, built by tests/peers/build.sh from the wrapper
//! module tests/peers/dex) on 127.0.0.1: memory storage, the static clients of the Dex-like
//! imitation ([`super::dex`]) and one OIDC connector trusting an upstream [`HttpsIssuer`] for
//! RFC 8693 token exchange, as Argo CD's Dex is set up. Over plain http (loopback, which
//! jwtcred allows), or over https ([`RealDex::start_https`]) for what only takes an https
//! issuer: a cluster's authenticator.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::dex::{CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET, CONNECTOR, PUBLIC_CLIENT};
use super::issuer::HttpsIssuer;
use super::oidc::http_request;
use super::peers_bin::peer_binary;
use super::tls::TestCa;

const READY_TIMEOUT: Duration = Duration::from_secs(60);

pub struct RealDex {
    /// `http://127.0.0.1:PORT/dex` (or https): what `--exchange-issuer` takes.
    pub issuer: String,
    /// The same Dex over plain http, where the test's own client reads discovery and keys.
    plain: String,
    /// The CA of Dex's https certificate (`--ca-file`, `issuer.certificateAuthority`).
    tls: Option<TestCa>,
    child: Child,
    log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl RealDex {
    /// Starts Dex trusting `upstream` through connector [`CONNECTOR`]; None (reason printed)
    /// outside CI when the binary is missing.
    pub fn start(upstream: &HttpsIssuer) -> Option<Self> {
        Self::launch(upstream, None)
    }

    /// As [`RealDex::start`], with the issuer served over https (a fresh CA, [`RealDex::ca_path`])
    /// and plain http on a second port for the test's own probes.
    pub fn start_https(upstream: &HttpsIssuer) -> Option<Self> {
        Self::launch(upstream, Some(TestCa::new()))
    }

    fn launch(upstream: &HttpsIssuer, tls: Option<TestCa>) -> Option<Self> {
        let bin = peer_binary("dex")?;
        let dir = tempfile::tempdir().expect("temp dir");
        let port = super::serve::port_for_a_peer();
        let plain = format!("http://127.0.0.1:{port}/dex");
        let mut web = json!({"http": format!("127.0.0.1:{port}")});
        let issuer = match &tls {
            None => plain.clone(),
            Some(ca) => {
                let https_port = super::serve::port_for_a_peer();
                let (cert, key) = (dir.path().join("tls.crt"), dir.path().join("tls.key"));
                std::fs::write(&cert, &ca.server_cert_pem).expect("write dex certificate");
                std::fs::write(&key, &ca.server_key_pem).expect("write dex key");
                web["https"] = json!(format!("127.0.0.1:{https_port}"));
                web["tlsCert"] = json!(cert);
                web["tlsKey"] = json!(key);
                format!("https://127.0.0.1:{https_port}/dex")
            }
        };
        let config = json!({
            "issuer": issuer,
            "storage": {"type": "memory"},
            "web": web,
            "logger": {"level": "debug"},
            "oauth2": {"skipApprovalScreen": true},
            // The imitation's default lifetime, so both answer the same expires_in.
            "expiry": {"idTokens": "10m"},
            "staticClients": [
                {"id": PUBLIC_CLIENT, "name": "Argo CD CLI", "public": true,
                 "redirectURIs": ["http://localhost:8085/auth/callback"]},
                {"id": CONFIDENTIAL_CLIENT, "name": "jwtcred CI", "secret": CONFIDENTIAL_SECRET,
                 "redirectURIs": ["http://127.0.0.1/callback"]},
            ],
            "connectors": [{
                "type": "oidc", "id": CONNECTOR, "name": "CI",
                "config": {
                    "issuer": upstream.url,
                    "rootCAs": [upstream.ca_path()],
                    "scopes": ["openid", "groups"],
                    "userNameKey": "sub",
                    "insecureEnableGroups": true,
                },
            }],
        });
        let path = dir.path().join("dex.yaml");
        std::fs::write(&path, config.to_string()).expect("write dex config");
        let mut child = Command::new(bin)
            .arg("serve")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn dex");
        let log = super::peers_bin::collect_output(&mut child);
        let mut dex = Self {
            issuer,
            plain,
            tls,
            child,
            log,
            _dir: dir,
        };
        dex.wait_ready();
        Some(dex)
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + READY_TIMEOUT;
        let addr = self
            .plain
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("dex exited ({status}):\n{}", self.log_text());
            }
            if std::net::TcpStream::connect(&addr).is_ok() {
                let resp = http_request("GET", &self.discovery_url(), &[], None);
                if resp.status == 200 {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "dex not ready:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.plain)
    }

    /// The CA that signed Dex's https certificate ([`RealDex::start_https`]).
    pub fn ca_path(&self) -> std::path::PathBuf {
        self.tls.as_ref().expect("Dex started with https").ca_path()
    }

    /// Dex's signing keys (`jwks_uri` of its discovery document, read over plain http).
    pub fn jwks(&self) -> Value {
        let discovery = http_request("GET", &self.discovery_url(), &[], None).json();
        let uri = discovery["jwks_uri"].as_str().expect("jwks_uri");
        let uri = uri.replacen(&self.issuer, &self.plain, 1);
        http_request("GET", &uri, &[], None).json()
    }

    /// Verifies a token Dex issued (RS256, its keys, `iss` = its issuer, `aud` ∋ `audience`).
    pub fn verify(&self, token: &str, audience: &str) -> Result<Value, String> {
        let jwks: jsonwebtoken::jwk::JwkSet =
            serde_json::from_value(self.jwks()).map_err(|e| e.to_string())?;
        let header = jsonwebtoken::decode_header(token).map_err(|e| e.to_string())?;
        let kid = header.kid.ok_or("no kid")?;
        let jwk = jwks
            .find(&kid)
            .ok_or(format!("kid {kid} not in Dex's keys"))?;
        let key = jsonwebtoken::DecodingKey::from_jwk(jwk).map_err(|e| e.to_string())?;
        let mut validation = jsonwebtoken::Validation::new(header.alg);
        validation.set_audience(&[audience]);
        validation.set_issuer(&[&self.issuer]);
        jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map(|d| d.claims)
            .map_err(|e| e.to_string())
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for RealDex {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
