//! Property tests for the parsers that read untrusted input (JWTs, `KUBERNETES_EXEC_INFO`,
//! token endpoint and Actions responses, DURATION values) and for redaction: they never panic,
//! round-trip where that means something, and never let a secret through. The fuzz targets in
//! fuzz/ explore the same functions much longer; these run in the normal suite. The cache
//! key's encoding is proven injective, and the binary's keys equal exactly for equal settings.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwtcred::cache::KeyMaterial;
use jwtcred::cache::key::{KEY_VERSION, Value as KeyValue, decode_material};
use jwtcred::duration::{format_duration, parse_duration};
use jwtcred::exec_info::ExecInfo;
use jwtcred::http::{Response, server_message};
use jwtcred::jwt::{Jwt, JwtError, MAX_NUMERIC_DATE, NBF_LEEWAY_SECS};
use jwtcred::oauth::{expires_in, parse_token_response};
use jwtcred::secret::{Secret, redact};
use jwtcred::source::{SourceKind, actions};
use jwtcred::token::Token;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::common::TestEnv;

const NOW: i64 = 1_800_000_000;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn jwt_from(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64(&serde_json::to_vec(header).unwrap()),
        b64(&serde_json::to_vec(claims).unwrap())
    )
}

/// Arbitrary JSON values, a few levels deep; numbers are integers or finite floats.
fn json_value() -> impl Strategy<Value = Value> {
    json_tree(prop_oneof![
        4 => integral_leaf(),
        1 => (-1e300f64..1e300).prop_map(Value::from),
    ])
}

/// JSON without floats, whose text round-trips exactly (serde_json may be one ULP off on
/// floats without its `float_roundtrip` feature).
fn exact_json_value() -> impl Strategy<Value = Value> {
    json_tree(integral_leaf())
}

fn integral_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        ".{0,20}".prop_map(Value::String),
    ]
}

fn json_tree(leaf: impl Strategy<Value = Value> + 'static) -> impl Strategy<Value = Value> {
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("[a-z_]{1,8}", json_value(), 0..8)
        .prop_map(|m| m.into_iter().collect())
}

fn exact_json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("[a-z_]{1,8}", exact_json_value(), 0..8)
        .prop_map(|m| m.into_iter().collect())
}

/// Claims without the registered time claims (those are checked separately).
fn timeless_claims() -> impl Strategy<Value = Map<String, Value>> {
    exact_json_object().prop_map(|mut m| {
        for claim in ["exp", "iat", "nbf"] {
            m.remove(claim);
        }
        m
    })
}

