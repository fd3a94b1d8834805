//! Issue 17: each subcommand accepts and shows only the options it uses. Get options on the
//! token commands, none on `man`, `completions` and `install`; report commands have their own
//! `-o text|json`; get options given before a subcommand still reach it.

use serde_json::{Value, json};

use crate::common::jwt::{now, unsigned_jwt};
use crate::common::{TestEnv, assert_failure, ok_stdout};

fn help(env: &TestEnv, args: &[&str]) -> String {
    ok_stdout(&env.cmd().args(args).arg("--help").output().unwrap())
}

fn token() -> String {
    unsigned_jwt(
        json!({"alg": "RS256", "kid": "k1"}),
        json!({"iss": "https://issuer.example", "sub": "repo:o/r", "aud": "kube", "iat": now() - 60, "exp": now() + 600}),
    )
}

#[test]
fn man_completions_and_install_take_no_get_options_and_have_short_help() {
    let env = TestEnv::new();
    for args in [&["man"][..], &["completions"], &["install"]] {
        let text = help(&env, args);
        assert!(text.lines().count() < 25, "{args:?}: {text}");
        assert!(!text.contains("--source"), "{args:?}: {text}");
        assert!(!text.contains("JWTCRED_"), "{args:?}: {text}");
    }
    let dir = env.dir.path().join("bin");
    let cases: &[&[&str]] = &[
        &["man", "--source", "actions"],
        &["completions", "bash", "--token-file", "nope"],
        &["install", dir.to_str().unwrap(), "--audience", "a"],
        &["--source", "file", "man"],
        &["-v", "completions", "bash"],
    ];
    for args in cases {
        let output = env.cmd().args(*args).output().unwrap();
        let stderr = assert_failure(&output, 2, &[]);
        assert!(stderr.contains("unexpected argument"), "{args:?}: {stderr}");
    }
    assert!(!dir.exists(), "install ran despite the usage error");
}

