//! `Token`: a credential ready to print or cache — its value, what we know of its claims and
//! lifetime — and the refresh window that decides both `expirationTimestamp` and cache reuse.
//! Times come from servers, tokens and cache entries, so all of the math here saturates.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::error::Hinted;
use crate::jwt::{Jwt, MAX_NUMERIC_DATE};
use crate::secret::Secret;

/// The refresh window is at least this share of the lifetime (10%)...
const WINDOW_SHARE_OF_LIFETIME: i64 = 10;
/// ...and never more than half of it, so a short-lived token still gets a usable timestamp.
const WINDOW_MAX_SHARE_DIVISOR: i64 = 2;

#[derive(Debug, Clone)]
pub struct Token {
    pub value: Secret,
    /// Decoded claims; None for an opaque token (only an RFC 8693 exchange may return one).
    pub jwt: Option<Jwt>,
    /// Real expiry (Unix seconds): the JWT's `exp`, else `expires_in` after `obtained_at`.
    pub expires_at: Option<i64>,
    /// The JWT's `iat`, when it has one.
    pub issued_at: Option<i64>,
    /// When jwtcred obtained it; the lifetime's start when there is no `iat`.
    pub obtained_at: i64,
}

impl Token {
    /// Validates a JWT from a source (shape, `exp`, `nbf`); `expires_in` (seconds, from an
    /// OAuth response) gives the expiry only when the JWT has no `exp`.
    pub fn from_jwt(value: Secret, now: i64, expires_in: Option<u64>) -> Result<Self> {
        let jwt = Jwt::decode_valid(value.expose(), now)?;
        let times = jwt.times()?;
        let expires_at = match (times.exp, expires_in) {
            (Some(exp), _) => Some(exp),
            (None, Some(secs)) => Some(expiry_after(now, secs)?),
            (None, None) => None,
        };
        Ok(Self {
            value,
            jwt: Some(jwt),
            expires_at,
            issued_at: times.iat,
            obtained_at: now,
        })
    }

    /// An opaque (non-JWT) token, acceptable only with a known lifetime.
    pub fn opaque(value: Secret, now: i64, expires_in: Option<u64>) -> Result<Self> {
        let Some(secs) = expires_in else {
            bail!(
                "the token is not a JWT and the response has no expires_in, so its expiry is unknown"
            );
        };
        if value.is_empty() {
            bail!("the token is empty");
        }
        Ok(Self {
            value,
            jwt: None,
            expires_at: Some(expiry_after(now, secs)?),
            issued_at: None,
            obtained_at: now,
        })
    }

    /// Rebuilds a token read back from the cache; the stored value is re-decoded, never trusted
    /// blindly.
    pub fn restore(value: Secret, expires_at: i64, obtained_at: i64) -> Result<Self> {
        let jwt = Jwt::decode(value.expose()).ok();
        let issued_at = match &jwt {
            Some(jwt) => jwt.times().context("cached token has bad time claims")?.iat,
            None => None,
        };
        Ok(Self {
            value,
            jwt,
            expires_at: Some(expires_at),
            issued_at,
            obtained_at,
        })
    }

    /// exp − iat, or exp − the time it was obtained when there is no iat.
    pub fn lifetime(&self) -> Option<i64> {
        let exp = self.expires_at?;
        let start = self
            .issued_at
            .filter(|iat| *iat < exp)
            .unwrap_or(self.obtained_at);
        Some(exp.saturating_sub(start).max(0))
    }

    /// max(--refresh-before, 10% of the lifetime), capped at half the lifetime.
    pub fn refresh_window(&self, refresh_before: Duration) -> Option<i64> {
        let lifetime = self.lifetime()?;
        let before = i64::try_from(refresh_before.as_secs()).unwrap_or(i64::MAX);
        let wanted = before.max(lifetime.div_euclid(WINDOW_SHARE_OF_LIFETIME));
        Some(wanted.min(lifetime.div_euclid(WINDOW_MAX_SHARE_DIVISOR)))
    }

    /// The instant client-go must come back: expiry minus the refresh window.
    pub fn refresh_at(&self, refresh_before: Duration) -> Option<i64> {
        Some(
            self.expires_at?
                .saturating_sub(self.refresh_window(refresh_before)?),
        )
    }

    /// Whether a cached copy may still be handed out: `exp - now > refresh window`.
    pub fn is_fresh(&self, now: i64, refresh_before: Duration) -> bool {
        match (self.expires_at, self.refresh_window(refresh_before)) {
            (Some(exp), Some(window)) => exp.saturating_sub(now) > window,
            _ => false,
        }
    }

    pub fn subject(&self) -> Option<&str> {
        self.jwt.as_ref()?.string_claim("sub")
    }

    pub fn issuer(&self) -> Option<&str> {
        self.jwt.as_ref()?.string_claim("iss")
    }

    pub fn audiences(&self) -> Vec<String> {
        self.jwt.as_ref().map(Jwt::audiences).unwrap_or_default()
    }
}

