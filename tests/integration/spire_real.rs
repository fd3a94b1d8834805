//! jwtcred's spiffe source against a real SPIRE server and agent (tests/peers/spire, v1.13.3):
//! the Argo CD env contract, SPIRE's JWT-SVID lifetimes and jwtcred's refresh window, several
//! entries for one workload, registration still propagating, an agent restart, and kubectl
//! through the real Kubernetes JWT authenticator.

use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::apiserver::{ExecEntry, run_kubectl_whoami, write_kubeconfig};
use crate::common::jwt::{decode_unverified, now};
use crate::common::kube_authn::{self, config, jwt_entry};
use crate::common::spire::{Spire, uid_selector};
use crate::common::{TestEnv, assert_failure, ok_json};

const CONTROLLER: &str = "/ns/argocd/sa/argocd-application-controller";
const SERVER: &str = "/ns/argocd/sa/argocd-server";

/// A SPIRE deployment with the test process registered as `path`, ready to serve it.
fn spire_with(paths: &[&str]) -> Option<Spire> {
    let spire = Spire::start()?;
    for path in paths {
        spire.create_entry(&spire.id(path), &[&uid_selector()]);
    }
    for path in paths {
        spire.wait_for_svid(&spire.id(path));
    }
    Some(spire)
}

/// Verifies `token` (ES256 from SPIRE) against the server's JWT bundle: signature by a key of
/// `bundle show -format spiffe`, `aud` containing `audience`, `iss` = the `jwt_issuer`.
fn verify_against_bundle(spire: &Spire, token: &str, audience: &str) -> Value {
    let (header, _) = decode_unverified(token);
    let jwks: jsonwebtoken::jwk::JwkSet = serde_json::from_str(&spire.jwt_bundle_jwks()).unwrap();
    let kid = header["kid"].as_str().expect("JWT-SVID kid");
    let jwk = jwks
        .find(kid)
        .unwrap_or_else(|| panic!("kid {kid} not in the bundle"));
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).expect("bundle key");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.set_audience(&[audience]);
    validation.set_issuer(&[&spire.jwt_issuer]);
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .unwrap_or_else(|e| panic!("SVID does not verify against the bundle: {e}"))
        .claims
}

fn spiffe_cmd(env: &TestEnv, spire: &Spire) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("SPIFFE_ENDPOINT_SOCKET", spire.endpoint());
    cmd
}

#[test]
fn argocd_env_contract_prints_a_credential_that_verifies_against_the_bundle() {
    let Some(spire) = spire_with(&[CONTROLLER]) else {
        return;
    };
    let env = TestEnv::new();
    let out = spiffe_cmd(&env, &spire)
        .env("SPIFFE_JWT_AUDIENCE", "spoke-cluster")
        .env("EXEC_CREDENTIAL_VERSION", "v1beta1")
        .output()
        .unwrap();
    let cred = ok_json(&out);
    assert_eq!(cred["apiVersion"], "client.authentication.k8s.io/v1beta1");
    assert_eq!(cred["kind"], "ExecCredential");
    let token = cred["status"]["token"].as_str().unwrap();
    let claims = verify_against_bundle(&spire, token, "spoke-cluster");
    assert_eq!(claims["sub"], spire.id(CONTROLLER));
    assert_eq!(claims["aud"], json!(["spoke-cluster"]));
    assert_eq!(claims["iss"], spire.jwt_issuer);
    let (header, _) = decode_unverified(token);
    assert_eq!(header["alg"], "ES256");
    assert!(cred["status"]["expirationTimestamp"].is_string());
}

