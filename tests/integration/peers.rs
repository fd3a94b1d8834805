//! Proves the test peers in `common` speak their protocols before any binary test relies on
//! them: each is driven by an independent client (raw HTTP, the `spiffe` crate, real kubectl).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::actions::{self, ActionsServer};
use crate::common::apiserver::{ExecEntry, FakeApiServer, run_kubectl_whoami, write_kubeconfig};
use crate::common::dex::{self, DexServer, Forced};
use crate::common::hostile::{HostileServer, RedirectPair, RefusedPort};
use crate::common::jwt::{TestIssuer, TestKey, decode_unverified, now, unsigned_jwt};
use crate::common::oidc::{basic_auth, form_body, http_request};
use crate::common::workload_api::{self, JwtSvidRequest, WorkloadApiServer};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn test_issuer_mints_verifies_and_publishes_jwks() {
    let issuer = TestIssuer::new("https://issuer.example");
    let token = issuer.mint_for("alice", "k8s", 300);
    let (header, claims) = decode_unverified(&token);
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["kid"], issuer.kid());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        300
    );

    assert_eq!(issuer.verify(&token, Some("k8s")).unwrap()["sub"], "alice");
    assert!(issuer.verify(&token, None).is_ok());
    assert!(issuer.verify(&token, Some("other")).is_err());

    let impostor = TestIssuer::with_key("https://issuer.example", TestKey::Other);
    assert!(
        issuer
            .verify(&impostor.mint_for("alice", "k8s", 300), None)
            .is_err()
    );
    assert!(
        issuer
            .verify(&issuer.mint_for("alice", "k8s", -120), None)
            .is_err()
    );
    let forged = unsigned_jwt(
        json!({"alg": "RS256"}),
        json!({"sub": "x", "exp": now() + 60}),
    );
    assert_eq!(decode_unverified(&forged).1["sub"], "x");
    assert!(issuer.verify(&forged, None).is_err());

    let jwks = issuer.jwks();
    let key = &jwks["keys"][0];
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["e"], "AQAB");
    assert_eq!(key["kid"], issuer.kid());
    assert!(key["n"].as_str().unwrap().len() > 300, "2048-bit modulus");
    assert_ne!(key["n"], impostor.jwks()["keys"][0]["n"]);
}

#[test]
fn actions_server_mints_for_the_requested_audience() {
    let server = ActionsServer::start();
    let bearer = format!("Bearer {}", server.request_token());
    let url = format!("{}&audience=sts.example%2Fk8s", server.url);
    let resp = http_request("GET", &url, &[("Authorization", &bearer)], None);
    assert_eq!(resp.status, 200, "{}", resp.body);
    let token = resp.json()["value"].as_str().unwrap().to_owned();
    let claims = server
        .issuer()
        .verify(&token, Some("sts.example/k8s"))
        .unwrap();
    assert_eq!(claims["sub"], actions::DEFAULT_SUBJECT);
    assert_eq!(claims["iss"], actions::GITHUB_ISSUER);

    let resp = http_request("GET", &server.url, &[("Authorization", &bearer)], None);
    let token = resp.json()["value"].as_str().unwrap().to_owned();
    assert!(
        server
            .issuer()
            .verify(&token, Some(actions::DEFAULT_AUDIENCE))
            .is_ok()
    );

    let resp = http_request(
        "GET",
        &server.url,
        &[("Authorization", "Bearer nope")],
        None,
    );
    assert_eq!(resp.status, 401);
    assert!(resp.json()["message"].is_string());
    let resp = http_request("GET", &server.url, &[], None);
    assert_eq!(resp.status, 401);

    assert_eq!(server.requests(), 4);
    assert_eq!(
        server.audiences(),
        vec![Some("sts.example/k8s".to_owned()), None]
    );
}

