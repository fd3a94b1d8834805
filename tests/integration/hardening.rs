//! The bad-input matrix: one row per hostile server, malformed token, odd file, bad environment
//! or conflicting flag, one `#[test]` per row. Every row runs with `-v` and asserts its exit
//! code (contract: 1 bad content, 2 usage, 3 no source), EMPTY stdout, `jwtcred: error:` plus a
//! `hint:` line on stderr, completion within its time bound, and that no secret it handed in
//! (token, Actions request token, client secret, exchange secret) shows in stdout or stderr.
//! Rows that must succeed sit in the same table and assert success instead.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::actions::{ActionsServer, REQUEST_TOKEN};
use crate::common::dex::{DexServer, Forced};
use crate::common::hostile::{HostileServer, RedirectPair, RefusedPort};
use crate::common::jwt::{TestIssuer, b64url, merge_claims, now};
use crate::common::secrets::assert_no_leak;
use crate::common::workload_api::WorkloadApiServer;
use crate::common::{TestEnv, assert_failure, assert_failure_shown};

const CLIENT_SECRET: &str = "matrix-client-secret-5Xq9";
const EXCHANGE_SECRET: &str = "matrix-exchange-secret-7Hw2";
/// Bound for rows that do no network waiting or wait out a 2 s `--timeout`: twice that plus
/// start-up, for a slow, loaded 2-core machine.
const QUICK: Duration = Duration::from_secs(5);

/// A success row's own checks, given stdout's JSON and the row (its env, args and vars).
type SuccessCheck = Box<dyn FnOnce(&Value, &Case)>;

enum Expect {
    /// Exit code, and words stderr must contain.
    Fail(i32, Vec<&'static str>),
    /// Exit 0 with an ExecCredential; the check gets stdout's JSON and the row.
    Succeed(SuccessCheck),
}

/// One row: the command, what it must do, and what it must never show.
struct Case {
    env: TestEnv,
    args: Vec<OsString>,
    vars: Vec<(String, OsString)>,
    expect: Expect,
    within: Duration,
    secrets: Vec<String>,
    /// Text stderr must never contain (raw control characters, an uncut tail).
    never: Vec<String>,
    /// Runs after the command: checks on what the peers saw.
    after: Option<Box<dyn FnOnce()>>,
    /// Peers that must live until the row is done.
    _peers: Vec<Box<dyn std::any::Any>>,
}

impl Case {
    fn new(expect: Expect) -> Self {
        Self {
            env: TestEnv::new(),
            args: Vec::new(),
            vars: Vec::new(),
            expect,
            within: QUICK,
            secrets: Vec::new(),
            never: Vec::new(),
            after: None,
            _peers: Vec::new(),
        }
    }

    fn fail(exit: i32, words: &[&'static str]) -> Self {
        Self::new(Expect::Fail(exit, words.to_vec()))
    }

    fn succeed(check: impl FnOnce(&Value, &Case) + 'static) -> Self {
        Self::new(Expect::Succeed(Box::new(check)))
    }

    fn args<S: Into<OsString>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    fn var(mut self, name: &str, value: impl Into<OsString>) -> Self {
        self.vars.push((name.to_owned(), value.into()));
        self
    }

    fn within(mut self, bound: Duration) -> Self {
        self.within = bound;
        self
    }

    fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secrets.push(secret.into());
        self
    }

    fn never(mut self, text: impl Into<String>) -> Self {
        self.never.push(text.into());
        self
    }

    fn keep(mut self, peer: impl std::any::Any) -> Self {
        self._peers.push(Box::new(peer));
        self
    }

    fn after(mut self, check: impl FnOnce() + 'static) -> Self {
        self.after = Some(Box::new(check));
        self
    }

    /// `--source actions` against `server`, uncached unless the row says otherwise.
    fn actions(self, server: ActionsServer) -> Self {
        let [url, token] = server.env();
        self.var(url.0, url.1)
            .var(token.0, token.1)
            .args(["--source", "actions"])
            .secret(REQUEST_TOKEN)
            .keep(server)
    }

