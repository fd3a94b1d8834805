//! The token cache, driven through the binary against a counting local Actions endpoint: reuse
//! and refresh, keys, the file store's modes and atomicity, refusal of insecure dirs, going on
//! uncached, `cache list`/`clear`, single flight across processes (also when the lock holder is
//! killed), and the keyring store against the real kernel keyring.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::actions::HOLD_LIMIT;
use crate::common::actions::{ActionsServer, DEFAULT_SUBJECT, REQUEST_TOKEN};
use crate::common::jwt::now;
use crate::common::workload_api::WorkloadApiServer;
use crate::common::{TestEnv, assert_failure, ok_json, require_program};

/// `jwtcred --source actions --output token` against `actions`, with `args` appended.
fn get(env: &TestEnv, actions: &ActionsServer, args: &[&str]) -> Output {
    env.cmd()
        .envs(actions.env())
        .args(["--source", "actions", "--output", "token"])
        .args(args)
        .output()
        .expect("run jwtcred")
}

/// Runs `get` and returns the token it printed; panics with stderr on failure.
fn token(env: &TestEnv, actions: &ActionsServer, args: &[&str]) -> String {
    let output = get(env, actions, args);
    assert!(
        output.status.success(),
        "jwtcred failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 stdout");
    let token = text.strip_suffix('\n').expect("one line").to_owned();
    assert!(token.starts_with("eyJ"), "{token}");
    token
}

/// `jwtcred cache ARGS…` with the Actions variables set (so get options can select a key).
fn cache_cmd(env: &TestEnv, actions: &ActionsServer, args: &[&str]) -> Output {
    env.cmd()
        .envs(actions.env())
        .arg("cache")
        .args(args)
        .output()
        .expect("run jwtcred cache")
}

fn stdout_of(output: &Output) -> String {
    assert!(
        output.status.success(),
        "jwtcred failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

/// The cache dir's files of one kind: `.json` token entries (not keyring index records),
/// `.keyring.json` index records, or `.lock` files.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|p| {
        let name = p.file_name().unwrap().to_string_lossy();
        match suffix {
            ".json" => name.ends_with(".json") && !name.ends_with(".keyring.json"),
            _ => name.ends_with(suffix),
        }
    });
    found.sort();
    found
}

fn entries(env: &TestEnv) -> Vec<PathBuf> {
    files(&env.cache_dir(), ".json")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The `jti` claim tells tokens apart: the Actions peer numbers them per request.
fn jti(token: &str) -> String {
    let (_, claims) = crate::common::jwt::decode_unverified(token);
    claims["jti"].as_str().unwrap().to_owned()
}

#[test]
fn second_call_is_served_from_the_cache_without_a_request() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let first = token(&env, &actions, &["--audience", "k8s"]);
    let second = token(&env, &actions, &["--audience", "k8s"]);
    assert_eq!(first, second);
    assert_eq!(actions.requests(), 1);
    assert_eq!(entries(&env).len(), 1);
}

#[test]
fn a_hit_needs_no_network_at_all() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let vars = actions.env();
    let first = token(&env, &actions, &["--audience", "k8s"]);
    drop(actions);
    // The endpoint is gone; only the cache can answer.
    let output = env
        .cmd()
        .envs(vars)
        .args([
            "--source",
            "actions",
            "--output",
            "token",
            "--audience",
            "k8s",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&output), format!("{first}\n"));
}

#[test]
fn another_audience_is_another_entry() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let a = token(&env, &actions, &["--audience", "a"]);
    let b = token(&env, &actions, &["--audience", "b"]);
    assert_ne!(a, b);
    assert_eq!(actions.requests(), 2);
    assert_eq!(token(&env, &actions, &["--audience", "a"]), a);
    assert_eq!(token(&env, &actions, &["--audience", "b"]), b);
    assert_eq!(actions.requests(), 2);
    assert_eq!(entries(&env).len(), 2);
}