/// SPIRE's default JWT-SVID lifetime is 5 minutes: jwtcred's refresh window is then its
/// 60 s default, the token is cached, and a short-lived SVID is renewed once inside it.
#[test]
fn default_five_minute_ttl_refresh_window_cache_and_renewal() {
    let short = "/ns/ci/sa/short-lived";
    let Some(spire) = spire_with(&[CONTROLLER]) else {
        return;
    };
    spire.create_entry_with(&spire.id(short), &[&uid_selector()], &["-jwtSVIDTTL", "10"]);
    spire.wait_for_svid(&spire.id(short));
    let env = TestEnv::new();
    let json_out = |id: &str| {
        ok_json(
            &spiffe_cmd(&env, &spire)
                .args(["-o", "json", "--spiffe-id", id])
                .output()
                .unwrap(),
        )
    };
    let first = json_out(&spire.id(CONTROLLER));
    let (_, claims) = decode_unverified(first["token"].as_str().unwrap());
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 300, "SPIRE's default JWT-SVID TTL");
    let exp = claims["exp"].as_i64().unwrap();
    assert_eq!(rfc3339_secs(&first["expires_at"]), exp);
    assert_eq!(
        rfc3339_secs(&first["refresh_at"]),
        exp - 60,
        "60 s default window"
    );
    assert_eq!(
        json_out(&spire.id(CONTROLLER))["token"],
        first["token"],
        "cached"
    );

    // 10 s SVID: the window is capped at half the lifetime (5 s).
    let a = json_out(&spire.id(short));
    let (_, a_claims) = decode_unverified(a["token"].as_str().unwrap());
    let a_exp = a_claims["exp"].as_i64().unwrap();
    assert_eq!(a_exp - a_claims["iat"].as_i64().unwrap(), 10);
    assert_eq!(rfc3339_secs(&a["refresh_at"]), a_exp - 5);
    assert_eq!(
        json_out(&spire.id(short))["token"],
        a["token"],
        "cached before refresh_at"
    );
    while now() <= a_exp - 5 {
        std::thread::sleep(Duration::from_millis(250));
    }
    let b = json_out(&spire.id(short));
    assert_ne!(b["token"], a["token"], "renewed inside the refresh window");
    let (_, b_claims) = decode_unverified(b["token"].as_str().unwrap());
    assert!(b_claims["exp"].as_i64().unwrap() > a_exp);
    verify_against_bundle(&spire, b["token"].as_str().unwrap(), "k8s");
}

#[test]
fn two_entries_for_one_workload_and_spiffe_id() {
    let Some(spire) = spire_with(&[CONTROLLER, SERVER]) else {
        return;
    };
    let env = TestEnv::new();
    let subject = |extra: &[&str]| -> Output {
        spiffe_cmd(&env, &spire)
            .args(["-o", "json", "--cache", "none"])
            .args(extra)
            .output()
            .unwrap()
    };
    let default = ok_json(&subject(&[]))["subject"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        [spire.id(CONTROLLER), spire.id(SERVER)].contains(&default),
        "{default}"
    );
    for path in [CONTROLLER, SERVER] {
        let id = spire.id(path);
        let out = ok_json(&subject(&["--spiffe-id", &id]));
        assert_eq!(out["subject"], id);
        verify_against_bundle(&spire, out["token"].as_str().unwrap(), "k8s");
    }
    let out = subject(&["--spiffe-id", &spire.id("/not/registered")]);
    let stderr = assert_failure(&out, 1, &[]);
    assert!(
        stderr.contains(&spire.id(CONTROLLER)) && stderr.contains(&spire.id(SERVER)),
        "lists the IDs the agent offered: {stderr}"
    );
}

/// No entry: the agent answers PermissionDenied; jwtcred waits up to 5 s for registration to
/// propagate. Created during that grace, the entry is served; never created, the call fails.
#[test]
fn permission_denied_until_the_entry_propagates_within_the_grace() {
    let Some(spire) = Spire::start() else {
        return;
    };
    let env = TestEnv::new();
    let started = Instant::now();
    let out = spiffe_cmd(&env, &spire)
        .args(["--cache", "none"])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(
        stderr.contains("no identity issued for this workload"),
        "{stderr}"
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(4) && elapsed < Duration::from_secs(12),
        "{elapsed:?}"
    );

    let id = spire.id(CONTROLLER);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("jwtcred"));
    cmd.env_clear()
        .env("HOME", env.path())
        .env("JWTCRED_CACHE_DIR", env.cache_dir())
        .env("SPIFFE_ENDPOINT_SOCKET", spire.endpoint())
        .args(["-o", "json", "--cache", "none"]);
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The entry is created while jwtcred is already being refused.
    std::thread::sleep(Duration::from_millis(300));
    spire.create_entry(&id, &[&uid_selector()]);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "entry created during the grace: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        spire.logs()
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["subject"], id);
}

