//! RFC 8693 token exchange against the real oidc-provider peer (its token-exchange grant):
//! file and env sources exchanged, confidential and public clients, and refusals that never
//! show the subject token or the exchange secret.

use serde_json::{Value, json};

use crate::common::jwt::now;
use crate::common::oidc::{
    EXCHANGE_ID, EXCHANGE_SECRET, OidcProvider, PUBLIC_ID, SubjectKey, decode_jwt,
};
use crate::common::{TestEnv, assert_failure};

const AUDIENCE: &str = "https://argocd.example";

/// A provider that trusts `key` for subject tokens, and a subject token signed by it.
fn setup(key: &SubjectKey) -> Option<(OidcProvider, String)> {
    let op = OidcProvider::start_with_env(&[("SUBJECT_JWKS", &key.jwks_json())])?;
    let subject = key.mint(&json!({
        "iss": "https://token.actions.example",
        "sub": "repo:octo-org/octo-repo:ref:refs/heads/main",
        "aud": "dex",
        "iat": now(),
        "exp": now() + 600,
    }));
    Some((op, subject))
}

fn exchange_args(op: &OidcProvider) -> Vec<&str> {
    vec![
        "--exchange-issuer",
        &op.issuer,
        "--exchange-client-id",
        EXCHANGE_ID,
        "--exchange-audience",
        AUDIENCE,
    ]
}

#[test]
fn file_source_token_is_exchanged_and_printed() {
    let key = SubjectKey::generate();
    let Some((op, subject)) = setup(&key) else {
        return;
    };
    let env = TestEnv::new();
    let file = env.write("subject.jwt", &subject);
    let output = env
        .cmd()
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", EXCHANGE_SECRET)
        .arg("--token-file")
        .arg(&file)
        .args(exchange_args(&op))
        .args(["--exchange-scope", "openid", "-v"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let cred: Value = serde_json::from_slice(&output.stdout).unwrap();
    let token = cred["status"]["token"].as_str().unwrap();
    assert_ne!(
        token, subject,
        "the exchanged token is printed, not the subject"
    );
    let (_, claims) = decode_jwt(token);
    assert_eq!(claims["sub"], "repo:octo-org/octo-repo:ref:refs/heads/main");
    assert_eq!(claims["aud"], AUDIENCE);
    assert_eq!(claims["iss"], op.issuer.as_str());
    assert!(cred["status"]["expirationTimestamp"].is_string());
    // -v shows the request shape, never the subject token or the secret.
    assert!(
        stderr.contains(&format!("subject_token={}…", &subject[..6])),
        "{stderr}"
    );
    assert!(
        stderr.contains("grant_type=urn:ietf:params:oauth:grant-type:token-exchange"),
        "{stderr}"
    );
    assert!(!stderr.contains(&subject), "subject token leaked");
    assert!(!stderr.contains(EXCHANGE_SECRET), "secret leaked");
}

#[test]
fn env_source_with_public_client_and_token_output() {
    let key = SubjectKey::generate();
    let Some((op, subject)) = setup(&key) else {
        return;
    };
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("CI_OIDC_TOKEN", &subject)
        .args(["--token-env", "CI_OIDC_TOKEN", "--output", "token"])
        .args([
            "--exchange-url",
            &op.token_endpoint,
            "--exchange-client-id",
            PUBLIC_ID,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let token = String::from_utf8(output.stdout).unwrap();
    assert!(token.ends_with('\n'));
    let (_, claims) = decode_jwt(token.trim());
    assert_eq!(claims["client_id"], PUBLIC_ID);
    assert_eq!(claims["sub"], "repo:octo-org/octo-repo:ref:refs/heads/main");
}

#[test]
fn exchanged_token_is_cached_for_the_same_subject() {
    let key = SubjectKey::generate();
    let Some((op, subject)) = setup(&key) else {
        return;
    };
    let env = TestEnv::new();
    let file = env.write("subject.jwt", &subject);
    let run = || {
        let output = env
            .cmd()
            .env("JWTCRED_EXCHANGE_CLIENT_SECRET", EXCHANGE_SECRET)
            .arg("--token-file")
            .arg(&file)
            .args(exchange_args(&op))
            .args(["--output", "token"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let first = run();
    // oidc-provider gives every token a fresh jti: the same bytes mean a cache hit.
    assert_eq!(first, run());
    // A new subject token is another identity: it must not reuse the entry.
    let rotated = key.mint(&json!({"sub": "someone-else", "iat": now(), "exp": now() + 600}));
    std::fs::write(&file, rotated).unwrap();
    let third = run();
    assert_ne!(first, third);
    let (_, claims) = decode_jwt(third.trim());
    assert_eq!(claims["sub"], "someone-else");
}

#[test]
fn subject_token_from_an_untrusted_key_is_refused() {
    let trusted = SubjectKey::generate();
    let Some((op, _)) = setup(&trusted) else {
        return;
    };
    let stranger = SubjectKey::generate().mint(&json!({"sub": "x", "exp": now() + 600}));
    let env = TestEnv::new();
    let file = env.write("subject.jwt", &stranger);
    let output = env
        .cmd()
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", EXCHANGE_SECRET)
        .arg("--token-file")
        .arg(&file)
        .args(exchange_args(&op))
        .arg("-v")
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[&stranger, EXCHANGE_SECRET]);
    assert!(stderr.contains("invalid_grant"), "{stderr}");
}

#[test]
fn wrong_exchange_secret_is_invalid_client() {
    let key = SubjectKey::generate();
    let Some((op, subject)) = setup(&key) else {
        return;
    };
    let env = TestEnv::new();
    let secret_file = env.write("exchange-secret", "not the secret\n");
    let file = env.write("subject.jwt", &subject);
    let output = env
        .cmd()
        .arg("--token-file")
        .arg(&file)
        .args(exchange_args(&op))
        .arg("--exchange-client-secret-file")
        .arg(&secret_file)
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &["not the secret", &subject]);
    assert!(stderr.contains("invalid_client"), "{stderr}");
}

#[test]
fn exchange_url_and_issuer_together_are_a_usage_error() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args([
            "--exchange-url",
            "https://a/token",
            "--exchange-issuer",
            "https://a",
        ])
        .output()
        .unwrap();
    assert_failure(&output, 2, &[]);
}

#[test]
fn exchange_options_without_an_endpoint_are_refused() {
    let env = TestEnv::new();
    let file = env.write("t", "x.y.z");
    let output = env
        .cmd()
        .arg("--token-file")
        .arg(&file)
        .args(["--exchange-connector-id", "github"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("--exchange-connector-id"), "{stderr}");
    assert!(stderr.contains("hint: add --exchange-url"), "{stderr}");
}
