//! Issue 17's user-visible polish: one duration format everywhere, usage errors of one
//! `jwtcred: error:` line and one `hint:` line naming the right help, env-var errors that name
//! the variable and its accepted values, help without dangling `=`, and `detect` naming the
//! missing Actions variable.

use std::process::Output;

use serde_json::json;

use crate::common::actions::ActionsServer;
use crate::common::jwt::{now, unsigned_jwt};
use crate::common::{TestEnv, assert_failure, ok_stdout};

/// True when `text` is a duration in the DURATION input form: digits+unit groups, largest unit
/// first, no spaces (`59m12s`, `1h2m3s`, `250ms`).
fn is_duration_form(text: &str) -> bool {
    let mut rest = text;
    let mut last_rank = 0;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let (rank, len) = if rest.starts_with("ms") {
            (4, 2)
        } else if rest.starts_with('h') {
            (1, 1)
        } else if rest.starts_with('m') {
            (2, 1)
        } else if rest.starts_with('s') {
            (3, 1)
        } else {
            return false;
        };
        if rank <= last_rank {
            return false;
        }
        last_rank = rank;
        rest = &rest[len..];
    }
    true
}

#[test]
fn the_duration_form_checker_itself() {
    for good in [
        "59m12s", "1h2m3s", "9m5s", "45s", "0s", "250ms", "1s500ms", "10m",
    ] {
        assert!(is_duration_form(good), "{good}");
    }
    for bad in ["9m 5s", "59m 12s", "", "5", "1.5s", "2s1m", "1 h"] {
        assert!(!is_duration_form(bad), "{bad}");
    }
}

#[test]
fn cache_list_prints_time_left_in_the_duration_form() {
    let env = TestEnv::new();
    let actions = ActionsServer::start_with(ActionsServer::builder().ttl(3595));
    ok_stdout(
        &env.cmd()
            .envs(actions.env())
            .args(["--source", "actions", "--audience", "aud-a"])
            .output()
            .unwrap(),
    );
    let text = ok_stdout(&env.cmd().args(["cache", "list"]).output().unwrap());
    let row = text.lines().nth(1).expect("one entry row");
    let left = row.split_whitespace().last().unwrap();
    assert!(left.starts_with("59m") && left.ends_with('s'), "{text}");
    assert!(is_duration_form(left), "{text}");
    assert!(!text.contains("m "), "old `59m 12s` shape: {text}");
}

#[test]
fn inspect_prints_times_in_the_duration_form() {
    let env = TestEnv::new();
    let t = now();
    let token = unsigned_jwt(
        json!({"alg": "RS256"}),
        json!({"sub": "me", "iat": t - 3723, "exp": t + 545}),
    );
    let text = ok_stdout(&env.cmd().args(["inspect", &token]).output().unwrap());
    let left = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("time left: "))
        .unwrap_or_else(|| panic!("no time left line: {text}"));
    assert!(left.starts_with("9m") && is_duration_form(left), "{text}");
    let iat = text.lines().find(|l| l.trim().starts_with("iat")).unwrap();
    let ago = iat
        .rsplit_once('(')
        .and_then(|(_, r)| r.strip_suffix(" ago)"))
        .unwrap_or_else(|| panic!("{iat}"));
    assert!(ago.starts_with("1h2m") && is_duration_form(ago), "{iat}");
}

