//! Property tests for the parsers that read untrusted input (JWTs, `KUBERNETES_EXEC_INFO`,
//! token endpoint and Actions responses, DURATION values) and for redaction: they never panic,
//! round-trip where that means something, and never let a secret through. The fuzz targets in
//! fuzz/ explore the same functions much longer; these run in the normal suite.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwtcred::duration::{format_duration, parse_duration};
use jwtcred::exec_info::ExecInfo;
use jwtcred::http::{Response, server_message};
use jwtcred::jwt::{Jwt, JwtError, MAX_NUMERIC_DATE, NBF_LEEWAY_SECS};
use jwtcred::oauth::{expires_in, parse_token_response};
use jwtcred::secret::{Secret, redact};
use jwtcred::source::actions;
use jwtcred::token::Token;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

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
