//! Secret hygiene: every command, with `-v`, for every source (and with a token exchange after
//! some), scanning stdout and stderr for every secret handed in — the token, the Actions request
//! token, client secrets, the exchange client secret and the subject token. Only `get`'s stdout
//! may carry the one token it exists to print. The cache dir is scanned too: an entry holds the
//! token it caches and nothing else secret. Servers that echo the request (headers and body)
//! in their error answers must not make jwtcred show a secret either, in any encoding: plain,
//! form- or percent-encoded, JSON-escaped, or inside a Basic `Authorization` value.

use std::path::Path;

use serde_json::Value;

use crate::common::actions::{ActionsServer, REQUEST_TOKEN};
use crate::common::dex::DexServer;
use crate::common::hostile::HostileServer;
use crate::common::jwt::TestIssuer;
use crate::common::oidc::{BASIC_ID, BASIC_SECRET, OidcProvider, POST_ID, POST_SECRET};
use crate::common::secrets::{assert_no_leak, basic_encodings};
use crate::common::workload_api::WorkloadApiServer;
use crate::common::{TestEnv, assert_failure};

const EXCHANGE_CLIENT: &str = "jwtcred-ci";
const EXCHANGE_SECRET: &str = "hygiene-exchange-secret-Qm4v";
const CONNECTOR: &str = "ci";

/// One source configuration and everything secret it involves.
struct Scenario {
    env: TestEnv,
    vars: Vec<(String, String)>,
    /// The get options selecting the source (and exchange), as a user would pass them.
    args: Vec<String>,
    /// Secrets that may never show anywhere (the printed token is added once known).
    secrets: Vec<String>,
    _peers: Vec<Box<dyn std::any::Any>>,
}

impl Scenario {
    fn new() -> Self {
        Self {
            env: TestEnv::new(),
            vars: Vec::new(),
            args: Vec::new(),
            secrets: Vec::new(),
            _peers: Vec::new(),
        }
    }

    fn var(mut self, name: &str, value: &str) -> Self {
        self.vars.push((name.into(), value.into()));
        self
    }

    fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secrets.push(secret.into());
        self
    }

    fn keep(mut self, peer: impl std::any::Any) -> Self {
        self._peers.push(Box::new(peer));
        self
    }

    /// An RFC 8693 exchange at a Dex-like server trusting `upstream` for subject tokens.
    fn exchange(self, upstream: TestIssuer) -> Self {
        let dex = DexServer::builder()
            .client(EXCHANGE_CLIENT, EXCHANGE_SECRET)
            .connector(CONNECTOR, upstream)
            .start();
        let url = dex.token_url();
        self.var("JWTCRED_EXCHANGE_CLIENT_SECRET", EXCHANGE_SECRET)
            .args(&[
                "--exchange-url",
                &url,
                "--exchange-client-id",
                EXCHANGE_CLIENT,
            ])
            .args(&["--exchange-connector-id", CONNECTOR])
            .secret(EXCHANGE_SECRET)
            .keep(dex)
    }

    fn run(&self, extra: &[&str]) -> (String, String) {
        self.run_with(extra, &self.args)
    }

    /// `cache list` takes only the cache's own options, not the scenario's get options.
    fn run_with(&self, extra: &[&str], args: &[String]) -> (String, String) {
        let mut cmd = self.env.cmd();
        cmd.arg("-v").args(extra).args(args);
        for (name, value) in &self.vars {
            cmd.env(name, value);
        }
        let output = cmd.output().expect("run jwtcred");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        // HYGIENE_SHOW=1 prints what every command printed (with --nocapture), for review.
        if std::env::var_os("HYGIENE_SHOW").is_some() {
            eprintln!("=== jwtcred -v {extra:?}\n--- stdout\n{stdout}--- stderr\n{stderr}");
        }
        assert!(
            output.status.success(),
            "jwtcred {extra:?} {args:?} failed\n{stderr}"
        );
        (stdout, stderr)
    }

    /// Runs every command and scans all output; `subject` is the source's own token when an
    /// exchange replaces it (it must then never be printed).
    fn check_every_command(mut self) {
        let kubeconfig = self.env.path().join("kubeconfig");
        let kubeconfig = kubeconfig.to_str().unwrap().to_owned();

        // get: stdout carries exactly the token it prints.
        let (stdout, stderr) = self.run(&["get"]);
        let doc: Value = serde_json::from_str(&stdout).expect("ExecCredential JSON");
        let token = doc["status"]["token"].as_str().expect("token").to_owned();
        let others: Vec<String> = self
            .secrets
            .iter()
            .filter(|s| **s != token)
            .cloned()
            .collect();
        scan("get stdout", &stdout, &others);
        self.secrets.push(token.clone());
        scan("get stderr", &stderr, &self.secrets);

        for output in ["token", "json"] {
            let (stdout, stderr) = self.run(&["get", "--output", output]);
            if output == "token" {
                assert_eq!(stdout, format!("{token}\n"), "cached token reused");
            }
            scan(&format!("get -o {output} stdout"), &stdout, &others);
            scan(&format!("get -o {output} stderr"), &stderr, &self.secrets);
        }

        let commands: Vec<Vec<&str>> = vec![
            vec!["detect"],
            vec!["detect", "--output", "json"],
            vec!["inspect"],
            vec!["cache", "list"],
            vec!["cache", "list", "--output", "json"],
            vec![
                "kubeconfig",
                "--user",
                "ci",
                "--kubeconfig",
                &kubeconfig,
                "--dry-run",
            ],
            vec![
                "argocd-cluster",
                "--name",
                "prod",
                "--server",
                "https://k8s.example",
            ],
            vec![
                "argocd-cluster",
                "--name",
                "prod",
                "--server",
                "https://k8s.example",
                "--format",
                "json",
            ],
        ];
        for command in &commands {
            let (stdout, stderr) = if command.starts_with(&["cache", "list"]) {
                self.run_with(command, &[])
            } else {
                self.run(command)
            };
            scan(&format!("{command:?} stdout"), &stdout, &self.secrets);
            scan(&format!("{command:?} stderr"), &stderr, &self.secrets);
        }
        self.scan_cache_dir(&token);
        for command in [&["cache", "clear"][..], &["cache", "clear", "--all"]] {
            let (stdout, stderr) = self.run(command);
            scan(&format!("{command:?} stdout"), &stdout, &self.secrets);
            scan(&format!("{command:?} stderr"), &stderr, &self.secrets);
        }
    }

    /// Every file in the cache dir: the cached token may sit in its entry, nothing else may.
    fn scan_cache_dir(&self, token: &str) {
        let others: Vec<String> = self
            .secrets
            .iter()
            .filter(|s| *s != token)
            .cloned()
            .collect();
        for file in files_under(&self.env.cache_dir()) {
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
            scan(&format!("cache file {}", file.display()), &text, &others);
        }
    }
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

/// Fails when `text` holds any secret in any encoding ([`crate::common::secrets::find_leak`]), or (for JWTs) its
/// signature.
fn scan(what: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        let mut needles = vec![secret.as_str()];
        if let Some(signature) = secret.rsplit('.').next().filter(|s| s.len() >= 16)
            && secret.split('.').count() == 3
        {
            needles.push(signature);
        }
        assert_no_leak(what, text, &needles, text);
    }
}

fn actions() -> Scenario {
    let server = ActionsServer::start();
    let s = Scenario::new();
    let [url, token] = server.env();
    s.var(url.0, &url.1)
        .var(token.0, &token.1)
        .args(&["--source", "actions", "--audience", "hygiene"])
        .secret(REQUEST_TOKEN)
        .keep(server)
}

fn spiffe() -> (Scenario, TestIssuer) {
    let agent = WorkloadApiServer::start();
    let issuer = agent.issuer().clone();
    let socket = agent.endpoint().to_owned();
    let s = Scenario::new()
        .args(&[
            "--source",
            "spiffe",
            "--spiffe-socket",
            &socket,
            "--audience",
            "hygiene",
        ])
        .keep(agent);
    (s, issuer)
}

fn subject_token(issuer: &TestIssuer) -> String {
    issuer.mint_for("ci-job", "dex", 600)
}

#[test]
fn actions_source() {
    actions().check_every_command();
}

#[test]
fn actions_source_with_exchange() {
    let server = ActionsServer::start();
    let issuer = server.issuer().clone();
    let [url, token] = server.env();
    Scenario::new()
        .var(url.0, &url.1)
        .var(token.0, &token.1)
        .args(&["--source", "actions"])
        .secret(REQUEST_TOKEN)
        .keep(server)
        .exchange(issuer)
        .check_every_command();
}

