//! Decoding a JWT's header and claims WITHOUT verifying its signature (the apiserver or IdP
//! verifies), and the sanity checks the contract demands before a token may be printed.
//!
//! A hand-written decode instead of jsonwebtoken: jwtcred never verifies, needs the header and
//! claims as raw JSON (for `inspect`), and must accept any `alg` the issuer uses.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

pub use crate::time::MAX_NUMERIC_DATE;

/// [`MAX_NUMERIC_DATE`] as a float (exactly representable: it is below 2^53).
const MAX_NUMERIC_DATE_F64: f64 = 253_402_300_799.0;

/// How far in the future `nbf` may lie before the token counts as not yet valid.
pub const NBF_LEEWAY_SECS: i64 = 60;

/// A decoded (unverified) JWT.
#[derive(Debug, Clone)]
pub struct Jwt {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtError {
    NotThreeParts(usize),
    BadBase64(&'static str),
    NotJsonObject(&'static str),
    BadNumericDate {
        claim: &'static str,
        why: &'static str,
    },
    Expired {
        exp: i64,
        now: i64,
    },
    NotYetValid {
        nbf: i64,
        now: i64,
    },
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotThreeParts(n) => {
                write!(f, "not a JWT: expected 3 dot-separated parts, found {n}")
            }
            Self::BadBase64(part) => write!(f, "not a JWT: the {part} is not valid base64url"),
            Self::NotJsonObject(part) => write!(f, "not a JWT: the {part} is not a JSON object"),
            Self::BadNumericDate { claim, why } => {
                write!(f, "the JWT's `{claim}` claim {why}")
            }
            Self::Expired { exp, now } => write!(
                f,
                "the JWT expired at {} ({} ago)",
                crate::time::rfc3339(*exp),
                crate::duration::format_secs(now.saturating_sub(*exp))
            ),
            Self::NotYetValid { nbf, now } => write!(
                f,
                "the JWT is not valid before {} ({} from now)",
                crate::time::rfc3339(*nbf),
                crate::duration::format_secs(nbf.saturating_sub(*now))
            ),
        }
    }
}

impl std::error::Error for JwtError {}

impl Jwt {
    /// Splits and decodes a compact JWS. Checks only the shape, not times or signature.
    pub fn decode(token: &str) -> Result<Self, JwtError> {
        let parts: Vec<&str> = token.split('.').collect();
        let [header, claims, signature] = parts[..] else {
            return Err(JwtError::NotThreeParts(parts.len()));
        };
        let header = decode_object(header, "header")?;
        let claims = decode_object(claims, "payload")?;
        if signature.is_empty() {
            return Err(JwtError::BadBase64("signature"));
        }
        decode_part(signature, "signature")?;
        Ok(Self { header, claims })
    }

    /// Decodes and checks the times: `exp`/`iat`/`nbf` must be real NumericDates, `exp` must
    /// not be past and `nbf` not more than a minute ahead.
    pub fn decode_valid(token: &str, now: i64) -> Result<Self, JwtError> {
        let jwt = Self::decode(token)?;
        let times = jwt.times()?;
        if let Some(exp) = times.exp
            && exp <= now
        {
            return Err(JwtError::Expired { exp, now });
        }
        if let Some(nbf) = times.nbf
            && nbf > now.saturating_add(NBF_LEEWAY_SECS)
        {
            return Err(JwtError::NotYetValid { nbf, now });
        }
        Ok(jwt)
    }

    pub fn times(&self) -> Result<Times, JwtError> {
        Ok(Times {
            exp: self.numeric_date("exp")?,
            iat: self.numeric_date("iat")?,
            nbf: self.numeric_date("nbf")?,
        })
    }