#[test]
fn get_options_live_on_the_token_commands_only() {
    let env = TestEnv::new();
    let token_commands: &[&[&str]] = &[
        &[],
        &["get"],
        &["detect"],
        &["inspect"],
        &["cache", "list"],
        &["cache", "clear"],
        &["kubeconfig"],
        &["argocd-cluster"],
        &["doctor"],
        &["authn-config"],
    ];
    for args in token_commands {
        let text = help(&env, args);
        for option in [
            "--source <SOURCE>",
            "--token-file",
            "--exchange-url",
            "--cache-dir",
        ] {
            assert!(text.contains(option), "{args:?} lacks {option}: {text}");
        }
    }
    // get's output options belong to get, the bare form and the writers (which write them).
    for args in [&[][..], &["get"], &["kubeconfig"], &["argocd-cluster"]] {
        let text = help(&env, args);
        assert!(text.contains("exec-credential"), "{args:?}: {text}");
        assert!(text.contains("--exec-api-version"), "{args:?}: {text}");
    }
    for args in [
        &["detect"][..],
        &["inspect"],
        &["cache", "list"],
        &["cache", "clear"],
        &["doctor"],
        &["authn-config"],
    ] {
        let text = help(&env, args);
        assert!(!text.contains("exec-credential"), "{args:?}: {text}");
        assert!(!text.contains("--exec-api-version"), "{args:?}: {text}");
    }
    // cache list takes them too (one set of get options works on both cache commands).
    let list = help(&env, &["cache", "list"]);
    assert!(
        list.contains("--cache-dir") && list.contains("--token-file"),
        "{list}"
    );
    let output = env
        .cmd()
        .args(["cache", "list", "--source", "file", "--token-file", "x"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn report_commands_have_their_own_text_or_json_output() {
    let env = TestEnv::new();
    let token = token();
    let file = env.write("token", &token);
    let file = file.to_str().unwrap();
    let cases: &[&[&str]] = &[
        &["detect", "--source", "file", "--token-file", file],
        &["inspect", &token],
        &["cache", "list"],
    ];
    for args in cases {
        let text = help(&env, &args[..if args[0] == "cache" { 2 } else { 1 }]);
        assert!(
            text.contains("[possible values: text, json]"),
            "{args:?}: {text}"
        );
        let json = ok_stdout(&env.cmd().args(*args).args(["-o", "json"]).output().unwrap());
        serde_json::from_str::<Value>(&json).unwrap_or_else(|e| panic!("{args:?}: {e}: {json}"));
        let text = ok_stdout(
            &env.cmd()
                .args(*args)
                .args(["--output", "text"])
                .output()
                .unwrap(),
        );
        assert!(
            serde_json::from_str::<Value>(&text).is_err(),
            "{args:?}: {text}"
        );
        // get's values are not theirs.
        let bad = env
            .cmd()
            .args(*args)
            .args(["-o", "token"])
            .output()
            .unwrap();
        let stderr = assert_failure(&bad, 2, &[&token]);
        assert!(stderr.contains("text, json"), "{args:?}: {stderr}");
    }
}

#[test]
fn inspect_json_has_the_decoded_header_claims_and_times() {
    let env = TestEnv::new();
    let token = token();
    let output = env
        .cmd()
        .args(["inspect", "-o", "json", &token])
        .output()
        .unwrap();
    let json: Value = serde_json::from_str(&ok_stdout(&output)).unwrap();
    assert_eq!(json["header"], json!({"alg": "RS256", "kid": "k1"}));
    assert_eq!(json["claims"]["sub"], "repo:o/r");
    assert_eq!(json["claims"]["aud"], "kube");
    for claim in ["iat", "exp"] {
        let time = json["times"][claim].as_str().unwrap();
        assert!(time.ends_with('Z') && time.contains('T'), "{claim}: {time}");
    }
    assert_eq!(json["times"]["nbf"], Value::Null);
    let left = json["time_left_seconds"].as_i64().unwrap();
    assert!((590..=600).contains(&left), "{left}");
    assert_eq!(json["expired"], false);
    assert_eq!(json["signature_verified"], false);
    assert_eq!(json["origin"], "the command line");
    // The token itself is not repeated: only its decoded parts.
    assert!(!ok_stdout(&output).contains(&token));

    let expired = unsigned_jwt(
        json!({"alg": "none"}),
        json!({"exp": now() - 30, "iat": 1e30}),
    );
    let output = env
        .cmd()
        .args(["inspect", "--output=json", &expired])
        .output()
        .unwrap();
    let json: Value = serde_json::from_str(&ok_stdout(&output)).unwrap();
    assert_eq!(json["expired"], true);
    assert!(json["time_left_seconds"].as_i64().unwrap() < 0);
    assert_eq!(json["times"]["iat"], Value::Null, "out of range iat");
}

#[test]
fn get_options_before_a_subcommand_still_reach_it() {
    let env = TestEnv::new();
    let token = token();
    let file = env.write("token", &token);
    let file = file.to_str().unwrap();
    let output = env
        .cmd()
        .args([
            "--source",
            "file",
            "--token-file",
            file,
            "inspect",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_str(&ok_stdout(&output)).unwrap();
    let origin = json["origin"].as_str().unwrap();
    assert!(origin.contains(file), "{origin}");
    // As with a global option: given again behind the subcommand, the later one counts.
    let output = env
        .cmd()
        .args(["--audience", "a", "kubeconfig", "--user", "u", "--dry-run"])
        .args(["--source", "file", "--token-file", file, "--audience", "b"])
        .output()
        .unwrap();
    let text = ok_stdout(&output);
    assert!(text.contains("- b"), "{text}");
    assert!(!text.contains("- a\n"), "{text}");
    // `cache clear`: behind the innermost subcommand, and they select one entry.
    let output = env
        .cmd()
        .args(["--source", "file", "--token-file", file, "cache", "clear"])
        .output()
        .unwrap();
    assert!(ok_stdout(&output).contains("never cached"), "{output:?}");
}

#[test]
fn top_level_help_says_where_to_start_and_shows_examples() {
    let env = TestEnv::new();
    let text = help(&env, &[]);
    assert!(text.contains("Start with `jwtcred detect`"), "{text}");
    let examples = text.split("Examples:").nth(1).expect("an Examples section");
    let commands: Vec<&str> = examples
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("jwtcred "))
        .collect();
    assert_eq!(commands.len(), 3, "{examples}");
    // Every example parses: its subcommand and flags exist (help of the same words).
    for line in commands {
        let words: Vec<&str> = line.split('#').next().unwrap().split_whitespace().collect();
        let output = env.cmd().args(&words[1..]).arg("--help").output().unwrap();
        assert!(output.status.success(), "{line}: {output:?}");
    }
}