#[test]
fn an_expired_token_error_says_how_long_ago_in_the_duration_form() {
    let env = TestEnv::new();
    let token = unsigned_jwt(
        json!({"alg": "RS256"}),
        json!({"sub": "me", "exp": now() - 3661}),
    );
    let file = env.write("token", &token);
    let output = env
        .cmd()
        .args(["--source", "file", "--token-file"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = assert_failure(&output, 1, &[&token]);
    let ago = stderr
        .split_once(" ago)")
        .and_then(|(before, _)| before.rsplit_once('('))
        .map(|(_, d)| d)
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(ago.starts_with("1h1m") && is_duration_form(ago), "{stderr}");
}

#[test]
fn verbose_retry_log_prints_the_wait_in_the_duration_form() {
    let env = TestEnv::new();
    let actions = ActionsServer::start_with(ActionsServer::builder().fail_first(1, 503));
    let output = env
        .cmd()
        .envs(actions.env())
        .args(["--source", "actions", "-v"])
        .output()
        .unwrap();
    ok_stdout(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let wait = stderr
        .split_once("waiting ")
        .and_then(|(_, rest)| rest.split_once(" before attempt 2"))
        .map(|(d, _)| d)
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(is_duration_form(wait), "{stderr}");
}

/// The usage-error contract: exit 2, empty stdout, exactly one `jwtcred: error:` line and one
/// `hint:` line, none of clap's usage block or "For more information" line. Returns the hint.
fn usage_error(output: &Output) -> (String, String) {
    let stderr = assert_failure(output, 2, &[]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "exactly two lines: {stderr}");
    assert!(lines[0].starts_with("jwtcred: error: "), "{stderr}");
    assert!(lines[1].starts_with("hint: "), "{stderr}");
    for clap_noise in ["For more information", "Usage:", "try '--help'"] {
        assert!(!stderr.contains(clap_noise), "{clap_noise}: {stderr}");
    }
    (lines[0].to_owned(), lines[1].to_owned())
}

#[test]
fn usage_errors_are_one_error_line_and_one_hint_naming_the_right_help() {
    let env = TestEnv::new();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["argocd-cluster", "--bogus"],
            "unexpected argument '--bogus'",
            "see `jwtcred argocd-cluster --help`",
        ),
        (
            &["argocd-cluster"],
            "--name <NAME>, --server <URL>",
            "see `jwtcred argocd-cluster --help`",
        ),
        (
            &["--output", "xml"],
            "invalid value 'xml' for '--output",
            "see `jwtcred --help`",
        ),
        (
            &["--source", "file", "--timeout", "5x"],
            "invalid value '5x' for '--timeout",
            "see `jwtcred --help`",
        ),
        (
            &["cache", "list", "--nope"],
            "unexpected argument '--nope'",
            "see `jwtcred cache list --help`",
        ),
        (
            &["cache"],
            "`jwtcred cache` needs a subcommand: list, clear",
            "see `jwtcred cache --help`",
        ),
        (
            &[
                "--token-url",
                "https://a.example",
                "--issuer",
                "https://b.example",
            ],
            "cannot be used with",
            "see `jwtcred --help`",
        ),
        (
            &["nosuchcommand"],
            "unrecognized subcommand",
            "see `jwtcred --help`",
        ),
        (
            &[
                "authn-config",
                "--format",
                "openshift",
                "--api-version",
                "v1",
            ],
            "--api-version applies to --format kubernetes only",
            "see `jwtcred authn-config --help`",
        ),
    ];
    for (args, message, help) in cases {
        let (error, hint) = usage_error(&env.cmd().args(*args).output().unwrap());
        assert!(error.contains(message), "{args:?}: {error}");
        assert!(hint.ends_with(help), "{args:?}: {hint}");
    }
}

#[test]
fn usage_error_hint_keeps_clap_tip_on_the_hint_line() {
    let env = TestEnv::new();
    let (_, hint) = usage_error(&env.cmd().args(["--audiance", "x"]).output().unwrap());
    assert!(hint.contains("'--audience'"), "{hint}");
    assert!(hint.ends_with("see `jwtcred --help`"), "{hint}");
}

#[test]
fn as_the_kubectl_plugin_the_hint_names_kubectl_jwtcred() {
    let env = TestEnv::new();
    let plugin = env.path().join("kubectl-jwtcred");
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("jwtcred"), &plugin).unwrap();
    for (args, help) in [
        (
            &["argocd-cluster", "--bogus"][..],
            "see `kubectl jwtcred argocd-cluster --help`",
        ),
        (&["--output", "xml"][..], "see `kubectl jwtcred --help`"),
    ] {
        let output = std::process::Command::new(&plugin)
            .env_clear()
            .env("HOME", env.path())
            .args(args)
            .output()
            .unwrap();
        let (error, hint) = usage_error(&output);
        assert!(error.starts_with("jwtcred: error: "), "{error}");
        assert!(hint.ends_with(help), "{args:?}: {hint}");
    }
}

