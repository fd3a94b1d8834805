//! The closed loop: for each source kind, `jwtcred authn-config` writes the configuration, the
//! real Kubernetes JWT authenticator (tests/peers/kube-authn on k8s.io/apiserver) loads it
//! exactly as kube-apiserver does and accepts the token as exactly the username and groups
//! expected, while a token from another repository owner / trust domain / client, signed by
//! the same trusted key, is rejected by the pins. Through `kube-authn serve`, kubectl
//! `auth whoami` shows that username.

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};

use crate::common::actions::{ActionsServer, DEFAULT_SUBJECT};
use crate::common::apiserver::{ExecEntry, run_kubectl_whoami, write_kubeconfig};
use crate::common::dex::{
    CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET, CONNECTOR, PUBLIC_CLIENT, dex_subject,
};
use crate::common::dex_real::RealDex;
use crate::common::issuer::HttpsIssuer;
use crate::common::jwt::{TestKey, merge_claims};
use crate::common::kube_authn::{self, UserInfo, Verdict};
use crate::common::oidc::{BASIC_ID, BASIC_SECRET, OidcProvider, POST_ID, POST_SECRET};
use crate::common::workload_api::WorkloadApiServer;
use crate::common::{TestEnv, ok_json};

const AUD: &str = "https://cluster.example";
const CREDENTIAL_ID: &str = "authentication.kubernetes.io/credential-id";

