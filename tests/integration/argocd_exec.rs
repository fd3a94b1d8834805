//! `argocd-cluster --cluster-audience`: the Secret uses Argo CD's own execProviderConfig field
//! names (argo-cd v3.5 `ExecProviderConfig`: command, args, env, apiVersion, installHint,
//! provideClusterInfo, config), and the audience reaches jwtcred the way Argo CD and client-go
//! pass it: Argo CD copies `config` into client-go's `ExecConfig.Config`, and client-go, with
//! `provideClusterInfo: true`, runs the command with `KUBERNETES_EXEC_INFO` whose
//! `spec.cluster.config` is that object (without it, `spec.cluster` is absent).

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::process::Command;

use serde_json::{Value, json};

use crate::common::jwt::TestIssuer;
use crate::common::{TestEnv, assert_failure};

const EXEC_FIELDS: [&str; 7] = [
    "apiVersion",
    "args",
    "command",
    "config",
    "env",
    "installHint",
    "provideClusterInfo",
];

/// Two tokens (`token-aud-a`, `token-aud-b`) and a tool printing the one of the audience it is
/// given.
fn tokens_and_tool(env: &TestEnv) -> std::path::PathBuf {
    let issuer = TestIssuer::new("https://agent.ci.example");
    for aud in ["aud-a", "aud-b"] {
        env.write(
            &format!("token-{aud}"),
            issuer.mint_for(&format!("for-{aud}"), aud, 600),
        );
    }
    let tool = env.write(
        "print-token",
        format!(
            "#!/bin/sh\nexec cat \"{}/token-$1\"\n",
            env.path().display()
        ),
    );
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
    tool
}

/// The Secret's `execProviderConfig` for a jwtcred whose token command prints the token of the
/// audience it is given.
fn provider(env: &TestEnv, extra: &[&str]) -> (Value, String) {
    let tool = tokens_and_tool(env);
    let out = env
        .cmd()
        .args(["argocd-cluster", "--name", "spoke-b", "--server"])
        .args(["https://10.0.0.2:6443", "--insecure-skip-tls-verify"])
        .args(["--format", "json"])
        .args(extra)
        .args(["--source", "command", "--token-command"])
        .arg(format!("{} {{audience}}", tool.display()))
        .args(["--cache", "none"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let secret: Value = serde_json::from_slice(&out.stdout).unwrap();
    let config: Value =
        serde_json::from_str(secret["stringData"]["config"].as_str().unwrap()).unwrap();
    (config["execProviderConfig"].clone(), stderr)
}

/// What client-go does for Argo CD's rest.Config: run `command args` with `env` added and
/// `KUBERNETES_EXEC_INFO` set (spec.cluster only with provideClusterInfo).
fn run_as_client_go(env: &TestEnv, provider: &Value) -> std::process::Output {
    let mut spec = json!({"interactive": false});
    if provider["provideClusterInfo"] == true {
        let mut cluster =
            json!({"server": "https://10.0.0.2:6443", "insecure-skip-tls-verify": true});
        if let Some(config) = provider.get("config") {
            cluster["config"] = config.clone();
        }
        spec["cluster"] = cluster;
    }
    let exec_info = json!({
        "apiVersion": provider["apiVersion"],
        "kind": "ExecCredential",
        "spec": spec,
    });
    let mut command = Command::new(provider["command"].as_str().unwrap());
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.path())
        .env("KUBERNETES_EXEC_INFO", exec_info.to_string());
    for (name, value) in provider["env"].as_object().unwrap() {
        command.env(name, value.as_str().unwrap());
    }
    for arg in provider["args"].as_array().unwrap() {
        command.arg(arg.as_str().unwrap());
    }
    command.output().unwrap()
}

#[test]
fn the_cluster_audience_reaches_jwtcred_through_exec_info() {
    let env = TestEnv::new();
    let bin = env!("CARGO_BIN_EXE_jwtcred");
    let (exec, stderr) = provider(&env, &["--command", bin, "--cluster-audience", "aud-b"]);
    let mut fields: Vec<&str> = exec
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, EXEC_FIELDS, "Argo CD's field names, nothing else");
    assert_eq!(exec["provideClusterInfo"], true);
    assert_eq!(exec["config"], json!({"audience": "aud-b"}));
    assert!(
        !stderr.contains("PATH"),
        "--command given: no PATH warning: {stderr}"
    );

    let out = run_as_client_go(&env, &exec);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let credential: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(credential["apiVersion"], exec["apiVersion"]);
    assert_eq!(
        credential["status"]["token"],
        fs::read_to_string(env.path().join("token-aud-b")).unwrap(),
        "the token command got the cluster's audience from spec.cluster.config"
    );

    // The same Secret for another cluster differs only in its config: one command line.
    let (other, _) = provider(&env, &["--command", bin, "--cluster-audience", "aud-a"]);
    assert_eq!(other["args"], exec["args"]);
    let out = run_as_client_go(&env, &other);
    let credential: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        credential["status"]["token"],
        fs::read_to_string(env.path().join("token-aud-a")).unwrap()
    );

    // Without provideClusterInfo client-go sends no cluster: no audience for {audience}.
    let mut without = exec.clone();
    without["provideClusterInfo"] = json!(false);
    let out = run_as_client_go(&env, &without);
    let stderr = assert_failure(&out, 1, &[]);
    assert!(stderr.contains("no audience"), "{stderr}");
}

