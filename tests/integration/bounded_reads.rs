//! Every file jwtcred reads goes through one bounded reader: capped in size, and a FIFO, pipe
//! or device read within `--timeout` (or, for cache entries, refused without waiting). Real
//! FIFOs (mkfifo), /dev/zero, oversize and sparse files, and bash process substitution.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::actions::{ActionsConfig, ActionsServer};
use crate::common::dex::{CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET, CONNECTOR, DexServer};
use crate::common::jwt::TestIssuer;
use crate::common::{TestEnv, assert_failure, require_program};

/// A FIFO at `dir/name`, made by mkfifo(1).
fn fifo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
    assert!(status.success());
    path
}

/// Opens `fifo` for writing after `delay` (the reader must wait for it) and writes `content`.
fn write_later(fifo: PathBuf, delay: Duration, content: String) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    })
}

/// Keeps `fifo` open for writing without ever finishing, until the returned handle is dropped.
fn stuck_writer(fifo: &Path) -> std::fs::File {
    // Read-write open never blocks on a FIFO (Linux); it keeps a writer connected.
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(fifo)
        .unwrap()
}

fn timed(mut cmd: assert_cmd::Command) -> (Output, Duration) {
    let started = Instant::now();
    let output = cmd.output().unwrap();
    (output, started.elapsed())
}

fn file_get(env: &TestEnv, path: &Path, timeout: &str) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.args([
        "--source",
        "file",
        "--output",
        "token",
        "--timeout",
        timeout,
    ])
    .arg("--token-file")
    .arg(path);
    cmd
}

fn issuer_token() -> String {
    TestIssuer::new("https://issuer.example").mint_for("ci", "k8s", 600)
}

#[test]
fn a_fifo_token_file_without_a_writer_fails_within_the_timeout() {
    let env = TestEnv::new();
    let path = fifo(env.path(), "token");
    let (output, elapsed) = timed(file_get(&env, &path, "1s"));
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("FIFO or pipe"), "{stderr}");
    assert!(stderr.contains("within 1s"), "{stderr}");
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
}

#[test]
fn a_fifo_whose_writer_never_finishes_fails_within_the_timeout() {
    let env = TestEnv::new();
    let path = fifo(env.path(), "token");
    let _writer = stuck_writer(&path);
    let (output, elapsed) = timed(file_get(&env, &path, "1s"));
    assert_failure(&output, 1, &[]);
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
}

#[test]
fn a_fifo_token_file_with_a_slow_writer_is_read() {
    let env = TestEnv::new();
    let path = fifo(env.path(), "token");
    let token = issuer_token();
    let writer = write_later(
        path.clone(),
        Duration::from_millis(300),
        format!("{token}\n"),
    );
    let output = file_get(&env, &path, "10s").output().unwrap();
    writer.join().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{token}\n")
    );
}

#[test]
fn dev_zero_is_cut_at_the_cap_not_read_until_out_of_memory() {
    let env = TestEnv::new();
    let (output, elapsed) = timed(file_get(&env, Path::new("/dev/zero"), "30s"));
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("larger than 256 KiB"), "{stderr}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");

    // --ca-file too: read when the first HTTP client is built.
    let actions = ActionsServer::start();
    let output = env
        .cmd()
        .envs(actions.env())
        .args([
            "--source",
            "actions",
            "--cache",
            "none",
            "--ca-file",
            "/dev/zero",
        ])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[actions.request_token()]);
    assert!(stderr.contains("--ca-file /dev/zero"), "{stderr}");
    assert!(stderr.contains("larger than 4 MiB"), "{stderr}");
    assert_eq!(actions.requests(), 0);
}