/// The agent is down (its socket refuses connections) when jwtcred starts and comes back a
/// moment later: the call retries inside its budget and succeeds.
#[test]
fn agent_restarted_during_a_call() {
    let Some(mut spire) = spire_with(&[CONTROLLER]) else {
        return;
    };
    spire.stop_agent();
    let env = TestEnv::new();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .env_clear()
        .env("HOME", env.path())
        .env("JWTCRED_CACHE_DIR", env.cache_dir())
        .env("SPIFFE_ENDPOINT_SOCKET", spire.endpoint())
        .args(["-o", "json", "--timeout", "40s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    spire.spawn_agent();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        spire.logs()
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["subject"], spire.id(CONTROLLER));
    verify_against_bundle(&spire, json["token"].as_str().unwrap(), "k8s");
}

/// kubectl → jwtcred → the real agent; the SVID → kube-authn serve, whose authenticator trusts
/// the SPIRE server's `jwt_issuer` (discovery + JWKS from the server's JWT bundle).
#[test]
fn kubectl_whoami_with_a_real_svid_through_the_real_authenticator() {
    if !kube_authn::available() {
        return;
    }
    let Some(spire) = spire_with(&[CONTROLLER]) else {
        return;
    };
    let mut entry = jwt_entry(
        &spire.jwt_issuer,
        &spire.issuer_ca_pem,
        &["spoke"],
        "spiffe:",
    );
    entry["claimValidationRules"] = json!([{
        "expression": format!("claims.sub.startsWith('spiffe://{}/')", spire.trust_domain),
        "message": "only this trust domain",
    }]);
    let cluster = kube_authn::serve(&config(&[entry]));
    let env = TestEnv::new();
    let exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .api_version("v1beta1")
        .env("SPIFFE_ENDPOINT_SOCKET", spire.endpoint())
        .env("SPIFFE_JWT_AUDIENCE", "spoke")
        .env("EXEC_CREDENTIAL_VERSION", "v1beta1")
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
    let user = &review["status"]["userInfo"];
    assert_eq!(user["username"], format!("spiffe:{}", spire.id(CONTROLLER)));
    assert_eq!(user["uid"], spire.id(CONTROLLER));
    assert_eq!(user["groups"], json!(["system:authenticated"]));
}

fn rfc3339_secs(value: &Value) -> i64 {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not a timestamp: {value}"));
    let parsed = humantime::parse_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    parsed
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Differential: the Workload API imitation (kept for faults on demand) hands out JWT-SVIDs of
/// the same shape as the real agent — header fields, claim names, `aud` as a list, lifetime —
/// and refuses an unregistered workload with the same gRPC status and message.
#[test]
fn imitation_workload_api_matches_the_real_agent() {
    use crate::common::workload_api::WorkloadApiServer;
    let Some(spire) = spire_with(&[CONTROLLER]) else {
        return;
    };
    let imitation = WorkloadApiServer::builder()
        .identities(&[(&spire.id(CONTROLLER), "")])
        .start();
    let env = TestEnv::new();
    let token_from = |endpoint: &str| -> String {
        let out = env
            .cmd()
            .env("SPIFFE_ENDPOINT_SOCKET", endpoint)
            .args([
                "-o",
                "token",
                "--cache",
                "none",
                "--audience",
                "a1",
                "--audience",
                "a2",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let (real_header, real_claims) = decode_unverified(&token_from(&spire.endpoint()));
    let (fake_header, fake_claims) = decode_unverified(&token_from(imitation.endpoint()));
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&fake_header), keys(&real_header), "header fields");
    assert_eq!(fake_header["typ"], real_header["typ"]);
    assert_eq!(fake_header["alg"], real_header["alg"], "signing algorithm");
    assert_eq!(keys(&fake_claims), keys(&real_claims), "claim names");
    assert_eq!(fake_claims["aud"], real_claims["aud"]);
    assert_eq!(fake_claims["sub"], real_claims["sub"]);
    let life = |c: &Value| c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap();
    assert_eq!(life(&fake_claims), life(&real_claims), "default lifetime");

    let unregistered = WorkloadApiServer::builder().deny_always().start();
    let bare = Spire::start().unwrap();
    // The default budget outlasts the 5 s grace; a 2 s budget runs out inside it, and the
    // error must still say what the agent answered, not that it did not answer.
    for timeout in ["30s", "2s"] {
        let refuse = |endpoint: &str| {
            let out = env
                .cmd()
                .env("SPIFFE_ENDPOINT_SOCKET", endpoint)
                .args(["--cache", "none", "--timeout", timeout])
                .output()
                .unwrap();
            assert_failure(&out, 1, &[])
        };
        let real = refuse(&bare.endpoint());
        let fake = refuse(unregistered.endpoint());
        for stderr in [&real, &fake] {
            assert!(
                stderr.contains("no identity issued"),
                "--timeout {timeout}: {stderr}"
            );
        }
        assert_eq!(
            real.replace(&bare.endpoint(), "SOCKET"),
            fake.replace(unregistered.endpoint(), "SOCKET")
        );
    }
}
