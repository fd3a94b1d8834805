//! The shipped Linux binary (issue 18): glibc static, not PIE, that needs nothing at run time,
//! with the code of a cache hit linked first in `.text` (packaging/hot-path.order). It is
//! built once by `packaging/build-static.sh` (release profile, its own target dir), so these
//! tests are `#[ignore]`d in the default suite and run by tests/run.sh:
//! `cargo test --test integration release_ -- --ignored`.
//!
//! It runs in an empty root (chroot: only the binary and a CA bundle, the container image's
//! shape) and resolves names the way a pod does — `/etc/hosts` first, then the `resolv.conf`
//! nameserver with its search list and `ndots` — without glibc's NSS, against a DNS responder
//! on loopback.

use std::net::Ipv4Addr;
use std::path::Path;
use std::process::Command;

use serde_json::json;

use crate::common::actions::ActionsServer;
use crate::common::dns::{DnsResponder, TYPE_A};
use crate::common::jwt::TestIssuer;
use crate::common::release::{EmptyRoot, require_root, static_binary};
use crate::common::{assert_failure, ok_json, require_program};

fn check_static(binary: &Path) -> std::process::Output {
    Command::new("bash")
        .arg(crate::common::release::repo().join("packaging/check-static.sh"))
        .arg(binary)
        .output()
        .unwrap()
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_static_binary_needs_no_loader_library_or_nss() {
    let binary = static_binary();
    let check = check_static(&binary);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let ldd = Command::new("ldd").arg(&binary).output().unwrap();
    let ldd_text =
        String::from_utf8_lossy(&ldd.stdout).to_string() + &String::from_utf8_lossy(&ldd.stderr);
    assert!(
        ldd_text.contains("statically linked") || ldd_text.contains("not a dynamic executable"),
        "ldd: {ldd_text}"
    );
    let headers = Command::new("objdump").arg("-p").arg(&binary).output();
    if let Ok(headers) = headers {
        let text = String::from_utf8_lossy(&headers.stdout);
        assert!(!text.contains("NEEDED"), "objdump -p lists NEEDED: {text}");
        assert!(!text.contains("INTERP"), "objdump -p lists INTERP: {text}");
    }
    let size = std::fs::metadata(&binary).unwrap().len();
    assert!(size <= 8 * 1024 * 1024, "static binary is {size} bytes");
}

/// The text symbols of `nm -S` of BINARY: (address, size, name).
fn text_symbols(binary: &Path) -> Vec<(u64, u64, String)> {
    let nm = Command::new("nm").arg("-S").arg(binary).output().unwrap();
    assert!(
        nm.status.success(),
        "{}",
        String::from_utf8_lossy(&nm.stderr)
    );
    let hex = |s: &str| u64::from_str_radix(s, 16).unwrap();
    String::from_utf8_lossy(&nm.stdout)
        .lines()
        .filter_map(
            |line| match line.split_whitespace().collect::<Vec<_>>()[..] {
                [addr, size, kind, name] if "tTwW".contains(kind) => {
                    Some((hex(addr), hex(size), name.to_owned()))
                }
                _ => None,
            },
        )
        .collect()
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_static_binary_is_not_pie_and_packs_the_hit_path_first_in_text() {
    let binary = static_binary();
    if std::env::consts::ARCH != "x86_64" {
        eprintln!("skipping: the hot-path order is linked by lld on x86_64 only");
        return;
    }
    let (Some(_), Some(_)) = (require_program("readelf"), require_program("nm")) else {
        return;
    };
    let header = Command::new("readelf")
        .arg("-hW")
        .arg(&binary)
        .output()
        .unwrap();
    let header = String::from_utf8_lossy(&header.stdout);
    assert!(
        header.contains("EXEC (Executable file)"),
        "not ET_EXEC: {header}"
    );
    assert!(
        text_symbols(&binary).is_empty(),
        "the artifact is not stripped"
    );

    // build-static.sh keeps the same link with its symbols.
    let linked = crate::common::release::repo().join("target/static/jwtcred.symbols");
    let order =
        std::fs::read_to_string(crate::common::release::repo().join("packaging/hot-path.order"))
            .unwrap();
    let wanted: std::collections::HashSet<&str> = order
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    let symbols = text_symbols(&linked);
    let hot: Vec<_> = symbols
        .iter()
        .filter(|(_, _, name)| wanted.contains(name.as_str()))
        .collect();
    assert!(
        hot.len() * 10 >= wanted.len() * 9,
        "packaging/hot-path.order is stale: {} of its {} functions are in the build; run packaging/hot-path.sh",
        hot.len(),
        wanted.len()
    );
    // Packed: the listed functions open .text and span little more than their own size
    // (glibc objects that hold several functions travel together); scattered they span it all.
    let start = symbols.iter().map(|s| s.0).min().unwrap();
    let text_end = symbols.iter().map(|s| s.0 + s.1).max().unwrap();
    let (lo, hi) = (
        hot.iter().map(|s| s.0).min().unwrap(),
        hot.iter().map(|s| s.0 + s.1).max().unwrap(),
    );
    let size: u64 = hot.iter().map(|s| s.1).sum();
    assert_eq!(lo, start, "the hot path does not open .text");
    assert!(
        (hi - lo) * 4 <= size * 5,
        "the hot path's {size} bytes spread over {} of .text's {} bytes",
        hi - lo,
        text_end - start
    );
}

#[test]
fn the_static_check_rejects_the_dynamic_dev_build() {
    // The check above must be able to fail: the dev build is dynamic.
    let dev = assert_cmd::cargo::cargo_bin("jwtcred");
    let check = check_static(&dev);
    assert!(!check.status.success());
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("program interpreter") || stderr.contains("shared libraries"),
        "{stderr}"
    );
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_static_binary_serves_a_file_source_and_a_cache_hit_in_an_empty_root() {
    if !require_root("the empty-root test") {
        return;
    }
    let issuer = TestIssuer::new("https://issuer.example");
    let server = ActionsServer::builder().start_https();
    let root = EmptyRoot::new(&static_binary(), Some(&server.ca_path()));
    assert_eq!(
        root.files(),
        ["etc/ssl/certs/ca-certificates.crt", "jwtcred"],
        "the root holds only the binary and the CA bundle"
    );

    // A projected token file, as a pod would mount it. No HOME, no XDG_CACHE_HOME.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = issuer.mint(json!({"sub": "pod", "aud": "k8s", "exp": now + 3600}));
    root.write("/var/run/secrets/tokens/token", &token);
    let cred = ok_json(&root.run(
        &[
            "--source",
            "file",
            "--token-file",
            "/var/run/secrets/tokens/token",
        ],
        &[],
    ));
    assert_eq!(cred["status"]["token"], token.as_str());

    // A network source over HTTPS, trusted through the bundle alone (no --ca-file), cached in
    // a dir jwtcred creates, then served from the cache without a request.
    let (url_key, url) = &server.env()[0];
    let (token_key, request_token) = &server.env()[1];
    let env = [
        (*url_key, url.as_str()),
        (*token_key, request_token.as_str()),
    ];
    let args = [
        "--source",
        "actions",
        "--audience",
        "k8s",
        "--cache-dir",
        "/cache",
    ];
    let fetched = ok_json(&root.run(&args, &env));
    assert_eq!(server.requests(), 1);
    let hit = match require_program("strace") {
        Some(strace) => {
            let (hit, trace) = root.run_traced(&strace, &args, &env);
            // The hit path sets up no resolver, TLS, socket or thread.
            for unwanted in [
                "socket(",
                "connect(",
                "clone",
                "resolv.conf",
                "/etc/hosts",
                "ca-certificates",
                "/etc/ssl",
            ] {
                assert!(
                    !trace.contains(unwanted),
                    "a cache hit did {unwanted}:\n{trace}"
                );
            }
            hit
        }
        None => root.run(&args, &env),
    };
    let hit = ok_json(&hit);
    assert_eq!(server.requests(), 1, "the second call is a cache hit");
    assert_eq!(hit["status"]["token"], fetched["status"]["token"]);

    // Without HOME or XDG_CACHE_HOME there is no default cache dir (no password-database
    // lookup): the call succeeds uncached and -v says so.
    let out = root.run(&["--source", "actions", "--audience", "k8s", "-v"], &env);
    ok_json(&out);
    assert_eq!(server.requests(), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no user cache directory"), "{stderr}");
}

/// A pod-shaped root: the binary, a CA bundle trusting `server`, the runtime's device nodes,
/// `/etc/hosts` and a `resolv.conf` naming `dns`.
fn pod_root(server: &ActionsServer, hosts: &str, resolv_conf: Option<&str>) -> EmptyRoot {
    let root = EmptyRoot::new(&static_binary(), Some(&server.ca_path()));
    root.add_pod_devices();
    root.write("/etc/hosts", hosts);
    if let Some(conf) = resolv_conf {
        root.write("/etc/resolv.conf", conf);
    }
    root
}

/// The Actions env pointing at `server` under host name `host`.
fn actions_env(server: &ActionsServer, host: &str) -> Vec<(&'static str, String)> {
    let port = server
        .url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    vec![
        (
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            format!("https://{host}:{port}/_apis/idtoken?api-version=2.0"),
        ),
        (
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
            server.request_token().to_owned(),
        ),
    ]
}

/// `--source actions --cache none`, with a short `--timeout`: a name that resolves nowhere is
/// retried (DNS may come up) until the budget is spent.
fn run_actions(root: &EmptyRoot, env: &[(&'static str, String)]) -> std::process::Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    root.run(&ACTIONS_ARGS, &env)
}

const ACTIONS_ARGS: [&str; 6] = ["--source", "actions", "--cache", "none", "--timeout", "3s"];

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_static_binary_resolves_from_etc_hosts_before_asking_dns() {
    if !require_root("the resolver test") {
        return;
    }
    let dns = DnsResponder::start(&[]).expect("DNS responder");
    let server = ActionsServer::builder().start_https_for(&["idp.hosts.test"]);
    let root = pod_root(
        &server,
        "# static entries\n127.0.0.1 idp.hosts.test idp\n",
        Some(&format!(
            "nameserver {}\nsearch ci.svc.cluster.test svc.cluster.test\noptions ndots:5 timeout:1 attempts:1\n",
            dns.ip()
        )),
    );
    let out = run_actions(&root, &actions_env(&server, "idp.hosts.test"));
    ok_json(&out);
    assert_eq!(server.requests(), 1);
    assert!(
        dns.questions().is_empty(),
        "a name in /etc/hosts is never sent to DNS: {:?}",
        dns.questions()
    );
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_static_binary_resolves_through_the_resolv_conf_search_list_and_ndots() {
    if !require_root("the resolver test") {
        return;
    }
    // A Kubernetes-style `service.namespace` name: with ndots:5 the search list is tried
    // first, in order; the second domain answers.
    let dns = DnsResponder::start(&[("idp.auth.svc.cluster.test", Ipv4Addr::LOCALHOST)])
        .expect("DNS responder");
    let server = ActionsServer::builder().start_https_for(&["idp.auth"]);
    let root = pod_root(
        &server,
        "127.0.0.1 unrelated.test\n",
        Some(&format!(
            "nameserver {}\nsearch ci.svc.cluster.test svc.cluster.test cluster.test\noptions ndots:5 timeout:1 attempts:2\n",
            dns.ip()
        )),
    );
    let env = actions_env(&server, "idp.auth");
    let out = match require_program("strace") {
        Some(strace) => {
            let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (out, trace) = root.run_traced(&strace, &ACTIONS_ARGS, &env);
            // Resolved by src/resolve.rs: glibc's getaddrinfo/NSS would look for these.
            for nss in ["nsswitch.conf", "libnss_", "gai.conf", "host.conf", "nscd"] {
                assert!(!trace.contains(nss), "NSS at run time ({nss}):\n{trace}");
            }
            assert!(trace.contains("/etc/resolv.conf"), "{trace}");
            out
        }
        None => run_actions(&root, &env),
    };
    ok_json(&out);
    assert_eq!(server.requests(), 1);
    let asked_a: Vec<String> = dns
        .questions()
        .into_iter()
        .filter(|(_, kind)| *kind == TYPE_A)
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        asked_a.first().map(String::as_str),
        Some("idp.auth.ci.svc.cluster.test."),
        "the first search domain is tried first: {asked_a:?}"
    );
    assert!(
        asked_a.contains(&"idp.auth.svc.cluster.test.".to_owned()),
        "{asked_a:?}"
    );
    assert!(
        !asked_a.contains(&"idp.auth.".to_owned()),
        "the bare name comes last, after a search domain answered: {asked_a:?}"
    );

    // The same name with fewer dots than ndots:1 requires goes out as it is first.
    let dns_root = pod_root(
        &server,
        "",
        Some(&format!(
            "nameserver {}\nsearch svc.cluster.test\noptions ndots:1 timeout:1 attempts:2\n",
            dns.ip()
        )),
    );
    let before = dns.questions().len();
    let out = run_actions(&dns_root, &actions_env(&server, "idp.auth"));
    ok_json(&out);
    let asked: Vec<String> = dns.questions()[before..]
        .iter()
        .filter(|(_, kind)| *kind == TYPE_A)
        .map(|(name, _)| name.clone())
        .collect();
    assert_eq!(
        asked.first().map(String::as_str),
        Some("idp.auth."),
        "{asked:?}"
    );
}

#[test]
#[ignore = "builds the release artifact; tests/run.sh runs it"]
fn release_static_binary_fails_clearly_when_a_name_resolves_nowhere() {
    if !require_root("the resolver test") {
        return;
    }
    let server = ActionsServer::builder().start_https_for(&["idp.nowhere.test"]);
    // No resolv.conf: the name is not in /etc/hosts and no nameserver is asked (no public
    // fallback resolver).
    let root = pod_root(&server, "127.0.0.1 other.test\n", None);
    let env = actions_env(&server, "idp.nowhere.test");
    let out = run_actions(&root, &env);
    let stderr = assert_failure(&out, 1, &[server.request_token()]);
    assert!(stderr.contains("idp.nowhere.test"), "{stderr}");
    assert!(stderr.contains("/etc/hosts"), "{stderr}");
    assert_eq!(server.requests(), 0);
}
