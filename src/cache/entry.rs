//! What the cache stores, as JSON: a token entry (the token, its expiry, when it was obtained,
//! which source kind served it) and the token-free summary that `cache list` shows and the
//! keyring store keeps as its index. Anything that does not parse is a miss, never an error.

use serde::{Deserialize, Serialize};

use crate::secret::Secret;
use crate::token::Token;

/// Bump when the layout changes; entries of another version are misses and get overwritten.
const ENTRY_VERSION: u32 = 1;

/// A token as stored. No `Debug`: it holds the token in clear.
pub struct StoredToken {
    pub source: String,
    pub token: Secret,
    pub expires_at: i64,
    pub obtained_at: i64,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    v: u32,
    source: &'a str,
    token: &'a str,
    expires_at: i64,
    obtained_at: i64,
}

#[derive(Deserialize)]
struct EntryIn {
    v: u32,
    source: String,
    token: String,
    expires_at: i64,
    obtained_at: i64,
}

impl StoredToken {
    /// None for a token without an expiry: such tokens are never cached.
    pub fn from_token(token: &Token, source: &str) -> Option<Self> {
        Some(Self {
            source: source.to_owned(),
            token: token.value.clone(),
            expires_at: token.expires_at?,
            obtained_at: token.obtained_at,
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(&EntryOut {
            v: ENTRY_VERSION,
            source: &self.source,
            token: self.token.expose(),
            expires_at: self.expires_at,
            obtained_at: self.obtained_at,
        })
        .expect("entry serializes")
    }

    /// None for anything that is not a current-version entry with a non-empty token.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let entry: EntryIn = serde_json::from_slice(bytes).ok()?;
        if entry.v != ENTRY_VERSION || entry.token.is_empty() || entry.source.is_empty() {
            return None;
        }
        if !is_real_time(entry.expires_at) || !is_real_time(entry.obtained_at) {
            return None;
        }
        Some(Self {
            source: entry.source,
            token: Secret::new(entry.token),
            expires_at: entry.expires_at,
            obtained_at: entry.obtained_at,
        })
    }

    /// The token, re-decoded; None for a corrupt entry: a JWT-shaped token that does not
    /// decode, or a JWT whose `exp` is not the stored expiry. (A token that is not JWT-shaped
    /// at all is an exchange's opaque token, whose expiry only the entry knows.)
    pub fn to_token(&self) -> Option<Token> {
        let token = Token::restore(self.token.clone(), self.expires_at, self.obtained_at).ok()?;
        match &token.jwt {
            None if self.token.expose().split('.').count() == 3 => None,
            None => Some(token),
            Some(jwt) => match jwt.times().ok()?.exp {
                Some(exp) if exp != self.expires_at => None,
                _ => Some(token),
            },
        }
    }

    /// The token-free summary.
    pub fn summary(&self) -> Summary {
        let token = self.to_token();
        Summary {
            v: ENTRY_VERSION,
            source: self.source.clone(),
            subject: token.as_ref().and_then(|t| t.subject().map(str::to_owned)),
            audience: token.as_ref().map(Token::audiences).unwrap_or_default(),
            expires_at: self.expires_at,
        }
    }
}

/// What `cache list` shows of an entry, and the keyring store's index record: never a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub v: u32,
    pub source: String,
    pub subject: Option<String>,
    pub audience: Vec<String>,
    pub expires_at: i64,
}

impl Summary {
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("summary serializes")
    }

    pub fn decode(bytes: &[u8]) -> Option<Self> {
        serde_json::from_slice::<Self>(bytes)
            .ok()
            .filter(|s| s.v == ENTRY_VERSION && is_real_time(s.expires_at))
    }
}

