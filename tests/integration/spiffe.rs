//! The spiffe source against a faithful Workload API server on a Unix socket (and TCP): the
//! drop-in case for k8s-spiffe-workload-jwt-exec-auth's env, audiences, `--spiffe-id`,
//! PermissionDenied/Unavailable handling, errors in words — and real kubectl end to end.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::apiserver::{ExecEntry, run_kubectl_whoami, write_kubeconfig};
use crate::common::issuer::HttpsIssuer;
use crate::common::jwt::TestKey;
use crate::common::jwt::decode_unverified;
use crate::common::kube_authn::{self, config, jwt_entry_for};
use crate::common::workload_api::{DEFAULT_SPIFFE_ID, WorkloadApiServer};
use crate::common::{TestEnv, assert_failure, ok_json};

const SECOND_ID: &str = "spiffe://example.org/ns/argocd/sa/argocd-server";

#[test]
fn drop_in_env_of_k8s_spiffe_workload_jwt_exec_auth() {
    let server = WorkloadApiServer::start();
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
        .env("SPIFFE_JWT_AUDIENCE", "spoke-cluster")
        .env("EXEC_CREDENTIAL_VERSION", "v1beta1")
        .output()
        .unwrap();
    let cred = ok_json(&out);
    assert_eq!(cred["apiVersion"], "client.authentication.k8s.io/v1beta1");
    let (header, claims) = decode_unverified(cred["status"]["token"].as_str().unwrap());
    assert!(header["kid"].is_string());
    assert_eq!(claims["sub"], DEFAULT_SPIFFE_ID);
    assert_eq!(claims["aud"], json!(["spoke-cluster"]));
    assert!(cred["status"]["expirationTimestamp"].is_string());
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].had_security_header,
        "workload.spiffe.io header sent"
    );
    assert_eq!(seen[0].audience, ["spoke-cluster"]);
}

#[test]
fn default_audience_is_k8s_and_flags_win() {
    let server = WorkloadApiServer::start();
    let env = TestEnv::new();
    let base = || {
        let mut cmd = env.cmd();
        cmd.env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
            .args(["--cache", "none", "-o", "json"]);
        cmd
    };
    assert_eq!(
        ok_json(&base().output().unwrap())["audience"],
        json!(["k8s"])
    );
    let out = base()
        .env("SPIFFE_JWT_AUDIENCE", "compat")
        .args(["--audience", "a", "--audience", "b"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["audience"], json!(["a", "b"]));
    let out = base()
        .env("SPIFFE_JWT_AUDIENCE", "compat")
        .env("JWTCRED_AUDIENCE", "x,y")
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["audience"], json!(["x", "y"]));
    assert_eq!(server.seen()[2].audience, ["x", "y"]);
}

#[test]
fn spiffe_id_selects_among_several_svids() {
    let server = WorkloadApiServer::builder()
        .identities(&[(DEFAULT_SPIFFE_ID, "controller"), (SECOND_ID, "server")])
        .start();
    let env = TestEnv::new();
    let base = || {
        let mut cmd = env.cmd();
        cmd.args([
            "--spiffe-socket",
            server.endpoint(),
            "-o",
            "json",
            "--cache",
            "none",
        ]);
        cmd
    };
    assert_eq!(
        ok_json(&base().output().unwrap())["subject"],
        DEFAULT_SPIFFE_ID,
        "first by default"
    );
    assert_eq!(
        ok_json(&base().args(["--spiffe-id", SECOND_ID]).output().unwrap())["subject"],
        SECOND_ID
    );
    let out = base()
        .args(["--spiffe-id", "spiffe://example.org/nope"])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(
        stderr.contains(DEFAULT_SPIFFE_ID) && stderr.contains(SECOND_ID),
        "lists the IDs: {stderr}"
    );
    let out = base()
        .args(["--spiffe-id", "not a spiffe id"])
        .output()
        .unwrap();
    assert_failure(&out, 1, &[]);
}

#[test]
fn permission_denied_is_retried_then_succeeds() {
    let server = WorkloadApiServer::builder().deny_first(2).start();
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
        .output()
        .unwrap();
    ok_json(&out);
    assert_eq!(server.calls(), 3);
}