#[test]
fn a_bad_env_value_names_the_variable_and_the_accepted_values() {
    let env = TestEnv::new();
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "JWTCRED_VERBOSE",
            "maybe",
            &["1, 0, true, false, yes, no, on, off"],
        ),
        (
            "JWTCRED_SOURCE",
            "bogus",
            &["auto, spiffe, actions, client-credentials, file, env, command"],
        ),
        ("JWTCRED_OUTPUT", "xml", &["exec-credential, token, json"]),
        ("JWTCRED_CACHE", "disk", &["file, keyring, none"]),
        ("JWTCRED_AUTH_METHOD", "digest", &["basic, post"]),
        ("JWTCRED_TOKEN_FIELD", "token", &["access_token, id_token"]),
        (
            "JWTCRED_TIMEOUT",
            "5x",
            &["a DURATION such as 90s", "invalid unit"],
        ),
        (
            "JWTCRED_REFRESH_BEFORE",
            "9000h",
            &["a DURATION such as 90s", "365 days"],
        ),
    ];
    for (var, value, accepted) in cases {
        for args in [&[][..], &["detect"][..]] {
            if *var == "JWTCRED_OUTPUT" && !args.is_empty() {
                // get's variable only: detect never reads it (jwtcred_output_is_read_by_get_only).
                continue;
            }
            let output = env.cmd().env(var, value).args(args).output().unwrap();
            let (error, hint) = usage_error(&output);
            let expected =
                format!("jwtcred: error: {var} has the invalid value '{value}' (accepted: ");
            assert!(error.starts_with(&expected), "{error}");
            for part in *accepted {
                assert!(error.contains(part), "{var}: {error}");
            }
            assert!(
                !error.contains("for '--"),
                "names the flag, not the variable: {error}"
            );
            assert!(
                hint.contains(&format!("set {var} to an accepted value")),
                "{hint}"
            );
        }
    }
}

#[test]
fn a_bad_flag_value_still_gets_the_flag_message_even_with_the_variable_set() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("JWTCRED_SOURCE", "bogus")
        .args(["--source", "bogus"])
        .output()
        .unwrap();
    let (error, _) = usage_error(&output);
    assert!(
        error.contains("invalid value 'bogus' for '--source"),
        "{error}"
    );
    let output = env
        .cmd()
        .env("JWTCRED_VERBOSE", "maybe")
        .args(["--timeout=5x"])
        .output()
        .unwrap();
    let (error, _) = usage_error(&output);
    assert!(error.contains("for '--timeout"), "{error}");
}

#[test]
fn a_secret_in_a_bad_env_value_is_redacted() {
    let env = TestEnv::new();
    let pasted = unsigned_jwt(json!({"alg": "RS256"}), json!({"sub": "someone-secret"}));
    let output = env.cmd().env("JWTCRED_SOURCE", &pasted).output().unwrap();
    let stderr = assert_failure(&output, 2, &[&pasted, &pasted[7..]]);
    assert!(
        stderr.contains("JWTCRED_SOURCE has the invalid value"),
        "{stderr}"
    );
}

#[test]
fn help_names_each_variable_without_a_dangling_equals_or_its_value() {
    let env = TestEnv::new();
    let commands: &[&[&str]] = &[
        &["--help"],
        &["get", "--help"],
        &["detect", "--help"],
        &["inspect", "--help"],
        &["cache", "clear", "--help"],
        &["kubeconfig", "--help"],
        &["argocd-cluster", "--help"],
        &["doctor", "--help"],
        &["authn-config", "--help"],
        &["help", "get"],
    ];
    for args in commands {
        for set in [false, true] {
            let mut cmd = env.cmd();
            if set {
                cmd.env("JWTCRED_SOURCE", "file")
                    .env("JWTCRED_TOKEN_COMMAND", "vault-token-helper --secret-here");
            }
            let help = ok_stdout(&cmd.args(*args).output().unwrap());
            // clap wraps long lines: `[env:` and the name may sit on two lines.
            let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains("[env: JWTCRED_SOURCE]"), "{args:?}: {help}");
            let mut rest = flat.as_str();
            while let Some(at) = rest.find("[env: ") {
                rest = &rest[at + 6..];
                let end = rest.find(']').expect("closed [env: …]");
                let name = &rest[..end];
                assert!(
                    name.starts_with("JWTCRED_")
                        && name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                    "{args:?}: `[env: {name}]` in {help}"
                );
            }
            assert!(
                !help.contains("vault-token-helper"),
                "env value in help: {help}"
            );
        }
    }
}

