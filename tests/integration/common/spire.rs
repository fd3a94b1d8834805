//! A real SPIRE deployment for one test: `spire-server` with a fresh trust domain and a
//! `jwt_issuer`, `spire-agent` attested with a join token and the `unix` workload attestor,
//! both on Unix sockets / 127.0.0.1 in a temp dir, sync intervals shortened to 1 s. The
//! `jwt_issuer` is an [`HttpsIssuer`] on loopback publishing the server's JWT keys (from
//! `spire-server bundle show -format spiffe`), so a cluster's JWT authenticator can trust it.
//!
//! Binaries come from `tests/peers/build.sh` (SPIRE v1.13.3 pinned in tests/peers/spire/go.mod);
//! [`Spire::start`] returns None outside CI when they are missing.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::issuer::HttpsIssuer;
use super::peers_bin::peer_binary;
use super::serve::port_for_a_peer;

const START_TIMEOUT: Duration = Duration::from_secs(60);
/// The parent of every workload entry: the agent's node ID.
const NODE_PATH: &str = "/node/test-agent";

struct Daemon {
    name: &'static str,
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Daemon {
    fn spawn(name: &'static str, mut cmd: Command) -> Self {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {name}: {e}"));
        let log = super::peers_bin::collect_output(&mut child);
        Self { name, child, log }
    }

    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn log_text(&self) -> String {
        format!("--- {} log ---\n{}", self.name, self.log.lock().unwrap())
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.stop();
    }
}

pub struct Spire {
    /// The agent's Workload API socket.
    pub socket: PathBuf,
    /// A fresh trust domain, e.g. `t1234abcd.jwtcred.test`.
    pub trust_domain: String,
    /// The server's `jwt_issuer`: the `iss` of every JWT-SVID, served by [`Self::issuer`].
    pub jwt_issuer: String,
    /// CA of the `jwt_issuer` HTTPS server (for `issuer.certificateAuthority`).
    pub issuer_ca_pem: String,
    /// Serves discovery and the JWT keys for `jwt_issuer`.
    pub issuer: HttpsIssuer,
    server_bin: PathBuf,
    agent_bin: PathBuf,
    server_socket: PathBuf,
    server_port: u16,
    agent: Option<Daemon>,
    server: Daemon,
    dir: tempfile::TempDir,
}

/// `unix:uid:<uid of this process>`: the selector that makes the test process (and the
/// jwtcred it spawns) a registered workload.
pub fn uid_selector() -> String {
    format!("unix:uid:{}", rustix::process::geteuid().as_raw())
}

impl Spire {
    /// Starts server and agent; None (reason printed) outside CI when SPIRE is not built.
    pub fn start() -> Option<Self> {
        let server_bin = peer_binary("spire-server")?;
        let agent_bin = peer_binary("spire-agent")?;
        // Unix socket paths are limited to ~108 bytes: keep the dir short.
        let dir = tempfile::Builder::new()
            .prefix("spire")
            .tempdir_in("/tmp")
            .expect("temp dir");
        // The agent wants its admin socket outside the Workload API socket's directory.
        for sub in ["public", "private"] {
            std::fs::create_dir(dir.path().join(sub)).expect("socket dir");
        }
        let trust_domain = format!("t{:08x}.jwtcred.test", fastrand::u32(..));
        let issuer = HttpsIssuer::publishing(json!({"keys": []}));
        let server_port = port_for_a_peer();
        let server_socket = dir.path().join("server.sock");
        let server_conf = dir.path().join("server.conf");
        std::fs::write(
            &server_conf,
            server_config(
                dir.path(),
                &trust_domain,
                &issuer.url,
                server_port,
                &server_socket,
            ),
        )
        .expect("write server.conf");
        let mut cmd = Command::new(&server_bin);
        cmd.arg("run").arg("-config").arg(&server_conf);
        let server = Daemon::spawn("spire-server", cmd);
        let mut spire = Self {
            socket: dir.path().join("public/agent.sock"),
            trust_domain,
            jwt_issuer: issuer.url.clone(),
            issuer_ca_pem: issuer.ca_pem().to_owned(),
            issuer,
            server_bin,
            agent_bin,
            server_socket,
            server_port,
            agent: None,
            server,
            dir,
        };
        spire.wait_for_server();
        spire.publish_jwt_keys();
        let bundle = spire.server_cli(&["bundle", "show"]);
        std::fs::write(spire.dir.path().join("bootstrap.crt"), &bundle.stdout).expect("bundle");
        std::fs::write(spire.dir.path().join("agent.conf"), spire.agent_config())
            .expect("agent.conf");
        let token = spire.join_token();
        spire.start_agent(Some(&token));
        Some(spire)
    }

