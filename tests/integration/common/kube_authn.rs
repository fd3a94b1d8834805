//! The real Kubernetes JWT authenticator: `tests/peers/kube-authn`, built on k8s.io/apiserver
//! (the AuthenticationConfiguration decoder and validation, `oidc.New`, the fail-on-error
//! union and the `system:authenticated` adder, as kube-apiserver layers them).
//!
//! - [`batch`]: tokens in, one [`Verdict`] per token out (or the configuration's error).
//! - [`serve`]: an HTTPS API server on 127.0.0.1 that answers SelfSubjectReview (and the
//!   discovery kubectl reads) for the tokens the authenticator accepts.
//!
//! Both need the built peer: call [`available`] first and return when it says false (outside
//! CI, with the reason printed); under CI a missing peer is a failure.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use super::issuer::HttpsIssuer;

pub const PEER: &str = "kube-authn";
/// Longer than the peer's own 15 s wait for its authenticators' health.
const READY_TIMEOUT: Duration = Duration::from_secs(40);

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct UserInfo {
    pub username: String,
    pub uid: String,
    pub groups: Vec<String>,
    pub extra: BTreeMap<String, Vec<String>>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Verdict {
    pub authenticated: bool,
    pub user: Option<UserInfo>,
    pub error: Option<String>,
}

impl Verdict {
    /// The user, panicking with the authenticator's error when the token was rejected.
    pub fn accepted(&self) -> &UserInfo {
        match (&self.user, self.authenticated) {
            (Some(user), true) => user,
            _ => panic!("token rejected: {:?}", self.error),
        }
    }

    /// The authenticator's error, panicking when the token was accepted.
    pub fn rejected(&self) -> &str {
        assert!(!self.authenticated, "token accepted: {:?}", self.user);
        self.error.as_deref().unwrap_or("")
    }
}

/// True when the peer is built; false (reason printed) outside CI; panics under CI.
pub fn available() -> bool {
    super::peers_bin::peer_binary(PEER).is_some()
}

fn binary() -> PathBuf {
    super::peers_bin::peer_binary(PEER)
        .unwrap_or_else(|| panic!("{PEER} is not built; check kube_authn::available() first"))
}

fn write_config(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("authn.yaml"), config).expect("write config");
    dir
}

/// Runs `kube-authn batch` on `tokens`. Err is the aggregated configuration error that
/// kube-apiserver would refuse to start with.
pub fn batch(config_yaml: &str, tokens: &[&str]) -> Result<Vec<Verdict>, String> {
    let dir = write_config(config_yaml);
    let mut child = Command::new(binary())
        .arg("batch")
        .arg("--config")
        .arg(dir.path().join("authn.yaml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kube-authn batch");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        for token in tokens {
            assert!(!token.contains('\n'), "a token is one line");
            writeln!(stdin, "{token}").expect("write token");
        }
    }
    let output = child.wait_with_output().expect("kube-authn batch");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(2) {
        let line: Value = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("config_error line is not JSON ({e}): {stdout}"));
        return Err(line["config_error"]
            .as_str()
            .unwrap_or_else(|| panic!("no config_error in {line}"))
            .to_owned());
    }
    assert!(
        output.status.success(),
        "kube-authn batch failed ({:?}): {stderr}",
        output.status
    );
    let verdicts: Vec<Verdict> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("verdict ({e}): {l}")))
        .collect();
    assert_eq!(
        verdicts.len(),
        tokens.len(),
        "one verdict per token; {stderr}"
    );
    Ok(verdicts)
}

/// One request as `kube-authn serve` logged it.
#[derive(Clone, Debug, Deserialize)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// Why authentication failed (the authenticator's error), when it did.
    #[serde(default)]
    pub error: Option<String>,
}

/// A running `kube-authn serve`; killed on drop (and it exits when its stdin closes).
pub struct Cluster {
    /// `https://127.0.0.1:PORT`
    pub url: String,
    pub ca_pem: String,
    dir: tempfile::TempDir,
    child: Child,
    _stdin: ChildStdin,
    stderr: Arc<Mutex<String>>,
}

/// Starts `kube-authn serve` with `config_yaml`; panics if it does not come up.
pub fn serve(config_yaml: &str) -> Cluster {
    let dir = write_config(config_yaml);
    let mut child = Command::new(binary())
        .arg("serve")
        .arg("--config")
        .arg(dir.path().join("authn.yaml"))
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--cert-dir")
        .arg(dir.path().join("pki"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kube-authn serve");
    let stderr = Arc::new(Mutex::new(String::new()));
    {
        let sink = Arc::clone(&stderr);
        let pipe = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
    }
    let (tx, rx) = mpsc::channel();
    {
        let pipe = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            let mut lines = BufReader::new(pipe).lines();
            let _ = tx.send(lines.next());
            for _ in lines {}
        });
    }
    let stdin = child.stdin.take().expect("stdin");
    let line = match rx.recv_timeout(READY_TIMEOUT) {
        Ok(Some(Ok(line))) => line,
        other => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "kube-authn serve did not start ({other:?}); stderr:\n{}",
                stderr.lock().unwrap()
            )
        }
    };
    assert!(line.starts_with("https://127.0.0.1:"), "ready line: {line}");
    let ca_pem = std::fs::read_to_string(dir.path().join("pki/ca.crt")).expect("ca.crt");
    Cluster {
        url: line,
        ca_pem,
        dir,
        child,
        _stdin: stdin,
        stderr,
    }
}

impl Cluster {
    /// The serving CA as a file (a kubeconfig's `certificate-authority`).
    pub fn ca_path(&self) -> PathBuf {
        self.dir.path().join("pki/ca.crt")
    }

    /// Every request so far, in order.
    pub fn log(&self) -> Vec<SeenRequest> {
        self.stderr
            .lock()
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Everything the server wrote to stderr (warnings, the request log).
    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `jwt` entry trusting `issuer` for `audiences` (MatchAny when several), username from
/// `sub` with `username_prefix`, groups from `groups` with no prefix, uid from `sub`.
pub fn jwt_entry(
    issuer_url: &str,
    ca_pem: &str,
    audiences: &[&str],
    username_prefix: &str,
) -> Value {
    let mut entry = json!({
        "issuer": {
            "url": issuer_url,
            "certificateAuthority": ca_pem,
            "audiences": audiences,
        },
        "claimMappings": {
            "username": {"claim": "sub", "prefix": username_prefix},
            "groups": {"claim": "groups", "prefix": ""},
            "uid": {"claim": "sub"},
        },
    });
    if audiences.len() > 1 {
        entry["issuer"]["audienceMatchPolicy"] = json!("MatchAny");
    }
    entry
}

/// [`jwt_entry`] for an [`HttpsIssuer`].
pub fn jwt_entry_for(issuer: &HttpsIssuer, audiences: &[&str], username_prefix: &str) -> Value {
    jwt_entry(&issuer.url, issuer.ca_pem(), audiences, username_prefix)
}

/// An `apiserver.config.k8s.io/v1` AuthenticationConfiguration (as JSON, which the decoder
/// reads like YAML) with these `jwt` entries.
pub fn config(jwt: &[Value]) -> String {
    json!({
        "apiVersion": "apiserver.config.k8s.io/v1",
        "kind": "AuthenticationConfiguration",
        "jwt": jwt,
    })
    .to_string()
}
