//! The client-credentials source against a real, certified OpenID provider (oidc-provider):
//! discovery and token URL, Basic (RFC 6749 §2.3.1 encoded) and post auth, resource and
//! audience parameters, and failures that must never show the secret.

use serde_json::Value;

use crate::common::oidc::{
    BASIC_ID, BASIC_SECRET, COLON_ID, COLON_SECRET, OidcProvider, POST_ID, POST_SECRET, decode_jwt,
};
use crate::common::{TestEnv, assert_failure};

const RESOURCE: &str = "https://kubernetes.example";

fn provider() -> Option<OidcProvider> {
    OidcProvider::start()
}

/// Runs `get -o json` with the given args and the secret in JWTCRED_CLIENT_SECRET.
fn get_json(env: &TestEnv, secret: &str, args: &[&str]) -> (Value, String) {
    let output = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", secret)
        .args(["--output", "json", "-v"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "jwtcred failed: {stderr}");
    assert!(!stderr.contains(secret), "secret in stderr: {stderr}");
    (serde_json::from_slice(&output.stdout).unwrap(), stderr)
}

#[test]
fn issuer_discovery_and_basic_auth_yield_a_jwt_for_the_resource() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    let (json, stderr) = get_json(
        &env,
        BASIC_SECRET,
        &[
            "--issuer",
            &op.issuer,
            "--client-id",
            BASIC_ID,
            "--resource",
            RESOURCE,
        ],
    );
    assert_eq!(json["source"], "client-credentials");
    assert_eq!(json["subject"], BASIC_ID);
    assert_eq!(json["audience"], serde_json::json!([RESOURCE]));
    assert_eq!(json["issuer"], op.issuer.as_str());
    assert!(stderr.contains("discovered token endpoint"), "{stderr}");
    let (_, claims) = decode_jwt(json["token"].as_str().unwrap());
    assert_eq!(claims["client_id"], BASIC_ID);
}

#[test]
fn token_url_with_post_auth_and_scope() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    let (json, stderr) = get_json(
        &env,
        POST_SECRET,
        &[
            "--token-url",
            &op.token_endpoint,
            "--client-id",
            POST_ID,
            "--auth-method",
            "post",
            "--resource",
            RESOURCE,
            "--scope",
            "read",
        ],
    );
    assert!(
        !stderr.contains("discovered"),
        "token URL needs no discovery: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "client_secret=<redacted, {} chars>",
            POST_SECRET.chars().count()
        )),
        "the contract's redacted form: {stderr}"
    );
    let (_, claims) = decode_jwt(json["token"].as_str().unwrap());
    assert_eq!(claims["scope"], "read");
    assert_eq!(claims["sub"], POST_ID);
}

#[test]
fn client_ids_needing_form_encoding_work_with_basic() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    let secret_file = env.write("secret", format!("{COLON_SECRET}\n"));
    let output = env
        .cmd()
        .args([
            "--issuer",
            &op.issuer,
            "--client-id",
            COLON_ID,
            "--resource",
            RESOURCE,
        ])
        .arg("--client-secret-file")
        .arg(&secret_file)
        .args(["--output", "token"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap();
    let (_, claims) = decode_jwt(token.trim());
    assert_eq!(claims["sub"], COLON_ID);
}

#[test]
fn audience_is_sent_as_a_parameter() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    let (json, _) = get_json(
        &env,
        BASIC_SECRET,
        &[
            "--issuer",
            &op.issuer,
            "--client-id",
            BASIC_ID,
            "--audience",
            "https://api.example",
        ],
    );
    assert_eq!(json["audience"], serde_json::json!(["https://api.example"]));
}

#[test]
fn exec_credential_from_client_credentials_by_auto_detection() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("JWTCRED_TOKEN_URL", &op.token_endpoint)
        .env("JWTCRED_CLIENT_ID", BASIC_ID)
        .env("JWTCRED_CLIENT_SECRET", BASIC_SECRET)
        .env("JWTCRED_RESOURCE", RESOURCE)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cred: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(cred["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(cred["kind"], "ExecCredential");
    assert!(cred["status"]["expirationTimestamp"].is_string());
}

#[test]
fn wrong_secret_reports_invalid_client_without_the_secret() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    let wrong = "wrong secret value 1234";
    let output = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", wrong)
        .args([
            "-v",
            "--issuer",
            &op.issuer,
            "--client-id",
            BASIC_ID,
            "--resource",
            RESOURCE,
        ])
        .output()
        .unwrap();
    // The scan covers "wrong+secret…" (form) and the Basic value of BASIC_ID:wrong as well.
    let stderr = assert_failure(&output, 1, &[wrong]);
    assert!(stderr.contains("invalid_client"), "{stderr}");
    assert!(
        stderr.contains("hint: check the client id and secret"),
        "{stderr}"
    );
}

#[test]
fn an_opaque_access_token_is_refused_naming_the_source() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    // Without a resource oidc-provider issues an opaque token, which Kubernetes cannot use.
    let output = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", BASIC_SECRET)
        .args(["--token-url", &op.token_endpoint, "--client-id", BASIC_ID])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[BASIC_SECRET]);
    assert!(stderr.contains("client-credentials"), "{stderr}");
    assert!(stderr.contains("not a JWT"), "{stderr}");
}

