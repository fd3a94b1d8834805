//! The ecosystem commands against the real tools: `jwtcred kubeconfig` read back by kubectl
//! (and used end to end by `kubectl auth whoami`, one user entry for two clusters with
//! different audiences), `argocd-cluster` output parsed, `install`, `kubectl jwtcred` as a
//! plugin, completion/man drift against the committed copies, and the packaging templates
//! rendered from a locally built archive (plus a .deb when cargo-deb is installed).

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::common::actions::ActionsServer;
use crate::common::issuer::HttpsIssuer;
use crate::common::jwt::TestKey;
use crate::common::kube_authn::{self, config, jwt_entry_for};
use crate::common::require_program;
use crate::common::{TestEnv, assert_failure, stderr};

const EXEC_EXTENSION: &str = "client.authentication.k8s.io/exec";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn jwtcred_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jwtcred"))
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn parse_yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"))
}

/// Real kubectl with a clean environment (HOME in the test dir) plus `envs`.
fn kubectl(
    env: &TestEnv,
    kubeconfig: &Path,
    args: &[&str],
    envs: &[(&str, String)],
) -> Option<Output> {
    let kubectl = require_program("kubectl")?;
    let mut cmd = Command::new(kubectl);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.path())
        .env("XDG_CACHE_HOME", env.path().join("xdg-cache"))
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args(args);
    for (name, value) in envs {
        cmd.env(name, value);
    }
    Some(cmd.output().expect("run kubectl"))
}

/// `kubectl config view --raw -o json` of one file.
fn kubectl_view(env: &TestEnv, kubeconfig: &Path) -> Option<Value> {
    let out = kubectl(
        env,
        kubeconfig,
        &["config", "view", "--raw", "-o", "json"],
        &[],
    )?;
    assert!(
        out.status.success(),
        "kubectl config view: {}",
        stderr(&out)
    );
    Some(serde_json::from_slice(&out.stdout).expect("kubectl JSON"))
}

fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .and_then(|items| items.iter().find(|i| i["name"] == name))
        .unwrap_or_else(|| panic!("no entry {name:?} in {list}"))
}

const EXISTING: &str = r#"apiVersion: v1
kind: Config
preferences:
  colors: true
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
    insecure-skip-tls-verify: true
    extensions:
    - name: keep-me
      extension:
        owner: platform
- name: stage
  cluster:
    server: https://stage.example:6443
contexts:
- name: prod
  context:
    cluster: prod
    user: admin
    namespace: apps
- name: stage
  context:
    cluster: stage
    user: admin
current-context: stage
users:
- name: admin
  user:
    token: admin-token-value
- name: ci
  user:
    token: old-static-token
extensions:
- name: top-level
  extension:
    kept: "yes"
x-unknown-field:
  nested: [1, 2, 3]
"#;