#[test]
fn actions_server_failure_modes() {
    let server = ActionsServer::builder()
        .fail_first(2, 429)
        .retry_after(1)
        .ttl(60)
        .start();
    let bearer = format!("Bearer {}", server.request_token());
    for _ in 0..2 {
        let resp = http_request("GET", &server.url, &[("Authorization", &bearer)], None);
        assert_eq!(resp.status, 429);
        assert_eq!(resp.header("retry-after"), Some("1"));
    }
    let resp = http_request("GET", &server.url, &[("Authorization", &bearer)], None);
    assert_eq!(resp.status, 200);
    let (_, claims) = decode_unverified(resp.json()["value"].as_str().unwrap());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        60
    );

    let fixed = ActionsServer::builder()
        .respond_with(200, r#"{"value":"not-a-jwt"}"#)
        .delay(Duration::from_millis(300))
        .start();
    let bearer = format!("Bearer {}", fixed.request_token());
    let started = Instant::now();
    let resp = http_request("GET", &fixed.url, &[("Authorization", &bearer)], None);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(resp.json()["value"], "not-a-jwt");

    let no_exp = ActionsServer::builder()
        .extra_claims(json!({"exp": null, "custom": 1}))
        .start();
    let bearer = format!("Bearer {}", no_exp.request_token());
    let resp = http_request("GET", &no_exp.url, &[("Authorization", &bearer)], None);
    let (_, claims) = decode_unverified(resp.json()["value"].as_str().unwrap());
    assert!(claims.get("exp").is_none());
    assert_eq!(claims["custom"], 1);
}

#[test]
fn actions_server_answers_concurrent_requests_in_parallel() {
    // A lock test relies on the peer not hiding races: it must hold 16 requests at once.
    // Counted, not timed: each request is held until all 16 are in flight, which a server
    // handling fewer at a time never reaches (it then answers after HOLD_LIMIT).
    let server = ActionsServer::builder().hold_until_in_flight(16).start();
    let bearer = format!("Bearer {}", server.request_token());
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                let resp = http_request("GET", &server.url, &[("Authorization", &bearer)], None);
                assert_eq!(resp.status, 200);
            });
        }
    });
    assert_eq!(server.requests(), 16);
    assert_eq!(server.peak_in_flight(), 16);
}

#[test]
fn actions_server_checks_the_bearer_token_before_any_scripted_answer() {
    // The real token service refuses a missing or wrong bearer token whatever else happens:
    // no scripted failure, fixed body or delay reaches such a client.
    let scripted = [
        ActionsServer::builder().fail_first(5, 503).retry_after(1),
        ActionsServer::builder().respond_with(200, r#"{"value":"not-a-jwt"}"#),
        ActionsServer::builder().delay(Duration::from_secs(30)),
        ActionsServer::builder().hold_until_in_flight(2),
    ];
    for config in scripted {
        let server = config.start();
        for auth in [
            &[][..],
            &[("Authorization", "Bearer wrong-token")][..],
            &[("Authorization", server.request_token())][..],
            &[("Authorization", "Basic YTpi")][..],
        ] {
            let started = Instant::now();
            let resp = http_request("GET", &server.url, auth, None);
            assert_eq!(resp.status, 401, "{auth:?}: {}", resp.body);
            assert_eq!(resp.json()["message"], "Bad credentials");
            assert_eq!(resp.header("retry-after"), None);
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{auth:?} waited"
            );
        }
        assert_eq!(server.audiences(), Vec::<Option<String>>::new());
    }
    // The scheme is case-insensitive, as HTTP says; the token is not.
    let server = ActionsServer::start();
    let lower = format!("bearer {}", server.request_token());
    let resp = http_request("GET", &server.url, &[("Authorization", &lower)], None);
    assert_eq!(resp.status, 200, "{}", resp.body);
    let upper_token = format!("Bearer {}", server.request_token().to_uppercase());
    let resp = http_request("GET", &server.url, &[("Authorization", &upper_token)], None);
    assert_eq!(resp.status, 401);
}

