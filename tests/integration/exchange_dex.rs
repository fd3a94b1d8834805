//! Token exchange at a Dex-like endpoint (connector_id, URL-unescaped Basic auth, subject
//! signature checks): the CI → Dex → Argo CD path, the cache skipping both servers, and every
//! error path with empty stdout and no secret in stderr.

use serde_json::Value;

use crate::common::actions::{ActionsServer, DEFAULT_SUBJECT};
use crate::common::dex::{
    CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET, CONNECTOR, DexServer, Forced, ID_TOKEN_TYPE,
    PUBLIC_CLIENT, TOKEN_EXCHANGE, dex_subject,
};
use crate::common::jwt::{TestIssuer, TestKey, decode_unverified};
use crate::common::{TestEnv, assert_failure};

/// Actions source + exchange options for the confidential client (secret via env).
fn actions_to_dex(env: &TestEnv, actions: &ActionsServer, dex: &DexServer) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.envs(actions.env())
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", CONFIDENTIAL_SECRET)
        .args(["--audience", "dex"])
        .args(["--exchange-issuer", dex.issuer_url()])
        .args(["--exchange-client-id", CONFIDENTIAL_CLIENT])
        .args(["--exchange-connector-id", CONNECTOR])
        .args([
            "--exchange-scope",
            "openid",
            "--exchange-scope",
            "federated:id",
        ]);
    cmd
}

#[test]
fn actions_token_exchanged_at_dex_becomes_the_exec_credential() {
    let actions = ActionsServer::start();
    let dex = DexServer::start(actions.issuer());
    let env = TestEnv::new();
    let out = actions_to_dex(&env, &actions, &dex)
        .arg("-v")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let cred: Value = serde_json::from_slice(&out.stdout).unwrap();
    let token = cred["status"]["token"].as_str().unwrap();
    assert_eq!(dex.issued(), [token], "the exchanged token is printed");
    let claims = dex
        .issuer()
        .verify(token, Some(CONFIDENTIAL_CLIENT))
        .unwrap();
    assert_eq!(claims["sub"], dex_subject(DEFAULT_SUBJECT, CONNECTOR));

    let seen = dex.last_request().unwrap();
    assert_eq!(seen.get("grant_type"), Some(TOKEN_EXCHANGE));
    assert_eq!(seen.get("connector_id"), Some(CONNECTOR));
    assert_eq!(seen.get("subject_token_type"), Some(ID_TOKEN_TYPE));
    assert_eq!(seen.get("scope"), Some("openid federated:id"));
    assert_eq!(
        seen.basic,
        Some((CONFIDENTIAL_CLIENT.into(), CONFIDENTIAL_SECRET.into()))
    );
    let subject = seen.get("subject_token").unwrap();
    assert_eq!(
        actions.issuer().verify(subject, Some("dex")).unwrap()["sub"],
        DEFAULT_SUBJECT
    );

    for secret in [subject, CONFIDENTIAL_SECRET, actions.request_token(), token] {
        assert!(!stderr.contains(secret), "secret in -v output: {stderr}");
    }
    assert!(
        stderr.contains(&format!("subject_token={}…", &subject[..6])),
        "{stderr}"
    );
}

#[test]
fn cache_hit_skips_the_source_and_the_exchange() {
    let actions = ActionsServer::start();
    let dex = DexServer::start(actions.issuer());
    let env = TestEnv::new();
    let first = actions_to_dex(&env, &actions, &dex)
        .args(["-o", "token"])
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = actions_to_dex(&env, &actions, &dex)
        .args(["-o", "token"])
        .output()
        .unwrap();
    assert_eq!(first.stdout, second.stdout);
    assert_eq!((actions.requests(), dex.requests()), (1, 1));
    // Other exchange settings are another key.
    let third = actions_to_dex(&env, &actions, &dex)
        .args(["--exchange-audience", "argocd", "-o", "token"])
        .output()
        .unwrap();
    assert!(third.status.success());
    assert_eq!(dex.requests(), 2);
}