    /// `spiffe://<trust domain><path>`.
    pub fn id(&self, path: &str) -> String {
        format!("spiffe://{}{path}", self.trust_domain)
    }

    /// The node (agent) ID every workload entry hangs off.
    pub fn node_id(&self) -> String {
        self.id(NODE_PATH)
    }

    /// `unix:///…/agent.sock`, what `SPIFFE_ENDPOINT_SOCKET` takes.
    pub fn endpoint(&self) -> String {
        format!("unix://{}", self.socket.display())
    }

    /// Registers `spiffe_id` for workloads matching all `selectors` (e.g. [`uid_selector`]);
    /// returns the entry ID. The entry reaches the agent within about two sync intervals.
    pub fn create_entry(&self, spiffe_id: &str, selectors: &[&str]) -> String {
        self.create_entry_with(spiffe_id, selectors, &[])
    }

    /// [`create_entry`](Self::create_entry) with extra `entry create` flags (`-jwtSVIDTTL 600`).
    pub fn create_entry_with(&self, spiffe_id: &str, selectors: &[&str], extra: &[&str]) -> String {
        let node = self.node_id();
        let mut args = vec![
            "entry",
            "create",
            "-parentID",
            &node,
            "-spiffeID",
            spiffe_id,
            "-output",
            "json",
        ];
        for selector in selectors {
            args.extend(["-selector", selector]);
        }
        args.extend(extra);
        let out = self.server_cli(&args);
        let doc: Value = serde_json::from_slice(&out.stdout).expect("entry create JSON");
        doc["results"][0]["entry"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no entry id in {doc}"))
            .to_owned()
    }

    pub fn delete_entry(&self, entry_id: &str) {
        self.server_cli(&["entry", "delete", "-entryID", entry_id]);
    }

    /// Waits until the agent hands this process a JWT-SVID for `spiffe_id`.
    pub fn wait_for_svid(&self, spiffe_id: &str) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let out = self.agent_cli(&[
                "api",
                "fetch",
                "jwt",
                "-audience",
                "probe",
                "-output",
                "json",
            ]);
            if out.status.success() && String::from_utf8_lossy(&out.stdout).contains(spiffe_id) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no SVID for {spiffe_id}:\n{}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The server's JWT bundle as a JWKS (`bundle show -format spiffe`, JWT keys only).
    pub fn jwt_bundle_jwks(&self) -> String {
        let out = self.server_cli(&["bundle", "show", "-format", "spiffe"]);
        let bundle: Value = serde_json::from_slice(&out.stdout).expect("spiffe bundle JSON");
        let keys: Vec<Value> = bundle["keys"]
            .as_array()
            .expect("bundle keys")
            .iter()
            .filter(|k| k["use"] == "jwt-svid")
            .cloned()
            .collect();
        assert!(!keys.is_empty(), "no JWT authority in {bundle}");
        json!({ "keys": keys }).to_string()
    }

    /// Re-reads the JWT bundle and publishes it at the issuer's `jwks_uri` (with `use: sig`,
    /// as SPIRE's OIDC discovery provider does with `set_key_use`).
    pub fn publish_jwt_keys(&self) {
        let mut jwks: Value = serde_json::from_str(&self.jwt_bundle_jwks()).unwrap();
        for key in jwks["keys"].as_array_mut().unwrap() {
            key["use"] = json!("sig");
        }
        self.issuer.set_jwks(jwks);
    }

    /// Kills the agent and starts it again (it keeps its attested identity in its data dir).
    pub fn restart_agent(&mut self) {
        self.stop_agent();
        self.start_agent(None);
    }

    /// Kills the agent (SIGKILL): its socket file stays behind and refuses connections, as
    /// after a crash or during a restart.
    pub fn stop_agent(&mut self) {
        if let Some(mut agent) = self.agent.take() {
            agent.stop();
        }
    }

    /// Starts the agent (again) without waiting for it to be ready.
    pub fn spawn_agent(&mut self) {
        self.start_agent_process(None);
    }

    /// Both daemons' output, for failure messages.
    pub fn logs(&self) -> String {
        let agent = self
            .agent
            .as_ref()
            .map(Daemon::log_text)
            .unwrap_or_default();
        format!("{}\n{agent}", self.server.log_text())
    }

    fn start_agent(&mut self, join_token: Option<&str>) {
        let _ = std::fs::remove_file(&self.socket);
        self.start_agent_process(join_token);
        let deadline = Instant::now() + START_TIMEOUT;
        while !self.socket.exists() {
            if let Some(status) = self.agent.as_mut().and_then(Daemon::exited) {
                panic!("spire-agent exited ({status}):\n{}", self.logs());
            }
            assert!(
                Instant::now() < deadline,
                "agent socket missing:\n{}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn start_agent_process(&mut self, join_token: Option<&str>) {
        let mut cmd = Command::new(&self.agent_bin);
        cmd.arg("run")
            .arg("-config")
            .arg(self.dir.path().join("agent.conf"));
        if let Some(token) = join_token {
            cmd.arg("-joinToken").arg(token);
        }
        self.agent = Some(Daemon::spawn("spire-agent", cmd));
    }

    fn wait_for_server(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = self.server.exited() {
                panic!("spire-server exited ({status}):\n{}", self.logs());
            }
            let out = self.server_cli_raw(&["healthcheck"]);
            if out.status.success() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "spire-server not healthy:\n{}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn join_token(&self) -> String {
        let node = self.node_id();
        let out = self.server_cli(&["token", "generate", "-spiffeID", &node, "-ttl", "600"]);
        let text = String::from_utf8_lossy(&out.stdout);
        text.split_whitespace()
            .nth(1)
            .unwrap_or_else(|| panic!("no token in {text:?}"))
            .to_owned()
    }

    fn agent_config(&self) -> String {
        let d = self.dir.path();
        format!(
            r#"agent {{
  data_dir = "{data}"
  log_level = "DEBUG"
  server_address = "127.0.0.1"
  server_port = "{port}"
  socket_path = "{socket}"
  admin_socket_path = "{admin}"
  trust_bundle_path = "{bundle}"
  trust_domain = "{td}"
  experimental {{
    sync_interval = "1s"
  }}
}}
plugins {{
  NodeAttestor "join_token" {{
    plugin_data {{}}
  }}
  KeyManager "disk" {{
    plugin_data {{
      directory = "{data}"
    }}
  }}
  WorkloadAttestor "unix" {{
    plugin_data {{}}
  }}
}}
"#,
            data = d.join("agent-data").display(),
            port = self.server_port,
            socket = self.socket.display(),
            admin = d.join("private/admin.sock").display(),
            bundle = d.join("bootstrap.crt").display(),
            td = self.trust_domain,
        )
    }

    /// `spire-server <args> -socketPath …`, asserting success.
    fn server_cli(&self, args: &[&str]) -> Output {
        let out = self.server_cli_raw(args);
        assert!(
            out.status.success(),
            "spire-server {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn server_cli_raw(&self, args: &[&str]) -> Output {
        with_socket(&self.server_bin, args, &self.server_socket)
    }

    fn agent_cli(&self, args: &[&str]) -> Output {
        with_socket(&self.agent_bin, args, &self.socket)
    }
}

/// Runs a SPIRE CLI subcommand with `-socketPath` after the subcommand words.
fn with_socket(bin: &Path, args: &[&str], socket: &Path) -> Output {
    let words = args.iter().take_while(|a| !a.starts_with('-')).count();
    Command::new(bin)
        .args(&args[..words])
        .arg("-socketPath")
        .arg(socket)
        .args(&args[words..])
        .stdin(Stdio::null())
        .output()
        .expect("run SPIRE CLI")
}

fn server_config(
    dir: &Path,
    trust_domain: &str,
    jwt_issuer: &str,
    port: u16,
    socket: &Path,
) -> String {
    format!(
        r#"server {{
  bind_address = "127.0.0.1"
  bind_port = "{port}"
  socket_path = "{socket}"
  trust_domain = "{trust_domain}"
  data_dir = "{data}"
  log_level = "DEBUG"
  jwt_issuer = "{jwt_issuer}"
  experimental {{
    cache_reload_interval = "1s"
  }}
}}
plugins {{
  DataStore "sql" {{
    plugin_data {{
      database_type = "sqlite3"
      connection_string = "{data}/datastore.sqlite3"
    }}
  }}
  NodeAttestor "join_token" {{
    plugin_data {{}}
  }}
  KeyManager "memory" {{
    plugin_data = {{}}
  }}
}}
"#,
        socket = socket.display(),
        data = dir.join("server-data").display(),
    )
}