/// A shell exec plugin printing a fixed ExecCredential.
fn write_plugin(dir: &std::path::Path, token: &str, api_version: &str) -> std::path::PathBuf {
    let path = dir.join("plugin.sh");
    let cred = json!({
        "apiVersion": format!("client.authentication.k8s.io/{api_version}"),
        "kind": "ExecCredential",
        "status": {"token": token},
    });
    std::fs::write(&path, format!("#!/bin/sh\ncat <<'EOF'\n{cred}\nEOF\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn kubectl_whoami_through_fake_apiserver_and_exec_plugin() {
    let issuer = TestIssuer::new("https://issuer.example");
    let server = FakeApiServer::builder()
        .trust(issuer.clone())
        .audience("cluster-a")
        .username_prefix("jwt:")
        .start();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");

    for version in ["v1", "v1beta1"] {
        let plugin = write_plugin(
            dir.path(),
            &issuer.mint_for("bob", "cluster-a", 300),
            version,
        );
        let exec = ExecEntry::new(&plugin).api_version(version).env("X", "y");
        write_kubeconfig(&kubeconfig, &server.url, &server.ca_path(), &exec);
        let Some(out) = run_kubectl_whoami(&kubeconfig) else {
            return;
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "kubectl failed ({version}): {stderr}");
        let review: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(review["kind"], "SelfSubjectReview");
        assert_eq!(review["status"]["userInfo"]["username"], "jwt:bob");
    }
    eprintln!("kubectl auth whoami requested: {:?}", server.log());

    // provideClusterInfo: the extension arrives as spec.cluster.config in KUBERNETES_EXEC_INFO.
    let plugin = dir.path().join("info-plugin.sh");
    let cred = json!({
        "apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
        "status": {"token": issuer.mint_for("carol", "cluster-a", 300)},
    });
    let script = format!(
        "#!/bin/sh\nprintf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$INFO_OUT\"\ncat <<'EOF'\n{cred}\nEOF\n"
    );
    std::fs::write(&plugin, script).unwrap();
    std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let info_out = dir.path().join("exec-info.json");
    let exec = ExecEntry::new(&plugin)
        .env("INFO_OUT", info_out.to_str().unwrap())
        .cluster_config(json!({"audience": "cluster-a", "source": "file"}));
    write_kubeconfig(&kubeconfig, &server.url, &server.ca_path(), &exec);
    let out = run_kubectl_whoami(&kubeconfig).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info: Value = serde_json::from_slice(&std::fs::read(&info_out).unwrap()).unwrap();
    assert_eq!(info["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(info["spec"]["interactive"], false);
    assert_eq!(info["spec"]["cluster"]["server"], server.url);
    assert_eq!(info["spec"]["cluster"]["config"]["audience"], "cluster-a");
    assert!(info["spec"]["cluster"]["certificate-authority-data"].is_string());

    let plugin = write_plugin(dir.path(), &issuer.mint_for("bob", "cluster-b", 300), "v1");
    write_kubeconfig(
        &kubeconfig,
        &server.url,
        &server.ca_path(),
        &ExecEntry::new(&plugin),
    );
    let out = run_kubectl_whoami(&kubeconfig).unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Unauthorized"), "{stderr}");
    assert!(server.log().iter().any(|r| r.status == 401));
    assert!(server.tokens_seen().len() >= 3);
}

#[test]
fn workload_api_serves_the_spiffe_crate_client() {
    let other = "spiffe://example.org/ns/ci/sa/deployer";
    let server = WorkloadApiServer::builder()
        .identities(&[(workload_api::DEFAULT_SPIFFE_ID, "argocd"), (other, "ci")])
        .start();
    assert!(server.socket_path().exists());
    assert!(server.endpoint().starts_with("unix:///"));
    runtime().block_on(async {
        let client = spiffe::WorkloadApiClient::connect_to(server.endpoint())
            .await
            .unwrap();
        let svid = client.fetch_jwt_svid(["k8s"], None).await.unwrap();
        assert_eq!(
            svid.spiffe_id().to_string(),
            workload_api::DEFAULT_SPIFFE_ID
        );
        assert_eq!(svid.audience(), ["k8s".to_owned()]);
        let claims = server.issuer().verify(svid.token(), Some("k8s")).unwrap();
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            300
        );

        let all = client.fetch_all_jwt_svids(["a", "b"], None).await.unwrap();
        let ids: Vec<String> = all.iter().map(|s| s.spiffe_id().to_string()).collect();
        assert_eq!(ids, [workload_api::DEFAULT_SPIFFE_ID, other]);
        assert_eq!(all[1].hint(), Some("ci"));

        let wanted = spiffe::SpiffeId::new(other).unwrap();
        let only = client
            .fetch_all_jwt_svids(["k8s"], Some(&wanted))
            .await
            .unwrap();
        assert_eq!(only.len(), 1);
        let unknown = spiffe::SpiffeId::new("spiffe://example.org/nobody").unwrap();
        let err = client
            .fetch_jwt_svid(["k8s"], Some(&unknown))
            .await
            .unwrap_err();
        assert!(
            matches!(err, spiffe::WorkloadApiError::NoIdentityIssued),
            "{err}"
        );
    });
    assert_eq!(server.calls(), 4);
    assert!(server.seen().iter().all(|c| c.had_security_header));
    assert_eq!(server.seen()[1].audience, ["a", "b"]);
}

#[test]
fn workload_api_error_modes() {
    let flaky = WorkloadApiServer::builder()
        .unavailable_first(1)
        .deny_first(1)
        .start();
    let denied = WorkloadApiServer::builder().deny_always().start();
    runtime().block_on(async {
        let client = spiffe::WorkloadApiClient::connect_to(flaky.endpoint())
            .await
            .unwrap();
        let err = client.fetch_jwt_svid(["k8s"], None).await.unwrap_err();
        assert!(format!("{err:?}").contains("Unavailable"), "{err:?}");
        let err = client.fetch_jwt_svid(["k8s"], None).await.unwrap_err();
        assert!(
            matches!(err, spiffe::WorkloadApiError::NoIdentityIssued),
            "{err}"
        );
        assert!(client.fetch_jwt_svid(["k8s"], None).await.is_ok());

        let client = spiffe::WorkloadApiClient::connect_to(denied.endpoint())
            .await
            .unwrap();
        let err = client.fetch_jwt_svid(["k8s"], None).await.unwrap_err();
        assert!(
            matches!(err, spiffe::WorkloadApiError::NoIdentityIssued),
            "{err}"
        );
    });

    let tcp = WorkloadApiServer::builder().start_tcp();
    assert!(tcp.endpoint().starts_with("tcp://127.0.0.1:"));
    runtime().block_on(async {
        let client = spiffe::WorkloadApiClient::connect_to(tcp.endpoint())
            .await
            .unwrap();
        assert!(client.fetch_jwt_svid(["k8s"], None).await.is_ok());

        let request = |aud: &[&str]| JwtSvidRequest {
            audience: aud.iter().map(|a| a.to_string()).collect(),
            spiffe_id: String::new(),
        };
        let status = workload_api::raw_fetch_jwt_svid(tcp.endpoint(), request(&["k8s"]), false)
            .await
            .unwrap_err();
        assert_eq!(status.code(), tonic::Code::InvalidArgument);
        assert_eq!(status.message(), "security header missing from request");
        let status = workload_api::raw_fetch_jwt_svid(tcp.endpoint(), request(&[]), true)
            .await
            .unwrap_err();
        assert_eq!(status.code(), tonic::Code::InvalidArgument);
        assert_eq!(status.message(), "audience must be specified");
        let ok = workload_api::raw_fetch_jwt_svid(tcp.endpoint(), request(&["x"]), true)
            .await
            .unwrap();
        assert_eq!(ok.svids.len(), 1);
    });
    assert_eq!(tcp.calls(), 4);
}

#[test]
fn workload_api_checks_the_security_header_before_any_scripted_answer() {
    // A SPIRE agent refuses a call without `workload.spiffe.io: true` before anything else.
    let scripted = [
        WorkloadApiServer::builder().unavailable_first(5),
        WorkloadApiServer::builder().deny_always(),
        WorkloadApiServer::builder().delay(Duration::from_secs(30)),
    ];
    for config in scripted {
        let server = config.start_tcp();
        let started = Instant::now();
        let status = runtime().block_on(workload_api::raw_fetch_jwt_svid(
            server.endpoint(),
            JwtSvidRequest {
                audience: vec!["k8s".into()],
                spiffe_id: String::new(),
            },
            false,
        ));
        let status = status.unwrap_err();
        assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");
        assert_eq!(status.message(), "security header missing from request");
        assert!(started.elapsed() < Duration::from_secs(10), "waited");
    }
}

fn exchange_form<'a>(subject: &'a str, connector: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", dex::TOKEN_EXCHANGE),
        ("connector_id", connector),
        ("subject_token", subject),
        ("subject_token_type", dex::ID_TOKEN_TYPE),
        ("scope", "openid federated:id"),
    ]
}

fn post(url: &str, auth: Option<&str>, form: &[(&str, &str)]) -> crate::common::oidc::HttpResponse {
    let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded")];
    if let Some(auth) = auth {
        headers.push(("Authorization", auth));
    }
    http_request("POST", url, &headers, Some(&form_body(form)))
}

#[test]
fn dex_exchanges_subject_tokens() {
    let upstream = TestIssuer::new("https://token.actions.githubusercontent.com");
    let dex = DexServer::start(&upstream);
    let subject = upstream.mint_for("repo:o/r:ref:refs/heads/main", "argo-cd", 300);

    let discovery = http_request(
        "GET",
        &format!("{}/.well-known/openid-configuration", dex.issuer_url()),
        &[],
        None,
    )
    .json();
    assert_eq!(discovery["issuer"], dex.issuer_url());
    assert_eq!(discovery["token_endpoint"], dex.token_url());

    let auth = basic_auth(dex::CONFIDENTIAL_CLIENT, dex::CONFIDENTIAL_SECRET);
    let mut form = exchange_form(&subject, dex::CONNECTOR);
    form.push(("audience", "cluster-a"));
    let resp = post(&dex.token_url(), Some(&auth), &form);
    assert_eq!(resp.status, 200, "{}", resp.body);
    let body = resp.json();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["issued_token_type"], dex::ACCESS_TOKEN_TYPE);
    assert_eq!(body["expires_in"], 600);
    // As Dex does, an `audience` form value is ignored: the audience is the client.
    let claims = dex
        .issuer()
        .verify(
            body["access_token"].as_str().unwrap(),
            Some(dex::CONFIDENTIAL_CLIENT),
        )
        .unwrap();
    assert_eq!(claims["aud"], json!(dex::CONFIDENTIAL_CLIENT));
    assert_eq!(
        claims["sub"],
        dex::dex_subject("repo:o/r:ref:refs/heads/main", "ci")
    );
    assert_eq!(
        claims["federated_claims"]["user_id"],
        "repo:o/r:ref:refs/heads/main"
    );
    let seen = dex.last_request().unwrap();
    assert_eq!(
        seen.basic,
        Some((
            dex::CONFIDENTIAL_CLIENT.into(),
            dex::CONFIDENTIAL_SECRET.into()
        ))
    );
    assert_eq!(seen.get("subject_token"), Some(subject.as_str()));

    // Public client in the form body, id_token requested.
    let mut form = exchange_form(&subject, dex::CONNECTOR);
    form.extend([
        ("client_id", dex::PUBLIC_CLIENT),
        ("requested_token_type", dex::ID_TOKEN_TYPE),
    ]);
    let resp = post(&dex.token_url(), None, &form);
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(resp.json()["issued_token_type"], dex::ID_TOKEN_TYPE);

    let public = basic_auth(dex::PUBLIC_CLIENT, "");
    let expect_error = |form: &[(&str, &str)], auth: &str, status: u16, error: &str| {
        let resp = post(&dex.token_url(), Some(auth), form);
        assert_eq!(resp.status, status, "{}", resp.body);
        assert_eq!(resp.json()["error"], error);
    };
    expect_error(
        &exchange_form(&subject, ""),
        &public,
        400,
        "invalid_request",
    );
    expect_error(
        &exchange_form(&subject, "nope"),
        &public,
        400,
        "invalid_request",
    );
    let mut jwt_type = exchange_form(&subject, dex::CONNECTOR);
    jwt_type[3].1 = "urn:ietf:params:oauth:token-type:jwt";
    expect_error(&jwt_type, &public, 400, "request_not_supported");
    let forged = TestIssuer::with_key(upstream.issuer(), TestKey::Other).mint_for("x", "y", 300);
    expect_error(
        &exchange_form(&forged, dex::CONNECTOR),
        &public,
        401,
        "access_denied",
    );
    let wrong = basic_auth(dex::CONFIDENTIAL_CLIENT, "wrong");
    expect_error(
        &exchange_form(&subject, dex::CONNECTOR),
        &wrong,
        401,
        "invalid_client",
    );
    let mut cc = exchange_form(&subject, dex::CONNECTOR);
    cc[0].1 = "client_credentials";
    expect_error(&cc, &public, 400, "unsupported_grant_type");
    assert_eq!(dex.requests(), 8);
    assert_eq!(dex.issued().len(), 2);
}

