//! JWT decoding and time validation on arbitrary input, plus the redaction of whatever came in.
//! The first byte picks the mode: raw text (shape and base64 errors), or three 0xFF-separated
//! parts that are base64url-encoded first, so that the fuzzer reaches the JSON and the claims.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwtcred::jwt::{Jwt, MAX_NUMERIC_DATE, NBF_LEEWAY_SECS};
use jwtcred::secret::Secret;
use libfuzzer_sys::fuzz_target;

/// A fixed "now" keeps runs reproducible.
const NOW: i64 = 1_800_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = if mode % 2 == 0 {
        match std::str::from_utf8(rest) {
            Ok(text) => text.to_owned(),
            Err(_) => return,
        }
    } else {
        rest.split(|b| *b == 0xFF)
            .map(|part| URL_SAFE_NO_PAD.encode(part))
            .collect::<Vec<_>>()
            .join(".")
    };
    check(&text);
});

fn check(text: &str) {
    if let Ok(jwt) = Jwt::decode(text) {
        let _ = jwt.audiences();
        let _ = jwt.string_claim("sub");
        if let Ok(times) = jwt.times() {
            for t in [times.exp, times.iat, times.nbf].into_iter().flatten() {
                assert!((0..=MAX_NUMERIC_DATE).contains(&t));
            }
        }
        match Jwt::decode_valid(text, NOW) {
            Ok(valid) => {
                let times = valid.times().expect("a valid JWT has valid times");
                assert!(times.exp.is_none_or(|exp| exp > NOW));
                assert!(times.nbf.is_none_or(|nbf| nbf <= NOW + NBF_LEEWAY_SECS));
            }
            Err(err) => {
                let _ = err.to_string();
            }
        }
    }
    // The redacted forms are exact: nothing of the secret but a JWT's first 6 characters.
    let secret = Secret::new(text);
    let expected = if text.starts_with("eyJ") && text.split('.').count() == 3 {
        format!("{}…", text.chars().take(6).collect::<String>())
    } else {
        format!("<redacted, {} chars>", text.chars().count())
    };
    assert_eq!(secret.to_string(), expected);
    assert_eq!(format!("{secret:?}"), format!("Secret({expected})"));
}