#[test]
fn spiffe_source() {
    spiffe().0.check_every_command();
}

#[test]
fn spiffe_source_with_exchange() {
    let (s, issuer) = spiffe();
    s.exchange(issuer).check_every_command();
}

#[test]
fn file_source() {
    let token = subject_token(&TestIssuer::new("https://ci.example"));
    let s = Scenario::new();
    let path = s.env.write("token", format!("{token}\n"));
    s.args(&["--source", "file", "--token-file", path.to_str().unwrap()])
        .secret(token)
        .check_every_command();
}

#[test]
fn file_source_with_exchange() {
    let upstream = TestIssuer::new("https://ci.example");
    let subject = subject_token(&upstream);
    let s = Scenario::new();
    let path = s.env.write("token", &subject);
    s.args(&["--source", "file", "--token-file", path.to_str().unwrap()])
        .secret(subject)
        .exchange(upstream)
        .check_every_command();
}

#[test]
fn env_source() {
    let token = subject_token(&TestIssuer::new("https://gitlab.example"));
    Scenario::new()
        .var("CI_JOB_JWT_HYGIENE", &token)
        .args(&["--source", "env", "--token-env", "CI_JOB_JWT_HYGIENE"])
        .secret(token)
        .check_every_command();
}

#[test]
fn env_source_with_exchange() {
    let upstream = TestIssuer::new("https://gitlab.example");
    let subject = subject_token(&upstream);
    Scenario::new()
        .var("CI_JOB_JWT_HYGIENE", &subject)
        .args(&["--source", "env", "--token-env", "CI_JOB_JWT_HYGIENE"])
        .secret(subject)
        .exchange(upstream)
        .check_every_command();
}

#[test]
fn client_credentials_source_basic_secret_in_env() {
    let Some(op) = OidcProvider::start() else {
        return;
    };
    let issuer = op.issuer.clone();
    Scenario::new()
        .var("JWTCRED_CLIENT_SECRET", BASIC_SECRET)
        .args(&["--source", "client-credentials", "--issuer", &issuer])
        .args(&[
            "--client-id",
            BASIC_ID,
            "--resource",
            "https://kubernetes.example",
        ])
        .secret(BASIC_SECRET)
        .keep(op)
        .check_every_command();
}

#[test]
fn client_credentials_source_post_secret_in_file() {
    let Some(op) = OidcProvider::start() else {
        return;
    };
    let token_url = op.token_endpoint.clone();
    let s = Scenario::new();
    let secret_file = s.env.write("client-secret", format!("{POST_SECRET}\n"));
    s.args(&["--source", "client-credentials", "--token-url", &token_url])
        .args(&["--client-id", POST_ID, "--auth-method", "post"])
        .args(&["--client-secret-file", secret_file.to_str().unwrap()])
        .args(&["--resource", "https://kubernetes.example"])
        .secret(POST_SECRET)
        .keep(op)
        .check_every_command();
}

/// An inline `--client-secret` works for `get` (with a warning) but is never written into a
/// kubeconfig or an Argo CD Secret, and the refusal does not repeat it.
#[test]
fn inline_client_secret_is_refused_by_the_generators() {
    const INLINE: &str = "inline-client-secret-Zk3p";
    let env = TestEnv::new();
    let kubeconfig = env.path().join("kubeconfig");
    let generators: [Vec<&str>; 2] = [
        vec![
            "kubeconfig",
            "--user",
            "ci",
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--dry-run",
        ],
        vec![
            "argocd-cluster",
            "--name",
            "prod",
            "--server",
            "https://k8s.example",
        ],
    ];
    for generator in generators {
        let output = env
            .cmd()
            .arg("-v")
            .args(&generator)
            .args([
                "--source",
                "client-credentials",
                "--token-url",
                "https://idp.example/token",
            ])
            .args(["--client-id", "c", "--client-secret", INLINE])
            .output()
            .unwrap();
        // Refused as bad content (exit 1), the secret in no encoding.
        let stderr = assert_failure(&output, 1, &[INLINE]);
        scan(&format!("{generator:?}"), &stderr, &[INLINE.to_owned()]);
    }
    assert!(!kubeconfig.exists());
}