#[test]
fn dex_forced_modes_and_opaque_tokens() {
    let upstream = TestIssuer::new("https://upstream.example");
    let subject = upstream.mint_for("ci", "argo-cd", 300);
    let opaque = DexServer::builder()
        .client("c", "")
        .connector("k", upstream.clone())
        .opaque_tokens()
        .ttl(120)
        .path_prefix("/api/dex")
        .start();
    assert!(opaque.issuer_url().ends_with("/api/dex"));
    let resp = post(
        &opaque.token_url(),
        Some(&basic_auth("c", "")),
        &exchange_form(&subject, "k"),
    );
    assert_eq!(resp.status, 200, "{}", resp.body);
    let body = resp.json();
    assert_eq!(body["expires_in"], 120);
    assert_eq!(body["access_token"].as_str().unwrap().split('.').count(), 1);

    for (forced, status) in [
        (Forced::Error(400, "invalid_grant"), 400),
        (Forced::NonJson, 200),
        (Forced::ServerError, 500),
    ] {
        let dex = DexServer::builder().client("c", "").force(forced).start();
        // What Dex checks first comes before any scripted answer: client and grant type.
        let resp = post(
            &dex.token_url(),
            Some(&basic_auth("c", "wrong")),
            &exchange_form(&subject, "k"),
        );
        assert_eq!(resp.status, 401, "{}", resp.body);
        assert_eq!(resp.json()["error"], "invalid_client");
        let resp = post(
            &dex.token_url(),
            Some(&basic_auth("stranger", "")),
            &exchange_form(&subject, "k"),
        );
        assert_eq!(resp.json()["error"], "invalid_client");
        let resp = post(
            &dex.token_url(),
            Some(&basic_auth("c", "")),
            &[("grant_type", "client_credentials")],
        );
        assert_eq!(resp.json()["error"], "unsupported_grant_type");
        let resp = post(
            &dex.token_url(),
            Some(&basic_auth("c", "")),
            &exchange_form(&subject, "k"),
        );
        assert_eq!(resp.status, status);
        assert_eq!(dex.requests(), 4);
    }
}

