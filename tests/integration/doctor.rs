//! `jwtcred doctor`, check by check: each of token, discovery, signature, authenticator,
//! audience, claims, mapping and server in its pass/warn/fail/skip states, the text and JSON
//! reports, the exit codes, the failure contract when no token can be obtained, and that the
//! token never shows in any output.

use std::sync::Arc;

use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::common::doctor::{DoctorRun, doctor};
use crate::common::issuer::HttpsIssuer;
use crate::common::jwt::{TestIssuer, TestKey, now};
use crate::common::kube_authn::{self, config, jwt_entry_for};
use crate::common::serve::{Background, serve_https};
use crate::common::signers::{self, Alg};
use crate::common::tls::TestCa;
use crate::common::{TestEnv, assert_failure};

const AUD: &str = "k8s";

fn claims(issuer: &HttpsIssuer, extra: Value) -> Value {
    let mut claims = issuer.issuer.claims_for("alice", json!(AUD), 600);
    claims["jti"] = json!("id-7");
    claims["groups"] = json!(["dev"]);
    crate::common::jwt::merge_claims(&mut claims, &extra);
    claims
}

/// The standard configuration for `issuer`: username `oidc:<sub>`, groups, uid from sub.
fn standard(issuer: &HttpsIssuer) -> String {
    config(&[jwt_entry_for(issuer, &[AUD], "oidc:")])
}

/// A configuration entry with extra fields merged in.
fn with(issuer: &HttpsIssuer, extra: Value) -> String {
    let mut entry = jwt_entry_for(issuer, &[AUD], "oidc:");
    for (key, value) in extra.as_object().unwrap() {
        entry[key] = value.clone();
    }
    config(&[entry])
}

fn assert_no_token(run: &DoctorRun, token: &str) {
    let signature = token.rsplit('.').next().unwrap();
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains(token) && !text.contains(signature),
            "the token leaked: {text}"
        );
    }
}

#[test]
fn an_accepted_token_passes_every_check_and_names_the_user() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let token = issuer.mint(claims(&issuer, json!({})));
    let run = doctor(&env, &token, Some(&standard(&issuer)), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let names: Vec<&str> = run.report.as_ref().unwrap()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "token",
            "discovery",
            "signature",
            "authenticator",
            "audience",
            "claims",
            "mapping",
            "server"
        ]
    );
    for name in [
        "token",
        "discovery",
        "signature",
        "authenticator",
        "audience",
        "claims",
        "mapping",
    ] {
        assert_eq!(run.status(name), "pass", "{name}: {}", run.check(name).1);
    }
    assert_eq!(
        run.status("server"),
        "skip",
        "no cluster named: the token goes nowhere"
    );
    assert_eq!(
        run.user(),
        &json!({
            "username": "oidc:alice",
            "uid": "alice",
            "groups": ["dev", "system:authenticated"],
            "extra": {"authentication.kubernetes.io/credential-id": ["JTI=id-7"]},
        })
    );
    assert_eq!(run.report.as_ref().unwrap()["server_user"], Value::Null);
    assert!(
        run.check("signature").1.contains("RS256"),
        "{}",
        run.check("signature").1
    );
    assert_no_token(&run, &token);
}

#[test]
fn the_text_report_ends_with_the_identity_and_ignores_jwtcred_output() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let token = env.write("t.jwt", issuer.mint(claims(&issuer, json!({}))));
    let cfg = env.write("authn.yaml", standard(&issuer));
    let output = env
        .cmd()
        .args(["doctor", "--token-file"])
        .arg(&token)
        .arg("--authentication-config")
        .arg(&cfg)
        .env("JWTCRED_OUTPUT", "json")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.starts_with("token "),
        "text, whatever JWTCRED_OUTPUT says: {stdout}"
    );
    let last = stdout.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with("Result: the cluster accepts the token as username \"oidc:alice\""),
        "{last}"
    );
}

#[test]
fn a_failed_check_prints_the_report_and_exits_1_without_an_error_line() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let token = issuer.mint(claims(&issuer, json!({"aud": "kubernetes"})));
    for json in [true, false] {
        let token_file = env.write("t.jwt", &token);
        let cfg = env.write("authn.yaml", standard(&issuer));
        let mut cmd = env.cmd();
        cmd.args(["doctor", "--token-file"])
            .arg(&token_file)
            .arg("--authentication-config")
            .arg(&cfg);
        if json {
            cmd.args(["--output", "json"]);
        }
        let output = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stdout}");
        assert!(!stderr.contains("jwtcred: error:"), "{stderr}");
        assert!(!stdout.contains(&token) && !stderr.contains(&token));
        if json {
            let report: Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(report["user"], Value::Null);
        } else {
            assert!(
                stdout.contains("Result: the cluster will NOT accept the token (failed: audience)"),
                "{stdout}"
            );
        }
    }
}

