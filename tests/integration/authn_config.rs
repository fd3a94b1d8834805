//! `jwtcred authn-config` driven as a user would: the token from each source kind, the YAML it
//! prints (parsed back, field by field), the default pins and every guard rail with the
//! failure contract. The closed loop through the real authenticator is in `authn_closed_loop`.

use std::process::Output;

use serde_json::{Value, json};

use crate::common::actions::{ActionsServer, GITHUB_ISSUER, REQUEST_TOKEN};
use crate::common::jwt::{TestIssuer, now};
use crate::common::oidc::{BASIC_ID, BASIC_SECRET, OidcProvider};
use crate::common::tls::TestCa;
use crate::common::workload_api::{DEFAULT_ISSUER, DEFAULT_SPIFFE_ID, WorkloadApiServer};
use crate::common::{TestEnv, assert_failure, stdout};

pub const FORGEJO_ISSUER: &str = "https://forgejo.example.org/api/actions";

/// Every YAML document of a successful run, parsed.
pub fn documents(output: &Output) -> Vec<Value> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "authn-config failed: {stderr}");
    let text = String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout");
    assert!(
        text.bytes()
            .all(|b| b == b'\n' || (0x20..=0x7e).contains(&b)),
        "output is printable ASCII:\n{text}"
    );
    text.split("\n---\n")
        .map(|doc| {
            serde_saphyr::from_str::<Value>(doc)
                .unwrap_or_else(|e| panic!("not YAML ({e}):\n{doc}"))
        })
        .collect()
}

/// A signed token with these claims (plus iat/nbf/exp).
fn token(iss: &str, claims: Value) -> String {
    let now = now();
    let mut all = json!({"iss": iss, "iat": now, "nbf": now, "exp": now + 600});
    crate::common::jwt::merge_claims(&mut all, &claims);
    TestIssuer::new(iss).mint(all)
}

fn github_claims() -> Value {
    json!({
        "sub": "repo:octo-org/octo-repo:ref:refs/heads/main",
        "aud": "https://github.com/octo-org",
        "repository": "octo-org/octo-repo",
        "repository_owner": "octo-org",
        "ref": "refs/heads/main",
        "environment": "production",
    })
}

fn run_with_token(token: &str, args: &[&str]) -> Output {
    let env = TestEnv::new();
    env.cmd()
        .arg("authn-config")
        .arg("--token")
        .arg(token)
        .args(args)
        .output()
        .unwrap()
}

fn jwt_entry(doc: &Value) -> &Value {
    assert_eq!(doc["kind"], "AuthenticationConfiguration", "{doc}");
    let jwt = doc["jwt"].as_array().expect("jwt list");
    assert_eq!(jwt.len(), 1, "one jwt entry: {doc}");
    &jwt[0]
}