#[test]
fn another_request_token_is_another_entry() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    token(&env, &actions, &["--audience", "k8s"]);
    // Same URL and audience, but the runner handed out another request token (a new job).
    let output = env
        .cmd()
        .envs(actions.env())
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "another-job-token")
        .args(["--source", "actions", "--audience", "k8s"])
        .output()
        .unwrap();
    // The peer refuses the unknown request token: proof that the cache did not answer.
    assert_failure(&output, 1, &["another-job-token", REQUEST_TOKEN]);
    assert_eq!(actions.requests(), 2);
}

#[test]
fn a_token_inside_its_refresh_window_is_fetched_again() {
    let env = TestEnv::new();
    // Lifetime 1100 s (10% = 110 s) with 100 s left: inside the window from the start.
    let actions = ActionsServer::builder()
        .ttl(100)
        .extra_claims(json!({"iat": now() - 1000}))
        .start();
    let first = token(&env, &actions, &["--audience", "k8s"]);
    let second = token(&env, &actions, &["--audience", "k8s"]);
    assert_eq!(actions.requests(), 2);
    assert_ne!(jti(&first), jti(&second));
    // The entry now holds the newer token.
    let entry: Value = serde_json::from_slice(&std::fs::read(&entries(&env)[0]).unwrap()).unwrap();
    assert_eq!(entry["token"], second.as_str());
}

#[test]
fn refresh_before_is_honoured() {
    let env = TestEnv::new();
    // Lifetime 900 s, 300 s left: the default window (max(60 s, 10%) = 90 s) reuses it,
    // --refresh-before 400s (under the half-lifetime cap of 450 s) does not.
    let actions = ActionsServer::builder()
        .ttl(300)
        .extra_claims(json!({"iat": now() - 600}))
        .start();
    let first = token(&env, &actions, &["--audience", "k8s"]);
    assert_eq!(token(&env, &actions, &["--audience", "k8s"]), first);
    assert_eq!(actions.requests(), 1);
    let refreshed = token(
        &env,
        &actions,
        &["--audience", "k8s", "--refresh-before", "400s"],
    );
    assert_ne!(refreshed, first);
    assert_eq!(actions.requests(), 2);
    // 200 s < 300 s left: reused, and the env form works the same.
    let output = env
        .cmd()
        .envs(actions.env())
        .env("JWTCRED_REFRESH_BEFORE", "200")
        .args([
            "--source",
            "actions",
            "--output",
            "token",
            "--audience",
            "k8s",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&output), format!("{refreshed}\n"));
    assert_eq!(actions.requests(), 2);
}

#[test]
fn expiration_timestamp_of_a_hit_matches_the_fresh_one() {
    let env = TestEnv::new();
    let actions = ActionsServer::builder().ttl(600).start();
    let run = || {
        let output = env
            .cmd()
            .envs(actions.env())
            .args(["--source", "actions", "--audience", "k8s"])
            .output()
            .unwrap();
        serde_json::from_str::<Value>(&stdout_of(&output)).unwrap()
    };
    let fresh = run();
    let hit = run();
    assert_eq!(actions.requests(), 1);
    assert_eq!(fresh, hit);
    assert!(hit["status"]["expirationTimestamp"].is_string());
}

#[test]
fn cache_none_always_fetches_and_writes_nothing() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let a = token(&env, &actions, &["--audience", "k8s", "--cache", "none"]);
    let b = token(&env, &actions, &["--audience", "k8s", "--cache", "none"]);
    assert_ne!(jti(&a), jti(&b));
    assert_eq!(actions.requests(), 2);
    assert!(!env.cache_dir().exists());
    // JWTCRED_CACHE=none is the same.
    let output = env
        .cmd()
        .envs(actions.env())
        .env("JWTCRED_CACHE", "none")
        .args(["--source", "actions", "--audience", "k8s"])
        .output()
        .unwrap();
    stdout_of(&output);
    assert_eq!(actions.requests(), 3);
}

#[test]
fn file_source_is_never_cached() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let jwt = token(&env, &actions, &["--cache", "none"]);
    let file = env.write("token", &jwt);
    let output = env
        .cmd()
        .args(["--source", "file", "--token-file"])
        .arg(&file)
        .output()
        .unwrap();
    stdout_of(&output);
    assert!(entries(&env).is_empty());
}