#[test]
fn no_token_is_an_error_as_for_get() {
    let env = TestEnv::new();
    let issuer = TestIssuer::new("https://issuer.example");
    let expired = env.write(
        "expired.jwt",
        issuer.mint(issuer.claims_for("a", json!(AUD), -60)),
    );
    let output = env
        .cmd()
        .args(["doctor", "--token-file"])
        .arg(&expired)
        .output()
        .unwrap();
    assert_failure(&output, 1, &[]);
    let output = env
        .cmd()
        .args(["doctor", "--source", "env"])
        .output()
        .unwrap();
    assert_failure(&output, 3, &[]);
    let output = env.cmd().arg("doctor").output().unwrap();
    assert_failure(&output, 3, &[]);
    let good = env.write("good.jwt", issuer.mint_for("a", AUD, 600));
    let output = env
        .cmd()
        .args(["doctor", "--token-file"])
        .arg(&good)
        .args(["--authentication-config", "/nonexistent/authn.yaml"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[]);
    assert!(
        stderr.contains("--authentication-config /nonexistent/authn.yaml"),
        "{stderr}"
    );
    let output = env
        .cmd()
        .args(["doctor", "--output", "yaml"])
        .output()
        .unwrap();
    assert_failure(&output, 2, &[]);
}

#[test]
fn token_check_warns_on_clock_skew_and_fails_without_exp_or_iss() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let cfg = standard(&issuer);
    let skewed = doctor(
        &env,
        &issuer.mint(claims(&issuer, json!({"iat": now() + 300}))),
        Some(&cfg),
        &[],
    );
    let (status, detail) = skewed.check("token");
    assert_eq!(status, "warn", "{detail}");
    assert!(
        detail.contains("iat is ")
            && [
                "5m in the future",
                "4m59s in the future",
                "4m58s in the future"
            ]
            .iter()
            .any(|skew| detail.contains(skew))
            && detail.contains("clock skew"),
        "{detail}"
    );
    assert_eq!(skewed.code, 0, "a warning is not a failure");

    let mut no_exp = claims(&issuer, json!({}));
    no_exp.as_object_mut().unwrap().remove("exp");
    let run = doctor(&env, &issuer.mint(no_exp), Some(&cfg), &[]);
    assert_eq!(run.status("token"), "fail");
    assert!(
        run.check("token").1.contains("without exp"),
        "{}",
        run.check("token").1
    );
    assert_eq!(run.code, 1);

    let mut no_iss = claims(&issuer, json!({}));
    no_iss.as_object_mut().unwrap().remove("iss");
    let run = doctor(&env, &issuer.mint(no_iss), Some(&cfg), &[]);
    assert_eq!(run.status("token"), "fail");
    assert_eq!(run.status("discovery"), "skip");
}

/// An HTTPS issuer whose discovery document says what the test wants.
struct CustomIssuer {
    url: String,
    ca: TestCa,
    _bg: Background,
}

fn custom_issuer(
    announce: impl Fn(&str) -> Value + Send + Sync + 'static,
    jwks: Value,
) -> CustomIssuer {
    let ca = TestCa::new();
    let url_cell: Arc<std::sync::OnceLock<String>> = Arc::new(std::sync::OnceLock::new());
    let cell = Arc::clone(&url_cell);
    let announce = Arc::new(announce);
    let router = axum::Router::new()
        .route(
            "/.well-known/openid-configuration",
            axum::routing::get(move || {
                let doc = announce(cell.get().unwrap());
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        doc.to_string(),
                    )
                }
            }),
        )
        .route(
            "/jwks",
            axum::routing::get(move || {
                let jwks = jwks.to_string();
                async move { ([(header::CONTENT_TYPE, "application/json")], jwks) }
            }),
        );
    let (addr, bg) = serve_https("custom-issuer", router, ca.server_config());
    let url = format!("https://{addr}");
    url_cell.set(url.clone()).unwrap();
    CustomIssuer { url, ca, _bg: bg }
}