fn required(entry: &Value) -> Vec<(String, String)> {
    entry["claimValidationRules"]
        .as_array()
        .map(|rules| {
            rules
                .iter()
                .filter(|r| r.get("claim").is_some())
                .map(|r| {
                    (
                        r["claim"].as_str().unwrap().to_owned(),
                        r["requiredValue"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn actions_as_github_pins_the_repository_owner() {
    let server = ActionsServer::start();
    let env = TestEnv::new();
    let out = env
        .cmd()
        .envs(server.env())
        .env("GITHUB_ACTIONS", "true")
        .args(["authn-config", "--audience", "https://cluster.example"])
        .output()
        .unwrap();
    let docs = documents(&out);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["apiVersion"], "apiserver.config.k8s.io/v1");
    let entry = jwt_entry(doc);
    assert_eq!(entry["issuer"]["url"], GITHUB_ISSUER);
    assert_eq!(
        entry["issuer"]["audiences"],
        json!(["https://cluster.example"])
    );
    assert!(entry["issuer"].get("audienceMatchPolicy").is_none());
    assert!(entry["issuer"].get("certificateAuthority").is_none());
    assert_eq!(required(entry), owned(&[("repository_owner", "octo-org")]));
    assert_eq!(
        entry["claimMappings"],
        json!({"username": {"claim": "sub", "prefix": format!("{GITHUB_ISSUER}#")}})
    );
    let text = stdout(&out);
    assert!(text.contains("# Default pin:"), "{text}");
    assert!(
        text.contains("any repository anywhere could authenticate"),
        "{text}"
    );
    assert!(!text.contains(REQUEST_TOKEN));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(REQUEST_TOKEN));
    // The token itself is never printed, not even its signature.
    assert_eq!(server.requests(), 1);
}

#[test]
fn actions_as_forgejo_is_a_shared_issuer_too() {
    let server = ActionsServer::builder()
        .issuer(TestIssuer::new(FORGEJO_ISSUER))
        .subject("repo:octo-org/octo-repo:ref:refs/heads/main")
        .extra_claims(json!({"aud": "https://forgejo.example.org/octo-org"}))
        .start();
    let env = TestEnv::new();
    let base = || {
        let mut cmd = env.cmd();
        cmd.envs(server.env())
            .env("FORGEJO_ACTIONS", "true")
            .env("GITHUB_ACTIONS", "true")
            .arg("authn-config");
        cmd
    };
    let docs = documents(&base().output().unwrap());
    let entry = jwt_entry(&docs[0]);
    assert_eq!(entry["issuer"]["url"], FORGEJO_ISSUER);
    assert_eq!(
        entry["issuer"]["audiences"],
        json!(["https://forgejo.example.org/octo-org"])
    );
    assert_eq!(required(entry), owned(&[("repository_owner", "octo-org")]));

    // With --require the rules come first, then the default pin.
    let docs = documents(
        &base()
            .args([
                "--require",
                "repository=octo-org/octo-repo",
                "--require",
                "ref=refs/heads/main",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(
        required(jwt_entry(&docs[0])),
        owned(&[
            ("repository", "octo-org/octo-repo"),
            ("ref", "refs/heads/main"),
            ("repository_owner", "octo-org")
        ])
    );
}

#[test]
fn a_shared_issuer_without_any_pin_is_refused() {
    for iss in [GITHUB_ISSUER, FORGEJO_ISSUER] {
        let mut claims = github_claims();
        claims["repository_owner"] = Value::Null;
        let jwt = token(iss, claims);
        let out = run_with_token(&jwt, &[]);
        let stderr = assert_failure(&out, 1, &[&jwt]);
        assert!(stderr.contains("shared issuer"), "{stderr}");
        assert!(stderr.contains("any repository anywhere"), "{stderr}");
        assert!(stderr.contains("--require"), "{stderr}");

        // --allow-any-subject is the explicit way out, with a warning.
        let out = run_with_token(&jwt, &["--allow-any-subject"]);
        let docs = documents(&out);
        assert!(jwt_entry(&docs[0]).get("claimValidationRules").is_none());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("every repository"),
            "warning expected"
        );

        // Any --require is a pin.
        let out = run_with_token(&jwt, &["--require", "repository=octo-org/octo-repo"]);
        assert_eq!(
            required(jwt_entry(&documents(&out)[0])),
            owned(&[("repository", "octo-org/octo-repo")])
        );
    }
}

#[test]
fn allow_any_subject_drops_the_default_pins_only() {
    let jwt = token(GITHUB_ISSUER, github_claims());
    let out = run_with_token(
        &jwt,
        &["--allow-any-subject", "--require", "environment=production"],
    );
    assert_eq!(
        required(jwt_entry(&documents(&out)[0])),
        owned(&[("environment", "production")])
    );
}

#[test]
fn a_require_the_token_does_not_meet_is_refused() {
    let jwt = token(GITHUB_ISSUER, github_claims());
    for (arg, why) in [
        ("repository=octo-org/other", "not \"octo-org/other\""),
        ("workflow_ref=x", "has no \"workflow_ref\" claim"),
    ] {
        let out = run_with_token(&jwt, &["--require", arg]);
        let stderr = assert_failure(&out, 1, &[&jwt]);
        assert!(stderr.contains(why), "{stderr}");
    }
}

#[test]
fn spiffe_source_pins_the_trust_domain_with_cel() {
    let server = WorkloadApiServer::start();
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
        .args(["authn-config", "--audience", "spoke-cluster"])
        .output()
        .unwrap();
    let docs = documents(&out);
    let entry = jwt_entry(&docs[0]);
    assert_eq!(entry["issuer"]["url"], DEFAULT_ISSUER);
    assert_eq!(entry["issuer"]["audiences"], json!(["spoke-cluster"]));
    assert_eq!(
        entry["claimValidationRules"],
        json!([{
            "expression": "claims.sub.startsWith(\"spiffe://example.org/\")",
            "message": "the subject must be a SPIFFE ID in the trust domain example.org",
        }])
    );
    assert_eq!(
        entry["claimMappings"]["username"],
        json!({"claim": "sub", "prefix": format!("{DEFAULT_ISSUER}#")})
    );
    let text = stdout(&out).replace("\n# ", " ");
    let username = format!("{DEFAULT_ISSUER}#{DEFAULT_SPIFFE_ID}");
    assert!(
        text.contains(&format!("maps to the username \"{username}\"")),
        "{text}"
    );
}

#[test]
fn spiffe_to_openshift_with_the_issuer_ca() {
    let server = WorkloadApiServer::start();
    let ca = TestCa::new();
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("SPIFFE_ENDPOINT_SOCKET", server.endpoint())
        .arg("--ca-file")
        .arg(ca.ca_path())
        .args([
            "authn-config",
            "--format",
            "openshift",
            "--audience",
            "openshift",
            "--bind-role",
            "edit",
            "--namespace",
            "deploy",
        ])
        .output()
        .unwrap();
    let docs = documents(&out);
    assert_eq!(docs.len(), 3, "ConfigMap, Authentication, RoleBinding");
    let config_map = &docs[0];
    assert_eq!(config_map["kind"], "ConfigMap");
    assert_eq!(config_map["metadata"]["namespace"], "openshift-config");
    let ca_name = config_map["metadata"]["name"].as_str().unwrap();
    assert_eq!(
        config_map["data"]["ca-bundle.crt"].as_str().unwrap().trim(),
        ca.ca_pem.trim()
    );

    let auth = &docs[1];
    assert_eq!(auth["apiVersion"], "config.openshift.io/v1");
    assert_eq!(auth["kind"], "Authentication");
    assert_eq!(auth["metadata"]["name"], "cluster");
    assert_eq!(auth["spec"]["type"], "OIDC");
    let providers = auth["spec"]["oidcProviders"].as_array().unwrap();
    assert_eq!(providers.len(), 1);
    let provider = &providers[0];
    assert_eq!(provider["name"], "oidc-discovery-example-org");
    assert_eq!(
        provider["issuer"],
        json!({
            "issuerURL": DEFAULT_ISSUER,
            "audiences": ["openshift"],
            "issuerCertificateAuthority": {"name": ca_name},
        })
    );
    assert_eq!(
        provider["claimMappings"],
        json!({"username": {
            "claim": "sub",
            "prefixPolicy": "Prefix",
            "prefix": {"prefixString": format!("{DEFAULT_ISSUER}#")},
        }})
    );
    assert_eq!(
        provider["claimValidationRules"],
        json!([{"type": "CEL", "cel": {
            "expression": "claims.sub.startsWith(\"spiffe://example.org/\")",
            "message": "the subject must be a SPIFFE ID in the trust domain example.org",
        }}])
    );
    assert!(
        stdout(&out).contains("ExternalOIDCWithUpstreamParity"),
        "the CEL rule says which feature gate it needs"
    );

    let binding = &docs[2];
    assert_eq!(binding["kind"], "RoleBinding");
    assert_eq!(binding["metadata"]["namespace"], "deploy");
    assert_eq!(
        binding["roleRef"],
        json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"})
    );
    assert_eq!(
        binding["subjects"],
        json!([{
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "User",
            "name": format!("{DEFAULT_ISSUER}#{DEFAULT_SPIFFE_ID}"),
        }])
    );
}

#[test]
fn openshift_required_claims_and_no_prefix() {
    let jwt = token(GITHUB_ISSUER, github_claims());
    let out = run_with_token(
        &jwt,
        &[
            "--format",
            "openshift",
            "--username-prefix",
            "",
            "--username-claim",
            "repository",
            "--groups-claim",
            "environment",
            "--groups-prefix",
            "gh:",
        ],
    );
    let docs = documents(&out);
    assert_eq!(docs.len(), 1, "no CA, no ConfigMap");
    let provider = &docs[0]["spec"]["oidcProviders"][0];
    assert!(
        provider["issuer"]
            .get("issuerCertificateAuthority")
            .is_none()
    );
    assert_eq!(
        provider["claimMappings"],
        json!({
            "username": {"claim": "repository", "prefixPolicy": "NoPrefix"},
            "groups": {"claim": "environment", "prefix": "gh:"},
        })
    );
    assert_eq!(
        provider["claimValidationRules"],
        json!([{"type": "RequiredClaim", "requiredClaim": {
            "claim": "repository_owner", "requiredValue": "octo-org"}}])
    );
    // The empty prefix could produce system: names from other tokens: a user rule blocks them.
    assert_eq!(
        provider["userValidationRules"],
        json!([{"expression": "!user.username.startsWith('system:')",
                "message": "username must not begin with system:"}])
    );
}

#[test]
fn api_version_groups_several_audiences_and_a_cluster_role_binding() {
    let mut claims = github_claims();
    claims["aud"] = json!(["a", "b"]);
    claims["teams"] = json!(["dev", "ops"]);
    let jwt = token(GITHUB_ISSUER, claims);
    let out = run_with_token(
        &jwt,
        &[
            "--api-version",
            "v1beta1",
            "--groups-claim",
            "teams",
            "--bind-role",
            "view",
        ],
    );
    let docs = documents(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["apiVersion"], "apiserver.config.k8s.io/v1beta1");
    let entry = jwt_entry(&docs[0]);
    assert_eq!(entry["issuer"]["audiences"], json!(["a", "b"]));
    assert_eq!(entry["issuer"]["audienceMatchPolicy"], "MatchAny");
    assert_eq!(
        entry["claimMappings"]["groups"],
        json!({"claim": "teams", "prefix": format!("{GITHUB_ISSUER}#")})
    );
    assert_eq!(docs[1]["kind"], "ClusterRoleBinding");
    assert!(docs[1]["metadata"].get("namespace").is_none());
    assert_eq!(docs[1]["roleRef"]["name"], "view");
    assert_eq!(
        docs[1]["subjects"][0]["name"],
        format!("{GITHUB_ISSUER}#repo:octo-org/octo-repo:ref:refs/heads/main")
    );
}

#[test]
fn hostile_claim_values_stay_data() {
    let evil = "octo\"org\nkind: Secret\n# x: y\u{2028}system:masters 😀";
    let mut claims = github_claims();
    claims["repository_owner"] = json!(evil);
    claims["sub"] = json!("repo:x: y\n- evil: [1]");
    claims["aud"] = json!("aud' \"# &a *b !!binary");
    let jwt = token(GITHUB_ISSUER, claims);
    let out = run_with_token(
        &jwt,
        &["--require", "environment=production", "--bind-role", "view"],
    );
    let docs = documents(&out);
    assert_eq!(docs.len(), 2);
    let entry = jwt_entry(&docs[0]);
    assert_eq!(
        required(entry),
        owned(&[("environment", "production"), ("repository_owner", evil)])
    );
    assert_eq!(
        entry["issuer"]["audiences"],
        json!(["aud' \"# &a *b !!binary"])
    );
    assert_eq!(
        docs[1]["subjects"][0]["name"],
        format!("{GITHUB_ISSUER}#repo:x: y\n- evil: [1]")
    );
    let mut keys: Vec<&String> = docs[0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["apiVersion", "jwt", "kind"]);
    let mut keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["claimMappings", "claimValidationRules", "issuer"]);
}

#[test]
fn system_usernames_are_refused() {
    let jwt = token(
        "https://idp.example.com",
        json!({"sub": "system:kube-controller-manager", "aud": "k8s", "short": "tem:admin"}),
    );
    for args in [
        &["--username-prefix", "system:ci:"][..],
        &["--username-prefix", ""],
        &["--username-prefix", "sys", "--username-claim", "short"],
        &["--groups-claim", "sub", "--groups-prefix", "system:"],
    ] {
        let out = run_with_token(&jwt, args);
        let stderr = assert_failure(&out, 1, &[&jwt]);
        assert!(stderr.contains("reserved"), "{args:?}: {stderr}");
    }
    // The default prefix keeps even that subject harmless.
    let out = run_with_token(&jwt, &[]);
    let entry = jwt_entry(&documents(&out)[0]).clone();
    assert_eq!(
        entry["claimMappings"]["username"]["prefix"],
        "https://idp.example.com#"
    );
    assert!(entry.get("userValidationRules").is_none());
}

#[test]
fn token_from_stdin_and_from_a_file() {
    let jwt = token(GITHUB_ISSUER, github_claims());
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["authn-config", "--token", "-"])
        .write_stdin(format!("{jwt}\n"))
        .output()
        .unwrap();
    assert_eq!(
        required(jwt_entry(&documents(&out)[0])),
        owned(&[("repository_owner", "octo-org")])
    );
    assert!(!stdout(&out).contains(&jwt));

    // The file source: the owner is pinned whatever source delivered the token.
    let path = env.write("token", &jwt);
    let out = env
        .cmd()
        .arg("--token-file")
        .arg(&path)
        .arg("authn-config")
        .output()
        .unwrap();
    assert_eq!(
        required(jwt_entry(&documents(&out)[0])),
        owned(&[("repository_owner", "octo-org")])
    );
}

#[test]
fn client_credentials_over_http_cannot_be_configured() {
    let Some(provider) = OidcProvider::start() else {
        return;
    };
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", BASIC_SECRET)
        .args([
            "--issuer",
            &provider.issuer,
            "--client-id",
            BASIC_ID,
            "--audience",
            "k8s",
            "authn-config",
        ])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[BASIC_SECRET]);
    assert!(stderr.contains("only accepts https issuers"), "{stderr}");
}

#[test]
fn bad_input_is_refused_with_the_contract_codes() {
    let jwt = token(GITHUB_ISSUER, github_claims());
    let env = TestEnv::new();
    // Usage errors: exit 2.
    for args in [
        &["--require", "no-equals-sign"][..],
        &["--require", "=value"],
        &["--namespace", "ns"],
        &["--groups-prefix", "p"],
        &["--format", "xml"],
        &["--api-version", "v2"],
        &["--format", "openshift", "--api-version", "v1"],
        &["--username-claim", ""],
        &["--token"],
    ] {
        let out = env
            .cmd()
            .arg("authn-config")
            .args(["--token", &jwt])
            .args(args)
            .output()
            .unwrap();
        assert_failure(&out, 2, &[&jwt]);
    }
    // Bad content: exit 1, the token never echoed.
    let not_a_jwt = "secret-looking-opaque-value-123456";
    for (token, args) in [
        (not_a_jwt, &[][..]),
        (jwt.as_str(), &["--bind-role", "a/b"]),
        (
            jwt.as_str(),
            &["--bind-role", "view", "--namespace", "Bad_NS"],
        ),
        (jwt.as_str(), &["--audience", "not-in-the-token"]),
        (jwt.as_str(), &["--username-claim", "nope"]),
    ] {
        let out = env
            .cmd()
            .args(["authn-config", "--token", token])
            .args(args)
            .output()
            .unwrap();
        assert_failure(&out, 1, &[token, &jwt]);
    }
    // A CA file that holds no certificate.
    let bad_ca = env.write("ca.pem", "not a certificate");
    let out = env
        .cmd()
        .arg("--ca-file")
        .arg(&bad_ca)
        .args(["authn-config", "--token", &jwt])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[&jwt]);
    assert!(stderr.contains("no PEM certificate"), "{stderr}");
    assert!(
        !stderr.contains("not a certificate"),
        "file content not echoed"
    );
    // OpenShift lists at most 10 audiences.
    let mut claims = github_claims();
    claims["aud"] = json!((0..11).map(|i| format!("aud-{i}")).collect::<Vec<_>>());
    let many = token(GITHUB_ISSUER, claims);
    let stderr = assert_failure(
        &run_with_token(&many, &["--format", "openshift"]),
        1,
        &[&many],
    );
    assert!(stderr.contains("at most 10 audiences"), "{stderr}");
    documents(&run_with_token(&many, &[]));
    // Malformed PEM: the reason, never the file's bytes (in any encoding).
    for (name, content) in [
        ("open.pem", "-----BEGIN CERTIFICATE-----\nTOPSECRETLINE\n"),
        ("start.pem", "-----BEGIN TOPSECRET\n"),
        (
            "b64.pem",
            "-----BEGIN CERTIFICATE-----\nTOPSECRET!\n-----END CERTIFICATE-----\n",
        ),
    ] {
        let path = env.write(name, content);
        let out = env
            .cmd()
            .arg("--ca-file")
            .arg(&path)
            .args(["authn-config", "--token", &jwt])
            .output()
            .unwrap();
        let stderr = assert_failure(&out, 1, &[&jwt, "TOPSECRET"]);
        let bytes: Vec<String> = "TOPSECRET".bytes().map(|b| b.to_string()).collect();
        assert!(!stderr.contains(&bytes.join(", ")), "{stderr}");
        assert!(stderr.contains(name), "names the file: {stderr}");
    }
    // http issuer.
    let http = token("http://127.0.0.1:1", json!({"sub": "x", "aud": "a"}));
    let stderr = assert_failure(&run_with_token(&http, &[]), 1, &[&http]);
    assert!(stderr.contains("https"), "{stderr}");
}

#[test]
fn no_source_is_exit_3() {
    let env = TestEnv::new();
    let out = env.cmd().arg("authn-config").output().unwrap();
    assert_failure(&out, 3, &[]);
}

#[test]
fn client_credentials_over_https_from_the_oidc_provider() {
    let Some((provider, ca)) = OidcProvider::start_https() else {
        return;
    };
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", BASIC_SECRET)
        .arg("--ca-file")
        .arg(ca.ca_path())
        .args([
            "--issuer",
            &provider.issuer,
            "--client-id",
            BASIC_ID,
            "--audience",
            "k8s",
            "authn-config",
            "--require",
            &format!("client_id={BASIC_ID}"),
        ])
        .output()
        .unwrap();
    let docs = documents(&out);
    let entry = jwt_entry(&docs[0]);
    assert_eq!(entry["issuer"]["url"], provider.issuer.as_str());
    assert_eq!(entry["issuer"]["audiences"], json!(["k8s"]));
    assert_eq!(
        entry["issuer"]["certificateAuthority"]
            .as_str()
            .unwrap()
            .trim(),
        ca.ca_pem.trim()
    );
    assert_eq!(required(entry), owned(&[("client_id", BASIC_ID)]));
    assert_eq!(
        entry["claimMappings"]["username"],
        json!({"claim": "sub", "prefix": format!("{}#", provider.issuer)})
    );
    assert!(!stdout(&out).contains(BASIC_SECRET));
}

/// The first ```yaml block after `heading` in the README.
fn readme_yaml_after(heading: &str) -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README has no {heading:?}"));
    let rest = &readme[start..];
    let open = rest.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let close = rest[open..].find("```").expect("block end");
    rest[open..open + close].to_owned()
}

fn readme_token(claims: Value) -> String {
    crate::common::jwt::unsigned_jwt(json!({"alg": "RS256", "kid": "k1"}), claims)
}

#[test]
fn readme_cluster_side_examples_are_the_binarys_output() {
    let gh = readme_token(json!({
        "iss": GITHUB_ISSUER, "sub": "repo:octo-org/deployments:ref:refs/heads/main",
        "aud": "https://kubernetes.example.com", "repository": "octo-org/deployments",
        "repository_owner": "octo-org", "repository_owner_id": "9919",
        "ref": "refs/heads/main", "environment": "production", "jti": "4d6f7a2e",
    }));
    let forgejo = readme_token(json!({
        "iss": "https://codeberg.org/api/actions",
        "sub": "repo:octo-org/deployments:ref:refs/heads/main",
        "aud": "https://kubernetes.example.com", "repository": "octo-org/deployments",
        "repository_owner": "octo-org", "ref": "refs/heads/main",
    }));
    let spiffe = readme_token(json!({
        "iss": "https://oidc-discovery.prod.example.org",
        "sub": "spiffe://prod.example.org/ns/argocd/sa/argocd-application-controller",
        "aud": ["openshift"],
    }));
    let client = readme_token(json!({
        "iss": "https://idp.example.com/realms/platform", "sub": "ci-deployer",
        "client_id": "ci-deployer", "aud": "https://kubernetes.example.com",
    }));
    // Dex's `aud` is the client it issued the token to (exchanged_at_real_dex… shows real Dex).
    let dex = readme_token(json!({
        "iss": "https://argocd.example.com/api/dex", "sub": "CitycGVvOi1...", "aud": "argo-cd-cli",
        "federated_claims": {"connector_id": "github-actions",
            "user_id": "repo:octo-org/deployments:ref:refs/heads/main"},
    }));
    let first = |text: String| text.split("\n---\n").next().unwrap().to_owned() + "\n";
    let cases: [(&str, &str, &[&str], bool); 5] = [
        (
            "### GitHub Actions → kube-apiserver",
            &gh,
            &[
                "--require",
                "environment=production",
                "--bind-role",
                "edit",
                "--namespace",
                "prod",
            ],
            false,
        ),
        (
            "### SPIFFE (SPIRE) → OpenShift",
            &spiffe,
            &[
                "--format",
                "openshift",
                "--username-prefix",
                "spiffe:",
                "--bind-role",
                "argocd-application-controller",
            ],
            false,
        ),
        (
            "### OAuth2 client credentials → cluster",
            &client,
            &[
                "--require",
                "client_id=ci-deployer",
                "--bind-role",
                "edit",
                "--namespace",
                "ci",
            ],
            true,
        ),
        (
            "### CI → Dex (Argo CD) → cluster",
            &dex,
            &["--bind-role", "view"],
            true,
        ),
        (
            "### Forgejo / Gitea Actions",
            &forgejo,
            &["--api-version", "v1beta1"],
            false,
        ),
    ];
    for (heading, token, args, first_only) in cases {
        let text = stdout(&run_with_token(token, args));
        let documented = readme_yaml_after(heading);
        if heading.starts_with("### Forgejo") {
            // An excerpt: every line shown (but the ellipsis) is in the output.
            for line in documented.lines().filter(|l| *l != "…") {
                assert!(text.contains(line), "{heading}: {line:?} not in\n{text}");
            }
            continue;
        }
        let expected = if first_only { first(text) } else { text };
        assert_eq!(
            documented, expected,
            "{heading}: README differs from the output"
        );
    }
}