#[test]
fn cache_dir_is_0700_and_every_file_0600() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    token(&env, &actions, &["--audience", "a"]);
    token(&env, &actions, &["--audience", "b"]);
    let dir = env.cache_dir();
    assert_eq!(mode(&dir), 0o700);
    let all: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // Two entries and their two locks, nothing else (no temporaries left behind).
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(files(&dir, ".lock").len(), 2);
    for path in &all {
        assert_eq!(mode(path), 0o600, "{}", path.display());
    }
}

#[test]
fn entry_holds_only_what_is_needed() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let jwt = token(&env, &actions, &["--audience", "k8s"]);
    let entry: Value = serde_json::from_slice(&std::fs::read(&entries(&env)[0]).unwrap()).unwrap();
    let mut keys: Vec<&str> = entry
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["expires_at", "obtained_at", "source", "token", "v"]);
    assert_eq!(entry["token"], jwt.as_str());
    assert_eq!(entry["source"], "actions");
    let name = entries(&env)[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(!name.contains(REQUEST_TOKEN));
    assert_eq!(name.len(), 64 + ".json".len(), "{name}");
}

#[test]
fn corrupt_entries_are_misses_and_are_overwritten() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    token(&env, &actions, &["--audience", "k8s"]);
    let entry = entries(&env)[0].clone();
    // The stored token with a far-future expiry that its own `exp` contradicts.
    let stale = serde_json::from_slice::<Value>(&std::fs::read(&entry).unwrap()).unwrap();
    let mismatched = json!({
        "v": 1, "source": "actions", "token": stale["token"],
        "expires_at": 99_999_999_999_i64, "obtained_at": 0,
    })
    .to_string();
    let garbage: [&[u8]; 7] = [
        mismatched.as_bytes(),
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        br#"{"v":1,"source":"actions","token":"eyJhbGciOi.broken.c2ln","expires_at":99999999999,"obtained_at":0}"#,
        br#"{"v":99,"source":"actions","token":"x","expires_at":1,"obtained_at":0}"#,
        br#"[1,2,3]"#,
    ];
    for (i, bytes) in garbage.iter().enumerate() {
        std::fs::write(&entry, bytes).unwrap();
        let fresh = token(&env, &actions, &["--audience", "k8s"]);
        assert_eq!(actions.requests(), i + 2, "case {i}");
        let stored: Value = serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
        assert_eq!(stored["token"], fresh.as_str(), "case {i}: overwritten");
        assert_eq!(mode(&entry), 0o600);
        // ...and the rewritten entry is a hit again.
        assert_eq!(token(&env, &actions, &["--audience", "k8s"]), fresh);
        assert_eq!(actions.requests(), i + 2);
    }
}

#[test]
fn expired_entry_is_refetched() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let first = token(&env, &actions, &["--audience", "k8s"]);
    let entry = entries(&env)[0].clone();
    let mut stored: Value = serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
    stored["expires_at"] = json!(now() - 10);
    std::fs::write(&entry, stored.to_string()).unwrap();
    let second = token(&env, &actions, &["--audience", "k8s"]);
    assert_ne!(first, second);
    assert_eq!(actions.requests(), 2);
}

#[test]
fn world_or_group_writable_cache_dir_is_refused() {
    for insecure in [0o777, 0o770, 0o1777] {
        let env = TestEnv::new();
        let actions = ActionsServer::start();
        let dir = env.cache_dir();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(insecure)).unwrap();
        let output = get(&env, &actions, &["--audience", "k8s"]);
        let stderr = assert_failure(&output, 1, &[REQUEST_TOKEN]);
        assert!(stderr.contains(&dir.display().to_string()), "{stderr}");
        assert!(stderr.contains("cache directory"), "{stderr}");
        assert_eq!(actions.requests(), 0, "refused before any fetch");
        // `cache list` and `cache clear` refuse it too.
        for args in [&["list"][..], &["clear"]] {
            assert_failure(&cache_cmd(&env, &actions, args), 1, &[REQUEST_TOKEN]);
        }
    }
}

