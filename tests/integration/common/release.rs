//! The shipped artifacts, for the release tests (`#[ignore]`d in the default suite; tests/run.sh
//! runs them): the static Linux binary built once per test process by
//! `packaging/build-static.sh` in its own target dir, and the chroot ("empty root") that runs it
//! the way the `FROM scratch` image does.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use super::in_ci;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The static release binary (`dist/jwtcred` of a build in `target/static`), built on first
/// use. A build failure fails the test, locally too: the toolchain to build it is the one
/// running the tests.
pub fn static_binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = repo().join("target/static/dist");
            let run = packaging_script("build-static.sh")
                .arg(&out)
                .output()
                .expect("run packaging/build-static.sh");
            assert!(
                run.status.success(),
                "packaging/build-static.sh failed:\n{}",
                String::from_utf8_lossy(&run.stderr)
            );
            out.join("jwtcred")
        })
        .clone()
}

/// `bash packaging/NAME` from the repository root with the environment of a plain shell: the
/// variables `cargo test` adds would change the static build's fingerprint and relink it.
pub fn packaging_script(name: &str) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg(repo().join("packaging").join(name))
        .current_dir(repo())
        .env_clear();
    for key in [
        "PATH",
        "HOME",
        "CARGO_HOME",
        "RUSTUP_HOME",
        "RUSTUP_TOOLCHAIN",
        "CI",
        "TMPDIR",
    ] {
        if let Some(value) = std::env::var_os(key) {
            cmd.env(key, value);
        }
    }
    cmd
}

/// The chroot program (often in /usr/sbin, which a user's PATH may lack).
pub fn chroot_program() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin"].map(PathBuf::from))
        .map(|dir| dir.join("chroot"))
        .find(|candidate| candidate.is_file())
        .expect("chroot (coreutils) is installed")
}

/// True when this process may chroot and bind port 53 (root). Under CI a non-root run fails.
pub fn require_root(what: &str) -> bool {
    if rustix::process::geteuid().is_root() {
        return true;
    }
    if in_ci() {
        panic!("{what} needs root (chroot, port 53) and CI runs as root");
    }
    eprintln!("skipping: {what} needs root (set CI=1 to make this a failure)");
    false
}

/// An empty root holding only `/jwtcred` (the static binary) and the CA bundle
/// `/etc/ssl/certs/ca-certificates.crt` (this machine's bundle plus `extra_ca`, if any).
pub struct EmptyRoot {
    pub dir: tempfile::TempDir,
}

impl EmptyRoot {
    pub fn new(binary: &Path, extra_ca: Option<&Path>) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::copy(binary, root.join("jwtcred")).expect("copy the binary");
        let certs = root.join("etc/ssl/certs");
        std::fs::create_dir_all(&certs).unwrap();
        let mut bundle = std::fs::read("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
        if let Some(ca) = extra_ca {
            bundle.extend(std::fs::read(ca).expect("read the test CA"));
        }
        std::fs::write(certs.join("ca-certificates.crt"), bundle).unwrap();
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The device nodes every container runtime gives a pod (`/dev/null`, `/dev/random`,
    /// `/dev/urandom`):
    /// the DNS resolver's random query ids come from `/dev/urandom` in a static binary
    /// (getrandom's libc probe fails without a dynamic loader).
    pub fn add_pod_devices(&self) {
        let dev = self.path().join("dev");
        std::fs::create_dir_all(&dev).unwrap();
        for (name, minor) in [("null", "3"), ("random", "8"), ("urandom", "9")] {
            let made = Command::new("mknod")
                .args(["-m", "0666"])
                .arg(dev.join(name))
                .args(["c", "1", minor])
                .output()
                .expect("run mknod");
            assert!(made.status.success(), "mknod /dev/{name}: {made:?}");
        }
    }

    /// Writes `contents` at `/name` inside the root.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) {
        let path = self.path().join(name.trim_start_matches('/'));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Every file in the root, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(base, &path, out);
                } else {
                    out.push(path.strip_prefix(base).unwrap().display().to_string());
                }
            }
        }
        let mut out = Vec::new();
        walk(self.path(), self.path(), &mut out);
        out.sort();
        out
    }

    /// `chroot ROOT /jwtcred ARGS` with exactly `env` as its environment.
    pub fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(chroot_program());
        cmd.arg(self.path()).arg("/jwtcred").args(args).env_clear();
        for (key, value) in env {
            cmd.env(key, value);
        }
        cmd.output().expect("run chroot")
    }

    /// [`EmptyRoot::run`] under `strace -f` (file opens, sockets, threads); returns the
    /// output and the trace of jwtcred alone (from its execve on).
    pub fn run_traced(
        &self,
        strace: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> (Output, String) {
        let trace = tempfile::NamedTempFile::new().unwrap();
        let mut cmd = Command::new(strace);
        cmd.args([
            "-f",
            "-qq",
            "-e",
            "trace=%file,socket,connect,clone,clone3",
            "-o",
        ])
        .arg(trace.path())
        .arg(chroot_program())
        .arg(self.path())
        .arg("/jwtcred")
        .args(args)
        .env_clear();
        for (key, value) in env {
            cmd.env(key, value);
        }
        let output = cmd.output().expect("run strace");
        let text = std::fs::read_to_string(trace.path()).unwrap();
        let from_exec = text
            .find("execve(\"/jwtcred\"")
            .map(|at| text[at..].to_owned())
            .unwrap_or_else(|| panic!("no execve of /jwtcred in the trace:\n{text}"));
        (output, from_exec)
    }
}
