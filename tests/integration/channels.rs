//! Every release channel built from the shipped static binary and checked for real (issue 18):
//! the linux/amd64 archive and its SBOM, krew manifest and Homebrew formula rendered from it,
//! SHA256SUMS, the .deb installed into a scratch root with dpkg and run there, the .rpm queried
//! with rpm and its payload run, the container image's root filesystem run as the image user,
//! and the release workflow linted with actionlint. The scripts are the ones the workflow runs.
//! The `release_` tests build the release artifact and are `#[ignore]`d in the default suite;
//! tests/run.sh runs them (`cargo test --test integration release_ -- --ignored`).

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::actions::ActionsServer;
use crate::common::jwt::TestIssuer;
use crate::common::release::{
    EmptyRoot, chroot_program, packaging_script, repo, require_root, static_binary,
};
use crate::common::{ok_json, require_program, stderr, stdout};

/// `bash packaging/NAME ARGS` from the repository root, with `env` added.
fn script(name: &str, args: &[&OsStr], env: &[(&str, &OsStr)]) -> Output {
    let mut cmd = packaging_script(name);
    cmd.args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("run a packaging script")
}

fn ok(output: Output, what: &str) -> Output {
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        stderr(&output)
    );
    output
}

/// The last stdout line of a script: the path of what it built.
fn built_path(output: &Output) -> PathBuf {
    PathBuf::from(
        stdout(output)
            .lines()
            .last()
            .expect("a path on stdout")
            .trim(),
    )
}