proptest! {
    #[test]
    fn jwt_decode_never_panics_on_text(text in ".{0,200}") {
        let _ = Jwt::decode(&text);
        let _ = Jwt::decode_valid(&text, NOW);
    }

    #[test]
    fn jwt_decode_never_panics_on_encoded_bytes(
        header in prop::collection::vec(any::<u8>(), 0..64),
        claims in prop::collection::vec(any::<u8>(), 0..128),
        sig in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let token = format!("{}.{}.{}", b64(&header), b64(&claims), b64(&sig));
        if let Ok(jwt) = Jwt::decode(&token) {
            let _ = jwt.times();
            let _ = jwt.audiences();
            let _ = Jwt::decode_valid(&token, NOW);
        }
    }

    #[test]
    fn jwt_header_and_claims_round_trip(header in exact_json_object(), claims in timeless_claims()) {
        let token = jwt_from(&Value::Object(header.clone()), &Value::Object(claims.clone()));
        let jwt = Jwt::decode_valid(&token, NOW).unwrap();
        prop_assert_eq!(jwt.header, header);
        prop_assert_eq!(jwt.claims, claims);
    }

    #[test]
    fn jwt_audience_is_always_a_list(aud in prop::collection::vec("[ -~]{0,12}", 0..5), single in any::<bool>()) {
        let claim = if single && !aud.is_empty() { json!(aud[0]) } else { json!(aud) };
        let jwt = Jwt::decode(&jwt_from(&json!({"alg":"ES256"}), &json!({"aud": claim}))).unwrap();
        let expected = if single && !aud.is_empty() { vec![aud[0].clone()] } else { aud };
        prop_assert_eq!(jwt.audiences(), expected);
    }

    #[test]
    fn exp_is_valid_exactly_while_in_the_future(exp in 0..=MAX_NUMERIC_DATE, now in 0..MAX_NUMERIC_DATE) {
        let token = jwt_from(&json!({"alg":"RS256"}), &json!({"exp": exp}));
        match Jwt::decode_valid(&token, now) {
            Ok(jwt) => {
                prop_assert!(exp > now);
                prop_assert_eq!(jwt.times().unwrap().exp, Some(exp));
            }
            Err(err) => {
                prop_assert!(exp <= now);
                prop_assert_eq!(err, JwtError::Expired { exp, now });
            }
        }
    }

    #[test]
    fn exp_boundaries_are_exact(offset in -3i64..=3) {
        let exp = NOW + offset;
        let token = jwt_from(&json!({"alg":"RS256"}), &json!({"exp": exp}));
        prop_assert_eq!(Jwt::decode_valid(&token, NOW).is_ok(), offset > 0);
    }

    #[test]
    fn impossible_exp_values_are_rejected(
        exp in prop_oneof![
            (i64::MIN..0).prop_map(Value::from),
            ((MAX_NUMERIC_DATE + 1)..i64::MAX).prop_map(Value::from),
            (1e12f64..1e300).prop_map(Value::from),
            ".{0,10}".prop_map(Value::String),
            Just(json!(null)), Just(json!(true)), Just(json!([1])), Just(json!({"t": 1})),
        ]
    ) {
        let token = jwt_from(&json!({"alg":"RS256"}), &json!({"exp": exp}));
        let is_bad_date = matches!(
            Jwt::decode_valid(&token, NOW),
            Err(JwtError::BadNumericDate { claim: "exp", .. })
        );
        prop_assert!(is_bad_date);
    }

    #[test]
    fn fractional_numeric_dates_count_whole_seconds(secs in 0u32..4_000_000_000, frac in 0.0f64..0.999) {
        let token = jwt_from(&json!({"alg":"RS256"}), &json!({"iat": f64::from(secs) + frac}));
        let times = Jwt::decode(&token).unwrap().times().unwrap();
        prop_assert_eq!(times.iat, Some(i64::from(secs)));
    }

    #[test]
    fn nbf_may_lead_by_at_most_a_minute(lead in -1000i64..1000) {
        let token = jwt_from(&json!({"alg":"RS256"}), &json!({"nbf": NOW + lead, "exp": NOW + 3600}));
        prop_assert_eq!(Jwt::decode_valid(&token, NOW).is_ok(), lead <= NBF_LEEWAY_SECS);
    }

    #[test]
    fn refresh_timestamp_lies_inside_the_lifetime(
        lifetime in 1i64..10_000_000,
        iat_back in 0i64..1000,
        refresh_before in 0u64..100_000,
    ) {
        let iat = NOW - iat_back;
        let exp = iat + lifetime;
        prop_assume!(exp > NOW);
        let raw = jwt_from(&json!({"alg":"RS256"}), &json!({"iat": iat, "exp": exp}));
        let token = Token::from_jwt(Secret::new(raw), NOW, None).unwrap();
        let refresh_at = token.refresh_at(Duration::from_secs(refresh_before)).unwrap();
        // Never after the real expiry, never before half the lifetime has passed.
        prop_assert!(refresh_at <= exp);
        prop_assert!(refresh_at >= iat + lifetime / 2);
        let window = token.refresh_window(Duration::from_secs(refresh_before)).unwrap();
        prop_assert!(window >= (refresh_before as i64).min(lifetime / 2));
    }

    #[test]
    fn exec_info_never_panics_on_text(text in ".{0,200}") {
        if let Ok(info) = ExecInfo::parse(&text) {
            prop_assert!(info.api_version().is_ok());
            let _ = info.cluster_config();
        }
    }

    #[test]
    fn exec_info_never_panics_on_json(spec in json_value(), config in json_value(), v1 in any::<bool>()) {
        let api = if v1 { "client.authentication.k8s.io/v1" } else { "client.authentication.k8s.io/v1beta1" };
        for doc in [
            json!({"apiVersion": api, "kind": "ExecCredential", "spec": spec}),
            json!({"apiVersion": api, "spec": {"cluster": {"server": "https://k", "config": config}}}),
        ] {
            if let Ok(info) = ExecInfo::parse(&doc.to_string()) {
                let _ = info.cluster_config();
            }
        }
    }

    #[test]
    fn exec_info_cluster_config_round_trips(
        audience in prop::collection::vec(".{0,16}", 1..4),
        as_string in any::<bool>(),
        source in proptest::option::of("[a-z-]{1,20}"),
        exchange_audience in proptest::option::of(".{0,16}"),
    ) {
        let aud_json = if as_string { json!(audience[0]) } else { json!(audience) };
        let mut config = json!({"audience": aud_json});
        if let Some(s) = &source { config["source"] = json!(s); }
        if let Some(a) = &exchange_audience { config["exchangeAudience"] = json!(a); }
        let doc = json!({
            "apiVersion": "client.authentication.k8s.io/v1",
            "kind": "ExecCredential",
            "spec": {"cluster": {"server": "https://k", "config": config}, "interactive": false},
        });
        let parsed = ExecInfo::parse(&doc.to_string()).unwrap().cluster_config().unwrap().unwrap();
        let expected = if as_string { vec![audience[0].clone()] } else { audience };
        prop_assert_eq!(parsed.audience, Some(expected));
        prop_assert_eq!(parsed.source, source);
        prop_assert_eq!(parsed.exchange_audience, exchange_audience);
    }

    #[test]
    fn exec_info_rejects_unknown_api_versions(version in ".{0,60}") {
        prop_assume!(version != "client.authentication.k8s.io/v1" && version != "client.authentication.k8s.io/v1beta1");
        let doc = json!({"apiVersion": version, "kind": "ExecCredential", "spec": {}});
        prop_assert!(ExecInfo::parse(&doc.to_string()).is_err());
    }

    #[test]
    fn token_responses_never_panic_nor_leak(
        status in prop::sample::select(vec![200u16, 400, 401, 403, 404, 429, 500, 503]),
        prefix in "[ a-z{}\":,\\n]{0,400}",
        suffix in "[ a-z{}\":,\\n]{0,40}",
        secret in "[A-Z0-9+/=_-]{8,40}",
    ) {
        let body = format!("{prefix}{secret}{suffix}");
        let secret = Secret::new(secret);
        let response = Response { status, body: body.clone().into_bytes() };
        match parse_token_response("the token endpoint", &response, &[&secret]) {
            Ok(map) => { let _ = expires_in("the token endpoint", &map); }
            Err(err) => {
                let shown = format!("{err:#}");
                prop_assert!(!shown.contains(&secret.expose()[..8]), "{shown}");
            }
        }
        if let Some(message) = server_message(body.as_bytes(), &[&secret]) {
            prop_assert!(!message.contains(&secret.expose()[..8]), "{message}");
        }
    }

    #[test]
    fn token_responses_never_panic_on_bytes(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..300)) {
        let response = Response { status, body };
        let _ = parse_token_response("the token endpoint", &response, &[]);
        let _ = actions::parse_response(&response.body);
    }

    #[test]
    fn expires_in_reads_numbers_and_numeric_strings(secs in any::<u64>(), as_string in any::<bool>(), pad in " {0,2}") {
        let value = if as_string { json!(format!("{pad}{secs}{pad}")) } else { json!(secs) };
        let map = json!({"expires_in": value}).as_object().unwrap().clone();
        prop_assert_eq!(expires_in("the token endpoint", &map).ok(), Some(Some(secs)));
    }

    #[test]
    fn actions_value_round_trips(value in ".{1,300}", extra in json_object()) {
        let mut doc = extra;
        doc.insert("value".into(), json!(value));
        let parsed = actions::parse_response(&serde_json::to_vec(&doc).unwrap()).unwrap();
        prop_assert_eq!(parsed.expose(), value.as_str());
    }

    #[test]
    fn actions_response_without_value_is_an_error(extra in json_object()) {
        let mut doc = extra;
        doc.remove("value");
        prop_assert!(actions::parse_response(&serde_json::to_vec(&doc).unwrap()).is_err());
        doc.insert("value".into(), json!(""));
        prop_assert!(actions::parse_response(&serde_json::to_vec(&doc).unwrap()).is_err());
    }

    #[test]
    fn redaction_has_exactly_the_contract_forms(text in ".{0,80}", jwt_like in any::<bool>()) {
        let text = if jwt_like { format!("eyJ{}.a.b", text.replace('.', "")) } else { text };
        let secret = Secret::new(text.clone());
        let expected = if text.starts_with("eyJ") && text.split('.').count() == 3 {
            format!("{}…", text.chars().take(6).collect::<String>())
        } else {
            format!("<redacted, {} chars>", text.chars().count())
        };
        prop_assert_eq!(secret.to_string(), expected.clone());
        prop_assert_eq!(format!("{secret:?}"), format!("Secret({expected})"));
        prop_assert_eq!(redact(&text), expected);
        let digest = secret.digest();
        prop_assert_eq!(digest.len(), 64);
        prop_assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn redaction_never_contains_a_real_secret(secret in "[A-Za-z0-9._~+/=-]{16,200}") {
        let s = Secret::new(secret.clone());
        for shown in [s.to_string(), format!("{s:?}"), format!("{s:#?}"), s.digest()] {
            prop_assert!(!shown.contains(&secret));
            prop_assert!(!shown.contains(&secret[..7]));
        }
    }

    #[test]
    fn durations_never_panic(text in ".{0,30}") {
        let _ = parse_duration(&text);
    }

    #[test]
    fn durations_round_trip_through_their_display(secs in 0u64..10_000_000) {
        let d = Duration::from_secs(secs);
        prop_assert_eq!(parse_duration(&format_duration(d)), Ok(d));
        prop_assert_eq!(parse_duration(&secs.to_string()), Ok(d));
    }
}