#[test]
fn discovery_fails_on_a_trailing_slash_an_unreachable_issuer_or_no_jwks_uri() {
    let env = TestEnv::new();
    let key = TestIssuer::new("x");
    let slash = custom_issuer(
        |url| json!({"issuer": format!("{url}/"), "jwks_uri": format!("{url}/jwks")}),
        key.jwks(),
    );
    let token = TestIssuer::new(slash.url.clone()).mint_for("a", AUD, 600);
    let ca = slash.ca.ca_path();
    let run = doctor(&env, &token, None, &["--ca-file", ca.to_str().unwrap()]);
    let (status, detail) = run.check("discovery");
    assert_eq!(status, "fail", "{detail}");
    assert!(
        detail.contains("near miss") && detail.contains("trailing slash"),
        "{detail}"
    );
    assert_eq!(run.status("signature"), "skip");
    assert_eq!(run.status("authenticator"), "skip");

    let no_jwks = custom_issuer(|url| json!({"issuer": url}), key.jwks());
    let token = TestIssuer::new(no_jwks.url.clone()).mint_for("a", AUD, 600);
    let ca = no_jwks.ca.ca_path();
    let run = doctor(&env, &token, None, &["--ca-file", ca.to_str().unwrap()]);
    assert!(
        run.check("discovery").1.contains("names no jwks_uri"),
        "{}",
        run.check("discovery").1
    );

    let unreachable = TestIssuer::new("https://127.0.0.1:1").mint_for("a", AUD, 600);
    let run = doctor(&env, &unreachable, None, &["--timeout", "2s"]);
    assert_eq!(run.status("discovery"), "fail");
    assert!(
        run.check("discovery")
            .1
            .contains("127.0.0.1:1/.well-known/openid-configuration")
    );
}

#[test]
fn discovery_follows_discovery_url_and_trusts_the_authenticators_ca() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let token = issuer.mint(claims(&issuer, json!({})));
    // Without a configuration, the issuer's CA is unknown: TLS fails, as it would for a
    // cluster without issuer.certificateAuthority.
    let run = doctor(&env, &token, None, &[]);
    assert_eq!(run.status("discovery"), "fail");
    assert!(
        run.check("discovery").1.contains("not trusted"),
        "{}",
        run.check("discovery").1
    );
    let ca = issuer.ca_path();
    let run = doctor(&env, &token, None, &["--ca-file", ca.to_str().unwrap()]);
    assert_eq!(
        run.status("discovery"),
        "pass",
        "{}",
        run.check("discovery").1
    );
    assert_eq!(run.status("signature"), "pass");
    assert_eq!(
        run.user(),
        &Value::Null,
        "no configuration, no predicted user"
    );
    // --discovery-url wins over the token's iss.
    let elsewhere = format!("{}/.well-known/openid-configuration", issuer.url);
    let run = doctor(
        &env,
        &token,
        Some(&standard(&issuer)),
        &["--discovery-url", &elsewhere],
    );
    assert!(
        run.check("discovery").1.contains("from --discovery-url"),
        "{}",
        run.check("discovery").1
    );
}

#[test]
fn signature_verifies_every_accepted_algorithm() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    issuer.set_jwks(signers::jwks_all());
    let env = TestEnv::new();
    let cfg = standard(&issuer);
    for alg in Alg::ALL {
        let token = signers::mint(alg, Some(&alg.kid()), &claims(&issuer, json!({})));
        let run = doctor(&env, &token, Some(&cfg), &[]);
        let (status, detail) = run.check("signature");
        assert_eq!(status, "pass", "{}: {detail}", alg.name());
        assert!(
            detail.contains(alg.name()) && detail.contains(&alg.kid()),
            "{detail}"
        );
        assert_eq!(run.code, 0);
    }
}