/// A stored time jwtcred could have written: 1970 to the year 9999. Anything else is a
/// corrupt or forged entry, and a miss, before any arithmetic sees it.
fn is_real_time(secs: i64) -> bool {
    (0..=crate::jwt::MAX_NUMERIC_DATE).contains(&secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::{Value, json};

    const NOW: i64 = 1_800_000_000;

    fn jwt(claims: Value) -> String {
        let enc = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
        format!("{}.{}.c2ln", enc(&json!({"alg": "RS256"})), enc(&claims))
    }

    fn token(claims: Value) -> Token {
        Token::from_jwt(Secret::new(jwt(claims)), NOW, None).unwrap()
    }

    #[test]
    fn round_trips_and_restores_the_token() {
        let t = token(json!({"sub": "me", "aud": ["a", "b"], "iat": NOW, "exp": NOW + 600}));
        let stored = StoredToken::from_token(&t, "actions").unwrap();
        let back = StoredToken::decode(&stored.encode()).unwrap();
        assert_eq!(back.source, "actions");
        assert_eq!(back.expires_at, NOW + 600);
        assert_eq!(back.obtained_at, NOW);
        let restored = back.to_token().unwrap();
        assert_eq!(restored.value, t.value);
        assert_eq!(restored.issued_at, Some(NOW));
        assert_eq!(restored.subject(), Some("me"));
    }

    #[test]
    fn tokens_without_expiry_are_not_stored() {
        assert!(StoredToken::from_token(&token(json!({"sub": "x"})), "actions").is_none());
    }

    #[test]
    fn corrupt_entries_are_none() {
        for bad in [
            &b""[..],
            b"{",
            b"null",
            b"[]",
            b"{\"v\":1}",
            b"{\"v\":2,\"source\":\"a\",\"token\":\"t\",\"expires_at\":1,\"obtained_at\":1}",
            b"{\"v\":1,\"source\":\"a\",\"token\":\"\",\"expires_at\":1,\"obtained_at\":1}",
            b"{\"v\":1,\"source\":\"a\",\"token\":\"t\",\"expires_at\":\"x\",\"obtained_at\":1}",
            b"{\"v\":1,\"source\":\"a\",\"token\":\"t\",\"expires_at\":9223372036854775807,\"obtained_at\":1}",
            b"{\"v\":1,\"source\":\"a\",\"token\":\"t\",\"expires_at\":-9223372036854775808,\"obtained_at\":1}",
            b"{\"v\":1,\"source\":\"a\",\"token\":\"t\",\"expires_at\":1,\"obtained_at\":-1}",
            b"\xff\xfe",
        ] {
            assert!(StoredToken::decode(bad).is_none(), "{bad:?}");
        }
    }

    fn stored(token: &str, expires_at: i64) -> StoredToken {
        StoredToken {
            source: "actions".into(),
            token: Secret::new(token),
            expires_at,
            obtained_at: NOW,
        }
    }

    #[test]
    fn inconsistent_tokens_are_corrupt() {
        // JWT-shaped but undecodable.
        assert!(
            stored("eyJhbGciOi.broken.c2ln", NOW + 600)
                .to_token()
                .is_none()
        );
        // A JWT whose exp is not the stored expiry.
        let jwt = jwt(json!({"sub": "me", "exp": NOW + 600}));
        assert!(stored(&jwt, NOW + 6000).to_token().is_none());
        assert!(stored(&jwt, NOW + 600).to_token().is_some());
        // An opaque token (from an exchange) is taken as stored.
        let opaque = stored("opaque-access-token", NOW + 600).to_token().unwrap();
        assert_eq!(opaque.expires_at, Some(NOW + 600));
        assert!(opaque.jwt.is_none());
    }

    #[test]
    fn encoding_has_exactly_the_needed_fields() {
        let t = token(json!({"sub": "me", "exp": NOW + 600}));
        let encoded: Value =
            serde_json::from_slice(&StoredToken::from_token(&t, "spiffe").unwrap().encode())
                .unwrap();
        let mut keys: Vec<_> = encoded.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            ["expires_at", "obtained_at", "source", "token", "v"].map(String::from)
        );
    }

    #[test]
    fn summary_has_no_token() {
        let t = token(json!({"sub": "me", "aud": "k8s", "exp": NOW + 600}));
        let stored = StoredToken::from_token(&t, "actions").unwrap();
        let summary = stored.summary();
        assert_eq!(summary.subject.as_deref(), Some("me"));
        assert_eq!(summary.audience, vec!["k8s".to_owned()]);
        let text = String::from_utf8(summary.encode()).unwrap();
        assert!(!text.contains(t.value.expose()));
        assert_eq!(Summary::decode(text.as_bytes()), Some(summary));
        assert_eq!(Summary::decode(b"{}"), None);
    }
}