#[test]
fn cache_dir_owned_by_another_user_is_refused() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let dir = env.cache_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    // Only root can give a directory away; elsewhere this case cannot be set up (the one
    // reason to skip, also under CI). As root, chown must work.
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipping: giving the cache dir to another user needs root");
        return;
    }
    let Some(chown) = require_program("chown") else {
        return;
    };
    let chown = std::process::Command::new(chown)
        .arg("65534")
        .arg(&dir)
        .status()
        .unwrap();
    assert!(chown.success(), "chown as root failed");
    let output = get(&env, &actions, &["--audience", "k8s"]);
    let stderr = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    assert!(stderr.contains("owned by uid 65534"), "{stderr}");
    assert_eq!(actions.requests(), 0);
}

#[test]
fn uncreatable_cache_dir_works_uncached_and_says_so() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    // A file where a directory would have to be created: mkdir fails, as on a read-only
    // root filesystem (root could write anywhere else on this machine).
    let blocker = env.write("blocker", "not a directory");
    let dir = blocker.join("cache");
    for _ in 0..2 {
        let output = env
            .cmd()
            .envs(actions.env())
            .env("JWTCRED_CACHE_DIR", &dir)
            .args(["--source", "actions", "--audience", "k8s", "-v"])
            .output()
            .unwrap();
        stdout_of(&output);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("uncached"), "{stderr}");
        assert!(!stderr.contains(REQUEST_TOKEN));
    }
    assert_eq!(actions.requests(), 2);
}

#[test]
fn read_only_cache_dir_works_uncached() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    // An existing, private cache dir made read-only with a bind mount in a private mount
    // namespace: what an Argo CD pod with readOnlyRootFilesystem looks like. Needs the
    // privilege to mount: skipped only when the same mounts, tried first without jwtcred,
    // are refused here (a missing unshare/mount fails under CI like any missing tool).
    let dir = env.cache_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (Some(unshare), Some(_)) = (require_program("unshare"), require_program("mount")) else {
        return;
    };
    let mount = r#"mount --bind "$D" "$D" && mount -o remount,ro,bind "$D" "$D""#;
    let probe = std::process::Command::new(&unshare)
        .args(["-m", "sh", "-c", mount])
        .env("D", &dir)
        .output()
        .unwrap();
    if !probe.status.success() {
        eprintln!(
            "skipping: no privilege for a read-only bind mount here: {}",
            String::from_utf8_lossy(&probe.stderr)
        );
        return;
    }
    let script = format!(
        r#"{mount} || exit 99
for _ in 1 2; do "$JWTCRED" --source actions --audience k8s -v || exit 1; done"#
    );
    let output = std::process::Command::new(&unshare)
        .args(["-m", "sh", "-c", &script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.path())
        .env("JWTCRED_CACHE_DIR", &dir)
        .env("D", &dir)
        .env("JWTCRED", assert_cmd::cargo::cargo_bin("jwtcred"))
        .envs(actions.env())
        .output()
        .unwrap();
    let stdout = stdout_of(&output);
    assert_eq!(stdout.lines().count(), 2, "two credentials: {stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("continuing uncached"), "{stderr}");
    assert!(!stderr.contains(REQUEST_TOKEN));
    assert_eq!(actions.requests(), 2, "nothing could be cached");
    assert!(std::fs::read_dir(&dir).unwrap().next().is_none());
}

#[test]
fn verbose_reports_hits_and_misses_without_secrets() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let run = || {
        env.cmd()
            .envs(actions.env())
            .args(["--source", "actions", "--audience", "k8s", "-v"])
            .output()
            .unwrap()
    };
    let miss = run();
    let jwt: Value = serde_json::from_str(&stdout_of(&miss)).unwrap();
    let jwt = jwt["status"]["token"].as_str().unwrap().to_owned();
    let hit = run();
    stdout_of(&hit);
    let (miss, hit) = (
        String::from_utf8_lossy(&miss.stderr).into_owned(),
        String::from_utf8_lossy(&hit.stderr).into_owned(),
    );
    assert!(miss.contains("cache: miss"), "{miss}");
    assert!(miss.contains("cache: stored"), "{miss}");
    assert!(hit.contains("cache: hit"), "{hit}");
    for stderr in [&miss, &hit] {
        assert!(!stderr.contains(&jwt), "token leaked: {stderr}");
        assert!(!stderr.contains(REQUEST_TOKEN), "{stderr}");
    }
}