#[test]
fn without_command_it_warns_that_jwtcred_must_be_on_the_argo_cd_pods_path() {
    let env = TestEnv::new();
    let (exec, stderr) = provider(&env, &["--cluster-audience", "aud-b"]);
    assert_eq!(exec["command"], "jwtcred");
    assert!(
        stderr.contains("jwtcred: warning:") && stderr.contains("PATH of the Argo CD pods"),
        "{stderr}"
    );
    assert!(stderr.contains("Argo CD 3.5"), "{stderr}");
}

/// The Go peer tests/peers/argocd-exec (client-go v0.37, the Argo CD 3.5 code path): from
/// `JWTCRED_PEERS_DIR` or target/peers, else built with `go build` into this test's dir.
/// Missing Go fails under CI and skips elsewhere.
fn argocd_exec_peer(env: &TestEnv) -> Option<std::path::PathBuf> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("JWTCRED_PEERS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo.join("target/peers"));
    let built = dir.join("argocd-exec");
    if built.is_file() {
        return Some(built);
    }
    let go = crate::common::require_program("go")?;
    let out = env.path().join("argocd-exec");
    let status = Command::new(go)
        .current_dir(repo.join("tests/peers/argocd-exec"))
        .args(["build", "-o"])
        .arg(&out)
        .arg(".")
        .status()
        .unwrap();
    assert!(status.success(), "building tests/peers/argocd-exec failed");
    Some(out)
}

#[test]
fn real_client_go_runs_the_secret_and_the_cluster_audience_picks_the_token() {
    let env = TestEnv::new();
    let Some(peer) = argocd_exec_peer(&env) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_jwtcred");
    for (audience, other) in [("aud-b", "aud-a"), ("aud-a", "aud-b")] {
        let tool = tokens_and_tool(&env);
        let out = env
            .cmd()
            .args(["argocd-cluster", "--name", "spoke", "--server"])
            .args(["https://10.0.0.2:6443", "--insecure-skip-tls-verify"])
            .args([
                "--format",
                "json",
                "--command",
                bin,
                "--cluster-audience",
                audience,
            ])
            .args(["--source", "command", "--token-command"])
            .arg(format!("{} {{audience}}", tool.display()))
            .args(["--cache", "none"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let secret = env.write("secret.json", &out.stdout);
        let run = Command::new(&peer)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", env.path())
            .arg(&secret)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let seen: Value = serde_json::from_slice(&run.stdout).unwrap();
        let token =
            |aud: &str| fs::read_to_string(env.path().join(format!("token-{aud}"))).unwrap();
        assert_eq!(seen["authorization"], format!("Bearer {}", token(audience)));
        assert_ne!(seen["authorization"], format!("Bearer {}", token(other)));
    }
}
