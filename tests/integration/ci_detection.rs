//! CI tokens in variables (CircleCI, Bitbucket Pipelines) found by auto-detection and by
//! `--source env`, and — when nothing is found in a recognisable CI — the one line to add in
//! that CI, in the exit-3 error and in `detect`. Each CI is simulated with the variables its
//! runners really set (../shared/PROTOCOLS-CLUSTER.md §6).

use serde_json::Value;

use crate::common::jwt::TestIssuer;
use crate::common::{TestEnv, assert_failure, ok_json};

fn mint(sub: &str) -> String {
    TestIssuer::new("https://oidc.ci.example").mint_for(sub, "k8s", 600)
}

/// A job's environment in each CI, with nothing configured for OIDC.
const GITHUB: &[(&str, &str)] = &[
    ("CI", "true"),
    ("GITHUB_ACTIONS", "true"),
    ("GITHUB_WORKFLOW", "deploy"),
    ("GITHUB_RUN_ID", "1658821493"),
    ("RUNNER_OS", "Linux"),
];
const FORGEJO: &[(&str, &str)] = &[
    ("CI", "true"),
    ("FORGEJO_ACTIONS", "true"),
    ("GITEA_ACTIONS", "true"),
    ("GITHUB_ACTIONS", "true"),
    ("FORGEJO_RUNNER_VERSION", "v11.1.2"),
    ("GITHUB_SERVER_URL", "https://codeberg.org"),
];
const GITEA: &[(&str, &str)] = &[
    ("CI", "true"),
    ("GITEA_ACTIONS", "true"),
    ("GITHUB_ACTIONS", "true"),
    ("GITEA_RUNNER_VERSION", "v0.2.11"),
];
const GITLAB: &[(&str, &str)] = &[
    ("CI", "true"),
    ("GITLAB_CI", "true"),
    ("CI_SERVER_URL", "https://gitlab.com"),
    ("CI_JOB_ID", "7046507"),
];
const BITBUCKET: &[(&str, &str)] = &[
    ("CI", "true"),
    ("BITBUCKET_BUILD_NUMBER", "42"),
    ("BITBUCKET_WORKSPACE", "acme"),
    (
        "BITBUCKET_REPO_UUID",
        "{7a8b9c0d-1e2f-3a4b-5c6d-7e8f9a0b1c2d}",
    ),
];
const BUILDKITE: &[(&str, &str)] = &[
    ("CI", "true"),
    ("BUILDKITE", "true"),
    ("BUILDKITE_JOB_ID", "01890c2e-6d4b-4b4e-9d7c-1f2e3d4c5b6a"),
    ("BUILDKITE_AGENT_NAME", "agent-1"),
];
const CIRCLECI: &[(&str, &str)] = &[
    ("CI", "true"),
    ("CIRCLECI", "true"),
    (
        "CIRCLE_ORGANIZATION_ID",
        "c9a5b3e1-0000-4000-8000-000000000001",
    ),
    ("CIRCLE_PROJECT_ID", "c9a5b3e1-0000-4000-8000-000000000002"),
];

/// Runs `jwtcred`, `detect`, `detect -o json` and `detect --check` in `ci` and checks that each
/// says exactly `line`.
fn assert_what_to_add(ci: &[(&str, &str)], line: &str) {
    let env = TestEnv::new();
    let run = |args: &[&str]| {
        env.cmd()
            .envs(ci.iter().copied())
            .args(args)
            .output()
            .unwrap()
    };
    let stderr = assert_failure(&run(&[]), 3, &[]);
    assert!(
        stderr.lines().any(|l| l == format!("hint: {line}")),
        "expected `hint: {line}` in\n{stderr}"
    );
    assert!(stderr.contains("looked for"), "{stderr}");

    let text = run(&["detect"]);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.lines().any(|l| l == format!("In this CI: {line}")),
        "{text}"
    );

    let report = ok_json(&run(&["detect", "--output", "json"]));
    assert_eq!(report["chosen"], Value::Null);
    assert_eq!(report["hint"], line);

    let check = run(&["detect", "--check"]);
    let stderr = assert_failure(&check, 3, &[]);
    assert!(stderr.contains(line), "{stderr}");
}