// Redaction, scrubbing and outside text, for any input.

proptest! {
    #[test]
    fn every_spelling_of_a_secret_is_scrubbed(
        secret in "[ -~é€]{8,40}",
        before in "[ a-z{}\":,]{0,100}",
        after in "[ a-z{}\":,]{0,40}",
        spelling in 0usize..5,
    ) {
        use crate::common::secrets::{find_leak, form_encode, json_escape, percent_encode};
        // plain, form, percent (upper/lower), JSON-escaped: what a server echoing a request shows.
        let candidates = [
            secret.clone(),
            form_encode(&secret),
            percent_encode(&secret, false),
            percent_encode(&secret, true),
            json_escape(&secret),
        ];
        let shown = &candidates[spelling];
        let body = format!("{before}{shown}{after}");
        let value = Secret::new(secret.clone());
        if let Some(message) = server_message(body.as_bytes(), &[&value]) {
            let leak = find_leak(&message, &secret);
            prop_assert!(leak.is_none(), "{:?}: {}", leak, message);
        }
    }

    #[test]
    fn outside_text_is_bounded_and_free_of_controls(text in "\\PC{0,50}[\u{0}-\u{1f}\u{7f}-\u{9f}]{0,20}.{0,500}", max in 1usize..400) {
        let shown = jwtcred::error::outside_text(&text, max);
        prop_assert!(!shown.chars().any(char::is_control), "{shown:?}");
        prop_assert!(shown.chars().count() <= max + 1);
    }

    #[test]
    fn displayed_urls_never_show_userinfo_or_query_values(
        user in "[a-z]{3,10}", password in "[a-zA-Z0-9]{8,20}", value in "[a-zA-Z0-9]{8,20}", path in "(/[a-z]{1,8}){0,3}",
    ) {
        let text = format!("https://{user}:{password}@idp.example{path}?code={value}&x=1");
        let shown = jwtcred::http::redact_url_text(&text);
        // The whole shown text is fixed: a substring test would fail whenever the generated user
        // happens to be part of the host or of "<redacted>" (user "idp" did, in CI).
        // An empty path is shown as the root, "/", as a URL parser spells it.
        let path = if path.is_empty() { "/" } else { path.as_str() };
        prop_assert_eq!(shown, format!("https://<redacted>@idp.example{path}?code=<redacted>&x=<redacted>"));
    }

    #[test]
    fn token_time_math_never_panics(exp in any::<i64>(), obtained in any::<i64>(), now in any::<i64>(), before in any::<u64>()) {
        let token = Token::restore(Secret::new("opaque"), exp, obtained).unwrap();
        let before = Duration::from_secs(before);
        let window = token.refresh_window(before);
        let _ = token.refresh_at(before);
        let _ = token.is_fresh(now, before);
        if let Some(window) = window {
            prop_assert!(window >= 0);
        }
    }

    #[test]
    fn durations_above_365_days_are_rejected(secs in 0u64..u64::MAX) {
        let parsed = parse_duration(&secs.to_string());
        prop_assert_eq!(parsed.is_ok(), secs <= 365 * 24 * 3600);
    }
}