fn sha256_hex(path: &Path) -> String {
    Sha256::digest(fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn version() -> String {
    let out = ok(script("version.sh", &[], &[]), "version.sh");
    stdout(&out).trim().to_owned()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Runs the binary at `/bin_path` in `root` for a file-source call and checks the credential.
fn assert_file_source_works(root: &EmptyRoot, bin_path: &str) {
    let token = TestIssuer::new("https://issuer.example").mint(json!({
        "sub": "ci", "aud": "k8s", "exp": now() + 3600
    }));
    root.write("/run/token", &token);
    let mut cmd = Command::new(chroot_program());
    cmd.arg(root.path())
        .arg(bin_path)
        .args(["--source", "file", "--token-file", "/run/token"])
        .env_clear();
    let cred = ok_json(&cmd.output().unwrap());
    assert_eq!(cred["status"]["token"], token.as_str());
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_archive_sbom_checksums_and_rendered_krew_and_brew() {
    let Some(_) = require_program("cargo-cyclonedx") else {
        return;
    };
    let version = version();
    let dist = tempfile::tempdir().unwrap();
    let out = ok(
        script(
            "release-build.sh",
            &[
                version.as_ref(),
                "linux".as_ref(),
                "amd64".as_ref(),
                dist.path().as_os_str(),
            ],
            &[],
        ),
        "release-build.sh",
    );
    let archive = dist
        .path()
        .join(format!("jwtcred-{version}-linux-amd64.tar.gz"));
    let sbom = dist
        .path()
        .join(format!("jwtcred-{version}-linux-amd64.cdx.json"));
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        [archive.to_str().unwrap(), sbom.to_str().unwrap()]
    );

    // The archive holds the static binary itself, under both names.
    let unpacked = tempfile::tempdir().unwrap();
    ok(
        Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(unpacked.path())
            .output()
            .unwrap(),
        "tar -x",
    );
    for name in ["jwtcred", "kubectl-jwtcred"] {
        assert_eq!(
            fs::read(unpacked.path().join(name)).unwrap(),
            fs::read(static_binary()).unwrap(),
            "{name} in the archive is the static artifact"
        );
    }
    for file in [
        "LICENSE",
        "README.md",
        "man/jwtcred.1",
        "completions/_jwtcred",
    ] {
        assert!(unpacked.path().join(file).is_file(), "{file} missing");
    }

    // The SBOM describes the binary and what is compiled into it for this target only.
    let bom: Value = serde_json::from_slice(&fs::read(&sbom).unwrap()).unwrap();
    assert_eq!(bom["bomFormat"], "CycloneDX");
    assert_eq!(bom["metadata"]["component"]["name"], "jwtcred");
    let components: Vec<&str> = bom["components"]
        .as_array()
        .expect("components")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    for dep in [
        "reqwest",
        "rustls",
        "hickory-resolver",
        "linux-keyutils-keyring-store",
    ] {
        assert!(components.contains(&dep), "{dep} not in the SBOM");
    }
    for other_platform in ["windows-native-keyring-store", "apple-native-keyring-store"] {
        assert!(
            !components.contains(&other_platform),
            "{other_platform} is not in a Linux binary"
        );
    }

    // krew and Homebrew from the real archive: only linux/amd64 exists here, so --partial,
    // and the full render refuses.
    let repo_url = "https://example.invalid/jwtcred";
    let refused = script(
        "render.sh",
        &[version.as_ref(), dist.path().as_os_str(), repo_url.as_ref()],
        &[],
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("darwin-amd64"),
        "{}",
        stderr(&refused)
    );
    let rendered = tempfile::tempdir().unwrap();
    ok(
        script(
            "render.sh",
            &[
                "--partial".as_ref(),
                version.as_ref(),
                dist.path().as_os_str(),
                repo_url.as_ref(),
                rendered.path().as_os_str(),
            ],
            &[],
        ),
        "render.sh --partial",
    );
    let sha = sha256_hex(&archive);
    let manifest: Value =
        serde_saphyr::from_str(&fs::read_to_string(rendered.path().join("jwtcred.yaml")).unwrap())
            .unwrap();
    let linux_amd64 = manifest["spec"]["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["selector"]["matchLabels"]["os"] == "linux"
                && p["selector"]["matchLabels"]["arch"] == "amd64"
        })
        .expect("a linux/amd64 platform");
    assert_eq!(linux_amd64["sha256"], sha.as_str());
    assert_eq!(
        linux_amd64["uri"],
        format!("{repo_url}/releases/download/v{version}/jwtcred-{version}-linux-amd64.tar.gz")
            .as_str()
    );
    assert_eq!(linux_amd64["bin"], "kubectl-jwtcred");
    let formula = fs::read_to_string(rendered.path().join("jwtcred.rb")).unwrap();
    assert!(formula.contains(&format!("sha256 \"{sha}\"")), "{formula}");
    assert!(formula.contains(&format!("version \"{version}\"")));

    // The binary krew installs (`bin: kubectl-jwtcred`) runs in an empty root.
    let root = EmptyRoot::new(&unpacked.path().join("kubectl-jwtcred"), None);
    if require_root("running the krew binary in an empty root") {
        assert_file_source_works(&root, "/jwtcred");
    }

    // SHA256SUMS over every release file, verified by the script with sha256sum -c.
    let sums = ok(
        script("checksums.sh", &[dist.path().as_os_str()], &[]),
        "checksums.sh",
    );
    assert_eq!(built_path(&sums), dist.path().join("SHA256SUMS"));
    let listed = fs::read_to_string(dist.path().join("SHA256SUMS")).unwrap();
    assert!(listed.contains(&format!("{sha}  jwtcred-{version}-linux-amd64.tar.gz")));
    assert!(listed.contains(&format!("jwtcred-{version}-linux-amd64.cdx.json")));
    assert_eq!(listed.lines().count(), 2, "{listed}");
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_deb_installs_into_a_scratch_root_with_dpkg_and_runs_there() {
    let (Some(_), Some(dpkg)) = (require_program("cargo-deb"), require_program("dpkg")) else {
        return;
    };
    if !require_root("dpkg --root and chroot") {
        return;
    }
    let out_dir = tempfile::tempdir().unwrap();
    let deb = built_path(&ok(
        script("build-deb.sh", &[out_dir.path().as_os_str()], &[]),
        "build-deb.sh",
    ));
    let field = |name: &str| {
        stdout(
            &Command::new("dpkg-deb")
                .args(["-f"])
                .arg(&deb)
                .arg(name)
                .output()
                .unwrap(),
        )
        .trim()
        .to_owned()
    };
    assert_eq!(field("Package"), "jwtcred");
    assert_eq!(field("Architecture"), "amd64");
    assert_eq!(field("Depends"), "", "a static binary depends on nothing");

    // A scratch root with an empty dpkg database; dpkg installs the package into it.
    let root = EmptyRoot::new(&static_binary(), None);
    let admin = root.path().join("var/lib/dpkg");
    fs::create_dir_all(admin.join("info")).unwrap();
    fs::create_dir_all(admin.join("updates")).unwrap();
    fs::write(admin.join("status"), "").unwrap();
    ok(
        Command::new(&dpkg)
            .arg("--root")
            .arg(root.path())
            .args(["--force-script-chrootless", "--no-triggers", "-i"])
            .arg(&deb)
            .output()
            .unwrap(),
        "dpkg --root -i",
    );
    let status = fs::read_to_string(admin.join("status")).unwrap();
    assert!(
        status.contains("Package: jwtcred\nStatus: install ok installed"),
        "{status}"
    );
    assert_eq!(
        fs::read(root.path().join("usr/bin/jwtcred")).unwrap(),
        fs::read(static_binary()).unwrap(),
        "the package holds the static artifact"
    );
    assert_eq!(
        fs::read_link(root.path().join("usr/bin/kubectl-jwtcred")).unwrap(),
        Path::new("jwtcred")
    );
    for file in [
        "usr/share/man/man1/jwtcred.1.gz",
        "usr/share/bash-completion/completions/jwtcred",
        "usr/share/doc/jwtcred/copyright",
    ] {
        assert!(root.path().join(file).is_file(), "{file} not installed");
    }
    assert_file_source_works(&root, "/usr/bin/jwtcred");
    assert_file_source_works(&root, "/usr/bin/kubectl-jwtcred");
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_rpm_is_queried_with_rpm_and_its_payload_runs() {
    let (Some(_), Some(rpm), Some(_)) = (
        require_program("cargo-generate-rpm"),
        require_program("rpm"),
        require_program("cpio"),
    ) else {
        return;
    };
    let out_dir = tempfile::tempdir().unwrap();
    let rpm_file = built_path(&ok(
        script("build-rpm.sh", &[out_dir.path().as_os_str()], &[]),
        "build-rpm.sh",
    ));
    let query = |args: &[&str]| {
        stdout(&ok(
            Command::new(&rpm)
                .args(args)
                .arg(&rpm_file)
                .output()
                .unwrap(),
            "rpm -q",
        ))
    };
    let info = query(&["-qip"]);
    for wanted in [
        "Name        : jwtcred",
        "License     : Apache-2.0",
        "Architecture: x86_64",
    ] {
        assert!(info.contains(wanted), "{wanted} not in:\n{info}");
    }
    assert!(
        info.contains(&format!("Version     : {}", version())),
        "{info}"
    );
    let files = query(&["-qlp"]);
    for wanted in [
        "/usr/bin/jwtcred",
        "/usr/bin/kubectl-jwtcred",
        "/usr/share/man/man1/jwtcred.1",
        "/usr/share/licenses/jwtcred/LICENSE",
        "/usr/share/bash-completion/completions/jwtcred",
    ] {
        assert!(
            files.lines().any(|l| l == wanted),
            "{wanted} not in:\n{files}"
        );
    }
    let requires = query(&["-qp", "--requires"]);
    assert!(
        !requires.contains("libc.so") && !requires.contains("ld-linux"),
        "a static binary needs no library: {requires}"
    );

    // The payload, unpacked as rpm would install it.
    let root = EmptyRoot::new(&static_binary(), None);
    let unpack = Command::new("sh")
        .arg("-c")
        .arg("rpm2cpio \"$1\" | (cd \"$2\" && cpio -idm --quiet)")
        .arg("sh")
        .arg(&rpm_file)
        .arg(root.path())
        .output()
        .unwrap();
    ok(unpack, "rpm2cpio | cpio");
    assert_eq!(
        fs::read(root.path().join("usr/bin/jwtcred")).unwrap(),
        fs::read(static_binary()).unwrap(),
        "the package holds the static artifact"
    );
    let wrapper = fs::read_to_string(root.path().join("usr/bin/kubectl-jwtcred")).unwrap();
    assert!(
        wrapper.contains("exec /usr/bin/jwtcred \"$@\""),
        "{wrapper}"
    );
    if require_root("chroot") {
        assert_file_source_works(&root, "/usr/bin/jwtcred");
    }
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_image_rootfs_holds_only_binary_ca_bundle_license_and_runs_as_the_image_user() {
    if !require_root("chroot as the image user") {
        return;
    }
    let server = ActionsServer::builder().start_https();
    // The image's bundle is the build machine's; the test CA is added so that the test server
    // is trusted through it (no --ca-file), as a real endpoint would be.
    let bundle_dir = tempfile::tempdir().unwrap();
    let bundle = bundle_dir.path().join("bundle.crt");
    let mut pem = fs::read("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
    pem.extend(fs::read(server.ca_path()).unwrap());
    fs::write(&bundle, pem).unwrap();

    let context = tempfile::tempdir().unwrap();
    let rootfs = built_path(&ok(
        script(
            "build-image.sh",
            &[
                static_binary().as_os_str(),
                "amd64".as_ref(),
                context.path().as_os_str(),
            ],
            &[("CA_BUNDLE", bundle.as_os_str())],
        ),
        "build-image.sh",
    ));
    assert_eq!(rootfs, context.path().join("rootfs-amd64"));
    let image = EmptyRoot {
        dir: tempfile::tempdir().unwrap(),
    };
    // Copy the rootfs into an EmptyRoot-shaped dir so that files() lists it.
    let copy = Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", rootfs.display()))
        .arg(image.path())
        .output()
        .unwrap();
    ok(copy, "cp -a");
    assert_eq!(
        image.files(),
        ["LICENSE", "etc/ssl/certs/ca-certificates.crt", "jwtcred"]
    );

    // The Containerfile copies exactly this rootfs into scratch and runs the binary as 65532.
    let containerfile = fs::read_to_string(context.path().join("Containerfile")).unwrap();
    let directives: Vec<&str> = containerfile
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert_eq!(
        directives,
        [
            "FROM scratch",
            "ARG TARGETARCH",
            "COPY rootfs-${TARGETARCH}/ /",
            "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
            "USER 65532:65532",
            "ENTRYPOINT [\"/jwtcred\"]",
            "CMD [\"--help\"]",
        ]
    );

    // Run as the image runs: UID 65532, HOME=/ (what engines set without /etc/passwd), the
    // image's ENV; a cache dir on a volume the pod gives the user (an emptyDir).
    fs::create_dir(image.path().join("cache")).unwrap();
    let chown = Command::new("chown")
        .arg("65532:65532")
        .arg(image.path().join("cache"))
        .output()
        .unwrap();
    ok(chown, "chown");
    let run = |args: &[&str]| {
        let mut cmd = Command::new(chroot_program());
        cmd.arg("--userspec=65532:65532")
            .arg(image.path())
            .arg("/jwtcred")
            .args(args)
            .env_clear()
            .env("HOME", "/")
            .env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt");
        for (key, value) in server.env() {
            cmd.env(key, value);
        }
        cmd.output().unwrap()
    };
    let args = [
        "--source",
        "actions",
        "--audience",
        "k8s",
        "--cache-dir",
        "/cache",
    ];
    let fetched = ok_json(&run(&args));
    let hit = ok_json(&run(&args));
    assert_eq!(server.requests(), 1, "the second call is a cache hit");
    assert_eq!(hit["status"]["token"], fetched["status"]["token"]);
    // Without a writable cache dir (HOME=/ is not the user's) the call still succeeds.
    ok_json(&run(&["--source", "actions", "--audience", "k8s"]));
    assert_eq!(server.requests(), 2);
    let help = run(&["--help"]);
    assert!(help.status.success() && stdout(&help).contains("Usage"));
}

#[test]
#[ignore = "builds actionlint; tests/run.sh runs it"]
fn release_workflow_is_clean_under_actionlint_and_runs_only_repository_scripts() {
    let Some(_) = require_program("go") else {
        return;
    };
    let lint = script("lint-workflows.sh", &[], &[]);
    assert!(
        lint.status.success(),
        "actionlint:\n{}{}",
        stdout(&lint),
        stderr(&lint)
    );

    let workflow: Value = serde_saphyr::from_str(
        &fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap(),
    )
    .unwrap();
    let platforms: Vec<String> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p["os"].as_str().unwrap(),
                p["arch"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        platforms,
        [
            "linux/amd64",
            "linux/arm64",
            "darwin/amd64",
            "darwin/arm64",
            "windows/amd64"
        ]
    );
    // Every run step calls scripts of this repository, and each one exists.
    let mut scripts = Vec::new();
    for (job, body) in workflow["jobs"].as_object().unwrap() {
        for step in body["steps"].as_array().unwrap() {
            let Some(run) = step["run"].as_str() else {
                continue;
            };
            let called: Vec<&str> = run
                .split_whitespace()
                .filter(|w| w.starts_with("packaging/") || *w == ".ci/run")
                .map(|w| w.trim_matches(|c| c == '"' || c == ')'))
                .collect();
            assert!(
                !called.is_empty(),
                "{job}: a run step without a repo script: {run}"
            );
            for path in called {
                assert!(repo().join(path).is_file(), "{job} runs missing {path}");
                scripts.push(path.to_owned());
            }
        }
    }
    for needed in [
        "packaging/release-build.sh",
        "packaging/checksums.sh",
        "packaging/render.sh",
        "packaging/sign.sh",
        "packaging/build-deb.sh",
        "packaging/build-rpm.sh",
        "packaging/build-image.sh",
    ] {
        assert!(
            scripts.iter().any(|s| s == needed),
            "the workflow never runs {needed}"
        );
    }
}

#[test]
fn ci_only_steps_refuse_to_run_without_the_ci_identity() {
    let dir = tempfile::tempdir().unwrap();
    let sign = Command::new("bash")
        .arg(repo().join("packaging/sign.sh"))
        .arg(dir.path())
        .env_remove("ACTIONS_ID_TOKEN_REQUEST_URL")
        .output()
        .unwrap();
    assert_eq!(sign.status.code(), Some(1));
    assert!(
        stderr(&sign).contains("runs only in the release workflow"),
        "{}",
        stderr(&sign)
    );
    let publish = Command::new("bash")
        .arg(repo().join("packaging/publish-release.sh"))
        .arg("v0.0.0")
        .arg(dir.path())
        .env_remove("GH_TOKEN")
        .output()
        .unwrap();
    assert_eq!(publish.status.code(), Some(1));
    assert!(
        stderr(&publish).contains("GH_TOKEN"),
        "{}",
        stderr(&publish)
    );
}

#[test]
fn version_script_checks_the_tag_against_cargo_toml() {
    let version = version();
    assert!(
        ok(
            script("version.sh", &[format!("v{version}").as_ref()], &[]),
            "version.sh"
        )
        .status
        .success()
    );
    let wrong = script("version.sh", &["v999.0.0".as_ref()], &[]);
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("does not match"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn windows_archive_is_a_zip_with_exe_names_and_checksums_cover_it() {
    // archive.sh's Windows branch, fed any file as the binary: the layout is what is checked.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("jwtcred.exe");
    fs::write(&fake, b"MZ not really").unwrap();
    let out = dir.path().join("dist");
    let made = built_path(&ok(
        script(
            "archive.sh",
            &[
                "1.2.3".as_ref(),
                "windows".as_ref(),
                "amd64".as_ref(),
                fake.as_os_str(),
                out.as_os_str(),
            ],
            &[],
        ),
        "archive.sh windows",
    ));
    assert_eq!(made, out.join("jwtcred-1.2.3-windows-amd64.zip"));
    let listing = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&made)
        .output()
        .unwrap();
    let names = stdout(&ok(listing, "python3 zipfile"));
    for wanted in [
        "jwtcred.exe",
        "kubectl-jwtcred.exe",
        "LICENSE",
        "man/jwtcred.1",
    ] {
        assert!(
            names.lines().any(|l| l == wanted),
            "{wanted} not in {names}"
        );
    }
    let again = dir.path().join("again");
    ok(
        script(
            "archive.sh",
            &[
                "1.2.3".as_ref(),
                "windows".as_ref(),
                "amd64".as_ref(),
                fake.as_os_str(),
                again.as_os_str(),
            ],
            &[],
        ),
        "archive.sh windows again",
    );
    assert_eq!(
        sha256_hex(&made),
        sha256_hex(&again.join("jwtcred-1.2.3-windows-amd64.zip")),
        "the zip is reproducible"
    );
    ok(
        script("checksums.sh", &[out.as_os_str()], &[]),
        "checksums.sh",
    );
    let sums = fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert_eq!(
        sums.trim(),
        format!("{}  jwtcred-1.2.3-windows-amd64.zip", sha256_hex(&made))
    );
}
