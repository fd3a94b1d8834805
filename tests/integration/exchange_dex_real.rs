//! The Argo CD token-exchange path against real Dex (v2.45.1, tests/peers/dex): a CI token from
//! the Actions endpoint (an HTTPS issuer Dex's OIDC connector trusts) exchanged by RFC 8693 at
//! Dex, for the confidential and the public client; refusals surface with the contract's errors.

use serde_json::Value;

use crate::common::actions::{ActionsServer, DEFAULT_SUBJECT};
use crate::common::dex::{
    CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET, CONNECTOR, PUBLIC_CLIENT, dex_subject,
};
use crate::common::dex_real::RealDex;
use crate::common::issuer::HttpsIssuer;
use crate::common::jwt::TestKey;
use crate::common::{TestEnv, assert_failure, ok_json};

fn exchange_cmd(
    env: &TestEnv,
    actions: &ActionsServer,
    dex: &RealDex,
    client: &str,
) -> assert_cmd::Command {
    exchange_cmd_via(env, actions, dex, client, CONNECTOR)
}

fn exchange_cmd_via(
    env: &TestEnv,
    actions: &ActionsServer,
    dex: &RealDex,
    client: &str,
    connector: &str,
) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.envs(actions.env())
        .args(["--audience", "dex", "--cache", "none"])
        .args(["--exchange-issuer", &dex.issuer])
        .args(["--exchange-client-id", client])
        .args(["--exchange-connector-id", connector])
        .args([
            "--exchange-scope",
            "openid",
            "--exchange-scope",
            "federated:id",
        ]);
    cmd
}

#[test]
fn ci_token_exchanged_at_real_dex_for_the_confidential_and_public_client() {
    let upstream = HttpsIssuer::start(TestKey::Primary);
    let Some(dex) = RealDex::start(&upstream) else {
        return;
    };
    let actions = ActionsServer::builder()
        .issuer(upstream.issuer.clone())
        .start();
    let env = TestEnv::new();
    let out = exchange_cmd(&env, &actions, &dex, CONFIDENTIAL_CLIENT)
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", CONFIDENTIAL_SECRET)
        .output()
        .unwrap();
    let cred = ok_json(&out);
    let token = cred["status"]["token"].as_str().unwrap();
    let claims = dex
        .verify(token, CONFIDENTIAL_CLIENT)
        .unwrap_or_else(|e| panic!("{e}\n{}", dex.log_text()));
    assert_eq!(
        claims["sub"],
        dex_subject(DEFAULT_SUBJECT, CONNECTOR),
        "Dex's subject encoding"
    );
    assert_eq!(claims["federated_claims"]["connector_id"], CONNECTOR);
    assert_eq!(claims["federated_claims"]["user_id"], DEFAULT_SUBJECT);
    assert!(cred["status"]["expirationTimestamp"].is_string());

    let out = exchange_cmd(&env, &actions, &dex, PUBLIC_CLIENT)
        .args(["-o", "json"])
        .output()
        .unwrap();
    let json = ok_json(&out);
    let claims = dex
        .verify(json["token"].as_str().unwrap(), PUBLIC_CLIENT)
        .unwrap();
    assert_eq!(claims["sub"], dex_subject(DEFAULT_SUBJECT, CONNECTOR));
    assert_eq!(json["issuer"], dex.issuer);
    assert_eq!(
        actions.audiences(),
        vec![Some("dex".to_owned()), Some("dex".to_owned())]
    );
}

#[test]
fn real_dex_refusals_fail_with_empty_stdout_and_no_secret() {
    let upstream = HttpsIssuer::start(TestKey::Primary);
    let Some(dex) = RealDex::start(&upstream) else {
        return;
    };
    let env = TestEnv::new();
    // Wrong client secret.
    let actions = ActionsServer::builder()
        .issuer(upstream.issuer.clone())
        .start();
    let out = exchange_cmd(&env, &actions, &dex, CONFIDENTIAL_CLIENT)
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", "wrong-exchange-secret")
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &["wrong-exchange-secret", actions.request_token()]);
    assert!(stderr.contains("invalid_client"), "{stderr}");

    // A subject token the connector's issuer did not sign.
    let impostor = crate::common::jwt::TestIssuer::with_key(upstream.url.clone(), TestKey::Other);
    let actions = ActionsServer::builder().issuer(impostor).start();
    let out = exchange_cmd(&env, &actions, &dex, CONFIDENTIAL_CLIENT)
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", CONFIDENTIAL_SECRET)
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[CONFIDENTIAL_SECRET, actions.request_token()]);
    assert!(stderr.contains("access_denied"), "{stderr}");

    // An unknown connector.
    let actions = ActionsServer::builder()
        .issuer(upstream.issuer.clone())
        .start();
    let out = exchange_cmd_via(&env, &actions, &dex, CONFIDENTIAL_CLIENT, "nope")
        .env("JWTCRED_EXCHANGE_CLIENT_SECRET", CONFIDENTIAL_SECRET)
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[CONFIDENTIAL_SECRET, actions.request_token()]);
    assert!(stderr.contains("invalid_request"), "{stderr}");
}