#[test]
fn signature_fails_for_a_wrong_key_an_unknown_kid_or_a_refused_algorithm() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let cfg = standard(&issuer);
    let other = TestIssuer::with_key(issuer.url.clone(), TestKey::Other);
    let forged = other
        .mint(claims(&issuer, json!({})))
        .replace(&other.kid, issuer.issuer.kid());
    let run = doctor(
        &env,
        &other.mint(claims(&issuer, json!({}))).replace("unused", ""),
        Some(&cfg),
        &[],
    );
    let (status, detail) = run.check("signature");
    assert_eq!(status, "fail");
    assert!(
        detail.contains("no JWKS key has the token's kid"),
        "{detail}"
    );
    let _ = forged;
    // Same kid, other key: the header is part of the signed input, so re-sign with the
    // primary kid in the header.
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some(issuer.issuer.kid().to_owned());
    let key =
        jsonwebtoken::EncodingKey::from_rsa_pem(include_bytes!("../fixtures/other-rsa.key.pem"))
            .unwrap();
    let wrong_key = jsonwebtoken::encode(&header, &claims(&issuer, json!({})), &key).unwrap();
    let run = doctor(&env, &wrong_key, Some(&cfg), &[]);
    let (status, detail) = run.check("signature");
    assert_eq!(status, "fail");
    assert!(detail.contains("does not verify"), "{detail}");
    let run = doctor(
        &env,
        &signers::mint_hs256(&claims(&issuer, json!({}))),
        Some(&cfg),
        &[],
    );
    let (status, detail) = run.check("signature");
    assert_eq!(status, "fail");
    assert!(
        detail.contains("\"HS256\" is not accepted by kube-apiserver"),
        "{detail}"
    );
    assert_eq!(run.user(), &Value::Null, "a bad signature means no user");
}

#[test]
fn authenticator_fails_on_a_broken_file_or_no_matching_issuer() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let token = issuer.mint(claims(&issuer, json!({})));
    let run = doctor(
        &env,
        &token,
        None,
        &["--ca-file", issuer.ca_path().to_str().unwrap()],
    );
    assert_eq!(run.status("authenticator"), "skip");
    for name in ["audience", "claims", "mapping"] {
        assert_eq!(run.status(name), "skip");
    }

    let broken = standard(&issuer).replace("\"url\":\"https://", "\"url\":\"http://");
    let run = doctor(&env, &token, Some(&broken), &[]);
    let (status, detail) = run.check("authenticator");
    assert_eq!(status, "fail");
    assert!(
        detail.contains("jwt[0].issuer.url: Invalid value: \"http://")
            && detail.contains("URL scheme must be https"),
        "{detail}"
    );
    assert!(detail.contains("authn-"), "names the file: {detail}");

    let unknown_field = with(&issuer, json!({"claimValidation": []}));
    let run = doctor(&env, &token, Some(&unknown_field), &[]);
    assert!(
        run.check("authenticator").1.contains("claimValidation"),
        "{}",
        run.check("authenticator").1
    );

    let slash = standard(&issuer).replace(
        &format!("\"url\":\"{}\"", issuer.url),
        &format!("\"url\":\"{}/\"", issuer.url),
    );
    let run = doctor(&env, &token, Some(&slash), &[]);
    let (status, detail) = run.check("authenticator");
    assert_eq!(status, "fail");
    assert!(
        detail.contains("nearest") && detail.contains("trailing slash"),
        "{detail}"
    );
}

#[test]
fn audience_fails_with_the_near_miss_and_where_it_is_configured() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let run = doctor(
        &env,
        &issuer.mint(claims(&issuer, json!({"aud": "K8S"}))),
        Some(&standard(&issuer)),
        &[],
    );
    let (status, detail) = run.check("audience");
    assert_eq!(status, "fail");
    for part in [
        "[\"K8S\"]",
        "[\"k8s\"]",
        "jwt[0].issuer.audiences",
        "letter case",
        "hint:",
    ] {
        assert!(detail.contains(part), "{part} missing: {detail}");
    }
}

#[test]
fn claims_pass_fail_and_skip() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let cfg = with(
        &issuer,
        json!({"claimValidationRules": [
            {"claim": "repository_owner", "requiredValue": "acme"},
            {"expression": "claims.sub.startsWith('al')", "message": "only al* users"},
        ]}),
    );
    let run = doctor(
        &env,
        &issuer.mint(claims(&issuer, json!({"repository_owner": "acme"}))),
        Some(&cfg),
        &[],
    );
    assert_eq!(run.status("claims"), "pass", "{}", run.check("claims").1);
    let run = doctor(
        &env,
        &issuer.mint(claims(
            &issuer,
            json!({"repository_owner": "Acme", "sub": "bob"}),
        )),
        Some(&cfg),
        &[],
    );
    let (status, detail) = run.check("claims");
    assert_eq!(status, "fail");
    assert!(
        detail.contains("claim \"repository_owner\" is \"Acme\", wanted \"acme\"")
            && detail.contains("letter case"),
        "{detail}"
    );
    assert!(
        detail.contains("only al* users") && detail.contains("claimValidationRules[1]"),
        "{detail}"
    );

    let unsupported = with(
        &issuer,
        json!({"claimValidationRules": [{"expression": "quantity(claims.quota).isLessThan(quantity('1Gi'))"}]}),
    );
    let run = doctor(
        &env,
        &issuer.mint(claims(&issuer, json!({"quota": "1Mi"}))),
        Some(&unsupported),
        &[],
    );
    let (status, detail) = run.check("claims");
    assert_eq!(status, "skip");
    assert!(
        detail.contains("quantity(claims.quota)") && detail.contains("not evaluated"),
        "{detail}"
    );
    assert_eq!(run.code, 0, "a skip is no failure");
    assert_eq!(run.user(), &Value::Null, "an open rule: no predicted user");
}