#[test]
fn permanent_permission_denied_gives_up_after_about_five_seconds() {
    let server = WorkloadApiServer::builder().deny_always().start();
    let env = TestEnv::new();
    let started = Instant::now();
    let out = env
        .cmd()
        .env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(
        stderr.contains("no identity issued for this workload"),
        "{stderr}"
    );
    assert!(
        stderr.contains(server.endpoint()),
        "names the socket: {stderr}"
    );
    // The five seconds are read from the agent's side (first to last call, plus a moment for
    // the last to arrive); the wall clock only bounds the whole run at twice that plus start-up.
    let span = server.arrivals().span();
    assert!(span < Duration::from_millis(5250), "calls {span:?} apart");
    assert!(
        elapsed >= Duration::from_secs(4) && elapsed < Duration::from_secs(11),
        "{elapsed:?}"
    );
    assert!(server.calls() > 2);
}

#[test]
fn unavailable_is_retried() {
    let server = WorkloadApiServer::builder().unavailable_first(2).start();
    let env = TestEnv::new();
    ok_json(
        &env.cmd()
            .env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
            .output()
            .unwrap(),
    );
    assert_eq!(server.calls(), 3);
}

#[test]
fn tcp_endpoints_work() {
    let server = WorkloadApiServer::builder().start_tcp();
    assert!(server.endpoint().starts_with("tcp://127.0.0.1:"));
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["--spiffe-socket", server.endpoint(), "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["subject"], DEFAULT_SPIFFE_ID);
}

#[test]
fn socket_problems_are_explained() {
    let env = TestEnv::new();
    let missing = env.path().join("agent.sock");
    let out = env
        .cmd()
        .env(
            "SPIFFE_ENDPOINT_SOCKET",
            format!("unix://{}", missing.display()),
        )
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(stderr.contains("does not exist"), "{stderr}");

    let regular = env.write("not-a-socket", "x");
    let out = env
        .cmd()
        .env(
            "SPIFFE_ENDPOINT_SOCKET",
            format!("unix:{}", regular.display()),
        )
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(stderr.contains("is not a Unix socket"), "{stderr}");

    for bad in [
        "unix://host/path",
        "unix:relative",
        "http://127.0.0.1:1",
        "tcp://localhost:1",
    ] {
        let out = env.cmd().args(["--spiffe-socket", bad]).output().unwrap();
        let stderr = assert_failure(&out, 1, &[]);
        assert!(stderr.contains("invalid"), "{bad}: {stderr}");
    }

    // A socket file nobody listens on: the agent is not reachable.
    let dead = env.path().join("dead.sock");
    drop(std::os::unix::net::UnixListener::bind(&dead).unwrap());
    let started = Instant::now();
    let out = env
        .cmd()
        .args(["--timeout", "2s"])
        .env(
            "SPIFFE_ENDPOINT_SOCKET",
            format!("unix://{}", dead.display()),
        )
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(stderr.contains("not reachable"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn spiffe_tokens_are_cached_by_default() {
    let server = WorkloadApiServer::start();
    let env = TestEnv::new();
    let run = || {
        ok_json(
            &env.cmd()
                .env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
                .output()
                .unwrap(),
        )
    };
    let first = run();
    assert_eq!(first, run());
    assert_eq!(server.calls(), 1, "second call is a cache hit");
}

#[test]
fn kubectl_auth_whoami_with_a_jwt_svid() {
    if !kube_authn::available() {
        return;
    }
    let idp = HttpsIssuer::start(TestKey::Primary);
    let server = WorkloadApiServer::builder()
        .issuer(idp.issuer.clone())
        .start();
    let apiserver = kube_authn::serve(&config(&[jwt_entry_for(&idp, &["spoke"], "spiffe:")]));
    let env = TestEnv::new();
    let exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .api_version("v1beta1")
        .env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
        .env("SPIFFE_JWT_AUDIENCE", "spoke")
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
        format!("spiffe:{DEFAULT_SPIFFE_ID}")
    );
}