/// The generated text of a successful `authn-config` run.
fn generated(output: &Output) -> String {
    assert!(
        output.status.success(),
        "authn-config failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

/// Loads `config` into the real authenticator and returns one verdict per token; a config
/// that does not load fails the test with kube-apiserver's own error.
fn verdicts(config: &str, tokens: &[&str]) -> Vec<Verdict> {
    kube_authn::batch(config, tokens)
        .unwrap_or_else(|e| panic!("kube-apiserver would not load the config: {e}\n{config}"))
}

/// The identity kube-apiserver gives a token (groups with `system:authenticated`; the
/// credential id of its `jti`).
fn expected_user(username: &str, groups: &[&str], jti: Option<&str>) -> UserInfo {
    let mut all: Vec<String> = groups.iter().map(|g| (*g).to_owned()).collect();
    all.push("system:authenticated".into());
    UserInfo {
        username: username.into(),
        uid: String::new(),
        groups: all,
        extra: jti
            .map(|jti| [(CREDENTIAL_ID.to_owned(), vec![format!("JTI={jti}")])].into())
            .unwrap_or_default(),
    }
}

/// What `jwtcred doctor --authentication-config <generated> --output json` predicts (`user`)
/// for the token the same settings select; asserted equal to the real authenticator's user.
fn assert_doctor_agrees(mut cmd: assert_cmd::Command, config: &str, real: &UserInfo) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("authentication-config.yaml");
    std::fs::write(&path, config).unwrap();
    let out = cmd
        .arg("doctor")
        .arg("--authentication-config")
        .arg(&path)
        .args(["--output", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "doctor printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(out.status.code(), Some(0), "doctor: {report:#}");
    let predicted = &report["user"];
    let real = json!({
        "username": real.username,
        "uid": real.uid,
        "groups": real.groups,
        "extra": real.extra,
    });
    assert_eq!(
        predicted, &real,
        "doctor's prediction vs kube-apiserver's user: {report:#}"
    );
}

/// A token of `issuer` with GitHub-Actions-style claims, overridden by `extra`.
fn actions_claims(issuer: &HttpsIssuer, extra: Value) -> Value {
    let mut claims = issuer.issuer.claims_for(
        "repo:octo-org/octo-repo:ref:refs/heads/main",
        json!(AUD),
        300,
    );
    merge_claims(
        &mut claims,
        &json!({
            "jti": "other-jti",
            "repository": "octo-org/octo-repo",
            "repository_owner": "octo-org",
            "ref": "refs/heads/main",
        }),
    );
    merge_claims(&mut claims, &extra);
    claims
}

/// `jwtcred --output token` with the same settings: the token `authn-config` configured for.
fn token_of(mut cmd: assert_cmd::Command) -> String {
    let out = cmd.args(["--output", "token"]).output().unwrap();
    assert!(
        out.status.success(),
        "get failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn jti(token: &str) -> String {
    crate::common::jwt::decode_unverified(token).1["jti"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Actions (GitHub or Forgejo flavour): the endpoint hands out tokens of `issuer`.
fn actions_loop(issuer: &HttpsIssuer, marker_env: &[(&str, &str)]) {
    let actions = ActionsServer::builder()
        .issuer(issuer.issuer.clone())
        .start();
    let env = TestEnv::new();
    let cmd = || {
        let mut cmd = env.cmd();
        cmd.envs(actions.env())
            .envs(marker_env.iter().copied())
            .arg("--ca-file")
            .arg(issuer.ca_path())
            .args(["--audience", AUD]);
        cmd
    };
    let token = token_of(cmd());
    let text = generated(
        &cmd()
            .args([
                "authn-config",
                "--groups-claim",
                "repository",
                "--groups-prefix",
                "gh:",
                "--require",
                "ref=refs/heads/main",
            ])
            .output()
            .unwrap(),
    );
    assert!(text.contains("repository_owner"), "{text}");

    let other_owner = issuer.mint(actions_claims(
        issuer,
        json!({"repository_owner": "evil-org", "repository": "evil-org/octo-repo"}),
    ));
    let other_ref = issuer.mint(actions_claims(issuer, json!({"ref": "refs/heads/feature"})));
    let same_owner = issuer.mint(actions_claims(issuer, json!({})));
    let v = verdicts(&text, &[&token, &other_owner, &other_ref, &same_owner]);
    let username = format!("{}#repo:octo-org/octo-repo:ref:refs/heads/main", issuer.url);
    assert_eq!(
        v[0].accepted(),
        &expected_user(&username, &["gh:octo-org/octo-repo"], Some(&jti(&token)))
    );
    assert!(
        v[1].rejected().contains("repository_owner"),
        "another owner's token is rejected by the owner pin: {:?}",
        v[1].error
    );
    assert!(
        v[2].rejected().contains("ref"),
        "another branch is rejected by --require ref: {:?}",
        v[2].error
    );
    assert_eq!(v[3].accepted().username, username);
    assert_doctor_agrees(cmd(), &text, v[0].accepted());
}

#[test]
fn actions_as_github() {
    if !kube_authn::available() {
        return;
    }
    let issuer = HttpsIssuer::start(TestKey::Primary);
    actions_loop(&issuer, &[("GITHUB_ACTIONS", "true")]);
}

#[test]
fn actions_as_forgejo_with_the_shared_issuer_path() {
    if !kube_authn::available() {
        return;
    }
    let issuer = HttpsIssuer::start_at(TestKey::Primary, "/api/actions");
    assert!(issuer.url.ends_with("/api/actions"));
    actions_loop(
        &issuer,
        &[
            ("FORGEJO_ACTIONS", "true"),
            ("GITEA_ACTIONS", "true"),
            ("GITHUB_ACTIONS", "true"),
        ],
    );
}

#[test]
fn file_source_with_an_actions_token_and_both_api_versions() {
    if !kube_authn::available() {
        return;
    }
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let token = issuer.mint(actions_claims(&issuer, json!({"jti": "file-jti"})));
    let env = TestEnv::new();
    let path = env.write("token", &token);
    let other_owner = issuer.mint(actions_claims(&issuer, json!({"repository_owner": "x"})));
    for version in ["v1", "v1beta1"] {
        let text = generated(
            &env.cmd()
                .arg("--token-file")
                .arg(&path)
                .arg("--ca-file")
                .arg(issuer.ca_path())
                .args(["authn-config", "--api-version", version])
                .output()
                .unwrap(),
        );
        let v = verdicts(&text, &[&token, &other_owner]);
        assert_eq!(
            v[0].accepted(),
            &expected_user(
                &format!("{}#repo:octo-org/octo-repo:ref:refs/heads/main", issuer.url),
                &[],
                Some("file-jti")
            ),
            "{version}"
        );
        assert!(v[1].rejected().contains("repository_owner"), "{version}");
        let mut cmd = env.cmd();
        cmd.arg("--token-file")
            .arg(&path)
            .arg("--ca-file")
            .arg(issuer.ca_path());
        assert_doctor_agrees(cmd, &text, v[0].accepted());
    }
}

#[test]
fn spiffe_trust_domain_pin() {
    if !kube_authn::available() {
        return;
    }
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let server = WorkloadApiServer::builder()
        .issuer(issuer.issuer.clone())
        .identities(&[("spiffe://prod.example/ns/ci/sa/deployer", "")])
        .start();
    let env = TestEnv::new();
    let cmd = || {
        let mut cmd = env.cmd();
        cmd.env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
            .arg("--ca-file")
            .arg(issuer.ca_path())
            .args(["--audience", "k8s"]);
        cmd
    };
    let token = token_of(cmd());
    let text = generated(
        &cmd()
            .args(["authn-config", "--username-prefix", "spiffe:"])
            .output()
            .unwrap(),
    );
    assert!(text.contains("startsWith"), "{text}");
    let claims = |sub: &str| {
        let mut c = issuer.issuer.claims_for(sub, json!(["k8s"]), 300);
        c["jti"] = json!("svid");
        c
    };
    // Signed by the same trusted key, but for another trust domain, or a look-alike one.
    let other_domain = issuer.mint(claims("spiffe://other.example/ns/ci/sa/deployer"));
    let look_alike = issuer.mint(claims("spiffe://prod.example.evil/ns/ci/sa/deployer"));
    let same_domain = issuer.mint(claims("spiffe://prod.example/ns/ci/sa/other"));
    let v = verdicts(&text, &[&token, &other_domain, &look_alike, &same_domain]);
    let user = v[0].accepted();
    assert_eq!(
        user.username,
        "spiffe:spiffe://prod.example/ns/ci/sa/deployer"
    );
    assert_eq!(user.groups, ["system:authenticated"]);
    for rejected in &v[1..3] {
        assert!(
            rejected.rejected().contains("trust domain prod.example"),
            "{:?}",
            rejected.error
        );
    }
    assert_eq!(
        v[3].accepted().username,
        "spiffe:spiffe://prod.example/ns/ci/sa/other"
    );
    assert_doctor_agrees(cmd(), &text, v[0].accepted());
}

#[test]
fn client_credentials_from_the_oidc_provider() {
    if !kube_authn::available() {
        return;
    }
    let Some((provider, ca)) = OidcProvider::start_https() else {
        return;
    };
    let env = TestEnv::new();
    let cmd = |id: &str, secret: &str| {
        let mut cmd = env.cmd();
        cmd.env("JWTCRED_CLIENT_SECRET", secret)
            .arg("--ca-file")
            .arg(ca.ca_path())
            .args([
                "--issuer",
                &provider.issuer,
                "--client-id",
                id,
                "--audience",
                "k8s",
            ]);
        cmd
    };
    let token = token_of(cmd(BASIC_ID, BASIC_SECRET));
    let other_client = token_of(cmd(POST_ID, POST_SECRET));
    let text = generated(
        &cmd(BASIC_ID, BASIC_SECRET)
            .args([
                "authn-config",
                "--require",
                &format!("client_id={BASIC_ID}"),
            ])
            .output()
            .unwrap(),
    );
    let v = verdicts(&text, &[&token, &other_client]);
    assert_eq!(
        v[0].accepted(),
        &expected_user(
            &format!("{}#{BASIC_ID}", provider.issuer),
            &[],
            Some(&jti(&token))
        )
    );
    assert!(v[1].rejected().contains("client_id"), "{:?}", v[1].error);
    assert_doctor_agrees(cmd(BASIC_ID, BASIC_SECRET), &text, v[0].accepted());
}

/// kubectl with an exec entry running jwtcred against `kube-authn serve`.
fn whoami(cluster: &kube_authn::Cluster, dir: &Path, exec: &ExecEntry) -> Option<Value> {
    let kubeconfig = dir.join("kubeconfig");
    write_kubeconfig(&kubeconfig, &cluster.url, &cluster.ca_path(), exec);
    let out = run_kubectl_whoami(&kubeconfig)?;
    Some(ok_json(&out))
}

#[test]
fn kubectl_auth_whoami_through_the_real_authenticator() {
    if !kube_authn::available() {
        return;
    }
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let token = issuer.mint(actions_claims(&issuer, json!({"jti": "whoami"})));
    let env = TestEnv::new();
    let token_path = env.write("token", &token);
    let text = generated(
        &env.cmd()
            .arg("--token-file")
            .arg(&token_path)
            .arg("--ca-file")
            .arg(issuer.ca_path())
            .args(["authn-config", "--bind-role", "view"])
            .output()
            .unwrap(),
    );
    // kube-apiserver reads the first document of its file, so the whole output (with the
    // binding after `---`) is a valid --authentication-config file.
    let cluster = kube_authn::serve(&text);
    let exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .args(["--token-file", token_path.to_str().unwrap()])
        .env("JWTCRED_CACHE_DIR", env.cache_dir().to_str().unwrap());
    let Some(review) = whoami(&cluster, env.path(), &exec) else {
        return;
    };
    let username = format!("{}#repo:octo-org/octo-repo:ref:refs/heads/main", issuer.url);
    assert_eq!(review["status"]["userInfo"]["username"], username.as_str());
    assert_eq!(
        review["status"]["userInfo"]["groups"],
        json!(["system:authenticated"])
    );
    // The binding names that same username.
    let binding: Value =
        serde_saphyr::from_str(text.split("\n---\n").nth(1).expect("binding document")).unwrap();
    assert_eq!(binding["subjects"][0]["name"], username.as_str());

    // Another owner's token through kubectl: 401 from the same server.
    let other = issuer.mint(actions_claims(
        &issuer,
        json!({"repository_owner": "evil-org"}),
    ));
    let other_path = env.write("other-token", &other);
    let exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .args(["--token-file", other_path.to_str().unwrap()]);
    let kubeconfig = env.path().join("kubeconfig-other");
    write_kubeconfig(&kubeconfig, &cluster.url, &cluster.ca_path(), &exec);
    let out = run_kubectl_whoami(&kubeconfig).expect("kubectl ran before");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Unauthorized") || stderr.contains("401"),
        "{stderr}"
    );
}

#[test]
fn spiffe_from_the_real_spire() {
    use crate::common::spire::{Spire, uid_selector};
    if !kube_authn::available() {
        return;
    }
    let Some(spire) = Spire::start() else {
        return;
    };
    let workload = spire.id("/ns/ci/sa/deployer");
    spire.create_entry(&workload, &[&uid_selector()]);
    spire.wait_for_svid(&workload);
    // The issuer also publishes a second key (a federated trust domain's, say): tokens it
    // signs verify, so only the trust-domain pin can keep them out.
    let mut jwks: Value = serde_json::from_str(&spire.jwt_bundle_jwks()).unwrap();
    for key in jwks["keys"].as_array_mut().unwrap() {
        key["use"] = json!("sig");
    }
    jwks["keys"]
        .as_array_mut()
        .unwrap()
        .push(spire.issuer.issuer.jwk());
    spire.issuer.set_jwks(jwks);

    let env = TestEnv::new();
    let ca = env.write("spire-issuer-ca.pem", &spire.issuer_ca_pem);
    let cmd = || {
        let mut cmd = env.cmd();
        cmd.env("SPIFFE_ENDPOINT_SOCKET", spire.endpoint())
            .arg("--ca-file")
            .arg(&ca)
            .args(["--audience", "spoke"]);
        cmd
    };
    let token = token_of(cmd());
    let text = generated(&cmd().arg("authn-config").output().unwrap());
    assert!(
        text.contains(&format!("spiffe://{}/", spire.trust_domain)),
        "{text}"
    );
    let foreign = |sub: &str| {
        let mut claims = spire.issuer.issuer.claims_for(sub, json!(["spoke"]), 300);
        claims["iss"] = json!(spire.jwt_issuer);
        spire.issuer.issuer.mint(claims)
    };
    let other_domain = foreign("spiffe://other.example/ns/ci/sa/deployer");
    let same_domain = foreign(&spire.id("/ns/ci/sa/other"));
    let v = verdicts(&text, &[&token, &other_domain, &same_domain]);
    let user = v[0].accepted();
    assert_eq!(user.username, format!("{}#{workload}", spire.jwt_issuer));
    assert_eq!(user.groups, ["system:authenticated"]);
    assert!(v[1].rejected().contains("trust domain"), "{:?}", v[1].error);
    assert_eq!(
        v[2].accepted().username,
        format!("{}#{}", spire.jwt_issuer, spire.id("/ns/ci/sa/other"))
    );
    assert_doctor_agrees(cmd(), &text, user);
}

/// Argo CD's path to a cluster: a CI token exchanged at real Dex (served over https, as an
/// authenticator's issuer must be), `authn-config` for the exchanged token, and the real
/// authenticator accepts it as Dex's subject under Dex's issuer, through kubectl too. The
/// exchanged token's audience is the Dex client, not the CI token's `dex` audience: a token Dex
/// issued to another client is refused by `audiences`.
#[test]
fn exchanged_at_real_dex_and_accepted_by_the_real_authenticator() {
    if !kube_authn::available() {
        return;
    }
    let upstream = HttpsIssuer::start(TestKey::Primary);
    let Some(dex) = RealDex::start_https(&upstream) else {
        return;
    };
    let actions = ActionsServer::builder()
        .issuer(upstream.issuer.clone())
        .start();
    let env = TestEnv::new();
    let ca = dex.ca_path().to_str().unwrap().to_owned();
    let get_args = |client: &str| {
        [
            "--audience",
            "dex",
            "--exchange-issuer",
            &dex.issuer,
            "--exchange-client-id",
            client,
            "--exchange-connector-id",
            CONNECTOR,
            "--exchange-scope",
            "openid",
            "--exchange-scope",
            "federated:id",
            "--ca-file",
            &ca,
        ]
        .map(str::to_owned)
    };
    let cmd = |client: &str| {
        let mut cmd = env.cmd();
        cmd.envs(actions.env()).args(get_args(client));
        cmd
    };
    let token = token_of(cmd(PUBLIC_CLIENT));
    let other_client = {
        let mut other = cmd(CONFIDENTIAL_CLIENT);
        other.env("JWTCRED_EXCHANGE_CLIENT_SECRET", CONFIDENTIAL_SECRET);
        token_of(other)
    };
    let text = generated(&cmd(PUBLIC_CLIENT).arg("authn-config").output().unwrap());
    assert!(
        text.contains(&format!("url: \"{}\"", dex.issuer)),
        "the issuer is Dex's: {text}"
    );

    let v = verdicts(&text, &[&token, &other_client]);
    let username = format!("{}#{}", dex.issuer, dex_subject(DEFAULT_SUBJECT, CONNECTOR));
    assert_eq!(v[0].accepted().username, username, "{text}");
    assert!(
        v[1].rejected().contains("aud"),
        "a token Dex issued to another client is refused: {:?}",
        v[1].error
    );
    assert_doctor_agrees(cmd(PUBLIC_CLIENT), &text, v[0].accepted());

    let cluster = kube_authn::serve(&text);
    let [(url_var, url), (token_var, request_token)] = actions.env();
    let exec = ExecEntry::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .args(get_args(PUBLIC_CLIENT))
        .env(url_var, url)
        .env(token_var, request_token)
        .env("JWTCRED_CACHE_DIR", env.cache_dir().to_str().unwrap());
    let Some(review) = whoami(&cluster, env.path(), &exec) else {
        return;
    };
    assert_eq!(review["status"]["userInfo"]["username"], username.as_str());
}