#[test]
fn mapping_fails_warns_and_skips() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let email = with(
        &issuer,
        json!({"claimMappings": {"username": {"claim": "email", "prefix": ""}}}),
    );
    let run = doctor(
        &env,
        &issuer.mint(claims(&issuer, json!({"mail": "a@example.com"}))),
        Some(&email),
        &[],
    );
    let (status, detail) = run.check("mapping");
    assert_eq!(status, "fail");
    assert!(
        detail.contains("username claim \"email\" is not in the token")
            && detail.contains("near miss: the token has \"mail\""),
        "{detail}"
    );

    let system = with(
        &issuer,
        json!({"claimMappings": {"username": {"claim": "sub", "prefix": ""}}}),
    );
    let run = doctor(
        &env,
        &issuer.mint(claims(&issuer, json!({"sub": "system:admin"}))),
        Some(&system),
        &[],
    );
    assert_eq!(run.status("mapping"), "warn", "{}", run.check("mapping").1);
    assert_eq!(run.user()["username"], "system:admin");

    let rule = with(
        &issuer,
        json!({
            "claimMappings": {"username": {"claim": "sub", "prefix": ""}},
            "userValidationRules": [{"expression": "!user.username.startsWith('system:')", "message": "no system users"}],
        }),
    );
    let run = doctor(
        &env,
        &issuer.mint(claims(&issuer, json!({"sub": "system:admin"}))),
        Some(&rule),
        &[],
    );
    let (status, detail) = run.check("mapping");
    assert_eq!(status, "fail");
    assert!(
        detail.contains("no system users") && detail.contains("userValidationRules[0]"),
        "{detail}"
    );

    let cel = with(
        &issuer,
        json!({"claimMappings": {
            "username": {"expression": "'gh:' + claims.sub.upperAscii()"},
            "groups": {"expression": "dyn(claims.groups).map(g, 'team:' + g)"},
            "uid": {"claim": "sub"},
            "extra": [{"key": "example.com/ip", "valueExpression": "ip(claims.addr).family() == 4 ? 'v4' : 'v6'"}],
        }}),
    );
    let run = doctor(
        &env,
        &issuer.mint(claims(&issuer, json!({"addr": "10.0.0.1"}))),
        Some(&cel),
        &[],
    );
    let (status, detail) = run.check("mapping");
    assert_eq!(status, "skip");
    assert!(detail.contains("ip(claims.addr)"), "{detail}");
}

fn kubeconfig(env: &TestEnv, server: &str, ca_pem: &str) -> std::path::PathBuf {
    use base64::Engine as _;
    let ca = base64::engine::general_purpose::STANDARD.encode(ca_pem);
    env.write(
        "kubeconfig",
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: ctx\nclusters:\n- name: c\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\ncontexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user: {{}}\n"
        ),
    )
}

/// An issuer, the real authenticator serving the standard configuration for it, and one of
/// its tokens; None (outside CI) when the authenticator peer is missing.
fn served_standard() -> Option<(HttpsIssuer, TestEnv, kube_authn::Cluster, String)> {
    if !kube_authn::available() {
        return None;
    }
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let cluster = kube_authn::serve(&standard(&issuer));
    let token = issuer.mint(claims(&issuer, json!({})));
    Some((issuer, TestEnv::new(), cluster, token))
}