    /// `--source actions` against a URL where no real Actions server is.
    fn actions_url(self, url: String) -> Self {
        self.var("ACTIONS_ID_TOKEN_REQUEST_URL", url)
            .var("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN)
            .args(["--source", "actions", "--cache", "none"])
            .secret(REQUEST_TOKEN)
    }

    /// `--source client-credentials` with a token URL and the secret in the environment.
    fn client_credentials(self, token_url: &str) -> Self {
        self.var("JWTCRED_CLIENT_SECRET", CLIENT_SECRET)
            .args(["--source", "client-credentials", "--cache", "none"])
            .args(["--client-id", "matrix-client", "--token-url", token_url])
            .secret(CLIENT_SECRET)
    }

    /// `--source file` reading `contents` from a token file.
    fn token_file(self, contents: impl AsRef<[u8]>) -> Self {
        let path = self.env.write("token", contents);
        self.file_source(path)
    }

    fn file_source(self, path: PathBuf) -> Self {
        self.args(["--source", "file", "--token-file"]).args([path])
    }

    /// An Actions server whose answer is `{"value": token}`: a source handing out `token`.
    fn actions_returning(self, token: &str) -> Self {
        let body = json!({ "value": token }).to_string();
        self.actions(ActionsServer::builder().respond_with(200, body).start())
            .args(["--cache", "none"])
            .secret(token)
    }

    fn run(mut self, name: &str) {
        let mut cmd = self.env.cmd();
        cmd.arg("-v").args(&self.args);
        for (name, value) in &self.vars {
            cmd.env(name, value);
        }
        let started = Instant::now();
        let output = cmd.output().expect("run jwtcred");
        let took = started.elapsed();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let shown = format!(
            "[{name}] exit {:?} after {took:?}\n--- stdout\n{stdout}--- stderr\n{stderr}",
            output.status.code()
        );
        // MATRIX_SHOW=1 prints every row's output (with --nocapture), for reviewing messages.
        if std::env::var_os("MATRIX_SHOW").is_some() {
            eprintln!("{shown}");
        }
        assert!(
            took <= self.within,
            "took longer than {:?}\n{shown}",
            self.within
        );
        let expect = std::mem::replace(&mut self.expect, Expect::Fail(0, vec![]));
        match expect {
            Expect::Fail(code, words) => {
                assert_failure_shown(&output, code, &scanned(&self.secrets), &shown);
                for word in words {
                    assert!(stderr.contains(word), "stderr lacks {word:?}\n{shown}");
                }
                for text in &self.never {
                    assert!(
                        !stderr.contains(text.as_str()),
                        "stderr shows {text:?}\n{shown}"
                    );
                }
            }
            Expect::Succeed(check) => {
                assert!(output.status.success(), "must succeed\n{shown}");
                assert!(!stderr.contains("jwtcred: error"), "{shown}");
                let doc: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
                assert_eq!(doc["kind"], "ExecCredential", "{shown}");
                let token = doc["status"]["token"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                // get's stdout carries the token by design; nothing else may, and stderr never.
                let others: Vec<String> = self
                    .secrets
                    .iter()
                    .filter(|s| **s != token)
                    .cloned()
                    .collect();
                assert_no_secrets(&others, &stdout, &stderr, &shown);
                assert_no_secrets(&self.secrets, "", &stderr, &shown);
                check(&doc, &self);
            }
        }
        if let Some(after) = self.after.take() {
            after();
        }
    }
}

/// The secrets worth scanning for: a row's short values (a `x.y.z` token) would match by chance.
fn scanned(secrets: &[String]) -> Vec<&str> {
    secrets
        .iter()
        .map(String::as_str)
        .filter(|s| s.len() >= 8)
        .collect()
}

fn assert_no_secrets(secrets: &[String], stdout: &str, stderr: &str, shown: &str) {
    let secrets = scanned(secrets);
    assert_no_leak("stdout", stdout, &secrets, shown);
    assert_no_leak("stderr", stderr, &secrets, shown);
}

/// A signed token whose claims are the usual ones with `tweak` merged over them.
fn token_with(tweak: Value) -> String {
    let issuer = TestIssuer::new("https://matrix.example");
    let mut claims = issuer.claims_for("matrix", json!("k8s"), 600);
    merge_claims(&mut claims, &tweak);
    issuer.mint(claims)
}

fn good_token() -> String {
    token_with(json!({}))
}

fn cache_entries(env: &TestEnv) -> Vec<String> {
    std::fs::read_dir(env.cache_dir())
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default()
}

macro_rules! matrix {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                rows::$name().run(stringify!($name));
            }
        )*

        const ROWS: &[&str] = &[$(stringify!($name)),*];
    };
}