#[test]
fn cache_list_shows_entries_but_never_tokens() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let a = token(&env, &actions, &["--audience", "aud-a"]);
    let b = token(&env, &actions, &["--audience", "aud-b"]);

    let text = stdout_of(&cache_cmd(&env, &actions, &["list"]));
    for needle in ["KEY", "actions", DEFAULT_SUBJECT, "aud-a", "aud-b", "file"] {
        assert!(text.contains(needle), "{needle} missing: {text}");
    }
    assert_eq!(text.lines().count(), 3, "{text}");

    let json: Value = serde_json::from_str(&stdout_of(&cache_cmd(
        &env,
        &actions,
        &["list", "--output", "json"],
    )))
    .unwrap();
    let list = json.as_array().expect("a JSON array");
    assert_eq!(list.len(), 2);
    for item in list {
        assert_eq!(item["source"], "actions");
        assert_eq!(item["store"], "file");
        assert_eq!(item["subject"], DEFAULT_SUBJECT);
        assert_eq!(item["key"].as_str().unwrap().len(), 64);
        assert!(item["expires_at"].as_str().unwrap().ends_with('Z'));
        let left = item["time_left_seconds"].as_i64().unwrap();
        assert!((200..=300).contains(&left), "{left}");
    }
    let mut audiences: Vec<&str> = list
        .iter()
        .map(|i| i["audience"][0].as_str().unwrap())
        .collect();
    audiences.sort();
    assert_eq!(audiences, ["aud-a", "aud-b"]);

    for output in [text, json.to_string()] {
        for secret in [a.as_str(), b.as_str(), REQUEST_TOKEN] {
            assert!(!output.contains(secret), "secret in cache list: {output}");
        }
        // Not even a token's signature or claims segment.
        for part in a.split('.').chain(b.split('.')) {
            assert!(!output.contains(part), "token part in cache list");
        }
    }
}

#[test]
fn cache_list_of_an_empty_or_missing_cache() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let text = stdout_of(&cache_cmd(&env, &actions, &["list"]));
    assert!(text.contains("no cached tokens"), "{text}");
    assert!(!env.cache_dir().exists(), "list must not create the dir");
    let json = stdout_of(&cache_cmd(&env, &actions, &["list", "-o", "json"]));
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap(), json!([]));
}

#[test]
fn cache_clear_without_get_options_removes_everything() {
    for args in [&["clear"][..], &["clear", "--all"]] {
        let env = TestEnv::new();
        let actions = ActionsServer::start();
        token(&env, &actions, &["--audience", "a"]);
        token(&env, &actions, &["--audience", "b"]);
        let text = stdout_of(&cache_cmd(&env, &actions, args));
        assert!(text.contains("removed 2"), "{text}");
        assert!(entries(&env).is_empty());
        assert!(files(&env.cache_dir(), ".lock").is_empty());
        token(&env, &actions, &["--audience", "a"]);
        assert_eq!(actions.requests(), 3, "cleared entries are fetched again");
    }
}

#[test]
fn cache_clear_with_get_options_removes_only_their_entry() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let a = token(&env, &actions, &["--audience", "a"]);
    let b = token(&env, &actions, &["--audience", "b"]);
    let text = stdout_of(&cache_cmd(&env, &actions, &["clear", "--audience", "a"]));
    assert!(text.contains("removed the cached token"), "{text}");
    assert_eq!(entries(&env).len(), 1);
    assert_eq!(token(&env, &actions, &["--audience", "b"]), b);
    assert_eq!(actions.requests(), 2);
    assert_ne!(token(&env, &actions, &["--audience", "a"]), a);
    assert_eq!(actions.requests(), 3);
    // A selection with nothing cached removes nothing and says so.
    let text = stdout_of(&cache_cmd(&env, &actions, &["clear", "--audience", "zzz"]));
    assert!(text.contains("no cached token"), "{text}");
    assert_eq!(entries(&env).len(), 2);
    // --all wins over get options.
    stdout_of(&cache_cmd(
        &env,
        &actions,
        &["clear", "--all", "--audience", "a"],
    ));
    assert!(entries(&env).is_empty());
}