#[test]
fn github_actions_without_id_token_permission() {
    assert_what_to_add(
        GITHUB,
        "GitHub Actions (GITHUB_ACTIONS is set): add `permissions: id-token: write` to the job (or the workflow); fork pull requests never get a token",
    );
}

#[test]
fn forgejo_actions_is_told_its_own_line_although_github_actions_is_set_too() {
    assert_what_to_add(
        FORGEJO,
        "Forgejo/Gitea Actions (FORGEJO_ACTIONS is set): add `enable-openid-connect: true` to the job (or the workflow); fork pull requests never get a token",
    );
}

#[test]
fn gitea_actions_is_told_the_forgejo_line() {
    assert_what_to_add(
        GITEA,
        "Forgejo/Gitea Actions (GITEA_ACTIONS is set): add `enable-openid-connect: true` to the job (or the workflow); fork pull requests never get a token",
    );
}

#[test]
fn gitlab_ci_without_id_tokens() {
    assert_what_to_add(
        GITLAB,
        "GitLab CI (GITLAB_CI is set): add an `id_tokens:` entry to the job (`id_tokens: {JWTCRED_TOKEN: {aud: AUD}}`) and run jwtcred with `--token-env JWTCRED_TOKEN`",
    );
}

#[test]
fn bitbucket_pipelines_without_oidc_on_the_step() {
    assert_what_to_add(
        BITBUCKET,
        "Bitbucket Pipelines (BITBUCKET_BUILD_NUMBER is set): add `oidc: true` to the step; jwtcred then reads BITBUCKET_STEP_OIDC_TOKEN",
    );
}

#[test]
fn buildkite_without_a_token_command() {
    assert_what_to_add(
        BUILDKITE,
        "Buildkite (BUILDKITE is set): run jwtcred with `--token-command 'buildkite-agent oidc request-token --audience {audience}'` and `--audience AUD`",
    );
}

#[test]
fn circleci_without_its_token_is_a_fork_build() {
    assert_what_to_add(
        CIRCLECI,
        "CircleCI (CIRCLECI is set): CircleCI sets CIRCLE_OIDC_TOKEN_V2 in every job except fork builds: enable `Pass secrets to builds from forked pull requests` in the project settings",
    );
}