/// The expiry `expires_in` seconds after `now`: an error unless it lies in the future and no
/// later than a NumericDate can name (year 9999).
fn expiry_after(now: i64, expires_in: u64) -> Result<i64> {
    const HINT: &str = "the token endpoint must answer a positive expires_in, in seconds (RFC 6749 §5.1); report it to the IdP's operator";
    if expires_in == 0 {
        return Err(Hinted::new(
            "the response's expires_in is 0: the token is already expired",
            HINT,
        )
        .into());
    }
    let latest = MAX_NUMERIC_DATE.saturating_sub(now);
    match i64::try_from(expires_in) {
        Ok(secs) if secs <= latest => Ok(now.saturating_add(secs)),
        _ => Err(Hinted::new(
            format!(
                "the response's expires_in {expires_in} is out of range (the expiry would lie beyond the year 9999)"
            ),
            HINT,
        )
        .into()),
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::{Value, json};

    const NOW: i64 = 1_800_000_000;

    fn token(claims: Value) -> Token {
        let enc = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
        let raw = format!("{}.{}.c2ln", enc(&json!({"alg":"RS256"})), enc(&claims));
        Token::from_jwt(Secret::new(raw), NOW, None).unwrap()
    }

    #[test]
    fn window_is_refresh_before_for_long_tokens() {
        // 1h lifetime: 10% = 360s beats the 60s default.
        let t = token(json!({"iat": NOW, "exp": NOW + 3600}));
        assert_eq!(t.refresh_window(Duration::from_secs(60)), Some(360));
        assert_eq!(t.refresh_window(Duration::from_secs(900)), Some(900));
        assert_eq!(t.refresh_at(Duration::from_secs(60)), Some(NOW + 3240));
    }

    #[test]
    fn window_never_exceeds_half_the_lifetime() {
        let t = token(json!({"iat": NOW, "exp": NOW + 100}));
        assert_eq!(t.refresh_window(Duration::from_secs(60)), Some(50));
    }

    #[test]
    fn lifetime_falls_back_to_obtained_time_without_iat() {
        let t = token(json!({"exp": NOW + 300}));
        assert_eq!(t.lifetime(), Some(300));
        assert_eq!(t.refresh_window(Duration::from_secs(60)), Some(60));
    }

    #[test]
    fn freshness_follows_the_window() {
        let t = token(json!({"iat": NOW, "exp": NOW + 600}));
        assert!(t.is_fresh(NOW, Duration::from_secs(60)));
        assert!(t.is_fresh(NOW + 539, Duration::from_secs(60)));
        assert!(!t.is_fresh(NOW + 540, Duration::from_secs(60)));
    }

    #[test]
    fn no_expiry_means_no_window_and_never_fresh() {
        let t = token(json!({"sub": "x"}));
        assert_eq!(t.refresh_at(Duration::from_secs(60)), None);
        assert!(!t.is_fresh(NOW, Duration::from_secs(60)));
    }

    #[test]
    fn expires_in_applies_only_without_exp() {
        let enc = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
        let raw = format!(
            "{}.{}.c2ln",
            enc(&json!({"alg":"RS256"})),
            enc(&json!({"sub":"x"}))
        );
        let t = Token::from_jwt(Secret::new(raw), NOW, Some(120)).unwrap();
        assert_eq!(t.expires_at, Some(NOW + 120));
    }

    #[test]
    fn expires_in_must_name_a_future_real_instant() {
        for bad in [0, 1 << 63, u64::MAX, (MAX_NUMERIC_DATE - NOW + 1) as u64] {
            assert!(
                Token::opaque(Secret::new("abc"), NOW, Some(bad)).is_err(),
                "{bad}"
            );
        }
        let latest = (MAX_NUMERIC_DATE - NOW) as u64;
        let t = Token::opaque(Secret::new("abc"), NOW, Some(latest)).unwrap();
        assert_eq!(t.expires_at, Some(MAX_NUMERIC_DATE));
    }

    #[test]
    fn extreme_cached_times_never_overflow() {
        for (exp, obtained) in [
            (i64::MAX, i64::MIN),
            (i64::MIN, i64::MAX),
            (i64::MAX, 0),
            (0, i64::MIN),
        ] {
            let t = Token::restore(Secret::new("opaque"), exp, obtained).unwrap();
            let _ = t.refresh_at(Duration::from_secs(u64::MAX));
            let _ = t.is_fresh(i64::MIN, Duration::MAX);
            let _ = t.is_fresh(i64::MAX, Duration::ZERO);
        }
    }

    #[test]
    fn opaque_tokens_need_expires_in() {
        assert!(Token::opaque(Secret::new("abc"), NOW, None).is_err());
        let t = Token::opaque(Secret::new("abc"), NOW, Some(60)).unwrap();
        assert_eq!(t.expires_at, Some(NOW + 60));
        assert_eq!(t.subject(), None);
    }
}