/// The raw parsed flags derive `Debug`; a secret given on the command line is a `Secret` from
/// the moment clap parses it, so even `{:?}` of them never shows it.
#[test]
fn parsed_flags_never_hold_a_secret_in_clear() {
    use clap::Parser;
    const INLINE: &str = "argv-client-secret-Lp8d";
    let cli = jwtcred::cli::Cli::try_parse_from([
        "jwtcred",
        "--source",
        "client-credentials",
        "--client-secret",
        INLINE,
    ])
    .unwrap();
    let shown = format!("{cli:?} {cli:#?}");
    assert!(shown.contains("<redacted, 23 chars>"), "{shown}");
    assert!(!shown.contains(INLINE), "{shown}");
}

/// A client secret with every character an encoding changes: space, `+`, `/`, `:`, `%`, `&`,
/// `=`, a quote and a non-ASCII letter.
const AWKWARD_SECRET: &str = "echo s3cr+t/with:%&=\"é-Zq8";
const ECHO_CLIENT: &str = "echo-client:id";

/// Runs a command that must fail against an echoing server and scans stdout and stderr for
/// every encoding of every secret, and for the Basic `Authorization` values.
fn assert_echo_leaks_nothing(cmd: &mut assert_cmd::Command, secrets: &[String], basic: &[String]) {
    let output = cmd.output().expect("run jwtcred");
    let plain: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let stderr = assert_failure(&output, 1, &plain);
    if std::env::var_os("HYGIENE_SHOW").is_some() {
        eprintln!("--- stderr\n{stderr}");
    }
    assert!(
        stderr.contains("answered HTTP"),
        "the server's answer is reported: {stderr}"
    );
    scan("stderr", &stderr, secrets);
    for value in basic {
        assert!(
            !stderr.contains(value.as_str()),
            "stderr shows the Basic value {value:?}:\n{stderr}"
        );
    }
}

fn echo_servers() -> [HostileServer; 3] {
    [
        HostileServer::echo_json(401),
        HostileServer::echo_text(400),
        HostileServer::echo_json(503),
    ]
}

#[test]
fn client_credentials_basic_echoed_by_the_server() {
    for server in echo_servers() {
        let env = TestEnv::new();
        assert_echo_leaks_nothing(
            env.cmd()
                .env("JWTCRED_CLIENT_SECRET", AWKWARD_SECRET)
                .args(["-v", "--source", "client-credentials", "--cache", "none"])
                .args(["--timeout", "2s", "--client-id", ECHO_CLIENT])
                .args(["--token-url", &server.url("/token")]),
            &[AWKWARD_SECRET.to_owned()],
            &basic_encodings(ECHO_CLIENT, AWKWARD_SECRET),
        );
    }
}

#[test]
fn client_credentials_post_echoed_by_the_server() {
    for server in echo_servers() {
        let env = TestEnv::new();
        let secret_file = env.write("secret", AWKWARD_SECRET);
        assert_echo_leaks_nothing(
            env.cmd()
                .args(["-v", "--source", "client-credentials", "--cache", "none"])
                .args(["--timeout", "2s", "--client-id", ECHO_CLIENT])
                .args(["--auth-method", "post", "--client-secret-file"])
                .arg(&secret_file)
                .args(["--token-url", &server.url("/token")]),
            &[AWKWARD_SECRET.to_owned()],
            &[],
        );
    }
}

#[test]
fn query_values_of_the_token_url_echoed_by_the_server() {
    let code = "query-code-Hx81-secret";
    for server in echo_servers() {
        let env = TestEnv::new();
        let url = server.url(&format!("/token?code={code}&tenant=acme-corp-tenant"));
        let output = env
            .cmd()
            .env("JWTCRED_CLIENT_SECRET", AWKWARD_SECRET)
            .args(["-v", "--source", "client-credentials", "--cache", "none"])
            .args(["--timeout", "2s", "--client-id", ECHO_CLIENT])
            .args(["--token-url", &url])
            .output()
            .unwrap();
        let stderr = assert_failure(&output, 1, &[code, "acme-corp-tenant", AWKWARD_SECRET]);
        scan(
            "stderr",
            &stderr,
            &[code.to_owned(), AWKWARD_SECRET.to_owned()],
        );
        assert!(
            stderr.contains("/token?code=<redacted>&tenant=<redacted>"),
            "-v shows the URL redacted: {stderr}"
        );
    }
}