#[test]
fn cache_clear_ignores_jwtcred_env_settings_as_selection() {
    // A JWTCRED_* variable in the environment is not a get option on the command line.
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    token(&env, &actions, &["--audience", "a"]);
    token(&env, &actions, &["--audience", "b"]);
    let output = env
        .cmd()
        .envs(actions.env())
        .env("JWTCRED_AUDIENCE", "a")
        .args(["cache", "clear"])
        .output()
        .unwrap();
    assert!(stdout_of(&output).contains("removed 2"));
}

/// Runs `n` copies of `get` at once (one thread per process) and returns their outputs.
fn parallel(env: &TestEnv, actions: &ActionsServer, audiences: &[&str], n: usize) -> Vec<Output> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let audience = audiences[i % audiences.len()];
                scope.spawn(move || get(env, actions, &["--audience", audience]))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn sixteen_concurrent_cold_calls_make_one_request() {
    let env = TestEnv::new();
    let actions = ActionsServer::builder()
        .delay(Duration::from_millis(500))
        .start();
    let outputs = parallel(&env, &actions, &["k8s"], 16);
    let tokens: Vec<String> = outputs.iter().map(stdout_of).collect();
    assert_eq!(actions.requests(), 1, "single flight across processes");
    assert!(
        tokens.iter().all(|t| t == &tokens[0]),
        "16 identical outputs"
    );
}

#[test]
fn sixteen_concurrent_calls_with_four_keys_make_four_requests() {
    let env = TestEnv::new();
    // Different keys never wait on each other: the server holds every fetch until four are in
    // flight at once, which calls that waited on each other's locks never reach (counted, not
    // timed: a loaded machine may start the 16 processes slowly).
    let actions = ActionsServer::builder().hold_until_in_flight(4).start();
    let audiences = ["a0", "a1", "a2", "a3"];
    let start = Instant::now();
    let outputs = parallel(&env, &actions, &audiences, 16);
    let elapsed = start.elapsed();
    assert_eq!(actions.requests(), 4);
    assert_eq!(actions.peak_in_flight(), 4, "the four fetches overlap");
    for (i, output) in outputs.iter().enumerate() {
        let same_key = &outputs[i % 4];
        assert_eq!(stdout_of(output), stdout_of(same_key));
    }
    // Had one fetch waited for HOLD_LIMIT, the calls would have taken that long.
    assert!(elapsed < HOLD_LIMIT, "{elapsed:?}");
}