#[test]
fn oversize_regular_files_are_refused_by_their_size() {
    let env = TestEnv::new();
    let big = env.write("big-token", vec![b'a'; 256 * 1024 + 1]);
    let stderr = assert_failure(&file_get(&env, &big, "30s").output().unwrap(), 1, &[]);
    assert!(stderr.contains("larger than 256 KiB"), "{stderr}");
    // Exactly at the cap is read (and then found not to be a JWT).
    let at_cap = env.write("cap-token", vec![b'a'; 256 * 1024]);
    let stderr = assert_failure(&file_get(&env, &at_cap, "30s").output().unwrap(), 1, &[]);
    assert!(stderr.contains("not a JWT"), "{stderr}");

    // A sparse 5 GiB file costs nothing to refuse: the size is checked before reading.
    let sparse = env.path().join("sparse.pem");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(5 << 30)
        .unwrap();
    let (output, elapsed) = timed({
        let mut cmd = env.cmd();
        cmd.args([
            "argocd-cluster",
            "--name",
            "c",
            "--server",
            "https://10.0.0.1",
        ])
        .arg("--cluster-ca-file")
        .arg(&sparse)
        .args(["--source", "file", "--token-file", "/t"]);
        cmd
    });
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("cluster CA file"), "{stderr}");
    assert!(stderr.contains("larger than 4 MiB"), "{stderr}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");

    let kubeconfig = env.path().join("kubeconfig");
    std::fs::File::create(&kubeconfig)
        .unwrap()
        .set_len(17 << 20)
        .unwrap();
    let output = env
        .cmd()
        .args(["kubeconfig", "--user", "ci", "--command", "jwtcred"])
        .arg("--kubeconfig")
        .arg(&kubeconfig)
        .args(["--source", "file", "--token-file", "/t"])
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("larger than 16 MiB"), "{stderr}");
    assert_eq!(std::fs::metadata(&kubeconfig).unwrap().len(), 17 << 20);
}

#[test]
fn cluster_ca_and_kubeconfig_from_fifos() {
    let env = TestEnv::new();
    let ca = fifo(env.path(), "ca.pem");
    let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".to_owned();
    let writer = write_later(ca.clone(), Duration::from_millis(200), pem);
    let output = env
        .cmd()
        .args([
            "argocd-cluster",
            "--name",
            "c",
            "--server",
            "https://10.0.0.1",
        ])
        .arg("--cluster-ca-file")
        .arg(&ca)
        .args([
            "--command",
            "jwtcred",
            "--source",
            "file",
            "--token-file",
            "/t",
        ])
        .output()
        .unwrap();
    writer.join().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("caData"));

    // `--dry-run` of a kubeconfig that arrives through a FIFO.
    let kubeconfig = fifo(env.path(), "kubeconfig");
    let text = "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\n".to_owned();
    let writer = write_later(kubeconfig.clone(), Duration::from_millis(200), text);
    let output = env
        .cmd()
        .args([
            "kubeconfig",
            "--user",
            "ci",
            "--command",
            "jwtcred",
            "--dry-run",
        ])
        .arg("--kubeconfig")
        .arg(&kubeconfig)
        .args(["--source", "file", "--token-file", "/t"])
        .output()
        .unwrap();
    writer.join().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("name: ci"));
}

/// Runs `script` in bash with the built binary as `$JWTCRED` and a blank environment.
fn bash(env: &TestEnv, script: &str, vars: &[(&str, &str)]) -> Option<Output> {
    let bash = require_program("bash")?;
    let bin = assert_cmd::cargo::cargo_bin("jwtcred");
    let mut cmd = Command::new(bash);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.path())
        .env("JWTCRED_CACHE_DIR", env.cache_dir())
        .env("JWTCRED", bin)
        .envs(vars.iter().copied())
        .args(["-c", script]);
    Some(cmd.output().unwrap())
}

#[test]
fn process_substitution_works_for_token_and_secret_files() {
    let env = TestEnv::new();
    let token = issuer_token();
    let Some(output) = bash(
        &env,
        r#"exec "$JWTCRED" --source file -o token --token-file <(sleep 0.2; printf '%s\n' "$TOKEN")"#,
        &[("TOKEN", &token)],
    ) else {
        return;
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{token}\n")
    );

    // The exchange client secret through a pipe: it is needed twice (cache key and request)
    // but a pipe can be read once, so it is read once.
    let actions = ActionsServer::start();
    let dex = DexServer::start(actions.issuer());
    let [(url_var, url), (token_var, request_token)] = actions.env();
    let script = format!(
        r#"exec "$JWTCRED" --source actions --audience dex -o token \
            --exchange-url {} --exchange-client-id {CONFIDENTIAL_CLIENT} \
            --exchange-connector-id {CONNECTOR} \
            --exchange-client-secret-file <(printf '%s\n' "$SECRET")"#,
        dex.token_url()
    );
    let vars = [
        (url_var, url.as_str()),
        (token_var, request_token.as_str()),
        ("SECRET", CONFIDENTIAL_SECRET),
    ];
    let output = bash(&env, &script, &vars).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains(CONFIDENTIAL_SECRET));
    let seen = dex.last_request().unwrap();
    assert_eq!(
        seen.basic,
        Some((CONFIDENTIAL_CLIENT.into(), CONFIDENTIAL_SECRET.into()))
    );
    // A second call with the same secret is a hit: the key saw the same secret digest.
    let output = bash(&env, &script, &vars).unwrap();
    assert!(output.status.success());
    assert_eq!(dex.requests(), 1);
}

