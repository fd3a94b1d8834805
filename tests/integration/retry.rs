//! Retry policy, with counting servers: transient failures (connect errors, 429 with
//! Retry-After, 5xx, gRPC Unavailable, a short PermissionDenied) are retried with jittered
//! backoff inside `--timeout`; permanent ones (400/401/403, OAuth `invalid_client`) are tried
//! exactly once; an exhausted budget ends the call within `--timeout` plus a little slack.
//! `Retry-After` (seconds or a date, of any size) never shortens the backoff nor stretches past
//! the budget; a 407 (from a server or an HTTPS proxy) fails at once; a redirect loop is named
//! as one; the final error says what the server last answered. Requests are counted, not timed.

use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::actions::{ActionsServer, REQUEST_TOKEN};
use crate::common::dex::{DexServer, Forced};
use crate::common::hostile::{HostileServer, RefusedPort};
use crate::common::jwt::TestIssuer;
use crate::common::workload_api::WorkloadApiServer;
use crate::common::{TestEnv, assert_failure, stderr};

/// Process start and exit on a slow, loaded 2-core machine.
const STARTUP: Duration = Duration::from_millis(500);

/// The wall-clock bound for a call that should take `expected`: twice that plus start-up.
/// Wall time only shows that a call ended instead of waiting out something much longer; when
/// the attempts happened is read from the servers' arrival times, which a slow process start
/// does not move.
fn bound(expected: Duration) -> Duration {
    (expected + STARTUP) * 2
}

/// The bound for a call that must not wait at all, run with a budget of [`LONG_BUDGET`]: a
/// call that waited would take the whole budget.
const AT_ONCE: Duration = Duration::from_secs(5);
const LONG_BUDGET: &str = "20s";

fn run(cmd: &mut assert_cmd::Command) -> (Output, Duration) {
    let started = Instant::now();
    let output = cmd.output().expect("run jwtcred");
    (output, started.elapsed())
}

fn actions_cmd(env: &TestEnv, server: &ActionsServer, timeout: &str) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.envs(server.env())
        .args(["-v", "--source", "actions", "--cache", "none"])
        .args(["--timeout", timeout]);
    cmd
}

#[test]
fn actions_503_twice_then_success_takes_three_requests() {
    let env = TestEnv::new();
    let server = ActionsServer::builder().fail_first(2, 503).start();
    let (output, _) = run(&mut actions_cmd(&env, &server, "20s"));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(server.requests(), 3);
    let err = stderr(&output);
    assert!(err.contains("answered 503 (attempt 1), retrying"), "{err}");
    assert!(err.contains("answered 503 (attempt 2), retrying"), "{err}");
}

#[test]
fn actions_429_honours_retry_after() {
    let env = TestEnv::new();
    let server = ActionsServer::builder()
        .fail_first(1, 429)
        .retry_after(1)
        .start();
    let (output, took) = run(&mut actions_cmd(&env, &server, "20s"));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(server.requests(), 2);
    // Retry-After: 1 means one second, not the 100–200 ms first backoff step, and not more.
    let gap = server.arrivals().gaps()[0];
    assert!(gap >= Duration::from_millis(950), "retried after {gap:?}");
    assert!(gap < Duration::from_secs(2), "retried after {gap:?}");
    assert!(took >= Duration::from_millis(950), "retried after {took:?}");
    assert!(took < bound(Duration::from_secs(1)), "took {took:?}");
}

#[test]
fn retry_after_beyond_the_budget_gives_up_at_once() {
    let env = TestEnv::new();
    let server = ActionsServer::builder()
        .fail_first(100, 429)
        .retry_after(30)
        .start();
    let (output, took) = run(&mut actions_cmd(&env, &server, LONG_BUDGET));
    let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    assert_eq!(server.requests(), 1);
    assert!(
        took < AT_ONCE,
        "waited {took:?} for a retry that could not fit"
    );
    assert!(
        err.contains("gave up after 1 attempt(s) within --timeout 20s"),
        "{err}"
    );
    assert!(err.contains("HTTP 429"), "{err}");
}