#[test]
fn file_source_to_public_client_with_output_token() {
    let upstream = TestIssuer::new("https://kubernetes.default.svc");
    let dex = DexServer::start(&upstream);
    let env = TestEnv::new();
    let file = env.write(
        "sa-token",
        upstream.mint_for("system:serviceaccount:ci:builder", "dex", 600),
    );
    let out = env
        .cmd()
        .arg("--token-file")
        .arg(&file)
        .args([
            "--exchange-url",
            &dex.token_url(),
            "--exchange-client-id",
            PUBLIC_CLIENT,
        ])
        .args(["--exchange-connector-id", CONNECTOR, "--output", "token"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap();
    let claims = dex
        .issuer()
        .verify(token.trim(), Some(PUBLIC_CLIENT))
        .unwrap();
    assert_eq!(
        claims["sub"],
        dex_subject("system:serviceaccount:ci:builder", CONNECTOR)
    );
    let seen = dex.last_request().unwrap();
    assert_eq!(seen.basic, None, "a public client sends its id in the form");
    assert_eq!(seen.get("client_id"), Some(PUBLIC_CLIENT));
}

#[test]
fn opaque_exchanged_tokens_use_expires_in() {
    let actions = ActionsServer::start();
    let dex = DexServer::builder()
        .client(CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)
        .connector(CONNECTOR, actions.issuer().clone())
        .opaque_tokens()
        .ttl(600)
        .start();
    let env = TestEnv::new();
    let out = actions_to_dex(&env, &actions, &dex)
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["token"], dex.issued()[0].as_str());
    assert_eq!(summary["subject"], Value::Null);
    assert!(summary["expires_at"].is_string(), "expiry from expires_in");
}

#[test]
fn bad_client_secret_is_refused_without_echo() {
    let actions = ActionsServer::start();
    let dex = DexServer::start(actions.issuer());
    let env = TestEnv::new();
    let out = actions_to_dex(&env, &actions, &dex)
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", "wrong-exchange-secret")
        .arg("-v")
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &["wrong-exchange-secret", actions.request_token()]);
    assert!(stderr.contains("invalid_client"), "{stderr}");
    let subject = dex
        .last_request()
        .unwrap()
        .get("subject_token")
        .unwrap()
        .to_owned();
    assert!(!stderr.contains(&subject), "subject token leaked");
}

#[test]
fn missing_connector_is_invalid_request() {
    let actions = ActionsServer::start();
    let dex = DexServer::start(actions.issuer());
    let env = TestEnv::new();
    let out = env
        .cmd()
        .envs(actions.env())
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", CONFIDENTIAL_SECRET)
        .args([
            "--exchange-url",
            &dex.token_url(),
            "--exchange-client-id",
            CONFIDENTIAL_CLIENT,
        ])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[CONFIDENTIAL_SECRET, actions.request_token()]);
    assert!(stderr.contains("invalid_request"), "{stderr}");
    assert!(
        stderr.contains("connector"),
        "Dex's description is shown: {stderr}"
    );
}

#[test]
fn subject_token_from_an_untrusted_issuer_is_refused() {
    let actions = ActionsServer::start();
    let stranger = TestIssuer::with_key(
        "https://token.actions.githubusercontent.com",
        TestKey::Other,
    );
    let dex = DexServer::start(&stranger);
    let env = TestEnv::new();
    let out = actions_to_dex(&env, &actions, &dex).output().unwrap();
    let stderr = assert_failure(&out, 1, &[CONFIDENTIAL_SECRET, actions.request_token()]);
    assert!(stderr.contains("access_denied"), "{stderr}");
    assert!(stderr.contains("trusts the token's issuer"), "{stderr}");
}

#[test]
fn forced_error_replies_are_reported() {
    for (forced, expect) in [
        (Forced::Error(400, "invalid_grant"), "invalid_grant"),
        (Forced::NonJson, "not a JSON object"),
        (Forced::ServerError, "500"),
    ] {
        let actions = ActionsServer::start();
        let dex = DexServer::builder()
            .client(CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)
            .connector(CONNECTOR, actions.issuer().clone())
            .force(forced)
            .start();
        let env = TestEnv::new();
        let out = actions_to_dex(&env, &actions, &dex)
            .args(["--timeout", "2s"])
            .output()
            .unwrap();
        let stderr = assert_failure(&out, 1, &[CONFIDENTIAL_SECRET, actions.request_token()]);
        assert!(stderr.contains(expect), "{expect}: {stderr}");
    }
}

#[test]
fn exchanged_token_reaches_an_api_with_curl_style_bearer() {
    // `argocd --auth-token "$(jwtcred -o token …)"`: the raw token, one line, verifiable.
    let actions = ActionsServer::start();
    let dex = DexServer::start(actions.issuer());
    let env = TestEnv::new();
    let out = actions_to_dex(&env, &actions, &dex)
        .args(["-o", "token"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    let (_, claims) = decode_unverified(text.trim());
    assert_eq!(claims["iss"], dex.issuer_url());
}