#[test]
fn server_check_asks_the_cluster_itself() {
    let Some((issuer, env, cluster, token)) = served_standard() else {
        return;
    };
    let cluster_ca = cluster.ca_path();

    let run = doctor(
        &env,
        &token,
        Some(&standard(&issuer)),
        &[
            "--server",
            &cluster.url,
            "--ca-file",
            cluster_ca.to_str().unwrap(),
        ],
    );
    let (status, detail) = run.check("server");
    assert_eq!(status, "pass", "{detail}");
    assert_eq!(run.report.as_ref().unwrap()["server_user"], *run.user());

    // Through a kubeconfig (its CA), with a configuration that predicts another prefix.
    let kubeconfig = kubeconfig(&env, &cluster.url, &cluster.ca_pem);
    let other_prefix = config(&[jwt_entry_for(&issuer, &[AUD], "corp:")]);
    let run = doctor(
        &env,
        &token,
        Some(&other_prefix),
        &["--kubeconfig", kubeconfig.to_str().unwrap()],
    );
    let (status, detail) = run.check("server");
    assert_eq!(status, "warn", "{detail}");
    assert!(
        detail.contains("username \"oidc:alice\" (predicted \"corp:alice\")"),
        "{detail}"
    );
    assert_eq!(run.code, 0);

    // A token the cluster refuses: 401 is a failure.
    let wrong_audience = issuer.mint(claims(&issuer, json!({"aud": "other"})));
    let run = doctor(
        &env,
        &wrong_audience,
        None,
        &[
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--context",
            "ctx",
            "--ca-file",
            issuer.ca_path().to_str().unwrap(),
        ],
    );
    let (status, detail) = run.check("server");
    assert_eq!(status, "fail", "{detail}");
    assert!(detail.contains("401"), "{detail}");
    assert_eq!(run.code, 1);
    assert_no_token(&run, &wrong_audience);
    assert!(
        cluster
            .log()
            .iter()
            .any(|r| r.path == "/apis/authentication.k8s.io/v1/selfsubjectreviews")
    );
}

/// A kubeconfig cluster with `tls-server-name` and no CA of its own is verified against the
/// system roots plus `--ca-file`, like every other HTTPS call (the name override used to drop
/// `--ca-file`).
#[test]
fn server_check_with_tls_server_name_trusts_the_ca_file() {
    let Some((_issuer, env, cluster, token)) = served_standard() else {
        return;
    };
    // The serving certificate names localhost; the URL says 127.0.0.1.
    let kubeconfig = env.write(
        "kubeconfig-sni",
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: ctx\nclusters:\n- name: c\n  cluster:\n    server: {}\n    tls-server-name: localhost\ncontexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user: {{}}\n",
            cluster.url
        ),
    );
    let kubeconfig = kubeconfig.to_str().unwrap();
    let ca = cluster.ca_path();
    let run = doctor(
        &env,
        &token,
        None,
        &[
            "--kubeconfig",
            kubeconfig,
            "--ca-file",
            ca.to_str().unwrap(),
        ],
    );
    let (status, detail) = run.check("server");
    assert_eq!(status, "pass", "{detail}");
    // Without the CA the same cluster is not trusted: the check says so, nothing is sent.
    let run = doctor(&env, &token, None, &["--kubeconfig", kubeconfig]);
    let (status, detail) = run.check("server");
    assert_ne!(status, "pass", "{detail}");
    assert!(detail.to_lowercase().contains("certificate"), "{detail}");
}

#[test]
fn server_check_reads_403_as_a_warning_and_404_as_a_skip() {
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let env = TestEnv::new();
    let token = issuer.mint(claims(&issuer, json!({})));
    for (code, status) in [
        (StatusCode::FORBIDDEN, "warn"),
        (StatusCode::NOT_FOUND, "skip"),
    ] {
        let ca = TestCa::new();
        // As a real apiserver: authentication first, so the scripted 403/404 only reaches a
        // request carrying the token (anything else is a 401).
        let bearer = format!("Bearer {token}");
        let router = axum::Router::new().fallback(move |headers: axum::http::HeaderMap| {
            let authenticated = headers
                .get(header::AUTHORIZATION)
                .is_some_and(|v| v.as_bytes() == bearer.as_bytes());
            let code = if authenticated {
                code
            } else {
                StatusCode::UNAUTHORIZED
            };
            async move {
                (
                    code,
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"kind":"Status","message":"nope"}"#,
                )
                    .into_response()
            }
        });
        let (addr, _bg) = serve_https("fake-apiserver", router, ca.server_config());
        let kubeconfig = kubeconfig(&env, &format!("https://{addr}"), &ca.ca_pem);
        let run = doctor(
            &env,
            &token,
            Some(&standard(&issuer)),
            &["--kubeconfig", kubeconfig.to_str().unwrap()],
        );
        assert_eq!(run.status("server"), status, "{}", run.check("server").1);
        assert_eq!(run.code, 0);
    }
}
