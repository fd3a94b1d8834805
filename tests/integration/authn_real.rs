//! The real Kubernetes JWT authenticator (tests/peers/kube-authn on k8s.io/apiserver) against
//! tokens from the test issuers and from jwtcred: what a cluster with Structured
//! Authentication accepts, maps and rejects.

use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::common::apiserver::{ExecEntry, run_kubectl_whoami, write_kubeconfig};
use crate::common::issuer::HttpsIssuer;
use crate::common::jwt::{TestIssuer, TestKey, now};
use crate::common::kube_authn::{self, config, jwt_entry_for};

const AUD: &str = "kubernetes";

fn issuer() -> HttpsIssuer {
    HttpsIssuer::start(TestKey::Primary)
}

fn claims(issuer: &HttpsIssuer, sub: &str, extra: Value) -> Value {
    let mut claims = issuer.issuer.claims_for(sub, json!(AUD), 300);
    crate::common::jwt::merge_claims(&mut claims, &extra);
    claims
}

#[test]
fn accepts_a_token_and_maps_username_uid_groups_and_credential_id() {
    if !kube_authn::available() {
        return;
    }
    let issuer = issuer();
    let cfg = config(&[jwt_entry_for(&issuer, &[AUD], "oidc:")]);
    let token = issuer.mint(claims(
        &issuer,
        "alice",
        json!({"groups": ["dev", "ops"], "jti": "id-42"}),
    ));
    let single_group = issuer.mint(claims(&issuer, "bob", json!({"groups": "dev"})));
    let verdicts = kube_authn::batch(&cfg, &[&token, &single_group]).unwrap();

    let alice = verdicts[0].accepted();
    assert_eq!(alice.username, "oidc:alice");
    assert_eq!(alice.uid, "alice");
    assert_eq!(alice.groups, ["dev", "ops", "system:authenticated"]);
    assert_eq!(
        alice.extra["authentication.kubernetes.io/credential-id"],
        ["JTI=id-42"]
    );
    let bob = verdicts[1].accepted();
    assert_eq!(
        bob.groups,
        ["dev", "system:authenticated"],
        "a string is one group"
    );
    assert!(
        bob.extra.is_empty(),
        "no jti, no credential id: {:?}",
        bob.extra
    );
}

#[test]
fn rejects_wrong_audience_expired_wrong_key_and_ignores_other_issuers() {
    if !kube_authn::available() {
        return;
    }
    let issuer = issuer();
    let cfg = config(&[jwt_entry_for(&issuer, &[AUD], "")]);
    let wrong_aud = issuer.mint_for("alice", "not-kubernetes", 300);
    let expired = issuer.mint_for("alice", AUD, -120);
    let wrong_key =
        TestIssuer::with_key(issuer.url.clone(), TestKey::Other).mint_for("alice", AUD, 300);
    let other_issuer = TestIssuer::new("https://elsewhere.example").mint_for("alice", AUD, 300);
    let not_yet = issuer.mint(claims(&issuer, "alice", json!({"nbf": now() + 3600})));
    let verdicts = kube_authn::batch(
        &cfg,
        &[
            &wrong_aud,
            &expired,
            &wrong_key,
            &other_issuer,
            &not_yet,
            "not-a-jwt",
        ],
    )
    .unwrap();

    let aud_error = verdicts[0].rejected();
    assert!(aud_error.contains("oidc: verify token"), "{aud_error}");
    assert!(aud_error.contains("audience"), "{aud_error}");
    let exp_error = verdicts[1].rejected();
    assert!(exp_error.contains("expired"), "{exp_error}");
    let key_error = verdicts[2].rejected();
    assert!(key_error.contains("oidc: verify token"), "{key_error}");
    // An iss no authenticator owns is "not mine", not an error, as in the union of a cluster.
    assert_eq!(verdicts[3].rejected(), "");
    let nbf_error = verdicts[4].rejected();
    assert!(nbf_error.contains("oidc: verify token"), "{nbf_error}");
    assert_eq!(verdicts[5].rejected(), "");
}

