//! Test token issuers: fixed RSA key pairs (tests/fixtures/*-rsa.*.pem, test-only keys made once
//! with `openssl genrsa 2048`) that mint real RS256 JWTs, publish a JWKS and verify tokens the
//! way a relying party would. Also raw helpers for hand-made, deliberately broken tokens.

use std::path::PathBuf;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};

/// Which committed key pair an issuer signs with. Distinct keys let a test prove that a peer
/// rejects a token signed by the "wrong" issuer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestKey {
    /// The default workload-identity issuer key.
    Primary,
    /// A second, untrusted key for "wrong key" tests.
    Other,
    /// The key of token-exchange servers (Dex), so exchanged tokens differ from subject tokens.
    Exchange,
    /// An EC P-256 key (ES256), as SPIRE signs JWT-SVIDs with by default.
    Spiffe,
}

impl TestKey {
    fn stem(self) -> &'static str {
        match self {
            TestKey::Primary => "issuer-rsa",
            TestKey::Other => "other-rsa",
            TestKey::Exchange => "exchange-rsa",
            TestKey::Spiffe => "spiffe-ec",
        }
    }

    /// RS256 for the RSA keys, ES256 for the EC one.
    pub fn algorithm(self) -> Algorithm {
        match self {
            TestKey::Spiffe => Algorithm::ES256,
            _ => Algorithm::RS256,
        }
    }

    fn private_pem(self) -> &'static str {
        match self {
            TestKey::Primary => include_str!("../../fixtures/issuer-rsa.key.pem"),
            TestKey::Other => include_str!("../../fixtures/other-rsa.key.pem"),
            TestKey::Exchange => include_str!("../../fixtures/exchange-rsa.key.pem"),
            TestKey::Spiffe => include_str!("../../fixtures/spiffe-ec.key.pem"),
        }
    }

    fn public_pem(self) -> &'static str {
        match self {
            TestKey::Primary => include_str!("../../fixtures/issuer-rsa.pub.pem"),
            TestKey::Other => include_str!("../../fixtures/other-rsa.pub.pem"),
            TestKey::Exchange => include_str!("../../fixtures/exchange-rsa.pub.pem"),
            TestKey::Spiffe => include_str!("../../fixtures/spiffe-ec.pub.pem"),
        }
    }

    /// Path of the committed private key (PEM, PKCS#8).
    pub fn private_key_path(self) -> PathBuf {
        fixtures_dir().join(format!("{}.key.pem", self.stem()))
    }

    /// Path of the committed public key (PEM, SPKI).
    pub fn public_key_path(self) -> PathBuf {
        fixtures_dir().join(format!("{}.pub.pem", self.stem()))
    }
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// An issuer URL plus an RSA key pair and its `kid`.
#[derive(Clone, Debug)]
pub struct TestIssuer {
    pub issuer: String,
    pub kid: String,
    pub key: TestKey,
}

impl TestIssuer {
    /// An issuer signing with [`TestKey::Primary`].
    pub fn new(issuer: impl Into<String>) -> Self {
        Self::with_key(issuer, TestKey::Primary)
    }

    /// An issuer signing with `key`; the kid names the key so JWKS lookups can tell them apart.
    pub fn with_key(issuer: impl Into<String>, key: TestKey) -> Self {
        Self {
            issuer: issuer.into(),
            kid: format!("jwtcred-test-{}", key.stem()),
            key,
        }
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    fn encoding_key(&self) -> EncodingKey {
        let pem = self.key.private_pem().as_bytes();
        match self.key.algorithm() {
            Algorithm::ES256 => EncodingKey::from_ec_pem(pem).expect("fixture EC key"),
            _ => EncodingKey::from_rsa_pem(pem).expect("fixture RSA key"),
        }
    }

    fn decoding_key(&self) -> DecodingKey {
        let pem = self.key.public_pem().as_bytes();
        match self.key.algorithm() {
            Algorithm::ES256 => DecodingKey::from_ec_pem(pem).expect("fixture EC pubkey"),
            _ => DecodingKey::from_rsa_pem(pem).expect("fixture RSA pubkey"),
        }
    }

    /// Signs `claims` exactly as given (the key's algorithm, header `{alg, typ: JWT, kid}`).
    pub fn mint(&self, claims: Value) -> String {
        let mut header = Header::new(self.key.algorithm());
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding_key()).expect("sign test JWT")
    }