matrix! {
    // URLs and transport
    invalid_url,
    http_to_non_loopback_token_url,
    http_to_non_loopback_actions_url,
    unsupported_url_scheme,
    connection_refused,
    server_never_answers,
    server_dribbles_its_body,
    ten_megabyte_response,
    cross_origin_redirect_keeps_bearer_token,
    cross_origin_307_redirect_keeps_client_secret,
    tls_unknown_ca,
    tls_unknown_ca_accepted_with_ca_file,
    ca_file_missing,
    ca_file_not_pem_is_not_quoted,
    url_with_userinfo_is_refused,
    url_query_values_are_redacted,
    redirect_loop_is_named_a_loop,
    // upstream answers
    actions_401_echoing_the_request_token,
    actions_503_echoing_the_request_token,
    actions_answer_not_json,
    actions_answer_without_value,
    exchange_invalid_client,
    exchange_answer_not_json,
    error_description_with_terminal_escapes,
    error_body_text_with_terminal_escapes,
    error_description_is_cut_short,
    expires_in_zero_is_an_error,
    // tokens that are not usable JWTs
    jwt_bad_base64,
    jwt_header_not_json,
    jwt_payload_not_json,
    jwt_two_parts,
    jwt_exp_not_numeric,
    jwt_exp_negative,
    jwt_exp_beyond_year_9999,
    jwt_expired,
    jwt_nbf_more_than_a_minute_ahead,
    jwt_without_exp_succeeds_uncached,
    opaque_token_from_a_file,
    // token files
    token_file_is_a_directory,
    token_file_is_empty,
    token_file_is_huge,
    token_file_is_not_utf8,
    token_file_is_missing,
    // environment
    exec_info_unknown_api_version,
    exec_info_junk,
    exec_info_long_values_are_cut_and_never_echoed_by_the_parser,
    exec_info_kind_with_terminal_escapes,
    exec_credential_version_v2,
    exec_credential_version_long,
    // usage errors
    conflicting_token_url_and_issuer,
    conflicting_client_secret_flags,
    conflicting_exchange_url_and_issuer,
    output_format_outside_the_set,
    malformed_duration,
    unknown_flag,
    // no source
    nothing_configured,
    actions_without_its_variables,
    // cache
    cache_dir_world_writable,
    cache_dir_uncreatable_works_uncached,
    // SPIFFE
    spiffe_socket_is_a_regular_file,
    spiffe_socket_missing,
    spiffe_no_identity_issued,
    spiffe_tcp_off_loopback_is_refused,
    spiffe_env_tcp_off_loopback_is_refused,
    spiffe_tcp_to_loopback_is_tried,
    // files
    kubeconfig_parse_error_shows_no_content,
}

#[test]
fn matrix_has_at_least_25_rows() {
    assert!(ROWS.len() >= 25, "{} rows", ROWS.len());
}

mod rows {
    use super::*;

    pub fn invalid_url() -> Case {
        Case::fail(1, &["is not a valid URL"])
            .client_credentials("https://exa mple.com:99999/token")
    }

    pub fn http_to_non_loopback_token_url() -> Case {
        Case::fail(1, &["plain http", "non-loopback"])
            .client_credentials("http://idp.example.com/token")
    }

    pub fn http_to_non_loopback_actions_url() -> Case {
        Case::fail(1, &["plain http"])
            .actions_url("http://actions.example.com/_apis/idtoken?api-version=2.0".into())
    }

    pub fn unsupported_url_scheme() -> Case {
        Case::fail(1, &["unsupported scheme", "hint: use an https:// URL"])
            .client_credentials("ftp://127.0.0.1/token")
    }

    pub fn connection_refused() -> Case {
        let refused = RefusedPort::new();
        Case::fail(
            1,
            &[
                "could not connect",
                "hint: check that the endpoint is reachable",
            ],
        )
        .actions_url(format!("{}/_apis/idtoken?api-version=2.0", refused.base()))
        .args(["--timeout", "2s"])
        .keep(refused)
    }

    pub fn server_never_answers() -> Case {
        let server = HostileServer::silent();
        Case::fail(1, &["did not answer within 2s"])
            .actions_url(server.actions_url())
            .args(["--timeout", "2s"])
            .keep(server)
    }

    pub fn server_dribbles_its_body() -> Case {
        let server = HostileServer::dribble();
        Case::fail(1, &["did not answer within 2s"])
            .actions_url(server.actions_url())
            .args(["--timeout", "2s"])
            .keep(server)
    }

    pub fn ten_megabyte_response() -> Case {
        let server = HostileServer::huge_body();
        Case::fail(1, &["more than 1024 KiB"])
            .actions_url(server.actions_url())
            .within(Duration::from_secs(15))
            .keep(server)
    }