/// Differential: the Dex-like imitation (kept for canned failures) answers the same exchange
/// requests as real Dex — status, error codes, response fields, and the issued token's claim
/// names and values (other than the per-server `iss`, times and `jti`).
#[test]
fn dex_imitation_matches_real_dex() {
    use crate::common::dex::{DexServer, ID_TOKEN_TYPE, TOKEN_EXCHANGE};
    use crate::common::oidc::{basic_auth, form_body, http_request};
    let upstream = HttpsIssuer::start(TestKey::Primary);
    let Some(real) = RealDex::start(&upstream) else {
        return;
    };
    let fake = DexServer::start(&upstream.issuer);
    let subject = upstream.mint_for("repo:acme/app:ref:refs/heads/main", "dex", 300);
    let wrong_key = crate::common::jwt::TestIssuer::with_key(upstream.url.clone(), TestKey::Other)
        .mint_for("x", "dex", 300);
    let base = |scope: &'static str, token: &str| -> Vec<(&'static str, String)> {
        vec![
            ("grant_type", TOKEN_EXCHANGE.to_owned()),
            ("connector_id", CONNECTOR.to_owned()),
            ("subject_token_type", ID_TOKEN_TYPE.to_owned()),
            ("subject_token", token.to_owned()),
            ("scope", scope.to_owned()),
        ]
    };
    type Form = Vec<(&'static str, String)>;
    type Case<'a> = (&'a str, Form, Option<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            "openid",
            base("openid", &subject),
            Some((CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)),
        ),
        (
            "federated",
            base("openid federated:id", &subject),
            Some((CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)),
        ),
        (
            "profile groups",
            base("openid profile groups", &subject),
            Some((CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)),
        ),
        (
            "audience form value",
            {
                let mut f = base("openid", &subject);
                f.push(("audience", "argocd".to_owned()));
                f
            },
            Some((CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)),
        ),
        (
            "public client",
            {
                let mut f = base("openid", &subject);
                f.push(("client_id", PUBLIC_CLIENT.to_owned()));
                f
            },
            None,
        ),
        (
            "wrong secret",
            base("openid", &subject),
            Some((CONFIDENTIAL_CLIENT, "nope")),
        ),
        (
            "wrong key",
            base("openid", &wrong_key),
            Some((CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)),
        ),
        (
            "unknown connector",
            {
                let mut f = base("openid", &subject);
                f[1].1 = "nope".to_owned();
                f
            },
            Some((CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)),
        ),
        (
            "bad subject type",
            {
                let mut f = base("openid", &subject);
                f[2].1 = "urn:x".to_owned();
                f
            },
            Some((CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)),
        ),
    ];
    let ask = |token_url: &str, form: &[(&str, String)], auth: Option<(&str, &str)>| {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let header = auth.map(|(id, secret)| basic_auth(id, secret));
        let headers: Vec<(&str, &str)> = header
            .iter()
            .map(|h| ("Authorization", h.as_str()))
            .collect();
        http_request("POST", token_url, &headers, Some(&form_body(&pairs)))
    };
    // Per-server or random values: compared for presence and shape only.
    let strip = |claims: &mut Value| {
        let c = claims.as_object_mut().unwrap();
        assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 600);
        assert_eq!(c["at_hash"].as_str().map(str::len), Some(22), "at_hash");
        for k in ["iss", "iat", "exp", "at_hash"] {
            c.remove(k);
        }
    };
    for (name, form, auth) in &cases {
        let r = ask(&format!("{}/token", real.issuer), form, *auth);
        let f = ask(&fake.token_url(), form, *auth);
        assert_eq!(
            f.status, r.status,
            "{name}: status; real {}, fake {}",
            r.body, f.body
        );
        let (rj, fj) = (r.json(), f.json());
        if r.status != 200 {
            assert_eq!(fj["error"], rj["error"], "{name}: error code");
            assert_eq!(
                fj["error_description"], rj["error_description"],
                "{name}: description"
            );
            continue;
        }
        let keys = |v: &Value| {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(keys(&fj), keys(&rj), "{name}: response fields");
        assert_eq!(fj["token_type"], rj["token_type"], "{name}");
        assert_eq!(fj["issued_token_type"], rj["issued_token_type"], "{name}");
        let expires_in = |v: &Value| v["expires_in"].as_i64().unwrap();
        assert!(
            (expires_in(&fj) - expires_in(&rj)).abs() <= 2,
            "{name}: expires_in {rj} {fj}"
        );
        let (_, mut rc) =
            crate::common::jwt::decode_unverified(rj["access_token"].as_str().unwrap());
        let (_, mut fc) =
            crate::common::jwt::decode_unverified(fj["access_token"].as_str().unwrap());
        strip(&mut rc);
        strip(&mut fc);
        assert_eq!(fc, rc, "{name}: claims");
    }
}