#[test]
fn exchange_echoed_by_the_server() {
    let issuer = TestIssuer::new("https://ci.example");
    let subject = subject_token(&issuer);
    for server in echo_servers() {
        let env = TestEnv::new();
        let token_file = env.write("token", &subject);
        assert_echo_leaks_nothing(
            env.cmd()
                .env("JWTCRED_EXCHANGE_CLIENT_SECRET", AWKWARD_SECRET)
                .args([
                    "-v",
                    "--source",
                    "file",
                    "--cache",
                    "none",
                    "--timeout",
                    "2s",
                ])
                .arg("--token-file")
                .arg(&token_file)
                .args(["--exchange-url", &server.url("/token")])
                .args(["--exchange-client-id", ECHO_CLIENT]),
            &[AWKWARD_SECRET.to_owned(), subject.clone()],
            &basic_encodings(ECHO_CLIENT, AWKWARD_SECRET),
        );
    }
}

#[test]
fn actions_request_token_echoed_by_the_server() {
    for server in echo_servers() {
        let env = TestEnv::new();
        assert_echo_leaks_nothing(
            env.cmd()
                .env("ACTIONS_ID_TOKEN_REQUEST_URL", server.actions_url())
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN)
                .args([
                    "-v",
                    "--source",
                    "actions",
                    "--cache",
                    "none",
                    "--timeout",
                    "2s",
                ]),
            &[REQUEST_TOKEN.to_owned()],
            &[],
        );
    }
}

/// A URL with userinfo is refused before anything is sent, and shown redacted.
#[test]
fn userinfo_in_a_url_is_refused_and_never_sent() {
    let server = HostileServer::echo_json(401);
    let base = server
        .base
        .replace("http://", "http://url-user:url-password-Vb3@");
    for flag in ["--token-url", "--issuer"] {
        let env = TestEnv::new();
        let output = env
            .cmd()
            .env("JWTCRED_CLIENT_SECRET", AWKWARD_SECRET)
            .args(["-v", "--source", "client-credentials", "--cache", "none"])
            .args([
                "--client-id",
                ECHO_CLIENT,
                flag,
                &format!("{base}/token?code=abcdefgh123"),
            ])
            .output()
            .unwrap();
        let stderr = assert_failure(&output, 1, &["url-password-Vb3", "url-user", "abcdefgh123"]);
        assert!(stderr.contains("http://<redacted>@127.0.0.1"), "{stderr}");
        assert!(stderr.contains("code=<redacted>"), "{stderr}");
    }
    assert_eq!(
        server.requests(),
        0,
        "nothing may be sent to a URL with userinfo"
    );
}

/// `detect` shows configured URLs redacted.
#[test]
fn detect_shows_urls_redacted() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args(["detect", "--client-id", "c"])
        .args([
            "--token-url",
            "https://u:detect-pw-Lk2@idp.example/token?code=detect-code-77",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let all = format!("{stdout}{stderr}");
    assert!(
        !all.contains("detect-pw-Lk2") && !all.contains("detect-code-77"),
        "{all}"
    );
    assert!(
        all.contains("https://<redacted>@idp.example/token?code=<redacted>"),
        "{all}"
    );
}

/// A token pasted as a stray argument is not echoed by the usage error.
#[test]
fn stray_token_arguments_are_not_echoed() {
    let issuer = TestIssuer::new("https://stray.example");
    let token = issuer.mint_for("stray", "k8s", 600);
    let env = TestEnv::new();
    for args in [
        vec!["inspect", token.as_str(), token.as_str()],
        vec![token.as_str()],
        vec!["get", "not-a-jwt-but-a-secret-Pq7"],
        vec!["--source", token.as_str()],
    ] {
        let output = env.cmd().args(&args).output().unwrap();
        let stderr = assert_failure(&output, 2, &[&token, "not-a-jwt-but-a-secret-Pq7"]);
        scan(
            "usage error",
            &stderr,
            &[token.clone(), "not-a-jwt-but-a-secret-Pq7".to_owned()],
        );
    }
}