    pub fn cross_origin_redirect_keeps_bearer_token() -> Case {
        let pair = std::sync::Arc::new(RedirectPair::start());
        let seen = std::sync::Arc::clone(&pair);
        Case::fail(1, &["another origin"])
            .actions_url(pair.first_url("/_apis/idtoken?api-version=2.0"))
            .after(move || {
                assert_eq!(seen.first_requests(), 1);
                assert!(
                    !seen.second_saw_authorization(),
                    "the bearer token followed"
                );
                assert!(!seen.second_saw_secret(REQUEST_TOKEN));
            })
            .keep(pair)
    }

    pub fn cross_origin_307_redirect_keeps_client_secret() -> Case {
        let pair = std::sync::Arc::new(RedirectPair::start_with_status(307));
        let seen = std::sync::Arc::clone(&pair);
        Case::fail(1, &["another origin"])
            .client_credentials(&pair.first_url("/token"))
            .args(["--auth-method", "post"])
            .after(move || {
                assert!(
                    !seen.second_saw_secret(CLIENT_SECRET),
                    "the client secret followed"
                );
                assert!(!seen.second_saw_authorization());
            })
            .keep(pair)
    }

    pub fn tls_unknown_ca() -> Case {
        let server = ActionsServer::builder().start_https();
        Case::fail(1, &["certificate is not trusted", "hint: trust the CA"])
            .actions(server)
            .args(["--cache", "none"])
    }

    pub fn tls_unknown_ca_accepted_with_ca_file() -> Case {
        let server = ActionsServer::builder().start_https();
        let ca = server.ca_path();
        Case::succeed(|doc, _| {
            assert!(doc["status"]["expirationTimestamp"].is_string());
        })
        .actions(server)
        .args(["--cache", "none", "--ca-file"])
        .args([ca])
    }

    pub fn ca_file_missing() -> Case {
        let server = ActionsServer::builder().start_https();
        Case::fail(1, &["--ca-file"]).actions(server).args([
            "--cache",
            "none",
            "--ca-file",
            "/nonexistent/ca.pem",
        ])
    }

    pub fn actions_401_echoing_the_request_token() -> Case {
        let body = json!({"message": format!("Bad credentials: {REQUEST_TOKEN}")}).to_string();
        Case::fail(1, &["HTTP 401", "Bad credentials", "id-token: write"])
            .actions(ActionsServer::builder().respond_with(401, body).start())
            .args(["--cache", "none"])
    }

    pub fn actions_503_echoing_the_request_token() -> Case {
        let body = format!("upstream failed for Authorization: Bearer {REQUEST_TOKEN}");
        Case::fail(
            1,
            &["HTTP 503", "gave up after", "hint: the server kept failing"],
        )
        .actions(ActionsServer::builder().respond_with(503, body).start())
        .args(["--cache", "none", "--timeout", "2s"])
    }

    pub fn actions_answer_not_json() -> Case {
        Case::fail(1, &["not JSON"])
            .actions(
                ActionsServer::builder()
                    .respond_with(200, "<html>login</html>")
                    .start(),
            )
            .args(["--cache", "none"])
    }