    pub fn string_claim(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// `aud` as a list, whether the token carries a string or an array.
    pub fn audiences(&self) -> Vec<String> {
        audiences(&self.claims)
    }

    fn numeric_date(&self, claim: &'static str) -> Result<Option<i64>, JwtError> {
        let Some(value) = self.claims.get(claim) else {
            return Ok(None);
        };
        numeric_date(value)
            .map(Some)
            .map_err(|why| JwtError::BadNumericDate { claim, why })
    }
}

/// The `aud` of `claims` as a list, whether it is a string or an array.
pub fn audiences(claims: &Map<String, Value>) -> Vec<String> {
    match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// A claim value as a NumericDate in whole Unix seconds (0 ..= [`MAX_NUMERIC_DATE`]), or why
/// it is not one.
pub fn numeric_date(value: &Value) -> Result<i64, &'static str> {
    let Value::Number(number) = value else {
        return Err("is not a number");
    };
    let secs = number.as_f64().ok_or("is not a number")?;
    if !secs.is_finite() || secs < 0.0 {
        return Err("is negative");
    }
    if secs > MAX_NUMERIC_DATE_F64 {
        return Err("lies beyond the year 9999");
    }
    // NumericDate may carry fractions; whole seconds are all that matter here. The checks
    // above bound the value to 0..=MAX_NUMERIC_DATE, so the cast cannot truncate or wrap.
    #[allow(clippy::cast_possible_truncation)]
    Ok(secs.trunc() as i64)
}

/// The registered time claims, as Unix seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Times {
    pub exp: Option<i64>,
    pub iat: Option<i64>,
    pub nbf: Option<i64>,
}

fn decode_part(part: &str, name: &'static str) -> Result<Vec<u8>, JwtError> {
    // Some issuers pad; base64url in JWS is unpadded, so tolerate and strip it.
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| JwtError::BadBase64(name))
}

fn decode_object(part: &str, name: &'static str) -> Result<Map<String, Value>, JwtError> {
    let bytes = decode_part(part, name)?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JwtError::NotJsonObject(name)),
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(claims: Value) -> String {
        let enc = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
        format!("{}.{}.c2ln", enc(&json!({"alg":"RS256"})), enc(&claims))
    }

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn decodes_a_valid_token() {
        let token = jwt(json!({"sub":"me","aud":["a","b"],"exp":NOW + 600,"iat":NOW}));
        let jwt = Jwt::decode_valid(&token, NOW).unwrap();
        assert_eq!(jwt.string_claim("sub"), Some("me"));
        assert_eq!(jwt.audiences(), ["a", "b"]);
        assert_eq!(jwt.times().unwrap().exp, Some(NOW + 600));
    }

    #[test]
    fn rejects_shapes_that_are_not_jwts() {
        assert_eq!(Jwt::decode("abc").unwrap_err(), JwtError::NotThreeParts(1));
        assert_eq!(
            Jwt::decode("a.b.c.d").unwrap_err(),
            JwtError::NotThreeParts(4)
        );
        assert_eq!(
            Jwt::decode("!!.e30.c2ln").unwrap_err(),
            JwtError::BadBase64("header")
        );
        let not_json = URL_SAFE_NO_PAD.encode("nope");
        assert_eq!(
            Jwt::decode(&format!("e30.{not_json}.c2ln")).unwrap_err(),
            JwtError::NotJsonObject("payload")
        );
        assert_eq!(
            Jwt::decode("W10.e30.c2ln").unwrap_err(),
            JwtError::NotJsonObject("header")
        );
        assert_eq!(
            Jwt::decode("e30.e30.").unwrap_err(),
            JwtError::BadBase64("signature")
        );
    }

    #[test]
    fn rejects_impossible_expiries() {
        for (exp, why) in [
            (json!("soon"), "is not a number"),
            (json!(-5), "is negative"),
            (json!(MAX_NUMERIC_DATE + 1), "lies beyond the year 9999"),
        ] {
            let err = Jwt::decode_valid(&jwt(json!({ "exp": exp })), NOW).unwrap_err();
            assert_eq!(err, JwtError::BadNumericDate { claim: "exp", why });
        }
    }

    #[test]
    fn rejects_expired_and_future_tokens() {
        let expired = jwt(json!({"exp": NOW - 1}));
        assert!(matches!(
            Jwt::decode_valid(&expired, NOW),
            Err(JwtError::Expired { .. })
        ));
        let future = jwt(json!({"exp": NOW + 900, "nbf": NOW + 61}));
        assert!(matches!(
            Jwt::decode_valid(&future, NOW),
            Err(JwtError::NotYetValid { .. })
        ));
        let slightly_ahead = jwt(json!({"exp": NOW + 900, "nbf": NOW + 60}));
        assert!(Jwt::decode_valid(&slightly_ahead, NOW).is_ok());
    }

    #[test]
    fn a_token_without_exp_is_valid() {
        let jwt = Jwt::decode_valid(&jwt(json!({"sub":"x"})), NOW).unwrap();
        assert_eq!(jwt.times().unwrap().exp, None);
    }
}