/// Sends a bare GET and returns what arrives within `wait`.
fn raw_get(base: &str, wait: Duration) -> Vec<u8> {
    let addr = base.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        stream,
        "GET /x HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer s3cret\r\n\r\n"
    )
    .unwrap();
    let deadline = Instant::now() + wait;
    let mut got = Vec::new();
    let mut buf = [0u8; 65536];
    while Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    got
}

#[test]
fn hostile_peers_misbehave_as_advertised() {
    let silent = HostileServer::silent();
    assert!(raw_get(&silent.base, Duration::from_millis(600)).is_empty());
    assert_eq!(silent.connections(), 1);

    let dribble = HostileServer::dribble();
    let got = String::from_utf8(raw_get(&dribble.base, Duration::from_millis(2500))).unwrap();
    let (head, body) = got.split_once("\r\n\r\n").expect("headers arrive at once");
    assert!(head.starts_with("HTTP/1.1 200"));
    assert!(
        (1..=4).contains(&body.len()),
        "dribbled {} bytes",
        body.len()
    );

    let huge = HostileServer::huge_body();
    let got = raw_get(&huge.base, Duration::from_secs(10));
    assert!(got.len() > 10 * 1024 * 1024, "{} bytes", got.len());

    // Refused, and still refused later: nothing else can bind the port meanwhile.
    let refused = RefusedPort::new();
    for _ in 0..2 {
        let err = TcpStream::connect(("127.0.0.1", refused.port)).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
    }
    assert!(std::net::TcpListener::bind(("127.0.0.1", refused.port)).is_err());
    assert!(TcpStream::connect(("127.0.0.1", refused.port)).is_err());

    let pair = RedirectPair::start();
    let resp = http_request(
        "GET",
        &pair.first_url("/token?a=1"),
        &[("Authorization", "Bearer s3cret")],
        None,
    );
    assert_eq!(resp.status, 302);
    assert_eq!(
        resp.header("location"),
        Some(format!("{}/token?a=1", pair.second).as_str())
    );
    let resp = http_request("GET", resp.header("location").unwrap(), &[], None);
    assert!(resp.json()["value"].is_string());
    assert!(!pair.second_saw_authorization());
    assert!(!pair.second_saw_secret("s3cret"));
    http_request("POST", &pair.second, &[], Some("client_secret=s3cret"));
    assert!(pair.second_saw_secret("s3cret"));
    assert_eq!(pair.first_requests(), 1);
}

#[test]
fn untrusted_https_actions_peer() {
    let server = ActionsServer::builder().start_https();
    assert!(server.url.starts_with("https://127.0.0.1:"));
    let ca = std::fs::read(server.ca_path()).unwrap();
    let fetch = |trust: Option<&[u8]>| {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject as _;
        let mut roots = rustls::RootCertStore::empty();
        if let Some(pem) = trust {
            for cert in CertificateDer::pem_slice_iter(pem) {
                roots.add(cert.unwrap()).unwrap();
            }
        }
        let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .build()
            .unwrap();
        runtime().block_on(async {
            let resp = client
                .get(&server.url)
                .bearer_auth(server.request_token())
                .send()
                .await?;
            resp.text().await
        })
    };
    let body = fetch(Some(&ca)).expect("trusted CA works");
    let value: Value = serde_json::from_str(&body).unwrap();
    assert!(
        server
            .issuer()
            .verify(value["value"].as_str().unwrap(), None)
            .is_ok()
    );
    let err = fetch(None).expect_err("unknown CA is refused");
    assert!(
        format!("{err:?}").to_lowercase().contains("certificate"),
        "{err:?}"
    );
    assert_eq!(server.requests(), 1);
}