    pub fn actions_answer_without_value() -> Case {
        Case::fail(1, &["without a `value`"])
            .actions(
                ActionsServer::builder()
                    .respond_with(200, r#"{"count":0}"#)
                    .start(),
            )
            .args(["--cache", "none"])
    }

    fn exchange(case: Case, forced: Forced) -> Case {
        let upstream = TestIssuer::new("https://ci.example");
        let dex = DexServer::builder()
            .client("jwtcred-ci", EXCHANGE_SECRET)
            .connector("ci", upstream.clone())
            .force(forced)
            .start();
        let subject = upstream.mint_for("ci-job", "dex", 300);
        case.token_file(&subject)
            .var("JWTCRED_EXCHANGE_CLIENT_SECRET", EXCHANGE_SECRET)
            .args(["--exchange-url", &dex.token_url()])
            .args([
                "--exchange-client-id",
                "jwtcred-ci",
                "--exchange-connector-id",
                "ci",
            ])
            .secret(subject)
            .secret(EXCHANGE_SECRET)
            .keep(dex)
    }

    pub fn exchange_invalid_client() -> Case {
        exchange(
            Case::fail(1, &["invalid_client"]),
            Forced::Error(401, "invalid_client"),
        )
    }

    pub fn exchange_answer_not_json() -> Case {
        exchange(Case::fail(1, &["not a JSON object"]), Forced::NonJson)
    }

    pub fn jwt_bad_base64() -> Case {
        let token = format!(
            "{}.@@not*base64@@.c2lnbmF0dXJl",
            b64url(r#"{"alg":"RS256"}"#)
        );
        Case::fail(1, &["not valid base64url"]).actions_returning(&token)
    }

    pub fn jwt_header_not_json() -> Case {
        let token = format!(
            "{}.{}.c2lnbmF0dXJl",
            b64url("RS256 please"),
            b64url(r#"{"sub":"x"}"#)
        );
        Case::fail(1, &["header is not a JSON object"]).actions_returning(&token)
    }

    pub fn jwt_payload_not_json() -> Case {
        let token = format!(
            "{}.{}.c2lnbmF0dXJl",
            b64url(r#"{"alg":"RS256"}"#),
            b64url("sub=x;exp=1")
        );
        Case::fail(1, &["payload is not a JSON object"]).actions_returning(&token)
    }

    pub fn jwt_two_parts() -> Case {
        let token = format!(
            "{}.{}",
            b64url(r#"{"alg":"RS256"}"#),
            b64url(r#"{"sub":"two-part-token"}"#)
        );
        Case::fail(1, &["expected 3 dot-separated parts"]).actions_returning(&token)
    }

    pub fn jwt_exp_not_numeric() -> Case {
        let token = token_with(json!({"exp": "tomorrow"}));
        Case::fail(1, &["`exp` claim is not a number"]).actions_returning(&token)
    }

    pub fn jwt_exp_negative() -> Case {
        let token = token_with(json!({"exp": -3600}));
        Case::fail(1, &["`exp` claim is negative"]).actions_returning(&token)
    }

    pub fn jwt_exp_beyond_year_9999() -> Case {
        let token = token_with(json!({"exp": 253_402_300_800i64}));
        Case::fail(1, &["beyond the year 9999"]).actions_returning(&token)
    }

    pub fn jwt_expired() -> Case {
        let token = token_with(json!({"iat": now() - 700, "nbf": now() - 700, "exp": now() - 100}));
        Case::fail(1, &["expired"]).actions_returning(&token)
    }

    pub fn jwt_nbf_more_than_a_minute_ahead() -> Case {
        let token = token_with(json!({"nbf": now() + 120}));
        Case::fail(1, &["not valid before"]).actions_returning(&token)
    }

    /// Printed without expirationTimestamp and never cached: a second call asks again.
    pub fn jwt_without_exp_succeeds_uncached() -> Case {
        let server = std::sync::Arc::new(
            ActionsServer::builder()
                .extra_claims(json!({"exp": null}))
                .start(),
        );
        let counted = std::sync::Arc::clone(&server);
        let [url, token] = server.env();
        Case::succeed(move |doc, case| {
            assert!(doc["status"].get("expirationTimestamp").is_none(), "{doc}");
            assert!(
                cache_entries(&case.env).is_empty(),
                "a token without exp was cached"
            );
            let again = case
                .env
                .cmd()
                .args(&case.args)
                .envs(case.vars.iter().map(|(k, v)| (k, v)))
                .output()
                .unwrap();
            assert!(again.status.success());
            assert_eq!(counted.requests(), 2, "the second call must fetch again");
            assert!(cache_entries(&case.env).is_empty());
        })
        .var(url.0, url.1)
        .var(token.0, token.1)
        .args(["--source", "actions", "--cache", "file"])
        .secret(REQUEST_TOKEN)
        .keep(server)
    }

    pub fn opaque_token_from_a_file() -> Case {
        Case::fail(1, &["did not return a usable token"])
            .token_file("opaque-access-token-3f9a8b7c6d5e")
            .secret("opaque-access-token-3f9a8b7c6d5e")
    }

    pub fn token_file_is_a_directory() -> Case {
        let case = Case::fail(1, &["is a directory"]);
        let dir = case.env.path().join("tokendir");
        std::fs::create_dir(&dir).unwrap();
        case.file_source(dir)
    }

    pub fn token_file_is_empty() -> Case {
        Case::fail(1, &["it is empty"]).token_file("  \n")
    }

    pub fn token_file_is_huge() -> Case {
        let token = good_token();
        let mut contents = token.clone().into_bytes();
        contents.resize(2 * 1024 * 1024, b'A');
        Case::fail(1, &["larger than 256 KiB"])
            .token_file(contents)
            .secret(token)
    }

    pub fn token_file_is_not_utf8() -> Case {
        let token = good_token();
        let mut contents = token.clone().into_bytes();
        contents.extend_from_slice(b"\xff\xfe\n");
        Case::fail(1, &["not UTF-8"])
            .token_file(contents)
            .secret(token)
    }

    pub fn token_file_is_missing() -> Case {
        Case::fail(1, &["reading the token file"]).file_source("/nonexistent/token".into())
    }

    pub fn exec_info_unknown_api_version() -> Case {
        let token = good_token();
        Case::fail(1, &["unknown apiVersion", "hint: kubectl/client-go sets"])
            .token_file(&token)
            .secret(token)
            .var("KUBERNETES_EXEC_INFO", r#"{"apiVersion":"client.authentication.k8s.io/v2","kind":"ExecCredential","spec":{}}"#)
    }

    pub fn exec_info_junk() -> Case {
        let token = good_token();
        Case::fail(
            1,
            &[
                "KUBERNETES_EXEC_INFO is not a valid",
                "hint: kubectl/client-go sets",
            ],
        )
        .token_file(&token)
        .secret(token)
        .var("KUBERNETES_EXEC_INFO", "{not json at all")
    }

    /// The variable's values outside the set are named cut short; a value of the wrong type is
    /// never quoted by serde's wording, only placed by line and column.
    pub fn exec_info_long_values_are_cut_and_never_echoed_by_the_parser() -> Case {
        let token = good_token();
        let long = format!("{}TAIL-MARK", "v".repeat(5000));
        let spec_is_a_string = json!({
            "apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
            "spec": format!("SPEC-MARK{long}"),
        });
        Case::fail(
            1,
            &["unknown apiVersion", "…", "hint: kubectl/client-go sets"],
        )
        .token_file(&token)
        .secret(token)
        .var(
            "KUBERNETES_EXEC_INFO",
            json!({"apiVersion": long, "kind": "ExecCredential", "spec": {}}).to_string(),
        )
        .never("TAIL-MARK")
        .after(move || {
            let env = TestEnv::new();
            let output = env
                .cmd()
                .env("KUBERNETES_EXEC_INFO", spec_is_a_string.to_string())
                .args(["--token-file", "/dev/null"])
                .output()
                .unwrap();
            let stderr = assert_failure(&output, 1, &[]);
            assert!(
                stderr.contains("a field has the wrong type or value at line 1, column"),
                "{stderr}"
            );
            assert!(!stderr.contains("SPEC-MARK"), "{stderr}");
        })
    }

    pub fn exec_info_kind_with_terminal_escapes() -> Case {
        let token = good_token();
        Case::fail(1, &["has kind \"Exec\u{fffd}[2J\u{fffd}]0;pwned\u{fffd}\""])
            .token_file(&token)
            .secret(token)
            .var(
                "KUBERNETES_EXEC_INFO",
                json!({"apiVersion": "client.authentication.k8s.io/v1", "kind": "Exec\u{1b}[2J\u{1b}]0;pwned\u{7}", "spec": {}}).to_string(),
            )
            .never("\u{1b}")
    }

    pub fn exec_credential_version_long() -> Case {
        let token = good_token();
        Case::fail(1, &["EXEC_CREDENTIAL_VERSION is", "…"])
            .token_file(&token)
            .secret(token)
            .var(
                "EXEC_CREDENTIAL_VERSION",
                format!("{}TAIL-MARK", "v".repeat(5000)),
            )
            .never("TAIL-MARK")
    }

    pub fn exec_credential_version_v2() -> Case {
        let token = good_token();
        Case::fail(1, &["EXEC_CREDENTIAL_VERSION"])
            .token_file(&token)
            .secret(token)
            .var("EXEC_CREDENTIAL_VERSION", "v2")
    }

    pub fn conflicting_token_url_and_issuer() -> Case {
        Case::fail(2, &["--issuer"])
            .client_credentials("https://idp.example.com/token")
            .args(["--issuer", "https://idp.example.com"])
    }

    pub fn conflicting_client_secret_flags() -> Case {
        let case = Case::fail(2, &["--client-secret"]);
        let file = case.env.write("secret", CLIENT_SECRET);
        case.args([
            "--source",
            "client-credentials",
            "--token-url",
            "https://idp.example.com/token",
        ])
        .args([
            "--client-id",
            "c",
            "--client-secret",
            CLIENT_SECRET,
            "--client-secret-file",
        ])
        .args([file])
        .secret(CLIENT_SECRET)
    }

    pub fn conflicting_exchange_url_and_issuer() -> Case {
        let token = good_token();
        Case::fail(2, &["--exchange-issuer"])
            .token_file(&token)
            .secret(token)
            .args([
                "--exchange-url",
                "https://dex.example.com/token",
                "--exchange-issuer",
                "https://dex.example.com",
            ])
    }

    pub fn output_format_outside_the_set() -> Case {
        let token = good_token();
        Case::fail(2, &["xml"])
            .token_file(&token)
            .secret(token)
            .args(["--output", "xml"])
    }

    pub fn malformed_duration() -> Case {
        let token = good_token();
        Case::fail(2, &["5x"])
            .token_file(&token)
            .secret(token)
            .args(["--timeout", "5x"])
    }

    pub fn unknown_flag() -> Case {
        Case::fail(2, &["--client-secrets"])
            .args([
                "--source",
                "client-credentials",
                "--client-secrets",
                CLIENT_SECRET,
            ])
            .secret(CLIENT_SECRET)
    }

    pub fn nothing_configured() -> Case {
        Case::fail(
            3,
            &["ACTIONS_ID_TOKEN_REQUEST_URL", "SPIFFE_ENDPOINT_SOCKET"],
        )
    }

    pub fn actions_without_its_variables() -> Case {
        Case::fail(3, &["ACTIONS_ID_TOKEN_REQUEST"]).args(["--source", "actions"])
    }

    pub fn cache_dir_world_writable() -> Case {
        use std::os::unix::fs::PermissionsExt;
        let server = std::sync::Arc::new(ActionsServer::start());
        let counted = std::sync::Arc::clone(&server);
        let [url, token] = server.env();
        let case = Case::fail(1, &["cache"]);
        let dir = case.env.cache_dir();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        case.var(url.0, url.1)
            .var(token.0, token.1)
            .args(["--source", "actions", "--cache", "file"])
            .secret(REQUEST_TOKEN)
            .after(move || assert_eq!(counted.requests(), 0, "refused before any fetch"))
            .keep(server)
    }

    pub fn cache_dir_uncreatable_works_uncached() -> Case {
        let case = Case::succeed(|doc, case| {
            assert!(doc["status"]["expirationTimestamp"].is_string());
            assert!(case.env.path().join("blocker").is_file());
        });
        let blocker = case
            .env
            .write("blocker", "a file where a directory would go");
        case.actions(ActionsServer::start())
            .args(["--cache", "file", "--cache-dir"])
            .args([blocker.join("cache")])
    }

    pub fn spiffe_socket_is_a_regular_file() -> Case {
        let case = Case::fail(1, &["is not a Unix socket"]);
        let file = case.env.write("api.sock", "not a socket");
        let socket = format!("unix://{}", file.display());
        case.args(["--source", "spiffe", "--spiffe-socket", &socket])
    }

    pub fn spiffe_socket_missing() -> Case {
        Case::fail(1, &["does not exist"]).args([
            "--source",
            "spiffe",
            "--spiffe-socket",
            "unix:///nonexistent/agent.sock",
        ])
    }

    pub fn spiffe_no_identity_issued() -> Case {
        let agent = std::sync::Arc::new(WorkloadApiServer::builder().deny_always().start());
        let socket = agent.endpoint().to_owned();
        let seen = std::sync::Arc::clone(&agent);
        Case::fail(1, &["no identity issued", "register this workload"])
            .args([
                "--source",
                "spiffe",
                "--cache",
                "none",
                "--spiffe-socket",
                &socket,
            ])
            // Retried for five seconds: twice that plus start-up on the wall clock, the five
            // seconds themselves from the agent's side.
            .within(Duration::from_secs(11))
            .after(move || {
                let span = seen.arrivals().span();
                assert!(span < Duration::from_millis(5250), "calls {span:?} apart");
                assert!(seen.calls() >= 2, "PermissionDenied is retried");
            })
            .keep(agent)
    }
    pub fn ca_file_not_pem_is_not_quoted() -> Case {
        let server = ActionsServer::builder().start_https();
        let case = Case::fail(1, &["--ca-file", "is not a PEM file"]);
        let ca = case
            .env
            .write("ca.pem", "-----BEGIN token: matrix-ca-file-secret-8\n");
        case.actions(server)
            .args(["--cache", "none", "--ca-file"])
            .args([ca])
            .secret("matrix-ca-file-secret-8")
            .never("109, 97, 116")
    }

    pub fn url_with_userinfo_is_refused() -> Case {
        Case::fail(
            1,
            &[
                "carries credentials",
                "https://<redacted>@idp.example/token",
            ],
        )
        .client_credentials("https://matrix-user:matrix-url-pw-9@idp.example/token")
        .secret("matrix-url-pw-9")
        .never("matrix-user")
    }

    pub fn url_query_values_are_redacted() -> Case {
        let refused = RefusedPort::new();
        let url = format!("{}/token?code=matrix-query-code-4", refused.base());
        Case::fail(1, &["could not connect", "/token?code=<redacted>"])
            .client_credentials(&url)
            .args(["--timeout", "1s"])
            .secret("matrix-query-code-4")
            .keep(refused)
    }

    pub fn redirect_loop_is_named_a_loop() -> Case {
        let server = HostileServer::canned(302, &["Location: /token"], "");
        Case::fail(1, &["redirected in a loop"])
            .client_credentials(&server.url("/token"))
            .never("another origin")
            .keep(server)
    }

    fn token_endpoint_answering(status: u16, body: &str) -> Case {
        let server = HostileServer::canned(status, &[], body);
        Case::fail(1, &[])
            .client_credentials(&server.url("/token"))
            .keep(server)
    }

    pub fn error_description_with_terminal_escapes() -> Case {
        let body = json!({
            "error": "invalid_request",
            "error_description": "\u{1b}]0;owned\u{7}\u{1b}[2J\r\u{9b}1mjwtcred: ok\u{202e}",
        });
        let case = token_endpoint_answering(400, &body.to_string());
        ["\u{1b}", "\u{7}", "\r", "\u{9b}", "\u{202e}"]
            .into_iter()
            .fold(case, Case::never)
    }

    pub fn error_body_text_with_terminal_escapes() -> Case {
        let case = token_endpoint_answering(502, "bad gateway \u{1b}[31mred\u{1b}[0m\u{8}\u{8}");
        ["\u{1b}", "\u{8}"]
            .into_iter()
            .fold(case.args(["--timeout", "1s"]), Case::never)
    }

    pub fn error_description_is_cut_short() -> Case {
        let description = format!("{}TAIL-MARK", "long ".repeat(2000));
        let body = json!({"error": "invalid_request", "error_description": description});
        token_endpoint_answering(400, &body.to_string()).never("TAIL-MARK")
    }

    pub fn expires_in_zero_is_an_error() -> Case {
        let server = HostileServer::canned(
            200,
            &[],
            json!({"access_token": "opaque-matrix-token-31", "expires_in": 0}).to_string(),
        );
        Case::fail(
            1,
            &[
                "expires_in is 0",
                "already expired",
                "hint: the token endpoint must answer a positive expires_in",
            ],
        )
        .token_file(good_token())
        .args(["--cache", "none", "--exchange-url", &server.url("/token")])
        .secret("opaque-matrix-token-31")
        .keep(server)
    }

    pub fn spiffe_tcp_off_loopback_is_refused() -> Case {
        Case::fail(
            1,
            &[
                "plain-text tcp://",
                "unencrypted",
                "hint: use the agent's Unix socket",
            ],
        )
        .args([
            "--source",
            "spiffe",
            "--spiffe-socket",
            "tcp://10.1.2.3:8081",
        ])
    }

    pub fn spiffe_env_tcp_off_loopback_is_refused() -> Case {
        Case::fail(1, &["plain-text tcp://", "unencrypted"])
            .var("SPIFFE_ENDPOINT_SOCKET", "tcp://[2001:db8::1]:8081")
            .args(["--source", "spiffe"])
    }

    pub fn spiffe_tcp_to_loopback_is_tried() -> Case {
        let refused = RefusedPort::new();
        Case::fail(1, &["not reachable"])
            .args(["--source", "spiffe", "--cache", "none", "--timeout", "1s"])
            .args([
                "--spiffe-socket",
                &format!("tcp://127.0.0.1:{}", refused.port),
            ])
            .never("unencrypted")
            .keep(refused)
    }

    pub fn kubeconfig_parse_error_shows_no_content() -> Case {
        let case = Case::fail(1, &["kubeconfig", "line 6, column 5"]);
        let path = case.env.write(
            "kubeconfig",
            "apiVersion: v1\nusers:\n- name: other\n  user:\n    token: other-users-token-Zx9\n  - bad: [unclosed\n",
        );
        case.args(["kubeconfig", "--user", "mine", "--kubeconfig"])
            .args([path])
            .secret("other-users-token-Zx9")
            .never("bad: [")
            .never("name: other")
    }
}