    /// The usual claims: `iss`, `sub`, `aud`, `iat` = `nbf` = now, `exp` = now + `ttl_secs`.
    pub fn mint_for(&self, sub: &str, aud: &str, ttl_secs: i64) -> String {
        self.mint(self.claims_for(sub, json!(aud), ttl_secs))
    }

    /// The claims [`mint_for`](Self::mint_for) would sign, for tests that tweak one field.
    pub fn claims_for(&self, sub: &str, aud: Value, ttl_secs: i64) -> Value {
        let now = now();
        json!({
            "iss": self.issuer,
            "sub": sub,
            "aud": aud,
            "iat": now,
            "nbf": now,
            "exp": now + ttl_secs,
        })
    }

    /// The JWK (RFC 7517) for this key: `kty` with `n`/`e` (RSA) or `crv`/`x`/`y` (EC), `kid`,
    /// `alg`, `use`.
    pub fn jwk(&self) -> Value {
        let alg = self.key.algorithm();
        let jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&self.encoding_key(), alg)
            .expect("JWK from fixture key");
        let mut jwk = serde_json::to_value(jwk).expect("JWK to JSON");
        jwk["kid"] = json!(self.kid);
        jwk["use"] = json!("sig");
        jwk["alg"] = json!(format!("{alg:?}"));
        jwk
    }

    /// `{"keys":[<jwk>]}`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk()] })
    }

    /// What a relying party checks: a signature with this key (its algorithm), a matching `kid` when the
    /// header has one, `iss` equal to this issuer, `exp` in the future (5 s leeway) and, when
    /// `expected_aud` is given, that it is one of the token's audiences. Returns the claims.
    pub fn verify(&self, token: &str, expected_aud: Option<&str>) -> Result<Value, String> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| format!("bad header: {e}"))?;
        if let Some(kid) = &header.kid
            && kid != &self.kid
        {
            return Err(format!("unknown kid {kid:?} (expected {:?})", self.kid));
        }
        let mut validation = Validation::new(self.key.algorithm());
        validation.leeway = 5;
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iss"]);
        match expected_aud {
            Some(aud) => validation.set_audience(&[aud]),
            None => validation.validate_aud = false,
        }
        jsonwebtoken::decode::<Value>(token, &self.decoding_key(), &validation)
            .map(|data| data.claims)
            .map_err(|e| format!("token rejected: {e}"))
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

pub fn b64url(bytes: impl AsRef<[u8]>) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A compact JWS with the given header and claims and a dummy signature: well-formed enough to
/// be decoded, never valid. For malformed-input tests.
pub fn unsigned_jwt(header: Value, claims: Value) -> String {
    format!(
        "{}.{}.{}",
        b64url(header.to_string()),
        b64url(claims.to_string()),
        b64url(b"not-a-real-signature")
    )
}

/// Decodes header and claims without verifying anything.
pub fn try_decode_unverified(token: &str) -> Result<(Value, Value), String> {
    let part = |s: &str| -> Result<Value, String> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|e| format!("bad base64url: {e}"))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("bad JSON: {e}"))
    };
    let parts: Vec<&str> = token.split('.').collect();
    let [h, c, _sig] = parts[..] else {
        return Err(format!("{} parts, not a compact JWS", parts.len()));
    };
    Ok((part(h)?, part(c)?))
}

/// [`try_decode_unverified`] that panics on a malformed token.
pub fn decode_unverified(token: &str) -> (Value, Value) {
    try_decode_unverified(token).unwrap_or_else(|e| panic!("{e}: {token:?}"))
}

/// Overlays `extra` onto `claims`; `null` in `extra` deletes the key.
pub fn merge_claims(claims: &mut Value, extra: &Value) {
    let (Some(target), Some(extra)) = (claims.as_object_mut(), extra.as_object()) else {
        return;
    };
    for (key, value) in extra {
        if value.is_null() {
            target.remove(key);
        } else {
            target.insert(key.clone(), value.clone());
        }
    }
}