// Extreme numbers, end to end: every numeric input of the binary (each DURATION flag and its
// env, Retry-After, expires_in, exp/iat/nbf, a cache entry's expiry) at and beyond its range.
// None may crash jwtcred (exit 101 is a panic, 134 or a signal an abort); each gives the
// contract's answer.

use crate::common::assert_failure;
use crate::common::hostile::HostileServer;
use crate::common::jwt::TestIssuer;

/// Exit code of a run that must not have crashed.
fn exit_code(output: &std::process::Output, what: &str) -> i32 {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    assert!(
        code.is_some() && !matches!(code, Some(101 | 134)),
        "{what}: crashed ({:?})\n{stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    code.unwrap()
}

fn good_token(issuer: &TestIssuer) -> String {
    issuer.mint_for("numbers", "k8s", 600)
}

const DURATIONS_IN_RANGE: [&str; 5] = ["1ms", "0s", "59m59s", "8760h", "31536000"];
const DURATIONS_OUT_OF_RANGE: [&str; 8] = [
    "31536001",
    "8760h1ms",
    "8761h",
    "9223372036854775807s",
    "18446744073709551615",
    "18446744073709551616",
    "18446744073709551615ms",
    "99999999999999999999h",
];

#[test]
fn extreme_durations_are_usage_errors_never_crashes() {
    let issuer = TestIssuer::new("https://numbers.example");
    let env = TestEnv::new();
    let token = env.write("token", good_token(&issuer));
    for (flag, var) in [
        ("--timeout", "JWTCRED_TIMEOUT"),
        ("--refresh-before", "JWTCRED_REFRESH_BEFORE"),
    ] {
        for value in DURATIONS_IN_RANGE.iter().chain(&DURATIONS_OUT_OF_RANGE) {
            let over = DURATIONS_OUT_OF_RANGE.contains(value);
            for via_env in [false, true] {
                let mut cmd = env.cmd();
                cmd.args(["--source", "file", "--cache", "none", "--token-file"])
                    .arg(&token);
                if via_env {
                    cmd.env(var, value);
                } else {
                    cmd.args([flag, value]);
                }
                let output = cmd.output().unwrap();
                let what = format!("{flag} {value} (env: {via_env})");
                let code = exit_code(&output, &what);
                if over {
                    assert_eq!(code, 2, "{what} is above 365 days");
                    let stderr = assert_failure(&output, 2, &[]);
                    assert!(
                        stderr.contains("365 days") || stderr.contains("too large"),
                        "{what}: {stderr}"
                    );
                } else if *value != "0s" {
                    // (A zero --timeout may leave no time for the file read.)
                    assert_eq!(
                        code,
                        0,
                        "{what}: {}",
                        String::from_utf8_lossy(&output.stderr)
                    );
                }
            }
        }
    }
}

#[test]
fn extreme_retry_after_values_never_crash_nor_hammer() {
    for value in [
        "0",
        "1",
        "-1",
        "1e9",
        "18446744073709551615",
        "18446744073709551616",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "Mon, 99 Foo 2020 99:99:99 GMT",
    ] {
        for status in [429, 503] {
            let env = TestEnv::new();
            let header = format!("Retry-After: {value}");
            let server = HostileServer::canned(status, &[&header], "{}");
            let output = env
                .cmd()
                .env("ACTIONS_ID_TOKEN_REQUEST_URL", server.actions_url())
                .env(
                    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                    "numbers-request-token-Rt5",
                )
                .args(["--source", "actions", "--cache", "none", "--timeout", "1s"])
                .output()
                .unwrap();
            let what = format!("{status} with Retry-After: {value}");
            exit_code(&output, &what);
            let stderr = assert_failure(&output, 1, &["numbers-request-token-Rt5"]);
            assert!(
                stderr.contains(&format!("HTTP {status}")),
                "{what}: {stderr}"
            );
            assert!(
                server.requests() <= 4,
                "{what}: {} requests",
                server.requests()
            );
        }
    }
}

/// `expires_in` (raw JSON) and whether a token with it is usable: only a whole number of
/// seconds that puts the expiry in the future and no later than the year 9999.
const EXPIRES_IN: [(&str, bool); 15] = [
    ("1", true),
    ("3600", true),
    ("\"3600\"", true),
    ("0", false),
    ("-1", false),
    ("1.5", false),
    ("1e300", false),
    ("253402300799", false),
    ("9223372036854775807", false),
    ("9223372036854775808", false),
    ("18446744073709551615", false),
    ("18446744073709551616", false),
    ("\"18446744073709551615\"", false),
    ("\"soon\"", false),
    ("null", false),
];

#[test]
fn extreme_expires_in_never_crashes_nor_prints_an_expired_credential() {
    let issuer = TestIssuer::new("https://numbers.example");
    let subject = good_token(&issuer);
    let jwt_without_exp = || {
        let mut claims = issuer.claims_for("numbers", serde_json::json!("k8s"), 600);
        claims.as_object_mut().unwrap().remove("exp");
        issuer.mint(claims)
    };
    for opaque in [true, false] {
        for (expires_in, usable) in EXPIRES_IN {
            // Minted now, so that its `iat` starts the lifetime `expires_in` ends.
            let access_token = if opaque {
                "opaque-numbers-token-Ex4".to_owned()
            } else {
                jwt_without_exp()
            };
            let access_token = access_token.as_str();
            let env = TestEnv::new();
            let body = format!(
                r#"{{"access_token":"{access_token}","token_type":"Bearer","expires_in":{expires_in}}}"#
            );
            let server = HostileServer::canned(200, &[], body);
            let token_file = env.write("token", &subject);
            let started = std::time::SystemTime::now();
            let output = env
                .cmd()
                .args(["--source", "file", "--cache", "none", "--token-file"])
                .arg(&token_file)
                .args(["--exchange-url", &server.url("/token")])
                .output()
                .unwrap();
            let what = format!("expires_in {expires_in}");
            let code = exit_code(&output, &what);
            if !opaque && expires_in == "null" {
                // A JWT without `exp` and without expires_in is valid: printed with no expiry.
                assert_eq!(
                    code,
                    0,
                    "{what}: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            } else if usable {
                assert_eq!(
                    code,
                    0,
                    "{what}: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
                let at = doc["status"]["expirationTimestamp"].as_str().unwrap();
                let at = humantime::parse_rfc3339(at).unwrap();
                // Whole seconds, and a refresh window of up to half the lifetime: the instant may
                // lie a little before the run began, never more.
                assert!(
                    at + Duration::from_secs(2) >= started,
                    "{what}: {at:?} < {started:?}: {doc}"
                );
            } else {
                let stderr = assert_failure(&output, 1, &[access_token, &subject]);
                assert!(stderr.contains("expires_in"), "{what}: {stderr}");
            }
        }
    }
}

#[test]
fn extreme_time_claims_never_crash() {
    let issuer = TestIssuer::new("https://numbers.example");
    let extremes = [
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1e300),
        json!(-1e300),
        json!(-1),
        json!(0),
        json!(1.5),
        json!(MAX_NUMERIC_DATE),
        json!(MAX_NUMERIC_DATE + 1),
        json!(9_007_199_254_740_993u64),
        json!("soon"),
        json!(true),
        Value::Null,
    ];
    let env = TestEnv::new();
    for claim in ["exp", "iat", "nbf"] {
        for value in &extremes {
            let mut claims = issuer.claims_for("numbers", json!("k8s"), 600);
            claims[claim] = value.clone();
            let token = issuer.mint(claims);
            let file = env.write("token", &token);
            let what = format!("{claim} = {value}");
            for mode in ["get", "inspect"] {
                let mut cmd = env.cmd();
                if mode == "get" {
                    cmd.args(["--source", "file", "--token-file"]).arg(&file);
                } else {
                    cmd.args(["inspect", &token]);
                }
                let output = cmd.output().unwrap();
                let code = exit_code(&output, &format!("{mode} {what}"));
                assert!(code == 0 || code == 1, "{mode} {what}: exit {code}");
                if code == 1 {
                    assert_failure(&output, 1, &[&token]);
                }
            }
        }
    }
}

#[test]
fn extreme_cache_entry_times_never_crash() {
    for (expires_at, obtained_at) in [
        (json!(i64::MAX), json!(0)),
        (json!(i64::MIN), json!(0)),
        (json!(-1), json!(-1)),
        (json!(MAX_NUMERIC_DATE + 1), json!(i64::MIN)),
        (json!(u64::MAX), json!(u64::MAX)),
        (json!(1e300), json!(0)),
    ] {
        let env = TestEnv::new();
        let server = crate::common::actions::ActionsServer::start();
        let get = |env: &TestEnv| {
            env.cmd()
                .envs(server.env())
                .args(["--source", "actions"])
                .output()
                .unwrap()
        };
        assert_eq!(exit_code(&get(&env), "first get"), 0);
        let mut rewritten = 0;
        for entry in std::fs::read_dir(env.cache_dir()).unwrap().flatten() {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(mut doc) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            if doc.get("expires_at").is_none() {
                continue;
            }
            doc["expires_at"] = expires_at.clone();
            if doc.get("obtained_at").is_some() {
                doc["obtained_at"] = obtained_at.clone();
            }
            std::fs::write(&path, doc.to_string()).unwrap();
            rewritten += 1;
        }
        assert!(rewritten > 0, "no cache entry to rewrite");
        let what = format!("cached expires_at {expires_at}, obtained_at {obtained_at}");
        let output = get(&env);
        assert_eq!(
            exit_code(&output, &what),
            0,
            "{what}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for args in [&["cache", "list"][..], &["cache", "list", "-o", "json"]] {
            let output = env.cmd().args(args).output().unwrap();
            assert_eq!(exit_code(&output, &format!("{args:?} {what}")), 0);
        }
    }
}

// ---- Cache identity: the key encoding is injective, and the binary gives two settings one
// key exactly when the contract says they are the same (lists sorted, boundaries kept).

/// One item of key material, generated: the builder call and the value decoding gives back.
#[derive(Debug, Clone)]
enum KeyItem {
    Field(String, String),
    Optional(String, Option<String>),
    List(String, Vec<String>),
    Sorted(String, Vec<String>),
    Path(String, String),
}

/// Names and values from a tiny alphabet with separators, so that joins would collide.
fn key_text() -> impl Strategy<Value = String> {
    "[ab ,\u{0}]{0,3}"
}

fn key_item() -> impl Strategy<Value = KeyItem> {
    let list = || prop::collection::vec(key_text(), 0..4);
    prop_oneof![
        (key_text(), key_text()).prop_map(|(n, v)| KeyItem::Field(n, v)),
        (key_text(), prop::option::of(key_text())).prop_map(|(n, v)| KeyItem::Optional(n, v)),
        (key_text(), list()).prop_map(|(n, v)| KeyItem::List(n, v)),
        (key_text(), list()).prop_map(|(n, v)| KeyItem::Sorted(n, v)),
        (key_text(), key_text()).prop_map(|(n, v)| KeyItem::Path(n, v)),
    ]
}

fn key_material_of(kind: SourceKind, items: &[KeyItem]) -> KeyMaterial {
    let mut material = KeyMaterial::new(kind.name());
    for item in items {
        match item {
            KeyItem::Field(n, v) => material.field(n, v),
            KeyItem::Optional(n, v) => material.optional(n, v.as_deref()),
            KeyItem::List(n, v) => material.list(n, v),
            KeyItem::Sorted(n, v) => material.sorted_list(n, v),
            KeyItem::Path(n, v) => material.path(n, std::path::Path::new(v)),
        };
    }
    material
}

/// What decoding must give back for `items`: sorted lists sorted, paths as bytes.
fn expected_items(kind: SourceKind, items: &[KeyItem]) -> Vec<(String, KeyValue)> {
    let mut out = vec![("source".to_owned(), KeyValue::Text(kind.name().to_owned()))];
    out.extend(items.iter().map(|item| match item.clone() {
        KeyItem::Field(n, v) => (n, KeyValue::Text(v)),
        KeyItem::Optional(n, v) => (n, v.map_or(KeyValue::Absent, KeyValue::Text)),
        KeyItem::List(n, v) => (n, KeyValue::List(v)),
        KeyItem::Sorted(n, mut v) => {
            v.sort();
            (n, KeyValue::List(v))
        }
        KeyItem::Path(n, v) => (n, KeyValue::Path(v.into_bytes())),
    }));
    out
}

fn source_kind() -> impl Strategy<Value = SourceKind> {
    prop::sample::select(SourceKind::ORDER.to_vec())
}

/// Settings of one `jwtcred` call that the cache key must tell apart.
#[derive(Debug, Clone)]
struct CallSettings {
    source: CallSource,
    audiences: Vec<String>,
    exchange: Option<ExchangeSettings>,
}

#[derive(Debug, Clone)]
enum CallSource {
    ClientCredentials {
        issuer: bool,
        client_id: String,
        scopes: Vec<String>,
        resources: Vec<String>,
        id_token: bool,
    },
    Spiffe {
        socket: String,
        spiffe_id: Option<String>,
    },
}

#[derive(Debug, Clone)]
struct ExchangeSettings {
    audience: Option<String>,
    scopes: Vec<String>,
    client_id: Option<String>,
}

/// Short values with spaces and commas, never empty (an empty flag value means unset).
fn setting_text() -> impl Strategy<Value = String> {
    "[ab][ab ,]{0,2}"
}

fn setting_list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(setting_text(), 0..4)
}

fn call_settings() -> impl Strategy<Value = CallSettings> {
    let cc = (
        any::<bool>(),
        setting_text(),
        setting_list(),
        setting_list(),
        any::<bool>(),
    )
        .prop_map(|(issuer, client_id, scopes, resources, id_token)| {
            CallSource::ClientCredentials {
                issuer,
                client_id,
                scopes,
                resources,
                id_token,
            }
        });
    let spiffe = (
        prop::sample::select(vec!["a", "b"]),
        prop::option::of(prop::sample::select(vec!["a", "b"])),
    )
        .prop_map(|(socket, spiffe_id)| CallSource::Spiffe {
            socket: format!("unix:///tmp/jwtcred-prop-{socket}.sock"),
            spiffe_id: spiffe_id.map(|id| format!("spiffe://example.org/{id}")),
        });
    let exchange = (
        prop::option::of(setting_text()),
        setting_list(),
        prop::option::of(setting_text()),
    )
        .prop_map(|(audience, scopes, client_id)| ExchangeSettings {
            audience,
            scopes,
            client_id,
        });
    (
        prop_oneof![cc, spiffe],
        setting_list(),
        prop::option::of(exchange),
    )
        .prop_map(|(source, audiences, exchange)| CallSettings {
            source,
            audiences,
            exchange,
        })
}

/// The same call with every list reordered: the same key by contract.
fn reordered(a: CallSettings) -> impl Strategy<Value = CallSettings> {
    let scopes = match &a.source {
        CallSource::ClientCredentials {
            scopes, resources, ..
        } => (scopes.clone(), resources.clone()),
        CallSource::Spiffe { .. } => (Vec::new(), Vec::new()),
    };
    let exchange_scopes = a
        .exchange
        .as_ref()
        .map(|e| e.scopes.clone())
        .unwrap_or_default();
    (
        Just(a.audiences.clone()).prop_shuffle(),
        Just(scopes.0).prop_shuffle(),
        Just(scopes.1).prop_shuffle(),
        Just(exchange_scopes).prop_shuffle(),
        Just(a),
    )
        .prop_map(
            |(audiences, new_scopes, new_resources, new_exchange_scopes, mut a)| {
                a.audiences = audiences;
                if let CallSource::ClientCredentials {
                    scopes, resources, ..
                } = &mut a.source
                {
                    *scopes = new_scopes;
                    *resources = new_resources;
                }
                if let Some(exchange) = &mut a.exchange {
                    exchange.scopes = new_exchange_scopes;
                }
                a
            },
        )
}

/// The same call with one list's items merged into one (`--audience 'a b'` for
/// `--audience b --audience a`): another key by contract. None when that list has < 2 items.
fn merged(a: &CallSettings, which: usize, sep: &str) -> Option<CallSettings> {
    let mut b = a.clone();
    let list = match (which, &mut b.source, &mut b.exchange) {
        (1, CallSource::ClientCredentials { scopes, .. }, _) => scopes,
        (2, CallSource::ClientCredentials { resources, .. }, _) => resources,
        (3, _, Some(exchange)) => &mut exchange.scopes,
        _ => &mut b.audiences,
    };
    if list.len() < 2 {
        return None;
    }
    list.sort();
    *list = vec![list.join(sep)];
    Some(b)
}

impl CallSettings {
    /// The command-line options.
    fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        let mut push = |flag: &str, value: &str| args.push(format!("--{flag}={value}"));
        match &self.source {
            CallSource::ClientCredentials {
                issuer,
                client_id,
                scopes,
                resources,
                id_token,
            } => {
                push("source", "client-credentials");
                let endpoint = if *issuer { "issuer" } else { "token-url" };
                push(endpoint, "https://idp.example/x");
                push("client-id", client_id);
                scopes.iter().for_each(|s| push("scope", s));
                resources.iter().for_each(|r| push("resource", r));
                if *id_token {
                    push("token-field", "id_token");
                }
            }
            CallSource::Spiffe { socket, spiffe_id } => {
                push("source", "spiffe");
                push("spiffe-socket", socket);
                if let Some(id) = spiffe_id {
                    push("spiffe-id", id);
                }
            }
        }
        self.audiences.iter().for_each(|a| push("audience", a));
        if let Some(exchange) = &self.exchange {
            push("exchange-url", "https://exchange.example/token");
            if let Some(aud) = &exchange.audience {
                push("exchange-audience", aud);
            }
            exchange
                .scopes
                .iter()
                .for_each(|s| push("exchange-scope", s));
            if let Some(id) = &exchange.client_id {
                push("exchange-client-id", id);
            }
        }
        args
    }

    /// What the contract keys on: sorted audiences, scopes and resources (item boundaries
    /// kept); SPIFFE requests its audiences as a set, `k8s` when none is given.
    fn normalized(&self) -> String {
        let sorted = |list: &[String]| {
            let mut list = list.to_vec();
            list.sort();
            list
        };
        let source = match &self.source {
            CallSource::ClientCredentials {
                issuer,
                client_id,
                scopes,
                resources,
                id_token,
            } => format!(
                "cc {issuer} {client_id:?} {:?} {:?} {:?} {id_token}",
                sorted(&self.audiences),
                sorted(scopes),
                sorted(resources)
            ),
            CallSource::Spiffe { socket, spiffe_id } => {
                let mut audiences = sorted(&self.audiences);
                audiences.dedup();
                if audiences.is_empty() {
                    audiences.push("k8s".into());
                }
                format!("spiffe {socket} {audiences:?} {spiffe_id:?}")
            }
        };
        let exchange = self
            .exchange
            .as_ref()
            .map(|e| format!("{:?} {:?} {:?}", e.audience, sorted(&e.scopes), e.client_id));
        format!("{source} / {exchange:?}")
    }
}