macro_rules! permanent_status {
    ($($name:ident => $status:expr),* $(,)?) => {$(
        #[test]
        fn $name() {
            let env = TestEnv::new();
            let server = ActionsServer::builder()
                .respond_with($status, r#"{"message":"no"}"#)
                .start();
            let (output, took) = run(&mut actions_cmd(&env, &server, "20s"));
            let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
            assert_eq!(server.requests(), 1, "HTTP {} must not be retried", $status);
            assert!(took < Duration::from_secs(3), "took {took:?}");
            assert!(err.contains(&format!("answered HTTP {}", $status)), "{err}");
        }
    )*};
}

permanent_status! {
    actions_400_is_not_retried => 400,
    actions_401_is_not_retried => 401,
    actions_403_is_not_retried => 403,
    actions_404_is_not_retried => 404,
}

#[test]
fn oauth_invalid_client_is_not_retried() {
    let env = TestEnv::new();
    // A real refusal: the server knows client `ci` with another secret.
    let idp = DexServer::builder()
        .client("ci", "the-right-client-secret")
        .start();
    let (output, _) = run(env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", "retry-test-client-secret")
        .args(["-v", "--source", "client-credentials", "--cache", "none"])
        .args(["--token-url", &idp.token_url(), "--client-id", "ci"]));
    let err = assert_failure(&output, 1, &["retry-test-client-secret"]);
    assert_eq!(idp.requests(), 1);
    assert!(err.contains("invalid_client"), "{err}");
    assert!(
        err.contains("hint: check the client id and secret"),
        "{err}"
    );
}

#[test]
fn exchange_5xx_is_retried_until_the_budget_ends() {
    let env = TestEnv::new();
    let upstream = TestIssuer::new("https://ci.example");
    let dex = DexServer::builder()
        .client("jwtcred-ci", "exchange-secret-for-retry")
        .connector("ci", upstream.clone())
        .force(Forced::ServerError)
        .start();
    let subject = upstream.mint_for("ci-job", "dex", 300);
    let token_file = env.write("token", &subject);
    let (output, took) = run(env
        .cmd()
        .env(
            "JWTCRED_EXCHANGE_CLIENT_SECRET",
            "exchange-secret-for-retry",
        )
        .args([
            "-v",
            "--source",
            "file",
            "--cache",
            "none",
            "--timeout",
            "3s",
        ])
        .arg("--token-file")
        .arg(&token_file)
        .args(["--exchange-url", &dex.token_url()])
        .args([
            "--exchange-client-id",
            "jwtcred-ci",
            "--exchange-connector-id",
            "ci",
        ]));
    let err = assert_failure(&output, 1, &[&subject, "exchange-secret-for-retry"]);
    assert!(dex.requests() >= 3, "only {} requests", dex.requests());
    let span = dex.arrivals().span();
    assert!(span < Duration::from_secs(3), "attempts {span:?} apart");
    assert!(took < bound(Duration::from_secs(3)), "took {took:?}");
    assert!(err.contains("gave up after"), "{err}");
}

#[test]
fn budget_exhaustion_ends_within_the_timeout() {
    let env = TestEnv::new();
    let server = ActionsServer::builder().fail_first(10_000, 503).start();
    let (output, took) = run(&mut actions_cmd(&env, &server, "3s"));
    let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    // 200 ms, 400 ms, 800 ms, 1.6 s (halved at worst by jitter): at least three attempts fit,
    // all inside the budget.
    assert!(
        server.requests() >= 3,
        "only {} requests",
        server.requests()
    );
    let span = server.arrivals().span();
    assert!(span < Duration::from_secs(3), "attempts {span:?} apart");
    assert!(took < bound(Duration::from_secs(3)), "took {took:?}");
    assert!(err.contains("gave up after"), "{err}");
    assert!(err.contains("within --timeout 3s"), "{err}");
}

#[test]
fn connection_refused_is_retried_within_the_budget() {
    let env = TestEnv::new();
    let refused = RefusedPort::new();
    let (output, took) = run(env
        .cmd()
        .env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            format!("{}/_apis/idtoken?api-version=2.0", refused.base()),
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN)
        .args([
            "-v",
            "--source",
            "actions",
            "--cache",
            "none",
            "--timeout",
            "2s",
        ]));
    let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    assert!(took < bound(Duration::from_secs(2)), "took {took:?}");
    assert!(
        err.contains("(attempt 2)"),
        "connect errors must be retried: {err}"
    );
    assert!(err.contains("could not connect"), "{err}");
}