#[test]
fn missing_id_token_field_is_explained() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", BASIC_SECRET)
        .args([
            "--issuer",
            &op.issuer,
            "--client-id",
            BASIC_ID,
            "--resource",
            RESOURCE,
        ])
        .args(["--token-field", "id_token"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[BASIC_SECRET]);
    assert!(stderr.contains("without a `id_token`"), "{stderr}");
    assert!(stderr.contains("--token-field access_token"), "{stderr}");
}

#[test]
fn inline_client_secret_works_but_warns() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args([
            "--issuer",
            &op.issuer,
            "--client-id",
            BASIC_ID,
            "--resource",
            RESOURCE,
        ])
        .args(["--client-secret", BASIC_SECRET, "--output", "token"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("visible in the process list"), "{stderr}");
    assert!(!stderr.contains(BASIC_SECRET));
}

/// The warning is the command's, printed by app before the error line: a failing `get` and a
/// selective `cache clear` (which builds the source for its key) still print it.
#[test]
fn inline_client_secret_warns_on_failure_and_in_cache_clear() {
    let env = TestEnv::new();
    let inline = [
        "--token-url",
        "http://127.0.0.1:9/token",
        "--client-id",
        "ci",
        "--client-secret",
        "not-used-anywhere",
    ];
    let failed = env
        .cmd()
        .args(inline)
        .args(["--timeout", "1s"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success(), "{stderr}");
    let warning = stderr.find("visible in the process list").expect(&stderr);
    let error = stderr.find("jwtcred: error:").expect(&stderr);
    assert!(
        warning < error,
        "the warning comes before the error line: {stderr}"
    );

    let cleared = env
        .cmd()
        .args(inline)
        .args(["cache", "clear"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&cleared.stderr);
    assert!(cleared.status.success(), "{stderr}");
    assert!(stderr.contains("visible in the process list"), "{stderr}");
    assert!(!stderr.contains("not-used-anywhere"), "{stderr}");
}

#[test]
fn issuer_mismatch_in_discovery_is_an_error() {
    let Some(op) = provider() else { return };
    let env = TestEnv::new();
    // Same server through "localhost": discovery announces 127.0.0.1, which must not match.
    let other = op.issuer.replace("127.0.0.1", "localhost");
    let output = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", BASIC_SECRET)
        .args([
            "--issuer",
            &other,
            "--client-id",
            BASIC_ID,
            "--resource",
            RESOURCE,
        ])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[BASIC_SECRET]);
    assert!(stderr.contains("names issuer"), "{stderr}");
}

#[test]
fn missing_client_id_or_secret_is_a_runtime_error() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args(["--token-url", "https://idp.example/token"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("needs a client id"), "{stderr}");
    let output = env
        .cmd()
        .args([
            "--token-url",
            "https://idp.example/token",
            "--client-id",
            "x",
        ])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("has no secret"), "{stderr}");
}

#[test]
fn explicit_source_without_endpoint_is_exit_3() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args(["--source", "client-credentials"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 3, &[]);
    assert!(stderr.contains("--token-url"), "{stderr}");
}

#[test]
fn token_url_and_issuer_together_are_a_usage_error() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args(["--token-url", "https://a/token", "--issuer", "https://a"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 2, &[]);
    assert!(stderr.starts_with("jwtcred: error:"), "{stderr}");
}

#[test]
fn kubectl_auth_whoami_with_a_client_credentials_token() {
    use crate::common::apiserver::{
        ExecEntry, FakeApiServer, run_kubectl_whoami, write_kubeconfig,
    };
    use crate::common::jwt::{TestIssuer, TestKey};

    // Pin the provider's signing key to a fixture key so the fake apiserver can verify it.
    let pem = std::fs::read_to_string(TestKey::Primary.private_key_path()).unwrap();
    let kid = TestIssuer::new("x").kid().to_owned();
    let Some(op) =
        OidcProvider::start_with_env(&[("SIGNING_KEY_PEM", &pem), ("SIGNING_KID", &kid)])
    else {
        return;
    };
    let apiserver = FakeApiServer::builder()
        .trust(TestIssuer::new(op.issuer.clone()))
        .audience(RESOURCE)
        .username_prefix("oidc:")
        .start();
    let env = TestEnv::new();
    let secret_file = env.write("client-secret", BASIC_SECRET);
    let exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .args([
            "--issuer",
            &op.issuer,
            "--client-id",
            BASIC_ID,
            "--resource",
            RESOURCE,
        ])
        .args(["--client-secret-file", &secret_file.display().to_string()])
        .env("JWTCRED_CACHE_DIR", env.cache_dir().display().to_string());
    let kubeconfig = env.path().join("kubeconfig");
    write_kubeconfig(&kubeconfig, &apiserver.url, &apiserver.ca_path(), &exec);
    let Some(out) = run_kubectl_whoami(&kubeconfig) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let review: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        review["status"]["userInfo"]["username"],
        format!("oidc:{BASIC_ID}")
    );
}