#[test]
fn kubeconfig_writes_a_new_file_that_kubectl_reads() {
    let env = TestEnv::new();
    let first = env.path().join("kube/first-config");
    let second = env.path().join("kube/second-config");
    let token_file = env.write("token", "unused");
    let list = std::env::join_paths([&first, &second]).unwrap();
    let out = env
        .cmd()
        .env("KUBECONFIG", &list)
        .args([
            "kubeconfig",
            "--user",
            "ci",
            "--source",
            "file",
            "--token-file",
        ])
        .arg(&token_file)
        .args(["--audience", "kubernetes", "-v"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(first.to_str().unwrap()),
        "{}",
        stdout(&out)
    );
    assert!(first.exists(), "KUBECONFIG's first file is written");
    assert!(!second.exists(), "only the first file of KUBECONFIG");
    assert_eq!(mode(&first), 0o600, "a new kubeconfig is private");

    let Some(view) = kubectl_view(&env, &first) else {
        return;
    };
    let exec = &named(&view["users"], "ci")["user"]["exec"];
    assert_eq!(exec["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(exec["interactiveMode"], "Never");
    assert_eq!(
        exec["args"],
        json!([
            "--source",
            "file",
            "--token-file",
            token_file.to_str().unwrap(),
            "--audience",
            "kubernetes"
        ]),
        "-v is about this run and is not written"
    );
    // Not on PATH under this name: the absolute path of the binary.
    let command = PathBuf::from(exec["command"].as_str().unwrap());
    assert_eq!(
        fs::canonicalize(command).unwrap(),
        fs::canonicalize(jwtcred_bin()).unwrap()
    );
    assert!(exec["installHint"].as_str().unwrap().contains("README"));
    assert!(exec.get("provideClusterInfo").is_none_or(|v| v == false));
}

#[test]
fn kubeconfig_keeps_the_rest_of_an_existing_file_and_its_mode() {
    let env = TestEnv::new();
    let path = env.write("config", EXISTING);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let out = env
        .cmd()
        .env("JWTCRED_AUDIENCE", "from-env-never-written")
        .args(["kubeconfig", "--kubeconfig"])
        .arg(&path)
        .args(["--user", "ci", "--context", "prod", "--cluster", "stage"])
        .args(["--cluster-audience", "aud-stage", "--source", "actions"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("JWTCRED_AUDIENCE"),
        "{}",
        stderr(&out)
    );
    assert_eq!(mode(&path), 0o640, "the file's mode is kept");

    let text = fs::read_to_string(&path).unwrap();
    assert!(!text.contains("from-env-never-written"));
    assert!(
        !text.contains("old-static-token"),
        "the ci user is replaced"
    );
    let doc = parse_yaml(&text);
    assert_eq!(doc["x-unknown-field"], json!({"nested": [1, 2, 3]}));
    assert_eq!(doc["extensions"][0]["extension"]["kept"], "yes");
    assert_eq!(doc["current-context"], "stage");
    let leftovers: Vec<_> = fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("tmp") || n.ends_with(".lock"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let Some(view) = kubectl_view(&env, &path) else {
        return;
    };
    assert_eq!(view["preferences"], json!({"colors": true}));
    assert_eq!(
        named(&view["users"], "admin")["user"]["token"],
        "admin-token-value"
    );
    let exec = &named(&view["users"], "ci")["user"]["exec"];
    assert_eq!(exec["args"], json!(["--source", "actions"]));
    assert_eq!(exec["provideClusterInfo"], true);
    let prod = &named(&view["contexts"], "prod")["context"];
    assert_eq!(prod["user"], "ci");
    assert_eq!(prod["namespace"], "apps");
    assert_eq!(
        named(&view["contexts"], "stage")["context"]["user"],
        "admin"
    );
    let prod_cluster = &named(&view["clusters"], "prod")["cluster"];
    assert_eq!(
        named(&prod_cluster["extensions"], "keep-me")["extension"]["owner"],
        "platform"
    );
    let stage = &named(&view["clusters"], "stage")["cluster"];
    assert_eq!(
        named(&stage["extensions"], EXEC_EXTENSION)["extension"],
        json!({"audience": "aud-stage"})
    );
}

#[test]
fn kubeconfig_dry_run_prints_everything_and_writes_nothing() {
    let env = TestEnv::new();
    let path = env.write("config", EXISTING);
    let out = env
        .cmd()
        .args(["kubeconfig", "--dry-run", "--user", "new", "--kubeconfig"])
        .arg(&path)
        .args(["--source", "spiffe"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&path).unwrap(), EXISTING);
    let doc = parse_yaml(&stdout(&out));
    assert_eq!(doc["users"].as_array().unwrap().len(), 3);
    assert_eq!(
        named(&doc["users"], "admin")["user"]["token"],
        "admin-token-value"
    );
    assert_eq!(
        named(&doc["users"], "new")["user"]["exec"]["args"],
        json!(["--source", "spiffe"])
    );

    // Without a file: nothing is created, not even ~/.kube.
    let out = env
        .cmd()
        .args(["kubeconfig", "--dry-run", "--user", "new"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!env.path().join(".kube").exists());
    let doc = parse_yaml(&stdout(&out));
    assert_eq!(doc["kind"], "Config");

    // And without --dry-run, ~/.kube/config is created.
    let out = env
        .cmd()
        .args(["kubeconfig", "--user", "new"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&env.path().join(".kube/config")), 0o600);
}

#[test]
fn kubeconfig_refuses_an_inline_secret_without_echoing_it() {
    let env = TestEnv::new();
    let path = env.path().join("config");
    let secret = "s3cr3t-client-secret-value";
    let out = env
        .cmd()
        .args(["kubeconfig", "--user", "ci", "--kubeconfig"])
        .arg(&path)
        .args([
            "--token-url",
            "https://idp.example/token",
            "--client-id",
            "c",
        ])
        .args(["--client-secret", secret])
        .output()
        .unwrap();
    let err = assert_failure(&out, 1, &[secret]);
    assert!(err.contains("--client-secret-file"), "{err}");
    assert!(!path.exists());

    // Same for the Argo CD Secret.
    let out = env
        .cmd()
        .args([
            "argocd-cluster",
            "--name",
            "x",
            "--server",
            "https://x.example",
        ])
        .args(["--client-secret", secret])
        .output()
        .unwrap();
    assert_failure(&out, 1, &[secret]);
}

#[test]
fn kubeconfig_missing_context_or_cluster_changes_nothing() {
    let env = TestEnv::new();
    let path = env.write("config", EXISTING);
    for extra in [
        &["--context", "nope"][..],
        &["--cluster", "nope", "--cluster-audience", "a"][..],
    ] {
        let out = env
            .cmd()
            .args(["kubeconfig", "--user", "ci", "--kubeconfig"])
            .arg(&path)
            .args(extra)
            .output()
            .unwrap();
        let err = assert_failure(&out, 1, &[]);
        assert!(err.contains("nope"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), EXISTING);
    }
    // --cluster without --cluster-audience is a usage error.
    let out = env
        .cmd()
        .args(["kubeconfig", "--user", "ci", "--cluster", "prod"])
        .output()
        .unwrap();
    assert_failure(&out, 2, &[]);
}

#[test]
fn kubeconfig_command_is_the_invoked_name_when_path_finds_this_binary() {
    let env = TestEnv::new();
    let bin = env.path().join("bin");
    fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(jwtcred_bin(), bin.join("jwtcred")).unwrap();
    std::os::unix::fs::symlink(jwtcred_bin(), bin.join("kubectl-jwtcred")).unwrap();
    let path_var = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let command_of = |program: &Path, extra: &[&str]| -> String {
        let out = Command::new(program)
            .env_clear()
            .env("PATH", &path_var)
            .env("HOME", env.path())
            .args(["kubeconfig", "--dry-run", "--user", "u"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let doc = parse_yaml(&stdout(&out));
        named(&doc["users"], "u")["user"]["exec"]["command"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(command_of(&bin.join("jwtcred"), &[]), "jwtcred");
    assert_eq!(
        command_of(&bin.join("kubectl-jwtcred"), &[]),
        "kubectl-jwtcred"
    );
    assert_eq!(
        command_of(&bin.join("jwtcred"), &["--command", "/opt/x/jwtcred"]),
        "/opt/x/jwtcred"
    );

    // PATH finds another program under the name: the absolute path is written instead.
    let other = env.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("jwtcred"), "#!/bin/sh\n").unwrap();
    fs::set_permissions(other.join("jwtcred"), fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new(bin.join("jwtcred"))
        .env_clear()
        .env("PATH", &other)
        .env("HOME", env.path())
        .args(["kubeconfig", "--dry-run", "--user", "u"])
        .output()
        .unwrap();
    let doc = parse_yaml(&stdout(&out));
    let command = named(&doc["users"], "u")["user"]["exec"]["command"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(Path::new(&command).is_absolute(), "{command}");
    assert_eq!(
        fs::canonicalize(command).unwrap(),
        fs::canonicalize(jwtcred_bin()).unwrap()
    );
}

/// One user entry, two clusters that accept different audiences: each cluster's exec
/// extension makes jwtcred mint a token for that cluster's audience (real kubectl,
/// provideClusterInfo, spec.cluster.config).
#[test]
fn kubectl_whoami_uses_each_clusters_audience_through_one_user_entry() {
    let env = TestEnv::new();
    if require_program("kubectl").is_none() || !kube_authn::available() {
        return;
    }
    let idp = HttpsIssuer::start(TestKey::Primary);
    let actions = ActionsServer::builder().issuer(idp.issuer.clone()).start();
    // Two clusters with the real authenticator, each accepting only its own audience.
    let api_a = kube_authn::serve(&config(&[jwt_entry_for(&idp, &["aud-a"], "jwt:")]));
    let api_b = kube_authn::serve(&config(&[jwt_entry_for(&idp, &["aud-b"], "jwt:")]));
    let kubeconfig = env.path().join("config");
    let base = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n\
         - name: a\n  cluster:\n    server: {}\n    certificate-authority: {}\n\
         - name: b\n  cluster:\n    server: {}\n    certificate-authority: {}\n\
         contexts:\n\
         - name: a\n  context: {{cluster: a, user: placeholder}}\n\
         - name: b\n  context: {{cluster: b, user: placeholder}}\n\
         current-context: a\nusers: []\n",
        api_a.url,
        api_a.ca_path().display(),
        api_b.url,
        api_b.ca_path().display()
    );
    fs::write(&kubeconfig, base).unwrap();
    for (cluster, audience) in [("a", "aud-a"), ("b", "aud-b")] {
        let out = env
            .cmd()
            .args(["kubeconfig", "--kubeconfig"])
            .arg(&kubeconfig)
            .args(["--user", "ci", "--context", cluster, "--cluster", cluster])
            .args(["--cluster-audience", audience, "--source", "actions"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }

    let plugin_env: Vec<(&str, String)> = actions
        .env()
        .into_iter()
        .chain([("JWTCRED_CACHE_DIR", env.cache_dir().display().to_string())])
        .collect();
    for (context, api) in [("a", &api_a), ("b", &api_b)] {
        let out = kubectl(
            &env,
            &kubeconfig,
            &["--context", context, "auth", "whoami", "-o", "json"],
            &plugin_env,
        )
        .unwrap();
        assert!(
            out.status.success(),
            "context {context}: {}\n{}",
            stderr(&out),
            api.stderr_text()
        );
        let review: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            review["status"]["userInfo"]["username"],
            format!("jwt:{}", crate::common::actions::DEFAULT_SUBJECT)
        );
        assert!(
            api.log().iter().any(|r| r.status == 201),
            "a SelfSubjectReview"
        );
    }
    let audiences = actions.audiences();
    assert!(audiences.contains(&Some("aud-a".into())), "{audiences:?}");
    assert!(audiences.contains(&Some("aud-b".into())), "{audiences:?}");
    let request_token = actions.request_token().to_owned();
    let text = fs::read_to_string(&kubeconfig).unwrap();
    assert!(!text.contains(&request_token));
}

#[test]
fn argocd_cluster_secret_yaml_and_json() {
    let env = TestEnv::new();
    let ca = env.write(
        "ca.pem",
        "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n",
    );
    let out = env
        .cmd()
        .args(["argocd-cluster", "--name", "Prod East", "--server"])
        .args(["https://10.0.0.1:6443", "--cluster-ca-file"])
        .arg(&ca)
        .args([
            "--source",
            "file",
            "--token-file",
            "/var/run/secrets/tokens/spoke",
        ])
        .args(["--audience", "kube"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let secret = parse_yaml(&stdout(&out));
    assert_eq!(secret["apiVersion"], "v1");
    assert_eq!(secret["kind"], "Secret");
    assert_eq!(secret["type"], "Opaque");
    assert_eq!(secret["metadata"]["namespace"], "argocd");
    let name = secret["metadata"]["name"].as_str().unwrap();
    assert!(name.starts_with("cluster-prod-east"), "{name}");
    assert!(
        name.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    );
    assert_eq!(
        secret["metadata"]["labels"]["argocd.argoproj.io/secret-type"],
        "cluster"
    );
    assert_eq!(secret["stringData"]["name"], "Prod East");
    assert_eq!(secret["stringData"]["server"], "https://10.0.0.1:6443");
    let config: Value =
        serde_json::from_str(secret["stringData"]["config"].as_str().unwrap()).unwrap();
    let provider = &config["execProviderConfig"];
    assert_eq!(provider["command"], "jwtcred");
    assert_eq!(
        provider["args"],
        json!([
            "--source",
            "file",
            "--token-file",
            "/var/run/secrets/tokens/spoke",
            "--audience",
            "kube"
        ])
    );
    assert_eq!(provider["env"], json!({}), "env is a map, empty by default");
    assert_eq!(provider["apiVersion"], "client.authentication.k8s.io/v1");
    assert!(provider["installHint"].as_str().unwrap().contains("README"));
    assert!(provider.get("provideClusterInfo").is_none());
    let ca_data = base64::engine::general_purpose::STANDARD
        .decode(config["tlsClientConfig"]["caData"].as_str().unwrap())
        .unwrap();
    assert_eq!(ca_data, fs::read(&ca).unwrap());
    assert_eq!(config["tlsClientConfig"]["insecure"], false);

    let out = env
        .cmd()
        .args([
            "argocd-cluster",
            "--name",
            "b",
            "--server",
            "https://b.example",
        ])
        .args([
            "--insecure-skip-tls-verify",
            "--format",
            "json",
            "--command",
        ])
        .args(["/custom-tools/jwtcred", "--cluster-audience", "aud-b"])
        .args(["--source", "spiffe", "--exec-api-version", "v1beta1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let secret: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(secret["metadata"]["name"], "cluster-b");
    let config: Value =
        serde_json::from_str(secret["stringData"]["config"].as_str().unwrap()).unwrap();
    let provider = &config["execProviderConfig"];
    assert_eq!(provider["command"], "/custom-tools/jwtcred");
    assert_eq!(
        provider["apiVersion"],
        "client.authentication.k8s.io/v1beta1"
    );
    assert_eq!(provider["provideClusterInfo"], true);
    assert_eq!(provider["config"], json!({"audience": "aud-b"}));
    assert_eq!(config["tlsClientConfig"], json!({"insecure": true}));

    // A CA file and skipping verification exclude each other; a bad server URL is refused.
    let out = env
        .cmd()
        .args([
            "argocd-cluster",
            "--name",
            "b",
            "--server",
            "https://b.example",
        ])
        .arg("--insecure-skip-tls-verify")
        .arg("--cluster-ca-file")
        .arg(&ca)
        .output()
        .unwrap();
    assert_failure(&out, 2, &[]);
    let out = env
        .cmd()
        .args(["argocd-cluster", "--name", "b", "--server", "not a url"])
        .output()
        .unwrap();
    assert_failure(&out, 1, &[]);
}

#[test]
fn install_copies_a_working_binary() {
    let env = TestEnv::new();
    let dir = env.path().join("shared");
    let out = env.cmd().arg("install").arg(&dir).output().unwrap();
    // A missing directory is an error.
    let err = assert_failure(&out, 1, &[]);
    assert!(err.contains("shared"), "{err}");

    fs::create_dir(&dir).unwrap();
    let out = env.cmd().arg("install").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let installed = dir.join("jwtcred");
    assert_eq!(mode(&installed), 0o755);
    assert_eq!(
        fs::read(&installed).unwrap(),
        fs::read(jwtcred_bin()).unwrap()
    );
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temporary left");
    let version = Command::new(&installed).arg("--version").output().unwrap();
    assert!(version.status.success());
    assert!(stdout(&version).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn kubectl_runs_jwtcred_as_a_plugin() {
    let env = TestEnv::new();
    let Some(kubectl) = require_program("kubectl") else {
        return;
    };
    let bin = env.path().join("bin");
    fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(jwtcred_bin(), bin.join("kubectl-jwtcred")).unwrap();
    let path_var = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(&kubectl)
            .env_clear()
            .env("PATH", &path_var)
            .env("HOME", env.path())
            .args(args)
            .output()
            .unwrap()
    };
    let version = run(&["jwtcred", "--version"]);
    assert!(version.status.success(), "{}", stderr(&version));
    assert!(stdout(&version).contains(env!("CARGO_PKG_VERSION")));
    let detect = run(&["jwtcred", "detect"]);
    assert!(detect.status.success(), "{}", stderr(&detect));
    assert!(stdout(&detect).contains("spiffe"), "{}", stdout(&detect));
    // Exit code and stderr pass through kubectl.
    let check = run(&["jwtcred", "detect", "--check"]);
    assert_failure(&check, 3, &[]);
    let list = run(&["plugin", "list"]);
    assert!(
        stdout(&list).contains("kubectl-jwtcred"),
        "{}",
        stdout(&list)
    );
}

#[test]
fn completions_match_the_committed_copies() {
    let env = TestEnv::new();
    for (shell, file) in [
        ("bash", "jwtcred.bash"),
        ("zsh", "_jwtcred"),
        ("fish", "jwtcred.fish"),
        ("powershell", "_jwtcred.ps1"),
        ("elvish", "jwtcred.elv"),
    ] {
        // Env settings (even a broken KUBERNETES_EXEC_INFO) neither break nor change them.
        let out = env
            .cmd()
            .env("KUBERNETES_EXEC_INFO", "not json")
            .env("JWTCRED_TOKEN_FILE", "/private/path")
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let committed =
            fs::read_to_string(repo().join("completions").join(file)).unwrap_or_default();
        assert!(
            stdout(&out) == committed,
            "completions/{file} differs from `jwtcred completions {shell}`; run `bash packaging/generate.sh`"
        );
        assert!(!committed.contains("/private/path"));
    }
}

#[test]
fn man_page_matches_the_committed_copy() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("KUBERNETES_EXEC_INFO", "not json")
        .env("JWTCRED_TOKEN_FILE", "/private/path")
        .arg("man")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH jwtcred 1"));
    assert!(!page.contains("/private/path"));
    let committed = fs::read_to_string(repo().join("packaging/man/jwtcred.1")).unwrap_or_default();
    assert!(
        page == committed,
        "packaging/man/jwtcred.1 differs from `jwtcred man`; run `bash packaging/generate.sh`"
    );
}

fn sha256_hex(path: &Path) -> String {
    Sha256::digest(fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs a packaging script (bash, tar and coreutils are required everywhere: no skip).
fn script(name: &str, args: &[&std::ffi::OsStr]) -> Output {
    Command::new("bash")
        .arg(repo().join("packaging").join(name))
        .args(args)
        .output()
        .expect("run bash")
}

#[test]
fn packaging_templates_render_from_a_locally_built_archive() {
    let env = TestEnv::new();
    let version = env!("CARGO_PKG_VERSION");
    let archives = env.path().join("dist");
    let out = script(
        "archive.sh",
        &[
            version.as_ref(),
            "linux".as_ref(),
            "amd64".as_ref(),
            jwtcred_bin().as_os_str(),
            archives.as_os_str(),
        ],
    );
    assert!(out.status.success(), "archive.sh: {}", stderr(&out));
    let archive = archives.join(format!("jwtcred-{version}-linux-amd64.tar.gz"));
    let listing = Command::new("tar")
        .arg("tzf")
        .arg(&archive)
        .output()
        .unwrap();
    let listing = stdout(&listing);
    for member in [
        "./jwtcred",
        "./kubectl-jwtcred",
        "./LICENSE",
        "./completions/jwtcred.bash",
        "./completions/_jwtcred",
        "./completions/jwtcred.fish",
        "./man/jwtcred.1",
    ] {
        assert!(
            listing.lines().any(|l| l == member),
            "{member} in {listing}"
        );
    }

    let repo_url = "https://forge.example/jwtcred/jwtcred";
    let rendered = env.path().join("rendered");
    let strict = script(
        "render.sh",
        &[
            version.as_ref(),
            archives.as_os_str(),
            repo_url.as_ref(),
            rendered.as_os_str(),
        ],
    );
    assert_eq!(
        strict.status.code(),
        Some(1),
        "missing platforms fail without --partial"
    );
    let out = script(
        "render.sh",
        &[
            "--partial".as_ref(),
            version.as_ref(),
            archives.as_os_str(),
            repo_url.as_ref(),
            rendered.as_os_str(),
        ],
    );
    assert!(out.status.success(), "render.sh: {}", stderr(&out));
    let sha = sha256_hex(&archive);

    let manifest = parse_yaml(&fs::read_to_string(rendered.join("jwtcred.yaml")).unwrap());
    assert_eq!(
        manifest["apiVersion"],
        "krew.googlecontainertools.github.com/v1alpha2"
    );
    assert_eq!(manifest["kind"], "Plugin");
    assert_eq!(manifest["metadata"]["name"], "jwtcred");
    assert_eq!(manifest["spec"]["version"], format!("v{version}"));
    let platforms = manifest["spec"]["platforms"].as_array().unwrap();
    assert_eq!(platforms.len(), 4);
    let linux_amd64 = platforms
        .iter()
        .find(|p| p["selector"]["matchLabels"] == json!({"os": "linux", "arch": "amd64"}))
        .unwrap();
    assert_eq!(linux_amd64["sha256"], sha);
    assert_eq!(linux_amd64["bin"], "kubectl-jwtcred");
    assert_eq!(
        linux_amd64["uri"],
        format!("{repo_url}/releases/download/v{version}/jwtcred-{version}-linux-amd64.tar.gz")
    );
    for platform in platforms {
        let sha = platform["sha256"].as_str().unwrap();
        assert!(
            sha.len() == 64 || sha.starts_with("SHA256_"),
            "a real digest or an explicit placeholder, never anything else: {sha}"
        );
    }

    let formula = fs::read_to_string(rendered.join("jwtcred.rb")).unwrap();
    assert!(formula.contains(&format!("sha256 \"{sha}\"")), "{formula}");
    assert!(formula.contains(&format!("version \"{version}\"")));
    assert!(!formula.contains("@VERSION@") && !formula.contains("@DOWNLOAD_URL@"));
    match require_program("ruby") {
        Some(ruby) => {
            let out = Command::new(ruby)
                .arg("-c")
                .arg(rendered.join("jwtcred.rb"))
                .output()
                .unwrap();
            assert!(out.status.success(), "ruby -c: {}", stderr(&out));
        }
        None => eprintln!("skipping the Ruby syntax check of the formula: ruby not on PATH"),
    }
}

/// Builds the .deb from the already built binary (cargo-deb, when installed) and inspects it
/// with dpkg-deb. `packaging/build-deb.sh` does the same from a release build.
#[test]
fn deb_package_holds_binary_plugin_link_completions_and_man_page() {
    // Under CI a missing tool fails (tests/run.sh installs both); elsewhere the test skips.
    let (Some(_), Some(dpkg_deb)) = (require_program("cargo-deb"), require_program("dpkg-deb"))
    else {
        return;
    };
    let env = TestEnv::new();
    // cargo-deb packages <target dir>/release/jwtcred; point it at a copy of this build.
    let target = env.path().join("target");
    fs::create_dir_all(target.join("release")).unwrap();
    fs::copy(jwtcred_bin(), target.join("release/jwtcred")).unwrap();
    let out_dir = env.path().join("deb");
    let out = Command::new("cargo")
        .current_dir(repo())
        .env("CARGO_TARGET_DIR", &target)
        .args(["deb", "--no-build", "--fast", "--no-strip", "-o"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "cargo deb: {}", stderr(&out));
    let deb = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("a .deb");
    let info = Command::new(&dpkg_deb)
        .arg("--info")
        .arg(&deb)
        .output()
        .unwrap();
    assert!(
        stdout(&info).contains("Package: jwtcred"),
        "{}",
        stdout(&info)
    );
    let contents = Command::new(&dpkg_deb)
        .arg("--contents")
        .arg(&deb)
        .output()
        .unwrap();
    let contents = stdout(&contents);
    for entry in [
        "./usr/bin/jwtcred",
        "./usr/bin/kubectl-jwtcred -> jwtcred",
        "./usr/bin/kubectl_complete-jwtcred",
        "./usr/share/bash-completion/completions/jwtcred",
        "./usr/share/zsh/vendor-completions/_jwtcred",
        "./usr/share/fish/vendor_completions.d/jwtcred.fish",
        "./usr/share/man/man1/jwtcred.1.gz",
        "./usr/share/doc/jwtcred/copyright",
    ] {
        assert!(contents.contains(entry), "{entry} in\n{contents}");
    }
}

// ---- The kubeconfig writer changes nothing else: real-world kubeconfig shapes and YAML 1.1
// scalar edge cases, compared before and after through kubectl itself (the YAML 1.1 oracle).

const FIXTURES: [&str; 6] = ["eks", "gke", "aks", "kind", "openshift", "scalars"];

fn fixture(name: &str) -> String {
    fs::read_to_string(repo().join(format!("tests/fixtures/kubeconfig/{name}.yaml"))).unwrap()
}

/// kubectl's view without what `jwtcred kubeconfig --user U --context C --cluster K` edits:
/// user U, context C's user, and the audience in cluster K's exec extension.
fn without_edited_parts(mut view: Value, user: &str, context: &str, cluster: &str) -> Value {
    if let Some(users) = view["users"].as_array_mut() {
        users.retain(|u| u["name"] != user);
    }
    if let Some(contexts) = view["contexts"].as_array_mut() {
        for c in contexts.iter_mut().filter(|c| c["name"] == context) {
            c["context"].as_object_mut().unwrap().remove("user");
        }
    }
    if let Some(clusters) = view["clusters"].as_array_mut() {
        for c in clusters.iter_mut().filter(|c| c["name"] == cluster) {
            let body = c["cluster"].as_object_mut().unwrap();
            if let Some(Value::Array(extensions)) = body.get_mut("extensions") {
                for e in extensions
                    .iter_mut()
                    .filter(|e| e["name"] == EXEC_EXTENSION)
                {
                    e["extension"].as_object_mut().unwrap().remove("audience");
                }
                extensions.retain(|e| e["name"] != EXEC_EXTENSION || e["extension"] != json!({}));
                if extensions.is_empty() {
                    body.remove("extensions");
                }
            }
        }
    }
    view
}

/// How many lines of `before` are not found, in order, in `after`.
fn lines_lost(before: &str, after: &str) -> Vec<String> {
    let after: Vec<&str> = after.lines().collect();
    let mut next = 0;
    let mut lost = Vec::new();
    for line in before.lines() {
        match after[next..].iter().position(|l| *l == line) {
            Some(i) => next += i + 1,
            None => lost.push(line.to_owned()),
        }
    }
    lost
}

fn first_name(view: &Value, list: &str) -> String {
    view[list][0]["name"].as_str().unwrap().to_owned()
}

#[test]
fn kubeconfig_writer_changes_nothing_else_in_real_world_files() {
    let env = TestEnv::new();
    if require_program("kubectl").is_none() {
        return;
    }
    for name in FIXTURES {
        let original = fixture(name);
        let before_path = env.write(&format!("{name}.before"), &original);
        let before = kubectl_view(&env, &before_path).unwrap();
        let context = first_name(&before, "contexts");
        let cluster = first_name(&before, "clusters");
        let existing_user = first_name(&before, "users");
        for user in ["jwtcred-ci", existing_user.as_str()] {
            let path = env.write(&format!("{name}.yaml"), &original);
            let out = env
                .cmd()
                .args(["kubeconfig", "--command", "jwtcred", "--user", user])
                .args(["--context", &context, "--cluster", &cluster])
                .args(["--cluster-audience", "aud-new", "--kubeconfig"])
                .arg(&path)
                .args(["--source", "actions", "--audience", "ignored-by-cluster"])
                .output()
                .unwrap();
            assert!(out.status.success(), "{name}/{user}: {}", stderr(&out));
            let written = fs::read_to_string(&path).unwrap();
            let after = kubectl_view(&env, &path).unwrap();
            assert_eq!(
                without_edited_parts(after.clone(), user, &context, &cluster),
                without_edited_parts(before.clone(), user, &context, &cluster),
                "{name}/{user}: kubectl reads something else outside the edited entry:\n{written}"
            );
            // The edited parts are what was asked for.
            let entry = named(&after["users"], user);
            assert_eq!(entry["user"]["exec"]["command"], "jwtcred", "{name}");
            assert_eq!(entry["user"]["exec"]["provideClusterInfo"], true, "{name}");
            assert_eq!(named(&after["contexts"], &context)["context"]["user"], user);
            let extension = named(
                &named(&after["clusters"], &cluster)["cluster"]["extensions"],
                EXEC_EXTENSION,
            );
            assert_eq!(extension["extension"]["audience"], "aud-new", "{name}");
            // A new user changes two lines of the original at most (the context's user and
            // the extension's audience); every other line is still there, byte for byte.
            if user == "jwtcred-ci" {
                let lost = lines_lost(&original, &written);
                assert!(
                    lost.len() <= 2,
                    "{name}: lines changed: {lost:#?}\n{written}"
                );
            }
        }
    }
}

#[test]
fn kubeconfig_scalar_edge_cases_keep_their_text() {
    let env = TestEnv::new();
    let original = fixture("scalars");
    let path = env.write("config", &original);
    let out = env
        .cmd()
        .args(["kubeconfig", "--command", "jwtcred", "--user", "ci"])
        .args(["--context", "edge", "--kubeconfig"])
        .arg(&path)
        .args(["--source", "actions"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let written = fs::read_to_string(&path).unwrap();
    for kept in [
        "      mode: 0755",
        "      n: y",
        "      big: 123456789012345678901234567890",
        "      date: 2024-02-29",
        "      blob: !!binary aGVsbG8gd29ybGQ=",
        "      anchors: &shared {owner: platform, tier: 1}",
        "      again: *shared",
        "    server: https://edge.example:6443   # trailing comment",
        "# A hand-edited kubeconfig with every YAML 1.1 shape a re-render would change.",
        "    password: \"no\"",
        "        keep: 010",
    ] {
        assert!(written.contains(kept), "lost {kept:?}:\n{written}");
    }
    // The flow-style context names the new user in place; the rest of its line is kept.
    assert!(
        written.contains("context: {cluster: edge, user: \"ci\", namespace: \"007\"}"),
        "{written}"
    );
    assert!(lines_lost(&original, &written).len() <= 1, "{written}");
    let parsed = parse_yaml(&written);
    assert_eq!(parsed["users"][1]["name"], "ci");
    assert_eq!(parsed["users"][1]["user"]["exec"]["command"], "jwtcred");
}
