//! The foundation: file, env and Actions sources, the output formats and ExecCredential
//! versions, auto-detection and `detect`, `inspect`, the error contract (exit codes, empty
//! stdout, no secrets) — and real kubectl running jwtcred through a kubeconfig exec entry.

use serde_json::{Value, json};

use crate::common::actions::{ActionsServer, DEFAULT_SUBJECT};
use crate::common::apiserver::{ExecEntry, run_kubectl_whoami, write_kubeconfig};
use crate::common::issuer::HttpsIssuer;
use crate::common::jwt::{TestIssuer, TestKey, now, unsigned_jwt};
use crate::common::kube_authn::{self, config, jwt_entry_for};
use crate::common::{TestEnv, assert_failure, ok_json};

const V1: &str = "client.authentication.k8s.io/v1";
const V1BETA1: &str = "client.authentication.k8s.io/v1beta1";

fn issuer() -> TestIssuer {
    TestIssuer::new("https://issuer.example")
}

/// RFC 3339 UTC whole seconds → Unix seconds (only the shape jwtcred prints).
fn parse_rfc3339(text: &str) -> i64 {
    let output = std::process::Command::new("date")
        .args(["-u", "-d", text, "+%s"])
        .output()
        .unwrap();
    assert!(
        text.ends_with('Z') && !text.contains('.'),
        "not whole-second UTC: {text}"
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn file_source_prints_a_v1_exec_credential_with_the_refresh_window_applied() {
    let env = TestEnv::new();
    let issued = now();
    let token =
        issuer().mint(json!({"sub": "ci", "aud": "k8s", "iat": issued, "exp": issued + 3600}));
    let file = env.write("token", format!("\n  {token}\n\n"));
    let cred = ok_json(&env.cmd().arg("--token-file").arg(&file).output().unwrap());
    assert_eq!(cred["apiVersion"], V1);
    assert_eq!(cred["kind"], "ExecCredential");
    assert_eq!(
        cred["status"]["token"],
        token.as_str(),
        "whitespace is trimmed"
    );
    // 1h lifetime: the window is 10% = 360 s (more than the 60 s default).
    let refresh_at = parse_rfc3339(cred["status"]["expirationTimestamp"].as_str().unwrap());
    assert_eq!(refresh_at, issued + 3600 - 360);
}

#[test]
fn refresh_before_and_half_lifetime_cap() {
    let env = TestEnv::new();
    let issued = now();
    let long = issuer().mint(json!({"sub": "a", "iat": issued, "exp": issued + 3600}));
    let file = env.write("long", &long);
    let cred = ok_json(
        &env.cmd()
            .arg("--token-file")
            .arg(&file)
            .args(["--refresh-before", "15m"])
            .output()
            .unwrap(),
    );
    let refresh_at = parse_rfc3339(cred["status"]["expirationTimestamp"].as_str().unwrap());
    assert_eq!(refresh_at, issued + 3600 - 900);

    let short = issuer().mint(json!({"sub": "a", "iat": issued, "exp": issued + 100}));
    let file = env.write("short", &short);
    let cred = ok_json(&env.cmd().arg("--token-file").arg(&file).output().unwrap());
    let refresh_at = parse_rfc3339(cred["status"]["expirationTimestamp"].as_str().unwrap());
    assert_eq!(refresh_at, issued + 50, "never more than half the lifetime");
}

#[test]
fn api_version_comes_from_flag_then_exec_info_then_env() {
    let env = TestEnv::new();
    let file = env.write("t", issuer().mint_for("a", "k8s", 600));
    let exec_info =
        json!({"kind": "ExecCredential", "apiVersion": V1BETA1, "spec": {"interactive": false}})
            .to_string();
    let run = |extra: &[(&str, &str)], args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.arg("--token-file").arg(&file).args(args);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        ok_json(&cmd.output().unwrap())["apiVersion"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(run(&[], &[]), V1);
    assert_eq!(run(&[("KUBERNETES_EXEC_INFO", &exec_info)], &[]), V1BETA1);
    assert_eq!(run(&[("EXEC_CREDENTIAL_VERSION", "v1beta1")], &[]), V1BETA1);
    assert_eq!(
        run(
            &[
                ("KUBERNETES_EXEC_INFO", &exec_info),
                ("EXEC_CREDENTIAL_VERSION", "v1")
            ],
            &[]
        ),
        V1BETA1,
        "KUBERNETES_EXEC_INFO beats EXEC_CREDENTIAL_VERSION"
    );
    assert_eq!(
        run(
            &[("KUBERNETES_EXEC_INFO", &exec_info)],
            &["--exec-api-version", "v1"]
        ),
        V1,
        "the flag beats everything"
    );
}

#[test]
fn malformed_exec_info_and_unknown_versions_are_errors() {
    let env = TestEnv::new();
    let token = issuer().mint_for("a", "k8s", 600);
    let file = env.write("t", &token);
    for (name, value) in [
        ("KUBERNETES_EXEC_INFO", "{not json"),
        (
            "KUBERNETES_EXEC_INFO",
            r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1","kind":"ExecCredential"}"#,
        ),
        ("EXEC_CREDENTIAL_VERSION", "v2"),
    ] {
        let output = env
            .cmd()
            .arg("--token-file")
            .arg(&file)
            .env(name, value)
            .output()
            .unwrap();
        let stderr = assert_failure(&output, 1, &[&token]);
        assert!(stderr.contains(name), "{stderr}");
    }
}

#[test]
fn output_token_and_json() {
    let env = TestEnv::new();
    let token = issuer().mint(json!({"iss": "https://issuer.example", "sub": "me", "aud": ["a", "b"], "iat": now(), "exp": now() + 600}));
    let file = env.write("t", &token);
    let output = env
        .cmd()
        .arg("--token-file")
        .arg(&file)
        .args(["--output", "token"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{token}\n")
    );

    let summary = ok_json(
        &env.cmd()
            .arg("--token-file")
            .arg(&file)
            .args(["-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(summary["token"], token.as_str());
    assert_eq!(summary["source"], "file");
    assert_eq!(summary["subject"], "me");
    assert_eq!(summary["audience"], json!(["a", "b"]));
    assert_eq!(summary["issuer"], "https://issuer.example");
    let expires = parse_rfc3339(summary["expires_at"].as_str().unwrap());
    let refresh = parse_rfc3339(summary["refresh_at"].as_str().unwrap());
    assert_eq!(expires - refresh, 60);
}

#[test]
fn a_jwt_without_exp_is_printed_without_expiration() {
    let env = TestEnv::new();
    let token = unsigned_jwt(json!({"alg": "RS256"}), json!({"sub": "forever"}));
    let file = env.write("t", &token);
    let cred = ok_json(&env.cmd().arg("--token-file").arg(&file).output().unwrap());
    assert_eq!(cred["status"], json!({"token": token}));
    let summary = ok_json(
        &env.cmd()
            .arg("--token-file")
            .arg(&file)
            .args(["-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(summary["expires_at"], Value::Null);
    assert_eq!(summary["refresh_at"], Value::Null);
    assert_eq!(summary["audience"], json!([]));
}

#[test]
fn bad_token_files_are_refused_naming_the_source() {
    let env = TestEnv::new();
    let expired = issuer().mint(json!({"sub": "a", "exp": now() - 30}));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("garbage", b"hello world".to_vec(), "not a JWT"),
        ("expired", expired.clone().into_bytes(), "expired"),
        ("empty", b"  \n".to_vec(), "empty"),
        ("binary", vec![0xff, 0xfe, 0x00], "not UTF-8"),
    ];
    for (name, contents, why) in cases {
        let file = env.write(name, contents);
        let output = env.cmd().arg("--token-file").arg(&file).output().unwrap();
        let stderr = assert_failure(&output, 1, &[&expired]);
        assert!(
            stderr.contains(&file.display().to_string()),
            "names the file: {stderr}"
        );
        assert!(stderr.contains(why), "{name}: {stderr}");
    }
    let output = env
        .cmd()
        .args(["--token-file", "/nonexistent/token"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("/nonexistent/token"), "{stderr}");
}

#[test]
fn env_source_reads_the_named_variable() {
    let env = TestEnv::new();
    let token = issuer().mint_for("gitlab", "k8s", 600);
    let output = env
        .cmd()
        .env("CI_JOB_JWT_V2", &token)
        .args(["--token-env", "CI_JOB_JWT_V2", "-o", "token"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8(output.stdout).unwrap().trim(), token);

    let output = env
        .cmd()
        .args(["--source", "env", "--token-env", "MISSING_VAR"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("MISSING_VAR is not set"), "{stderr}");

    let output = env.cmd().args(["--source", "env"]).output().unwrap();
    assert_failure(&output, 3, &[]);
}

#[test]
fn aws_and_azure_token_files_are_auto_detected() {
    let env = TestEnv::new();
    let aws = issuer().mint_for("aws", "sts.amazonaws.com", 600);
    let azure = issuer().mint_for("azure", "api://AzureADTokenExchange", 600);
    let aws_file = env.write("aws", &aws);
    let azure_file = env.write("azure", &azure);
    let out = env
        .cmd()
        .env("AZURE_FEDERATED_TOKEN_FILE", &azure_file)
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["subject"], "azure");
    let out = env
        .cmd()
        .env("AZURE_FEDERATED_TOKEN_FILE", &azure_file)
        .env("AWS_WEB_IDENTITY_TOKEN_FILE", &aws_file)
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["subject"], "aws", "AWS comes before Azure");
}

#[test]
fn nothing_found_is_exit_3_with_what_was_looked_for() {
    let env = TestEnv::new();
    let output = env.cmd().output().unwrap();
    let stderr = assert_failure(&output, 3, &[]);
    for needle in [
        "--token-file",
        "--token-env",
        "--token-url",
        "SPIFFE_ENDPOINT_SOCKET",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
    ] {
        assert!(stderr.contains(needle), "{needle} missing: {stderr}");
    }
    assert_failure(
        &env.cmd().args(["--source", "actions"]).output().unwrap(),
        3,
        &[],
    );
    assert_failure(
        &env.cmd().args(["--source", "spiffe"]).output().unwrap(),
        3,
        &[],
    );
}

#[test]
fn usage_errors_are_exit_2() {
    let env = TestEnv::new();
    for args in [
        vec!["--bogus"],
        vec!["--output", "xml"],
        vec!["--source", "bogus"],
        vec!["--timeout", "soon"],
        vec!["--refresh-before", "1x"],
        vec!["--audience"],
        vec![
            "--client-secret",
            "s3cr3t-inline",
            "--client-secret-file",
            "/x",
        ],
    ] {
        let output = env.cmd().args(&args).output().unwrap();
        let stderr = assert_failure(&output, 2, &["s3cr3t-inline"]);
        assert!(stderr.contains("error:"), "{args:?}: {stderr}");
    }
}

#[test]
fn help_and_version_succeed() {
    let env = TestEnv::new();
    let output = env.cmd().arg("--version").output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("jwtcred "));
    let output = env.cmd().arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.contains("--audience") && help.contains("detect"),
        "{help}"
    );
}

#[test]
fn jwtcred_env_settings_and_flag_precedence() {
    let env = TestEnv::new();
    let a = env.write("a", issuer().mint_for("from-env", "k8s", 600));
    let b = env.write("b", issuer().mint_for("from-flag", "k8s", 600));
    let out = env
        .cmd()
        .env("JWTCRED_TOKEN_FILE", &a)
        .env("JWTCRED_OUTPUT", "json")
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["subject"], "from-env");
    let out = env
        .cmd()
        .env("JWTCRED_TOKEN_FILE", &a)
        .env("JWTCRED_OUTPUT", "json")
        .arg("--token-file")
        .arg(&b)
        .arg("-v")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(ok_json(&out)["subject"], "from-flag");
    assert!(
        stderr.contains("token_file from flag --token-file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("output from env JWTCRED_OUTPUT"),
        "{stderr}"
    );
}

#[test]
fn actions_source_sends_bearer_and_audience_and_prints_the_token() {
    let server = ActionsServer::start();
    let env = TestEnv::new();
    let out = env
        .cmd()
        .envs(server.env())
        .args(["--audience", "kubernetes", "-o", "json", "-v"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let summary = ok_json(&out);
    assert_eq!(summary["source"], "actions");
    assert_eq!(summary["subject"], DEFAULT_SUBJECT);
    assert_eq!(summary["audience"], json!(["kubernetes"]));
    assert_eq!(server.audiences(), vec![Some("kubernetes".to_owned())]);
    assert!(
        server.queries()[0].contains("api-version=2.0"),
        "existing query kept"
    );
    assert!(
        !stderr.contains(server.request_token()),
        "request token leaked: {stderr}"
    );
    assert!(
        !stderr.contains(summary["token"].as_str().unwrap()),
        "token leaked: {stderr}"
    );
}

#[test]
fn actions_without_audience_sends_none() {
    let server = ActionsServer::start();
    let env = TestEnv::new();
    let out = env
        .cmd()
        .envs(server.env())
        .args(["--source", "actions", "--cache", "none"])
        .output()
        .unwrap();
    ok_json(&out);
    assert_eq!(server.audiences(), vec![None]);
}

#[test]
fn actions_failures_are_reported_without_secrets() {
    let not_jwt = "this-is-not-a-jwt";
    let cases: Vec<(u16, String, &str)> = vec![
        (401, r#"{"message":"Bad credentials"}"#.into(), "401"),
        (404, "Not Found".into(), "404"),
        (200, "<html>login</html>".into(), "not JSON"),
        (200, r#"{"count":1}"#.into(), "without a `value`"),
        (200, json!({"value": not_jwt}).to_string(), "not a JWT"),
    ];
    for (status, body, why) in cases {
        let server = ActionsServer::builder().respond_with(status, body).start();
        let env = TestEnv::new();
        let out = env
            .cmd()
            .envs(server.env())
            .args(["--audience", "k8s", "-v"])
            .output()
            .unwrap();
        let stderr = assert_failure(&out, 1, &[server.request_token(), not_jwt]);
        assert!(stderr.contains(why), "{status}: {stderr}");
        assert!(
            stderr.contains("actions") || stderr.contains("Actions"),
            "names the source: {stderr}"
        );
    }
}

#[test]
fn actions_server_errors_are_retried_then_reported() {
    let server = ActionsServer::builder().respond_with(500, "boom").start();
    let env = TestEnv::new();
    let started = std::time::Instant::now();
    let out = env
        .cmd()
        .envs(server.env())
        .args(["--timeout", "2s"])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[server.request_token()]);
    assert!(stderr.contains("500"), "{stderr}");
    assert!(
        server.requests() >= 2,
        "5xx must be retried, saw {}",
        server.requests()
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "bounded by --timeout"
    );
}

#[test]
fn only_one_actions_variable_is_a_broken_setup() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "https://example.invalid/token",
        )
        .args(["--source", "actions"])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(
        stderr.contains("ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set"),
        "{stderr}"
    );
}

#[test]
fn detect_reports_every_source_and_the_choice() {
    let server = ActionsServer::start();
    let env = TestEnv::new();
    let aws = env.write("aws", "x");
    let out = env
        .cmd()
        .envs(server.env())
        .env("AWS_WEB_IDENTITY_TOKEN_FILE", &aws)
        .args(["detect", "--output", "json"])
        .output()
        .unwrap();
    let report = ok_json(&out);
    assert_eq!(report["chosen"], "actions");
    let names: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "file",
            "env",
            "command",
            "client-credentials",
            "spiffe",
            "actions"
        ]
    );
    let file = &report["sources"][0];
    assert_eq!(file["present"], true);
    assert!(
        file["detail"]
            .as_str()
            .unwrap()
            .contains("AWS_WEB_IDENTITY_TOKEN_FILE")
    );
    assert!(file["detail"].as_str().unwrap().contains("passed over"));
    assert_eq!(report["sources"][4]["present"], false);
    assert_eq!(server.requests(), 0, "detect fetches nothing");

    let text = env.cmd().envs(server.env()).arg("detect").output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("would use: actions"), "{text}");
    assert!(!text.contains(server.request_token()));
}

#[test]
fn detect_exits_0_with_nothing_and_check_exits_3() {
    let env = TestEnv::new();
    let out = env.cmd().arg("detect").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("no source"));
    let out = env.cmd().args(["detect", "--check"]).output().unwrap();
    assert_failure(&out, 3, &[]);
    let out = env
        .cmd()
        .args(["detect", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["chosen"], Value::Null);
}

#[test]
fn inspect_decodes_without_verifying() {
    let env = TestEnv::new();
    let token = issuer().mint(
        json!({"sub": "alice", "aud": "k8s", "iat": now(), "nbf": now(), "exp": now() + 3600}),
    );
    let out = env.cmd().args(["inspect", &token]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"sub\": \"alice\""), "{text}");
    assert!(text.contains("\"alg\": \"RS256\""), "{text}");
    assert!(text.contains("NOT verified"), "{text}");
    assert!(
        text.contains("time left: 59m") || text.contains("time left: 1h"),
        "{text}"
    );
    for claim in ["iat", "nbf", "exp"] {
        assert!(
            text.contains(&format!("  {claim}  20")),
            "{claim} as a UTC time: {text}"
        );
    }

    let file = env.write("t", &token);
    let out = env
        .cmd()
        .arg("inspect")
        .arg("--token-file")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("alice"));

    let out = env
        .cmd()
        .args(["inspect", "-"])
        .write_stdin(token.clone())
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("alice"));

    assert_failure(
        &env.cmd().args(["inspect", "garbage"]).output().unwrap(),
        1,
        &[],
    );
}

#[test]
fn cluster_config_audience_applies_below_flags() {
    let server = ActionsServer::start();
    let env = TestEnv::new();
    let exec_info = json!({
        "apiVersion": V1, "kind": "ExecCredential",
        "spec": {"interactive": false, "cluster": {"server": "https://c", "config": {"audience": "from-cluster"}}}
    })
    .to_string();
    let run = |args: &[&str]| {
        let out = env
            .cmd()
            .envs(server.env())
            .env("KUBERNETES_EXEC_INFO", &exec_info)
            .args(args)
            .args(["--cache", "none"])
            .output()
            .unwrap();
        ok_json(&out);
    };
    run(&[]);
    run(&["--audience", "from-flag"]);
    assert_eq!(
        server.audiences(),
        vec![Some("from-cluster".into()), Some("from-flag".into())]
    );
}

/// `spec.cluster.config.source` is the kubeconfig's text: a value outside the set is bad
/// content (exit 1, not 2), named bounded and without its controls, with the accepted values
/// and where to fix it; `--source` still overrides it.
#[test]
fn cluster_config_source_outside_the_set_is_named_with_the_accepted_values() {
    let env = TestEnv::new();
    let token = unsigned_jwt(
        json!({"alg": "RS256"}),
        json!({"sub": "x", "exp": now() + 600}),
    );
    let token_path = env.write("token", &token);
    let long = "x".repeat(5000);
    for (source, shown) in [
        ("bogus", "\"bogus\""),
        ("bo\u{1b}[31mgus", "\"bo\u{fffd}[31mgus\""),
        (long.as_str(), "xxx…\""),
    ] {
        let exec_info = json!({
            "apiVersion": V1, "kind": "ExecCredential",
            "spec": {"interactive": false, "cluster": {"server": "https://c", "config": {"source": source}}}
        })
        .to_string();
        let output = env
            .cmd()
            .env("KUBERNETES_EXEC_INFO", &exec_info)
            .args(["--token-file", token_path.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = assert_failure(&output, 1, &[&token]);
        assert!(
            stderr.contains("spec.cluster.config.source is "),
            "{stderr}"
        );
        assert!(stderr.contains(shown), "{stderr}");
        assert!(
            stderr.contains("auto, spiffe, actions, client-credentials, file, env, command"),
            "{stderr}"
        );
        assert!(
            stderr.contains("client.authentication.k8s.io/exec extension"),
            "{stderr}"
        );
        assert!(stderr.len() < 1200, "bounded: {} bytes", stderr.len());
        let overridden = env
            .cmd()
            .env("KUBERNETES_EXEC_INFO", &exec_info)
            .args([
                "--source",
                "file",
                "--token-file",
                token_path.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        ok_json(&overridden);
    }
}

/// Real kubectl runs jwtcred (Actions source) through a kubeconfig exec entry and the real
/// Kubernetes JWT authenticator (kube-authn serve) maps the verified token's `sub`.
fn kubectl_whoami_through_exec(api_version: &str) {
    if !kube_authn::available() {
        return;
    }
    let idp = HttpsIssuer::start(TestKey::Primary);
    let actions = ActionsServer::builder().issuer(idp.issuer.clone()).start();
    let cluster = kube_authn::serve(&config(&[jwt_entry_for(&idp, &["kubernetes"], "gha:")]));
    let env = TestEnv::new();
    let mut exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .args(["--audience", "kubernetes"])
        .api_version(api_version)
        .env("JWTCRED_CACHE_DIR", env.cache_dir().display().to_string());
    for (name, value) in actions.env() {
        exec = exec.env(name, value);
    }
    let kubeconfig = env.path().join("kubeconfig");
    write_kubeconfig(&kubeconfig, &cluster.url, &cluster.ca_path(), &exec);
    let Some(out) = run_kubectl_whoami(&kubeconfig) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "kubectl failed: {stderr}\n{}",
        cluster.stderr_text()
    );
    let review: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        review["status"]["userInfo"]["username"],
        format!("gha:{DEFAULT_SUBJECT}")
    );
    assert_eq!(review["status"]["userInfo"]["uid"], DEFAULT_SUBJECT);
    assert_eq!(actions.audiences(), vec![Some("kubernetes".to_owned())]);
}

#[test]
fn kubectl_auth_whoami_through_exec_v1() {
    kubectl_whoami_through_exec("v1");
}

#[test]
fn kubectl_auth_whoami_through_exec_v1beta1() {
    kubectl_whoami_through_exec("v1beta1");
}

#[test]
fn env_booleans_and_empty_compat_variables() {
    let env = TestEnv::new();
    let file = env.write("t", issuer().mint_for("a", "k8s", 600));
    for value in ["1", "yes", "on", "true"] {
        let out = env
            .cmd()
            .env("JWTCRED_VERBOSE", value)
            .arg("--token-file")
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "JWTCRED_VERBOSE={value}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("jwtcred: using"),
            "{value}"
        );
    }
    let out = env
        .cmd()
        .env("JWTCRED_VERBOSE", "0")
        .arg("--token-file")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty());
    // An empty EXEC_CREDENTIAL_VERSION is unset, not a bad value.
    let out = env
        .cmd()
        .env("EXEC_CREDENTIAL_VERSION", "")
        .arg("--token-file")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["apiVersion"], V1);
}

#[test]
fn a_flag_beats_the_env_value_of_its_exclusive_partner() {
    let env = TestEnv::new();
    // --token-url on the command line, JWTCRED_ISSUER in the env: the flag wins, no usage error
    // (the call then fails later, on the missing secret file, with exit 1).
    let out = env
        .cmd()
        .env("JWTCRED_ISSUER", "https://issuer.example")
        .args([
            "--token-url",
            "https://idp.example/token",
            "--client-id",
            "x",
        ])
        .args(["--client-secret-file", "/nonexistent/secret"])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(stderr.contains("/nonexistent/secret"), "{stderr}");
    // Both from the env: still a usage error.
    let out = env
        .cmd()
        .env("JWTCRED_ISSUER", "https://issuer.example")
        .env("JWTCRED_TOKEN_URL", "https://idp.example/token")
        .output()
        .unwrap();
    assert_failure(&out, 2, &[]);
    // Both as flags: a usage error.
    let out = env
        .cmd()
        .args([
            "--exchange-url",
            "https://a/t",
            "--exchange-issuer=https://a",
        ])
        .output()
        .unwrap();
    assert_failure(&out, 2, &[]);
}