#[test]
fn grpc_unavailable_then_success() {
    let env = TestEnv::new();
    let agent = WorkloadApiServer::builder().unavailable_first(2).start();
    let (output, _) = run(env
        .cmd()
        .args([
            "-v",
            "--source",
            "spiffe",
            "--cache",
            "none",
            "--timeout",
            "20s",
        ])
        .args(["--spiffe-socket", agent.endpoint()]));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(agent.calls(), 3);
}

#[test]
fn grpc_permission_denied_briefly_then_success() {
    let env = TestEnv::new();
    let agent = WorkloadApiServer::builder().deny_first(2).start();
    let (output, _) = run(env
        .cmd()
        .args([
            "-v",
            "--source",
            "spiffe",
            "--cache",
            "none",
            "--timeout",
            "20s",
        ])
        .args(["--spiffe-socket", agent.endpoint()]));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(agent.calls(), 3);
}

#[test]
fn grpc_permission_denied_is_retried_for_at_most_five_seconds() {
    let env = TestEnv::new();
    let agent = WorkloadApiServer::builder().deny_always().start();
    let (output, took) = run(env
        .cmd()
        .args([
            "-v",
            "--source",
            "spiffe",
            "--cache",
            "none",
            "--timeout",
            "30s",
        ])
        .args(["--spiffe-socket", agent.endpoint()]));
    let err = assert_failure(&output, 1, &[]);
    assert!(
        agent.calls() >= 2,
        "PermissionDenied must be retried a little"
    );
    // Every retry starts within the five seconds (the last one may take a moment to arrive).
    let span = agent.arrivals().span();
    assert!(span < Duration::from_millis(5250), "calls {span:?} apart");
    assert!(took < bound(Duration::from_secs(5)), "took {took:?}");
    assert!(
        took >= Duration::from_secs(4),
        "gave up after only {took:?}"
    );
    assert!(
        err.contains("no identity issued for this workload"),
        "{err}"
    );
}

#[test]
fn grpc_unavailable_for_ever_ends_within_the_timeout() {
    let env = TestEnv::new();
    let agent = WorkloadApiServer::builder()
        .unavailable_first(usize::MAX)
        .start();
    let (output, took) = run(env
        .cmd()
        .args([
            "-v",
            "--source",
            "spiffe",
            "--cache",
            "none",
            "--timeout",
            "2s",
        ])
        .args(["--spiffe-socket", agent.endpoint()]));
    assert_failure(&output, 1, &[]);
    assert!(agent.calls() >= 2);
    let span = agent.arrivals().span();
    assert!(span < Duration::from_secs(2), "calls {span:?} apart");
    assert!(took < bound(Duration::from_secs(2)), "took {took:?}");
}

/// `--source actions` against a hostile server's Actions-shaped URL.
fn hostile_actions_cmd(
    env: &TestEnv,
    server: &HostileServer,
    timeout: &str,
) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("ACTIONS_ID_TOKEN_REQUEST_URL", server.actions_url())
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN)
        .args(["-v", "--source", "actions", "--cache", "none"])
        .args(["--timeout", timeout]);
    cmd
}

#[test]
fn retry_after_zero_never_shortens_the_backoff() {
    let env = TestEnv::new();
    let server = HostileServer::canned(503, &["Retry-After: 0"], r#"{"message":"busy"}"#);
    let (output, took) = run(&mut hostile_actions_cmd(&env, &server, "3s"));
    let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    // Steps of at least 200, 400, 800, 1600 ms: at most four attempts fit into 3 s (once
    // Retry-After: 0 made one call send thousands of requests).
    let requests = server.requests();
    assert!((2..=5).contains(&requests), "{requests} requests\n{err}");
    let span = server.arrivals().span();
    assert!(span < Duration::from_secs(3), "attempts {span:?} apart");
    assert!(took < bound(Duration::from_secs(3)), "took {took:?}");
    assert!(err.contains("answered HTTP 503: busy"), "{err}");
    assert!(err.contains("gave up after"), "{err}");
}

#[test]
fn retry_after_of_any_size_gives_up_at_once_without_crashing() {
    for value in [
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999999999",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        let env = TestEnv::new();
        let header = format!("Retry-After: {value}");
        let server = HostileServer::canned(503, &[&header], "{}");
        let (output, took) = run(&mut hostile_actions_cmd(&env, &server, LONG_BUDGET));
        let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
        assert_eq!(server.requests(), 1, "Retry-After: {value}\n{err}");
        assert!(took < AT_ONCE, "Retry-After: {value}: waited {took:?}");
        assert!(err.contains("gave up after 1 attempt(s)"), "{err}");
        assert!(err.contains("HTTP 503"), "{err}");
    }
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let env = TestEnv::new();
    let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(60));
    let header = format!("Retry-After: {later}");
    let server = HostileServer::canned(429, &[&header], "{}");
    let (output, _) = run(&mut hostile_actions_cmd(&env, &server, "3s"));
    let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    // A date a minute ahead does not fit a 3 s budget: no second attempt.
    assert_eq!(server.requests(), 1, "{err}");
    assert!(err.contains("HTTP 429"), "{err}");
}