#[test]
fn a_fifo_in_place_of_a_cache_entry_is_a_miss_without_waiting() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let get = || {
        let mut cmd = env.cmd();
        cmd.envs(actions.env()).args([
            "--source",
            "actions",
            "-o",
            "token",
            "-v",
            "--timeout",
            "20s",
        ]);
        cmd
    };
    assert!(get().output().unwrap().status.success());
    let entry = std::fs::read_dir(env.cache_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension() == Some("json".as_ref()))
        .unwrap();
    std::fs::remove_file(&entry).unwrap();
    let status = Command::new("mkfifo").arg(&entry).status().unwrap();
    assert!(status.success());

    let (output, elapsed) = timed(get());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(actions.requests(), 2);
    // The FIFO was replaced by a real entry, which is a hit again.
    assert!(std::fs::metadata(&entry).unwrap().is_file());
    assert!(get().output().unwrap().status.success());
    assert_eq!(actions.requests(), 2);
}

/// An Actions endpoint whose tokens carry `pad` bytes of padding claim.
fn padded_actions(pad: usize) -> ActionsServer {
    ActionsServer::start_with(ActionsConfig {
        extra_claims: json!({ "pad": "x".repeat(pad) }),
        ..ActionsConfig::default()
    })
}

fn cache_files(env: &TestEnv, suffix: &str) -> usize {
    std::fs::read_dir(env.cache_dir())
        .map(|dir| {
            dir.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(suffix))
            })
            .count()
        })
        .unwrap_or(0)
}

#[test]
fn a_token_too_large_for_the_file_store_is_not_written_and_v_says_why() {
    let env = TestEnv::new();
    // About 400 KiB of JWT: within the HTTP answer cap, beyond the cache entry cap.
    let actions = padded_actions(300 * 1024);
    for round in 1..=2 {
        let output = env
            .cmd()
            .envs(actions.env())
            .args(["--source", "actions", "-o", "token", "-v"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(
            stderr.contains("above the file store's limit of 256 KiB, so the token is not cached"),
            "{stderr}"
        );
        assert_eq!(actions.requests(), round);
        assert_eq!(cache_files(&env, ".json"), 0);
    }
    // A token that fits is cached as usual.
    let small = padded_actions(100 * 1024);
    for _ in 0..2 {
        let output = env
            .cmd()
            .envs(small.env())
            .args(["--source", "actions", "-o", "token"])
            .output()
            .unwrap();
        assert!(output.status.success());
    }
    assert_eq!(small.requests(), 1);
}

#[test]
fn a_token_too_large_for_the_keyring_is_not_written_and_v_says_why() {
    if !Path::new("/proc/keys").exists() {
        assert!(
            !crate::common::in_ci(),
            "the kernel keyring is required under CI"
        );
        eprintln!("skipping: no kernel keyring");
        return;
    }
    let env = TestEnv::new();
    let actions = padded_actions(40 * 1024);
    let output = env
        .cmd()
        .envs(actions.env())
        .args([
            "--source", "actions", "-o", "token", "-v", "--cache", "keyring",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("above the keyring store's limit of 32767 bytes"),
        "{stderr}"
    );
    assert_eq!(cache_files(&env, ".keyring.json"), 0);
}

#[test]
fn inspect_reads_stdin_through_the_same_cap() {
    let env = TestEnv::new();
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let started = Instant::now();
    let output = Command::new(assert_cmd::cargo::cargo_bin("jwtcred"))
        .env_clear()
        .env("HOME", env.path())
        .args(["inspect", "-"])
        .stdin(zero)
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = assert_failure(&output, 1, &[]);
    assert!(stderr.contains("larger than 256 KiB"), "{stderr}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    let token = issuer_token();
    let output = env
        .cmd()
        .args(["inspect", "-"])
        .write_stdin(format!("{token}\n"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
