//! Tab completion after `kubectl jwtcred`: the real kubectl runs the shipped
//! `completions/kubectl_complete-jwtcred` (kubectl's plugin completion convention) and gets
//! jwtcred's candidates; every package channel that installs `kubectl-jwtcred` installs it too.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{TestEnv, require_program};

const SCRIPT: &str = "kubectl_complete-jwtcred";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped_script() -> PathBuf {
    repo().join("completions").join(SCRIPT)
}

fn lines(output: &std::process::Output) -> Vec<String> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn real_kubectl_completes_jwtcred_through_the_shipped_script() {
    let mode = fs::metadata(shipped_script()).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0o111, "{SCRIPT} must be executable");
    let Some(kubectl) = require_program("kubectl") else {
        return;
    };
    let env = TestEnv::new();
    let bin = env.path().join("bin");
    fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_jwtcred"), bin.join("kubectl-jwtcred")).unwrap();
    fs::copy(shipped_script(), bin.join(SCRIPT)).unwrap();
    let path_var = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    // What the shell's kubectl completion function runs on <TAB>.
    let complete = |words: &[&str]| {
        let out = Command::new(&kubectl)
            .env_clear()
            .env("PATH", &path_var)
            .env("HOME", env.path())
            .args(["__complete", "jwtcred"])
            .args(words)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        lines(&out)
    };

    assert_eq!(
        complete(&["--source", "c"]),
        ["client-credentials", "command", ":4"]
    );
    let top = complete(&[""]);
    for sub in ["detect", "kubeconfig", "argocd-cluster", "inspect"] {
        assert!(
            top.iter().any(|l| l.starts_with(&format!("{sub}\t"))),
            "{sub} in {top:?}"
        );
    }
    assert_eq!(top.last().map(String::as_str), Some(":4"));
    let argocd = complete(&["argocd-cluster", "--name", "x", "--cluster-a"]);
    assert_eq!(argocd.len(), 2, "{argocd:?}");
    assert!(argocd[0].starts_with("--cluster-audience\t"), "{argocd:?}");
    let options = complete(&["get", "--token-"]);
    for option in [
        "--token-command",
        "--token-env",
        "--token-file",
        "--token-url",
    ] {
        assert!(
            options.iter().any(|l| l.starts_with(option)),
            "{option} in {options:?}"
        );
    }
    // A path is left to the shell's own file completion (directive 0).
    assert_eq!(complete(&["--token-file", ""]), [":0"]);
}

#[test]
fn every_package_channel_installs_the_completion_script_next_to_the_plugin() {
    let read = |path: &str| fs::read_to_string(repo().join(path)).unwrap();
    let cargo = read("Cargo.toml");
    assert!(
        cargo.contains(
            r#"["completions/kubectl_complete-jwtcred", "usr/bin/kubectl_complete-jwtcred", "755"]"#
        ),
        "deb assets"
    );
    assert!(
        cargo.contains(r#"{ source = "completions/kubectl_complete-jwtcred", dest = "/usr/bin/kubectl_complete-jwtcred", mode = "755" }"#),
        "rpm assets"
    );
    assert!(
        read("packaging/homebrew/jwtcred.rb").contains(r#"bin.install "kubectl_complete-jwtcred""#)
    );
    assert!(read("packaging/package.nix").contains("$out/bin/kubectl_complete-jwtcred"));
    let krew = read("packaging/krew/jwtcred.yaml");
    assert_eq!(
        krew.matches("- from: kubectl_complete-jwtcred").count(),
        krew.matches("bin: kubectl-jwtcred").count(),
        "every krew platform ships it"
    );
    assert!(
        krew.contains("ln -sf"),
        "krew links only `bin`: the caveat says how to link it"
    );

    // The release archive (krew and Homebrew install from it) holds it executable at its root.
    // Its layout is what counts here: a small stand-in binary keeps gzip quick.
    let env = TestEnv::new();
    let stand_in = env.write("jwtcred", "#!/bin/sh\n");
    let out = Command::new("bash")
        .arg(repo().join("packaging/archive.sh"))
        .args([env!("CARGO_PKG_VERSION"), "linux", "amd64"])
        .arg(&stand_in)
        .arg(env.path().join("dist"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let archive = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let listing = Command::new("tar")
        .args(["tvzf", &archive])
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    let entry = listing
        .lines()
        .find(|l| l.ends_with(" ./kubectl_complete-jwtcred"))
        .unwrap_or_else(|| panic!("not in the archive:\n{listing}"));
    assert!(entry.starts_with("-rwxr-xr-x"), "{entry}");
}
