//! The `command` source against real child processes: word splitting without a shell,
//! `{audience}`, jwtcred's environment, the timeout that kills the whole process group, the
//! stdout cap, a grandchild that keeps the pipe open, failures with a scrubbed stderr, caching
//! with the command line in the key, and its place in auto-detection, `detect` and `inspect`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::jwt::{TestIssuer, now};
use crate::common::{TestEnv, assert_failure, ok_json};

fn issuer() -> TestIssuer {
    TestIssuer::new("https://agent.ci.example")
}

/// Writes an executable `#!/bin/sh` script into the test's dir.
fn script(env: &TestEnv, name: &str, body: &str) -> PathBuf {
    let path = env.write(name, format!("#!/bin/sh\n{body}\n"));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Whether a process still runs (a zombie waiting for a reaper counts as gone).
fn running(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z') && !rest.starts_with('X')),
        Err(_) => false,
    }
}

fn wait_for_pid_file(path: &Path) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(text) = fs::read_to_string(path)
            && let Ok(pid) = text.trim().parse()
        {
            return pid;
        }
        assert!(Instant::now() < deadline, "no pid in {}", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn prints_the_token_with_words_split_like_a_shell_but_run_without_one() {
    let env = TestEnv::new();
    let token = issuer().mint_for("pipeline", "k8s", 600);
    env.write("token", &token);
    let args_file = env.path().join("args");
    let tool = script(
        &env,
        "bin/token tool",
        &format!(
            "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done > '{}'\nprintf 'var=%s\\n' \"$MY_CI_VAR\" >> '{}'\ncat '{}'",
            shown(&args_file),
            shown(&args_file),
            shown(&env.path().join("token"))
        ),
    );
    let line = format!(
        "'{}' request --audience {{audience}} --claim=aud:{{audience}} \"two words\" ; | $HOME `id` && >out",
        shown(&tool)
    );
    let out = env
        .cmd()
        .env("MY_CI_VAR", "from-jwtcred-env")
        .args(["--token-command", &line, "--audience", "k8s", "--audience"])
        .args(["other", "-o", "json"])
        .output()
        .unwrap();
    let json = ok_json(&out);
    assert_eq!(json["token"], token);
    assert_eq!(json["source"], "command");
    let args = fs::read_to_string(&args_file).unwrap();
    assert_eq!(
        args,
        "[request]\n[--audience]\n[k8s]\n[--claim=aud:k8s]\n[two words]\n[;]\n[|]\n[$HOME]\n[`id`]\n[&&]\n[>out]\nvar=from-jwtcred-env\n",
        "metacharacters reach the command literally; {{audience}} is the first audience"
    );
    assert!(
        !env.path().join("out").exists(),
        "no shell redirected anything"
    );

    // The env form, and a trimmed token.
    let plain = script(
        &env,
        "plain",
        &format!("printf '\\n  %s  \\n\\n' '{token}'"),
    );
    let out = env
        .cmd()
        .env("JWTCRED_TOKEN_COMMAND", shown(&plain))
        .args(["-o", "token", "--cache", "none"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{token}\n"));
}

#[test]
fn a_hanging_command_is_killed_with_its_whole_group_at_the_timeout() {
    let env = TestEnv::new();
    let pid_file = env.path().join("grandchild.pid");
    let hang = script(
        &env,
        "hang",
        &format!("sleep 300 &\necho $! > '{}'\nwait", shown(&pid_file)),
    );
    let started = Instant::now();
    let out = env
        .cmd()
        .args(["--token-command", &shown(&hang), "--timeout", "1s"])
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(stderr.contains("--timeout"), "{stderr}");
    assert!(stderr.contains("killed"), "{stderr}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    assert!(elapsed >= Duration::from_millis(900), "took {elapsed:?}");
    let grandchild = wait_for_pid_file(&pid_file);
    // SIGKILL is delivered at once, but give the kernel a moment to tear the process down.
    let deadline = Instant::now() + Duration::from_secs(2);
    while running(grandchild) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!running(grandchild), "the grandchild {grandchild} survived");
}

#[test]
fn a_command_flooding_stdout_is_stopped_at_the_cap() {
    let env = TestEnv::new();
    let flood = script(&env, "flood", "exec yes eyJhbGciOiJub25lIn0");
    let started = Instant::now();
    let out = env
        .cmd()
        .args(["--token-command", &shown(&flood), "--timeout", "20s"])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[]);
    assert!(stderr.contains("more than 256 KiB"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "not waited to the timeout"
    );
    assert!(
        stderr.len() < 4096,
        "stderr stays short: {} bytes",
        stderr.len()
    );
}

#[test]
fn a_failing_command_shows_its_stderr_scrubbed_cut_and_terminal_safe() {
    let env = TestEnv::new();
    let leaked = issuer().mint_for("leak", "k8s", 600);
    let secret = "client-secret-value-0123456789";
    let fail = script(
        &env,
        "fail",
        &format!(
            "printf 'partial %s\\n' '{leaked}'\nprintf 'vault: permission denied\\033]0;pwned\\007\\r\\n' >&2\nprintf 'debug: token=%s secret=%s\\n' '{leaked}' \"$JWTCRED_CLIENT_SECRET\" >&2\nhead -c 20000 /dev/zero | tr '\\0' x >&2\nexit 1"
        ),
    );
    let out = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", secret)
        .args(["--token-command", &shown(&fail)])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[&leaked, secret, &leaked[..20]]);
    assert!(stderr.contains("exited with status 1"), "{stderr}");
    assert!(stderr.contains("vault: permission denied"), "{stderr}");
    assert!(
        stderr.contains(&format!("token={}…", &leaked[..6])),
        "the token shows redacted: {stderr}"
    );
    assert!(stderr.contains("secret=<redacted, 30 chars>"), "{stderr}");
    for c in ['\u{1b}', '\u{7}', '\r'] {
        assert!(
            !stderr.contains(c),
            "control character {c:?} reached stderr: {stderr:?}"
        );
    }
    assert!(
        stderr.len() < 2000,
        "the excerpt is cut: {} bytes",
        stderr.len()
    );
    assert!(stderr.contains('…'), "{stderr}");
}

#[test]
fn a_grandchild_keeping_the_pipe_open_does_not_hold_jwtcred() {
    let env = TestEnv::new();
    let token = issuer().mint_for("pipeline", "k8s", 600);
    // Same process group: killed with it once the command exits.
    let pid_file = env.path().join("bg.pid");
    let background = script(
        &env,
        "background",
        &format!(
            "echo '{token}'\nsleep 300 &\necho $! > '{}'\nexit 0",
            shown(&pid_file)
        ),
    );
    let started = Instant::now();
    let out = env
        .cmd()
        .args(["--token-command", &shown(&background), "-o", "token"])
        .args(["--cache", "none", "--timeout", "30s"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), token);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let pid = wait_for_pid_file(&pid_file);
    let deadline = Instant::now() + Duration::from_secs(2);
    while running(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!running(pid), "the leftover {pid} of the group survived");

    // A grandchild that left the group (setsid) cannot be killed with it; it still cannot
    // make jwtcred wait for the pipe it holds.
    if crate::common::require_program("setsid").is_none() {
        return;
    }
    let escaped_pid = env.path().join("escaped.pid");
    let escaped = script(
        &env,
        "escaped",
        &format!(
            "echo '{token}'\nsetsid sh -c 'echo $$ > \"{}\"; exec sleep 300' &\nsleep 0.2\nexit 0",
            shown(&escaped_pid)
        ),
    );
    let started = Instant::now();
    let out = env
        .cmd()
        .args(["--token-command", &shown(&escaped), "-o", "token"])
        .args(["--cache", "none", "--timeout", "30s"])
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    if let Ok(text) = fs::read_to_string(&escaped_pid)
        && let Ok(pid) = text.trim().parse::<i32>()
    {
        // The test started it: end it by its id.
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), token);
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn the_token_is_cached_with_the_command_line_in_the_key() {
    let env = TestEnv::new();
    let runs = env.path().join("runs");
    let issued = now();
    let token =
        issuer().mint(json!({"sub": "cached", "aud": "k8s", "iat": issued, "exp": issued + 3600}));
    let counting = script(
        &env,
        "counting",
        &format!("echo \"$@\" >> '{}'\necho '{token}'", shown(&runs)),
    );
    let run = |line: &str, audience: &str| {
        let out = env
            .cmd()
            .args([
                "--token-command",
                line,
                "--audience",
                audience,
                "-o",
                "token",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), token);
    };
    let count = || {
        fs::read_to_string(&runs)
            .unwrap_or_default()
            .lines()
            .count()
    };
    let base = format!("{} --audience {{audience}}", shown(&counting));
    run(&base, "a");
    run(&base, "a");
    assert_eq!(
        count(),
        1,
        "the second call is a cache hit: the command did not run"
    );
    run(&format!("{base} --extra"), "a");
    assert_eq!(count(), 2, "another command line is another key");
    run(
        &format!("{} '--audience {{audience}}'", shown(&counting)),
        "a",
    );
    assert_eq!(count(), 3, "word boundaries are part of the key");
    run(&base, "b");
    assert_eq!(count(), 4, "another audience is another key");
    run(&base, "a");
    assert_eq!(count(), 4);
    let out = env
        .cmd()
        .args([
            "--token-command",
            &base,
            "--audience",
            "a",
            "--cache",
            "none",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(count(), 5, "--cache none runs it every time");
}

#[test]
fn bad_command_lines_and_outputs_are_errors_naming_the_command() {
    let env = TestEnv::new();
    let echo = script(&env, "echo-args", "echo \"$@\"");
    let cases: [(&[&str], i32, &str); 7] = [
        (&["--token-command", "tool {audience}"], 1, "no audience"),
        (
            &["--token-command", "tool 'unterminated"],
            1,
            "cannot be split",
        ),
        (&["--token-command", "   "], 1, "is empty"),
        (
            &["--token-command", "/nonexistent/tool x"],
            1,
            "/nonexistent/tool",
        ),
        (&["--token-command", "true"], 1, "printed nothing"),
        (&["--source", "command"], 3, "--source command"),
        (
            &["--token-command", "/bin/echo not-a-jwt"],
            1,
            "did not return a usable token",
        ),
    ];
    for (args, code, needle) in cases {
        let out = env.cmd().args(args).output().unwrap();
        let stderr = assert_failure(&out, code, &[]);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    // A JWT that has expired is refused like from any other source, never printed.
    let expired = issuer().mint(json!({"sub": "old", "exp": now() - 60}));
    let out = env
        .cmd()
        .args(["--token-command", &format!("{} {expired}", shown(&echo))])
        .output()
        .unwrap();
    let stderr = assert_failure(&out, 1, &[&expired]);
    assert!(stderr.contains("command `"), "{stderr}");
}

#[test]
fn auto_order_detect_and_inspect_know_the_command_source() {
    let env = TestEnv::new();
    let from_file = issuer().mint_for("from-file", "k8s", 600);
    let from_command = issuer().mint_for("from-command", "k8s", 600);
    let from_env = issuer().mint_for("from-env", "k8s", 600);
    let from_circle = issuer().mint_for("from-circle", "k8s", 600);
    let file = env.write("token", &from_file);
    let tool = script(&env, "tool", &format!("echo '{from_command}'"));
    let subject = |out: std::process::Output| ok_json(&out)["subject"].clone();

    // token file > token env > token command > token URL > spiffe socket > ambient.
    let out = env
        .cmd()
        .args([
            "--token-file",
            &shown(&file),
            "--token-command",
            &shown(&tool),
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(subject(out), "from-file");
    let out = env
        .cmd()
        .env("MY_TOKEN", &from_env)
        .args([
            "--token-env",
            "MY_TOKEN",
            "--token-command",
            &shown(&tool),
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(subject(out), "from-env");
    let out = env
        .cmd()
        .env("CIRCLE_OIDC_TOKEN_V2", &from_circle)
        .env("SPIFFE_ENDPOINT_SOCKET", "unix:///nonexistent.sock")
        .args([
            "--token-command",
            &shown(&tool),
            "--token-url",
            "https://idp.example/token",
        ])
        .args(["--spiffe-socket", "unix:///nonexistent.sock", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        subject(out),
        "from-command",
        "deliberate settings in the contract's order"
    );

    let out = env
        .cmd()
        .env("CIRCLE_OIDC_TOKEN_V2", &from_circle)
        .args(["--token-command", &shown(&tool), "detect", "-o", "json"])
        .output()
        .unwrap();
    let report = ok_json(&out);
    assert_eq!(report["chosen"], "command");
    assert_eq!(report["hint"], serde_json::Value::Null);
    let command = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "command")
        .unwrap();
    assert_eq!(command["present"], true);
    let detail = command["detail"].as_str().unwrap();
    assert!(
        detail.contains("--token-command") && detail.contains("chosen"),
        "{detail}"
    );
    let env_entry = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "env")
        .unwrap();
    assert!(
        env_entry["detail"]
            .as_str()
            .unwrap()
            .contains("passed over"),
        "{env_entry}"
    );
    assert!(
        !out.stdout
            .windows(20)
            .any(|w| w == &from_circle.as_bytes()[..20])
    );

    // A token pasted into the command line by mistake is never shown, in detect nor in -v.
    let pasted = format!("/bin/echo {from_command}");
    for args in [
        vec!["detect"],
        vec!["detect", "-o", "json"],
        vec!["-v", "-o", "token"],
    ] {
        let out = env
            .cmd()
            .args(["--token-command", &pasted, "--cache", "none"])
            .args(&args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(
            stderr.contains("eyJ") || stdout.contains("eyJ"),
            "{args:?}: shown redacted"
        );
        assert!(!stderr.contains(&from_command), "{args:?}: {stderr}");
        if args[0] == "detect" {
            assert!(!stdout.contains(&from_command), "{args:?}: {stdout}");
        }
    }

    let out = env
        .cmd()
        .args(["--token-command", &shown(&tool), "inspect"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Token from command `"), "{text}");
    assert!(text.contains("from-command"), "{text}");
}