#[test]
fn unusable_retry_after_falls_back_to_the_backoff() {
    for value in ["-1", "soon", "1.5", ""] {
        let env = TestEnv::new();
        let header = format!("Retry-After: {value}");
        let server = HostileServer::canned(503, &[&header], "{}");
        let (output, _) = run(&mut hostile_actions_cmd(&env, &server, "2s"));
        let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
        let requests = server.requests();
        assert!((2..=4).contains(&requests), "{value:?}: {requests}\n{err}");
    }
}

#[test]
fn a_407_answer_fails_at_once_with_a_proxy_hint() {
    let env = TestEnv::new();
    let server = HostileServer::canned(
        407,
        &["Proxy-Authenticate: Basic realm=\"corp\""],
        "proxy says no",
    );
    let (output, took) = run(&mut hostile_actions_cmd(&env, &server, "20s"));
    let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    assert_eq!(server.requests(), 1, "407 must not be retried\n{err}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert!(err.contains("answered HTTP 407"), "{err}");
    assert!(err.contains("hint: the proxy wants credentials"), "{err}");
}

#[test]
fn an_https_proxy_answering_407_fails_at_once() {
    let env = TestEnv::new();
    let proxy = HostileServer::canned(407, &["Proxy-Authenticate: Basic realm=\"corp\""], "");
    let (output, took) = run(env
        .cmd()
        .env("HTTPS_PROXY", &proxy.base)
        .env("JWTCRED_CLIENT_SECRET", "proxy-test-client-secret")
        .args(["-v", "--source", "client-credentials", "--cache", "none"])
        .args(["--timeout", "20s", "--client-id", "ci"])
        .args(["--token-url", "https://idp.example.invalid/token"]));
    let err = assert_failure(&output, 1, &["proxy-test-client-secret"]);
    assert_eq!(
        proxy.requests(),
        1,
        "the CONNECT must not be retried\n{err}"
    );
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert!(err.contains("407 Proxy Authentication Required"), "{err}");
    assert!(err.contains("hint: the proxy wants credentials"), "{err}");
}

#[test]
fn a_redirect_loop_is_reported_as_a_loop() {
    for location in ["/_apis/idtoken?api-version=2.0", "/elsewhere"] {
        let env = TestEnv::new();
        let header = format!("Location: {location}");
        let server = HostileServer::canned(302, &[&header], "");
        let (output, _) = run(&mut hostile_actions_cmd(&env, &server, "10s"));
        let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
        assert!(err.contains("redirected in a loop"), "{location}: {err}");
        assert!(!err.contains("another origin"), "{err}");
        assert!(server.requests() <= 3, "{} requests", server.requests());
    }
}

#[test]
fn the_final_error_says_what_the_server_last_answered() {
    // One 503, then silence until the budget is spent.
    let env = TestEnv::new();
    let server = HostileServer::canned_times(503, &[], r#"{"message":"overloaded"}"#, 1);
    let (output, took) = run(&mut hostile_actions_cmd(&env, &server, "2s"));
    let err = assert_failure(&output, 1, &[REQUEST_TOKEN]);
    assert!(took < bound(Duration::from_secs(2)), "took {took:?}");
    assert!(err.contains("did not answer attempt 2"), "{err}");
    assert!(err.contains("HTTP 503: overloaded"), "{err}");
}