/// A `get` process that is left running (it will sit in the slow endpoint holding the lock).
fn spawn_get(env: &TestEnv, actions: &ActionsServer, args: &[&str]) -> std::process::Child {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("jwtcred"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.path())
        .env("JWTCRED_CACHE_DIR", env.cache_dir())
        .envs(actions.env())
        .args(["--source", "actions", "--output", "token"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd.spawn().expect("spawn jwtcred")
}

fn wait_for_requests(actions: &ActionsServer, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while actions.requests() < n {
        assert!(Instant::now() < deadline, "no request arrived");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_killed_lock_holder_does_not_block_the_next_call() {
    let env = TestEnv::new();
    let actions = ActionsServer::builder()
        .delay(Duration::from_secs(2))
        .start();
    let mut holder = spawn_get(&env, &actions, &["--audience", "k8s", "--timeout", "60s"]);
    // Once its request arrives, the holder has the lock and sits in the slow endpoint.
    wait_for_requests(&actions, 1);
    holder.kill().expect("SIGKILL the holder");
    holder.wait().unwrap();
    let start = Instant::now();
    // A stale lock would make this call wait out its --timeout and fail.
    let jwt = token(&env, &actions, &["--audience", "k8s", "--timeout", "10s"]);
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(actions.requests(), 2);
    assert_eq!(token(&env, &actions, &["--audience", "k8s"]), jwt);
}

#[test]
fn waiting_for_a_live_lock_holder_is_bounded_by_the_timeout() {
    let env = TestEnv::new();
    let actions = ActionsServer::builder()
        .delay(Duration::from_secs(5))
        .start();
    let mut holder = spawn_get(&env, &actions, &["--audience", "k8s", "--timeout", "60s"]);
    wait_for_requests(&actions, 1);
    let start = Instant::now();
    let output = get(&env, &actions, &["--audience", "k8s", "--timeout", "1s"]);
    let elapsed = start.elapsed();
    let _ = holder.kill();
    let _ = holder.wait();
    let stderr = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    assert!(stderr.contains("waiting for another jwtcred"), "{stderr}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
    assert_eq!(actions.requests(), 1, "the waiter never fetched");
}

/// Clears the keyring entries of a test's cache dir even when the test fails.
struct KeyringCleanup<'a>(&'a TestEnv);

impl Drop for KeyringCleanup<'_> {
    fn drop(&mut self) {
        let _ = self.0.cmd().args(["cache", "clear"]).output();
    }
}

/// The kernel keyring's view of our credential, from /proc/keys (the keys this user can see).
fn kernel_has_key(digest: &str) -> bool {
    let wanted = format!("keyring:{digest}@jwtcred");
    std::fs::read_to_string("/proc/keys")
        .unwrap_or_default()
        .lines()
        // Invalidated keys linger until the kernel's garbage collector runs: flag 'i'.
        .any(|line| {
            line.contains(&wanted) && !line.split_whitespace().nth(1).unwrap_or("").contains('i')
        })
}

#[test]
fn keyring_store_against_the_kernel_keyring() {
    let env = TestEnv::new();
    let _cleanup = KeyringCleanup(&env);
    let actions = ActionsServer::start();
    let keyring = ["--audience", "k8s", "--cache", "keyring"];

    let first = token(&env, &actions, &keyring);
    assert_eq!(
        token(&env, &actions, &keyring),
        first,
        "hit from the keyring"
    );
    assert_eq!(actions.requests(), 1);

    // No token on disk: only the token-free index record and the lock.
    let dir = env.cache_dir();
    assert!(entries(&env).is_empty());
    let index = files(&dir, ".keyring.json");
    assert_eq!(index.len(), 1);
    assert_eq!(mode(&index[0]), 0o600);
    assert_eq!(mode(&dir), 0o700);
    let record = std::fs::read_to_string(&index[0]).unwrap();
    assert!(!record.contains(&first) && !record.contains(first.split('.').nth(2).unwrap()));
    let digest = index[0].file_name().unwrap().to_string_lossy()[..64].to_owned();
    assert!(
        kernel_has_key(&digest),
        "the credential is in the kernel keyring"
    );

    // The file store does not see keyring entries, and vice versa.
    let from_file = token(&env, &actions, &["--audience", "k8s"]);
    assert_ne!(from_file, first);
    assert_eq!(actions.requests(), 2);

    let json: Value = serde_json::from_str(&stdout_of(&cache_cmd(
        &env,
        &actions,
        &["list", "-o", "json"],
    )))
    .unwrap();
    let mut stores: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["store"].as_str().unwrap())
        .collect();
    stores.sort();
    assert_eq!(stores, ["file", "keyring"]);
    assert!(!json.to_string().contains(&first));

    // Selective clear with the keyring option's key removes both stores' entries of that key.
    let text = stdout_of(&cache_cmd(&env, &actions, &["clear", "--audience", "k8s"]));
    assert!(text.contains("keyring: 1"), "{text}");
    assert!(files(&dir, ".keyring.json").is_empty());
    assert!(
        !kernel_has_key(&digest),
        "the credential was removed from the kernel keyring"
    );
    token(&env, &actions, &keyring);
    assert_eq!(actions.requests(), 3, "cleared, so fetched again");

    let text = stdout_of(&cache_cmd(&env, &actions, &["clear"]));
    assert!(text.contains("keyring: 1"), "{text}");
    assert!(!kernel_has_key(&digest));
}

#[test]
fn corrupt_keyring_credential_is_a_miss_and_is_overwritten() {
    let env = TestEnv::new();
    let _cleanup = KeyringCleanup(&env);
    let actions = ActionsServer::start();
    let keyring = ["--audience", "k8s", "--cache", "keyring"];
    let first = token(&env, &actions, &keyring);
    let digest = files(&env.cache_dir(), ".keyring.json")[0]
        .file_name()
        .unwrap()
        .to_string_lossy()[..64]
        .to_owned();
    // Overwrite the credential with junk. keyctl joins a new session keyring that links the
    // user's persistent keyring (where the credential lives), so the key is possessed there.
    // keyctl (package keyutils) is a tool like any other: required under CI.
    let Some(keyctl) = require_program("keyctl") else {
        return;
    };
    let script = format!(
        "keyctl get_persistent @s >/dev/null && keyctl update \"$(keyctl search @s user keyring:{digest}@jwtcred)\" junk"
    );
    let status = std::process::Command::new(&keyctl)
        .args(["session", "-", "sh", "-c", &script])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(
        status.success(),
        "keyctl could not overwrite the credential"
    );
    let second = token(&env, &actions, &keyring);
    assert_ne!(second, first);
    assert_eq!(actions.requests(), 2);
    assert_eq!(
        token(&env, &actions, &keyring),
        second,
        "overwritten, so a hit again"
    );
    assert_eq!(actions.requests(), 2);
}

/// One spiffe `get` against `server` with `audiences`, each as its own `--audience` value.
fn spiffe_token(env: &TestEnv, server: &WorkloadApiServer, audiences: &[&str]) -> Value {
    let mut cmd = env.cmd();
    cmd.args(["--source", "spiffe", "--spiffe-socket", server.endpoint()])
        .args(["--output", "json"]);
    for audience in audiences {
        cmd.arg(format!("--audience={audience}"));
    }
    ok_json(&cmd.output().unwrap())
}

#[test]
fn audience_lists_keep_their_boundaries_in_the_key() {
    let server = WorkloadApiServer::start();
    let env = TestEnv::new();
    // One audience that holds a comma, then two audiences: two identities, two requests.
    let joined = spiffe_token(&env, &server, &["a,b"]);
    let split = spiffe_token(&env, &server, &["a", "b"]);
    assert_eq!(joined["audience"], json!(["a,b"]));
    assert_eq!(split["audience"], json!(["a", "b"]));
    assert_eq!(server.seen().len(), 2);
    // Each is a hit afterwards, under its own key; the order of audiences does not matter.
    assert_eq!(
        spiffe_token(&env, &server, &["a,b"])["token"],
        joined["token"]
    );
    assert_eq!(
        spiffe_token(&env, &server, &["b", "a"])["token"],
        split["token"]
    );
    assert_eq!(server.seen().len(), 2);
    assert_eq!(entries(&env).len(), 2);
}

/// The v1 key of an Actions call: fields joined into one length-prefixed stream.
fn v1_actions_digest(actions: &ActionsServer, audience: &str) -> String {
    use sha2::{Digest, Sha256};
    let vars: std::collections::HashMap<_, _> = actions.env().into_iter().collect();
    let mut url = url::Url::parse(&vars["ACTIONS_ID_TOKEN_REQUEST_URL"]).unwrap();
    url.query_pairs_mut().append_pair("audience", audience);
    let request_token =
        jwtcred::secret::Secret::new(vars["ACTIONS_ID_TOKEN_REQUEST_TOKEN"].clone());
    let mut hasher = Sha256::new();
    hasher.update(b"jwtcred-cache-key-v1");
    for part in [
        "source",
        "actions",
        "url",
        url.as_str(),
        "audience",
        audience,
        "request_token_sha256",
        &request_token.digest(),
    ] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    jwtcred::secret::hex(&hasher.finalize())
}

#[test]
fn entries_under_the_old_key_format_are_misses() {
    let env = TestEnv::new();
    let actions = ActionsServer::start();
    let fresh = token(&env, &actions, &["--audience", "k8s"]);
    let current = entries(&env)[0].clone();
    // Move the valid entry to the name the v1 key format gave this call.
    let old = env
        .cache_dir()
        .join(format!("{}.json", v1_actions_digest(&actions, "k8s")));
    assert_ne!(old, current);
    std::fs::rename(&current, &old).unwrap();
    let again = token(&env, &actions, &["--audience", "k8s"]);
    assert_ne!(again, fresh);
    assert_eq!(actions.requests(), 2);
}