#[test]
fn outside_a_recognisable_ci_there_is_no_ci_line() {
    let env = TestEnv::new();
    let stderr = assert_failure(&env.cmd().env("CI", "true").output().unwrap(), 3, &[]);
    assert!(stderr.contains("hint: run `jwtcred detect`"), "{stderr}");
    let report = ok_json(
        &env.cmd()
            .env("CI", "true")
            .args(["detect", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(report["hint"], Value::Null);
}

#[test]
fn an_explicit_source_gets_the_ci_line_only_when_that_ci_feeds_it() {
    let env = TestEnv::new();
    let run = |ci: &[(&str, &str)], source: &str| {
        let out = env
            .cmd()
            .envs(ci.iter().copied())
            .args(["--source", source])
            .output()
            .unwrap();
        assert_failure(&out, 3, &[])
    };
    assert!(run(GITHUB, "actions").contains("hint: GitHub Actions (GITHUB_ACTIONS is set)"));
    assert!(run(GITLAB, "env").contains("hint: GitLab CI (GITLAB_CI is set)"));
    assert!(run(BUILDKITE, "command").contains("hint: Buildkite (BUILDKITE is set)"));
    let spiffe = run(GITHUB, "spiffe");
    assert!(!spiffe.contains("id-token"), "{spiffe}");
    assert!(spiffe.contains("SPIFFE_ENDPOINT_SOCKET"), "{spiffe}");
    let env_source = run(GITHUB, "env");
    assert!(env_source.contains("CIRCLE_OIDC_TOKEN_V2"), "{env_source}");
}

#[test]
fn circleci_and_bitbucket_tokens_are_found_in_the_contracts_order() {
    let env = TestEnv::new();
    let v2 = mint("circle-v2");
    let v1 = mint("circle-v1");
    let bitbucket = mint("bitbucket");
    let aws = mint("aws");
    let aws_file = env.write("aws", &aws);
    let subject = |vars: &[(&str, &str)], args: &[&str]| {
        let out = env
            .cmd()
            .envs(vars.iter().copied())
            .env("AWS_WEB_IDENTITY_TOKEN_FILE", &aws_file)
            .args(["-o", "json"])
            .args(args)
            .output()
            .unwrap();
        let json = ok_json(&out);
        assert_eq!(json["source"], "env", "{json}");
        json["subject"].as_str().unwrap().to_owned()
    };
    let all = [
        ("CIRCLECI", "true"),
        ("CIRCLE_OIDC_TOKEN", v1.as_str()),
        ("CIRCLE_OIDC_TOKEN_V2", v2.as_str()),
        ("BITBUCKET_STEP_OIDC_TOKEN", bitbucket.as_str()),
    ];
    assert_eq!(subject(&all, &[]), "circle-v2");
    assert_eq!(subject(&all[..2], &[]), "circle-v1");
    assert_eq!(subject(&all[3..], &[]), "bitbucket", "before the AWS file");
    // --source env without --token-env uses the same variables, in the same order.
    assert_eq!(subject(&all, &["--source", "env"]), "circle-v2");
    assert_eq!(subject(&all[3..], &["--source", "env"]), "bitbucket");
    // --token-env names its own variable and wins.
    let own = mint("own");
    let mut with_own = all.to_vec();
    with_own.push(("GITLAB_TOKEN", own.as_str()));
    assert_eq!(
        subject(
            &with_own,
            &["--source", "env", "--token-env", "GITLAB_TOKEN"]
        ),
        "own"
    );
    // An empty variable is not a token.
    let out = env
        .cmd()
        .env("CIRCLE_OIDC_TOKEN_V2", "")
        .args(["--source", "env"])
        .output()
        .unwrap();
    assert_failure(&out, 3, &[]);

    // detect names them, shows no token, and explains the order.
    let out = env
        .cmd()
        .envs(all.iter().copied())
        .env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "https://actions.example/token?x=1",
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token-secret")
        .args(["detect", "-o", "json"])
        .output()
        .unwrap();
    let report = ok_json(&out);
    assert_eq!(
        report["chosen"], "actions",
        "Actions comes before the CI variables"
    );
    let env_entry = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "env")
        .unwrap();
    let detail = env_entry["detail"].as_str().unwrap();
    for name in [
        "CIRCLE_OIDC_TOKEN_V2",
        "CIRCLE_OIDC_TOKEN",
        "BITBUCKET_STEP_OIDC_TOKEN",
    ] {
        assert!(detail.contains(name), "{name} in {detail}");
    }
    assert!(detail.contains("passed over"), "{detail}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    for secret in [&v2, &v1, &bitbucket] {
        assert!(!stdout.contains(secret.as_str()));
    }
    assert!(!stdout.contains("request-token-secret"));

    let out = env
        .cmd()
        .env("BITBUCKET_BUILD_NUMBER", "42")
        .env("BITBUCKET_STEP_OIDC_TOKEN", &bitbucket)
        .arg("detect")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("would use: env"), "{text}");
    assert!(text.contains("env BITBUCKET_STEP_OIDC_TOKEN"), "{text}");
    assert!(
        !text.contains("In this CI"),
        "a token was found: no line to add\n{text}"
    );
}