#[test]
fn cel_claim_validation_mappings_and_user_validation_rules() {
    if !kube_authn::available() {
        return;
    }
    let issuer = issuer();
    let entry = json!({
        "issuer": {"url": issuer.url, "certificateAuthority": issuer.ca_pem(), "audiences": [AUD, "other"],
                   "audienceMatchPolicy": "MatchAny"},
        "claimValidationRules": [
            {"expression": "claims.repository_owner == 'acme'", "message": "only acme pipelines"},
        ],
        "claimMappings": {
            "username": {"expression": "'ci:' + claims.repository + ':' + claims.ref"},
            "groups": {"expression": "['ci', 'owner:' + claims.repository_owner]"},
            "uid": {"expression": "claims.sub"},
            "extra": [{"key": "example.org/run", "valueExpression": "claims.?run_id.orValue('none')"}],
        },
        "userValidationRules": [
            {"expression": "!user.username.contains('forbidden')", "message": "forbidden repository"},
        ],
    });
    let cfg = config(&[entry]);
    let base = json!({"repository_owner": "acme", "repository": "acme/app", "ref": "refs/heads/main", "run_id": "7"});
    let good = issuer.mint(claims(&issuer, "repo:acme/app", base.clone()));
    let mut other_aud = claims(&issuer, "repo:acme/app", base.clone());
    other_aud["aud"] = json!(["x", "other"]);
    let other_aud = issuer.mint(other_aud);
    let mut foreign = base.clone();
    foreign["repository_owner"] = json!("evil");
    let foreign = issuer.mint(claims(&issuer, "repo:evil/app", foreign));
    let mut forbidden = base.clone();
    forbidden["repository"] = json!("acme/forbidden");
    let forbidden = issuer.mint(claims(&issuer, "repo:acme/forbidden", forbidden));
    let mut no_run = base.clone();
    no_run["run_id"] = Value::Null;
    let no_run = issuer.mint(claims(&issuer, "repo:acme/app", no_run));

    let v = kube_authn::batch(&cfg, &[&good, &other_aud, &foreign, &forbidden, &no_run]).unwrap();
    let user = v[0].accepted();
    assert_eq!(user.username, "ci:acme/app:refs/heads/main");
    assert_eq!(user.uid, "repo:acme/app");
    assert_eq!(user.groups, ["ci", "owner:acme", "system:authenticated"]);
    assert_eq!(user.extra["example.org/run"], ["7"]);
    assert_eq!(
        v[1].accepted().username,
        user.username,
        "MatchAny: one audience is enough"
    );
    assert!(
        v[2].rejected().contains("only acme pipelines"),
        "{:?}",
        v[2]
    );
    assert!(
        v[3].rejected().contains("forbidden repository"),
        "{:?}",
        v[3]
    );
    assert_eq!(v[4].accepted().extra["example.org/run"], ["none"]);
}

#[test]
fn config_errors_are_the_validation_kube_apiserver_starts_with() {
    if !kube_authn::available() {
        return;
    }
    let issuer = issuer();
    let mut http_issuer = jwt_entry_for(&issuer, &[AUD], "");
    http_issuer["issuer"]["url"] = json!(issuer.url.replace("https://", "http://"));
    let err = kube_authn::batch(&config(&[http_issuer]), &[]).unwrap_err();
    assert!(err.contains("URL scheme must be https"), "{err}");

    let mut no_prefix = jwt_entry_for(&issuer, &[AUD], "");
    no_prefix["claimMappings"]["username"] = json!({"claim": "sub"});
    let err = kube_authn::batch(&config(&[no_prefix]), &[]).unwrap_err();
    assert!(
        err.contains("prefix is required when claim is set"),
        "{err}"
    );

    let two_auds = jwt_entry_for(&issuer, &[AUD, "b"], "");
    let mut two_auds_no_policy = two_auds.clone();
    two_auds_no_policy["issuer"]
        .as_object_mut()
        .unwrap()
        .remove("audienceMatchPolicy");
    let err = kube_authn::batch(&config(&[two_auds_no_policy]), &[]).unwrap_err();
    assert!(err.contains("audienceMatchPolicy"), "{err}");

    let mut bad_cel = jwt_entry_for(&issuer, &[AUD], "");
    bad_cel["claimValidationRules"] = json!([{"expression": "claims.sub", "message": "m"}]);
    let err = kube_authn::batch(&config(&[bad_cel]), &[]).unwrap_err();
    assert!(err.contains("claimValidationRules"), "{err}");

    let unknown_field = config(&[jwt_entry_for(&issuer, &[AUD], "")])
        .replace("\"claimMappings\"", "\"claimMapping\"");
    let err = kube_authn::batch(&unknown_field, &[]).unwrap_err();
    assert!(err.contains("claimMapping"), "strict decoding: {err}");
    assert!(
        kube_authn::batch("", &[])
            .unwrap_err()
            .contains("empty config data")
    );
}

