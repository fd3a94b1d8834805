//! Shared test support: a per-test environment for running the binary, and the local peers
//! (identity servers, a fake kube-apiserver) the tests talk to.
#![allow(dead_code)]

pub mod actions;
pub mod apiserver;
pub mod dex;
pub mod dex_real;
pub mod dns;
pub mod doctor;
pub mod hostile;
pub mod issuer;
pub mod jwt;
pub mod kube_authn;
pub mod oidc;
pub mod peers_bin;
pub mod release;
pub mod secrets;
pub mod serve;
pub mod signers;
pub mod spire;
pub mod tls;
pub mod workload_api;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// One test's sandbox: a temp dir used as HOME and cache root, and a base command for the
/// binary with an environment that holds nothing from the developer's shell.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The cache dir every command of this env uses unless a test overrides it.
    pub fn cache_dir(&self) -> PathBuf {
        self.path().join("cache")
    }

    /// `jwtcred` with a blank environment: only PATH, HOME and XDG_CACHE_HOME (inside the temp
    /// dir) are set, so no identity from the machine running the tests leaks in.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("jwtcred").expect("jwtcred binary");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("XDG_CACHE_HOME", self.path().join("xdg-cache"))
            .env("JWTCRED_CACHE_DIR", self.cache_dir())
            .timeout(std::time::Duration::from_secs(60));
        cmd
    }

    /// Writes `contents` to `name` inside the temp dir and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, contents).expect("write test file");
        path
    }
}

/// True when running under CI: tests that need a peer (kubectl, node) must fail there, not skip.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Locates an external peer program; under CI a missing peer is a test failure.
/// Returns None (the caller skips with a message) only outside CI.
pub fn require_program(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    });
    match found {
        Some(path) => Some(path),
        None if in_ci() => panic!("{name} is required under CI but is not on PATH"),
        None => {
            eprintln!("skipping: {name} not on PATH (set CI=1 to make this a failure)");
            None
        }
    }
}

/// The stdout of a successful run, parsed as the one JSON document it must be.
pub fn ok_json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "jwtcred failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// A run's stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A run's stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The stdout of a run that must succeed, which must be UTF-8.
pub fn ok_stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "jwtcred failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

/// The contract for every failure: the exit code, nothing on stdout, a `jwtcred: error:` line
/// with a `hint:` line, and none of `secrets` in any encoding ([`secrets::find_leak`]) in
/// stdout or stderr. Returns stderr for further checks.
pub fn assert_failure(output: &Output, code: i32, secrets: &[&str]) -> String {
    let shown = format!("--- stderr\n{}", stderr(output));
    assert_failure_shown(output, code, secrets, &shown)
}

/// [`assert_failure`] printing `shown` (what the caller knows about the run) on a mismatch.
pub fn assert_failure_shown(output: &Output, code: i32, secrets: &[&str], shown: &str) -> String {
    let stderr = stderr(output);
    assert_eq!(output.status.code(), Some(code), "wrong exit code\n{shown}");
    assert!(
        output.stdout.is_empty(),
        "stdout must stay empty on failure: {:?}\n{shown}",
        stdout(output)
    );
    assert!(
        stderr.lines().any(|l| l.starts_with("jwtcred: error: ")),
        "no `jwtcred: error:` line\n{shown}"
    );
    assert!(
        stderr.lines().any(|l| l
            .strip_prefix("hint: ")
            .is_some_and(|h| !h.trim().is_empty())),
        "no hint line\n{shown}"
    );
    secrets::assert_no_leak("stdout", &stdout(output), secrets, shown);
    secrets::assert_no_leak("stderr", &stderr, secrets, shown);
    stderr
}