/// The key `cache clear` reports for these settings (16 hex digits).
fn key_of(env: &TestEnv, settings: &CallSettings) -> String {
    let output = env
        .cmd()
        .env("JWTCRED_CLIENT_SECRET", "prop-secret")
        .args(["cache", "clear"])
        .args(settings.args())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{settings:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .split_once("for key ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no key in {stdout:?}"))
        .to_owned()
}

proptest! {
    #[test]
    fn key_encoding_decodes_to_exactly_what_was_added(
        kind in source_kind(),
        items in prop::collection::vec(key_item(), 0..6),
    ) {
        let material = key_material_of(kind, &items);
        let (version, decoded) = decode_material(material.encoding()).expect("decodes");
        prop_assert_eq!(version, KEY_VERSION);
        prop_assert_eq!(decoded, expected_items(kind, &items));
    }

    #[test]
    fn distinct_key_material_gives_distinct_keys(
        kind_a in source_kind(),
        kind_b in source_kind(),
        a in prop::collection::vec(key_item(), 0..4),
        b in prop::collection::vec(key_item(), 0..4),
    ) {
        let key_a = key_material_of(kind_a, &a).into_key();
        let key_b = key_material_of(kind_b, &b).into_key();
        let same = expected_items(kind_a, &a) == expected_items(kind_b, &b);
        prop_assert_eq!(key_a == key_b, same);
    }
}

proptest! {
    // Each case runs the binary twice: fewer cases than the in-process properties.
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn the_binary_gives_one_key_exactly_to_equal_settings(a in call_settings(), b in call_settings()) {
        let env = TestEnv::new();
        let same = a.normalized() == b.normalized();
        prop_assert_eq!(key_of(&env, &a) == key_of(&env, &b), same, "{:?}\n{:?}", a, b);
    }

    #[test]
    fn reordered_lists_keep_the_key(
        (a, b) in call_settings().prop_flat_map(|a| (Just(a.clone()), reordered(a)))
    ) {
        prop_assert_eq!(a.normalized(), b.normalized());
        let env = TestEnv::new();
        prop_assert_eq!(key_of(&env, &a), key_of(&env, &b), "{:?}\n{:?}", a, b);
    }

    #[test]
    fn merged_list_items_give_another_key(
        (a, b) in (call_settings(), 0..4usize, prop::sample::select(vec![" ", ","]))
            .prop_filter_map("a list of at least two items", |(a, which, sep)| {
                merged(&a, which, sep).map(|b| (a, b))
            })
    ) {
        let env = TestEnv::new();
        prop_assert_ne!(key_of(&env, &a), key_of(&env, &b), "{:?}\n{:?}", a, b);
    }
}