/// kubectl runs jwtcred (file source) and the real authenticator, behind kube-authn serve,
/// maps the token; a token it rejects makes kubectl fail with Unauthorized.
#[test]
fn kubectl_whoami_through_the_real_authenticator() {
    if !kube_authn::available() {
        return;
    }
    let issuer = issuer();
    let cluster = kube_authn::serve(&config(&[jwt_entry_for(&issuer, &[AUD], "oidc:")]));
    let env = TestEnv::new();
    let good = env.write(
        "good.jwt",
        issuer.mint(claims(&issuer, "alice", json!({"groups": ["dev"]}))),
    );
    let exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .args(["--source", "file", "--token-file", good.to_str().unwrap()])
        .env("JWTCRED_CACHE_DIR", env.cache_dir().display().to_string());
    let kubeconfig = env.path().join("kubeconfig");
    write_kubeconfig(&kubeconfig, &cluster.url, &cluster.ca_path(), &exec);
    let Some(out) = run_kubectl_whoami(&kubeconfig) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        cluster.stderr_text()
    );
    let review: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(review["kind"], "SelfSubjectReview");
    assert_eq!(review["status"]["userInfo"]["username"], "oidc:alice");
    assert_eq!(review["status"]["userInfo"]["uid"], "alice");
    assert_eq!(
        review["status"]["userInfo"]["groups"],
        json!(["dev", "system:authenticated"])
    );

    let bad = env.write("bad.jwt", issuer.mint_for("alice", "elsewhere", 300));
    let exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .args(["--source", "file", "--token-file", bad.to_str().unwrap()])
        .env(
            "JWTCRED_CACHE_DIR",
            env.path().join("cache2").display().to_string(),
        );
    write_kubeconfig(&kubeconfig, &cluster.url, &cluster.ca_path(), &exec);
    let out = run_kubectl_whoami(&kubeconfig).unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Unauthorized") || stderr.contains("unauthorized"),
        "{stderr}"
    );
    let last = cluster
        .log()
        .into_iter()
        .rev()
        .find(|r| r.status == 401)
        .expect("a 401");
    assert!(
        last.error.as_deref().unwrap_or("").contains("audience"),
        "{last:?}"
    );
}

/// Differential: the fake apiserver's authenticator (kept for plain-http issuers and token
/// recording) and the real one give the same verdict and user for the same tokens.
#[test]
fn fake_apiserver_agrees_with_the_real_authenticator() {
    use crate::common::apiserver::{FakeApiServer, authenticate};
    if !kube_authn::available() {
        return;
    }
    let issuer = issuer();
    let fake = FakeApiServer::builder()
        .trust(issuer.issuer.clone())
        .audience(AUD)
        .username_prefix("jwt:");
    let mut entry = jwt_entry_for(&issuer, &[AUD], "jwt:");
    entry["claimMappings"]
        .as_object_mut()
        .unwrap()
        .remove("uid");
    let t = now();
    let with = |extra: Value| issuer.mint(claims(&issuer, "alice", extra));
    let cases: Vec<(&str, String)> = vec![
        ("plain", with(json!({}))),
        ("groups list", with(json!({"groups": ["a", "b"]}))),
        ("groups string", with(json!({"groups": "a"}))),
        ("jti", with(json!({"jti": "j-1"}))),
        ("aud list", with(json!({"aud": ["x", AUD]}))),
        ("wrong aud", with(json!({"aud": "x"}))),
        ("expired 3 s ago", with(json!({"exp": t - 3}))),
        ("no exp", with(json!({"exp": null}))),
        ("nbf in 30 s", with(json!({"nbf": t + 30}))),
        ("nbf in 5 min", with(json!({"nbf": t + 300}))),
        ("no sub", with(json!({"sub": null}))),
        (
            "wrong key",
            TestIssuer::with_key(issuer.url.clone(), TestKey::Other).mint_for("alice", AUD, 300),
        ),
        (
            "other issuer",
            TestIssuer::new("https://elsewhere.example").mint_for("alice", AUD, 300),
        ),
    ];
    let tokens: Vec<&str> = cases.iter().map(|(_, t)| t.as_str()).collect();
    let verdicts = kube_authn::batch(&config(&[entry]), &tokens).unwrap();
    for ((name, token), real) in cases.iter().zip(&verdicts) {
        let fake = authenticate(&fake, token);
        match (&fake, real.authenticated) {
            (Ok(user), true) => {
                let real = real.accepted();
                assert_eq!(user.username, real.username, "{name}");
                assert_eq!(user.groups, real.groups, "{name}");
                assert_eq!(user.extra, real.extra, "{name}");
            }
            (Err(_), false) => {}
            _ => panic!("{name}: fake says {fake:?}, real says {real:?}"),
        }
    }
}