#[test]
fn detect_names_the_missing_actions_variable_like_get_does() {
    const URL: &str = "ACTIONS_ID_TOKEN_REQUEST_URL";
    const TOKEN: &str = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    let request_token = "actions-request-token-0123456789";
    let env = TestEnv::new();
    for (set, value, missing) in [
        (URL, "https://actions.example/token", TOKEN),
        (TOKEN, request_token, URL),
    ] {
        let expected = format!("{missing} is not set");
        let get = env
            .cmd()
            .env(set, value)
            .args(["--source", "actions"])
            .output()
            .unwrap();
        let stderr = assert_failure(&get, 1, &[request_token]);
        assert!(stderr.contains(&expected), "{stderr}");

        let text = ok_stdout(&env.cmd().env(set, value).arg("detect").output().unwrap());
        let line = text
            .lines()
            .find(|l| l.starts_with("actions "))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(line.contains(&expected), "{line}");
        assert!(!text.contains(request_token), "{text}");

        let json: serde_json::Value = serde_json::from_str(&ok_stdout(
            &env.cmd()
                .env(set, value)
                .args(["detect", "-o", "json"])
                .output()
                .unwrap(),
        ))
        .unwrap();
        let actions = json["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "actions")
            .unwrap();
        assert_eq!(actions["present"], false);
        assert!(
            actions["detail"].as_str().unwrap().contains(&expected),
            "{actions}"
        );

        // Auto-detection's nothing-found error lists the same line (exit 3).
        let auto = env.cmd().env(set, value).output().unwrap();
        let stderr = assert_failure(&auto, 3, &[request_token]);
        assert!(
            stderr.contains(&format!("  - actions: {expected}")),
            "{stderr}"
        );
    }
    // Neither set: the usual how-to.
    let text = ok_stdout(&env.cmd().arg("detect").output().unwrap());
    assert!(
        text.contains("not configured: run in a GitHub Actions job"),
        "{text}"
    );
}

#[test]
fn two_exclusive_variables_are_named_as_variables() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("JWTCRED_TOKEN_URL", "https://idp.example/token")
        .env("JWTCRED_ISSUER", "https://idp.example")
        .output()
        .unwrap();
    let (error, hint) = usage_error(&output);
    assert!(
        error.contains("JWTCRED_TOKEN_URL and JWTCRED_ISSUER are both set"),
        "{error}"
    );
    assert!(
        hint.contains("unset JWTCRED_TOKEN_URL or JWTCRED_ISSUER"),
        "{hint}"
    );
    // Two flags keep clap's flag message.
    let output = env
        .cmd()
        .args([
            "--token-url",
            "https://idp.example/token",
            "--issuer",
            "https://idp.example",
        ])
        .output()
        .unwrap();
    let (error, _) = usage_error(&output);
    assert!(
        error.contains("'--token-url <URL>' cannot be used with"),
        "{error}"
    );
}

/// JWTCRED_OUTPUT is get's: detect, inspect and cache list keep their own formats whatever it
/// says (an invalid value included), while get and the bare form still honour it.
#[test]
fn jwtcred_output_is_read_by_get_only() {
    let env = TestEnv::new();
    let token = unsigned_jwt(
        json!({"alg": "RS256"}),
        json!({"iss": "https://x.example", "sub": "s", "exp": now() + 600}),
    );
    let file = env.write("token", &token);
    for value in ["xml", "json", "token"] {
        for args in [&["detect"][..], &["cache", "list"], &["inspect", &token]] {
            let output = env
                .cmd()
                .env("JWTCRED_OUTPUT", value)
                .args(args)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{args:?} with JWTCRED_OUTPUT={value}: {output:?}"
            );
            assert!(
                !ok_stdout(&output).trim_start().starts_with('{')
                    && !ok_stdout(&output).starts_with("eyJ"),
                "{args:?} followed JWTCRED_OUTPUT={value}: {}",
                ok_stdout(&output)
            );
        }
    }
    for args in [&["get"][..], &[]] {
        let output = env
            .cmd()
            .env("JWTCRED_OUTPUT", "token")
            .args(args)
            .args(["--source", "file", "--token-file"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(ok_stdout(&output).trim(), token, "{args:?}");
        let bad = env
            .cmd()
            .env("JWTCRED_OUTPUT", "xml")
            .args(args)
            .args(["--source", "file", "--token-file"])
            .arg(&file)
            .output()
            .unwrap();
        assert_failure(&bad, 2, &[&token]);
    }
}
