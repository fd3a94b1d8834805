//! Signature verification as kube-apiserver's verifier does it (go-oidc's remote key set): the
//! JWKS keys whose `kid` equals the token's (all keys when the token has none) are tried in
//! turn, and one must verify the signature with an algorithm the authenticator accepts.
//! RS/PS 256/384/512 and ES256/ES384 through `jsonwebtoken`, ES512 through `p521`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Map, Value};

/// `oidc.AllValidSigningAlgorithms()`: what kube-apiserver accepts with an
/// AuthenticationConfiguration.
pub const ACCEPTED_ALGORITHMS: [&str; 9] = [
    "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512",
];

/// One key of a JWKS, as far as verification needs it.
#[derive(Debug, Clone)]
pub struct JsonWebKey {
    pub kid: String,
    pub kty: String,
    pub fields: Map<String, Value>,
}

impl JsonWebKey {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(Value::as_str)
    }

    /// `kid=…` (or `#n`) and `kty`, for messages.
    pub fn describe(&self, index: usize) -> String {
        let kid = if self.kid.is_empty() {
            format!("#{index} (no kid)")
        } else {
            format!("kid {:?}", self.kid)
        };
        match self.field("crv") {
            Some(crv) => format!("{kid} ({} {crv})", self.kty),
            None => format!("{kid} ({})", self.kty),
        }
    }
}

/// Reads the `keys` of a JWKS document; keys that are not objects are dropped.
pub fn parse_jwks(body: &[u8]) -> Result<Vec<JsonWebKey>, String> {
    let doc: Value = serde_json::from_slice(body).map_err(|_| "the JWKS is not JSON".to_owned())?;
    let keys = doc
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| "the JWKS has no \"keys\" array".to_owned())?;
    Ok(keys
        .iter()
        .filter_map(Value::as_object)
        .map(|fields| JsonWebKey {
            kid: fields
                .get("kid")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            kty: fields
                .get("kty")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            fields: fields.clone(),
        })
        .collect())
}

/// The outcome of verifying one token against one JWKS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The key (described) that verified it.
    Verified(String),
    /// The algorithm in the header is not one kube-apiserver accepts.
    AlgorithmRefused(String),
    /// No key carries the token's kid; `other` names a key without that kid that would verify.
    NoKeyWithKid {
        kid: String,
        kids: Vec<String>,
        other: Option<String>,
    },
    /// Candidate keys exist but none verifies.
    NoKeyVerifies { tried: Vec<String> },
}

/// Verifies `token` (compact JWS) with `keys`.
pub fn verify(token: &str, header: &Map<String, Value>, keys: &[JsonWebKey]) -> Verdict {
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
    if !ACCEPTED_ALGORITHMS.contains(&alg) {
        return Verdict::AlgorithmRefused(alg.to_owned());
    }
    let Some((message, signature)) = token.rsplit_once('.') else {
        return Verdict::NoKeyVerifies { tried: Vec::new() };
    };
    let kid = header.get("kid").and_then(Value::as_str).unwrap_or("");
    let candidates: Vec<(usize, &JsonWebKey)> = keys
        .iter()
        .enumerate()
        .filter(|(_, key)| kid.is_empty() || key.kid == kid)
        .collect();
    for (index, key) in &candidates {
        if verifies(key, alg, message.as_bytes(), signature) {
            return Verdict::Verified(key.describe(*index));
        }
    }
    if candidates.is_empty() {
        let other = keys
            .iter()
            .enumerate()
            .find(|(_, key)| verifies(key, alg, message.as_bytes(), signature))
            .map(|(index, key)| key.describe(index));
        return Verdict::NoKeyWithKid {
            kid: kid.to_owned(),
            kids: keys.iter().map(|k| k.kid.clone()).collect(),
            other,
        };
    }
    Verdict::NoKeyVerifies {
        tried: candidates.iter().map(|(i, k)| k.describe(*i)).collect(),
    }
}

fn verifies(key: &JsonWebKey, alg: &str, message: &[u8], signature: &str) -> bool {
    match alg {
        "ES512" => verify_es512(key, message, signature),
        _ => verify_with_jsonwebtoken(key, alg, message, signature),
    }
}

fn verify_with_jsonwebtoken(key: &JsonWebKey, alg: &str, message: &[u8], signature: &str) -> bool {
    let (algorithm, kty, curve) = match alg {
        "RS256" => (Algorithm::RS256, "RSA", None),
        "RS384" => (Algorithm::RS384, "RSA", None),
        "RS512" => (Algorithm::RS512, "RSA", None),
        "PS256" => (Algorithm::PS256, "RSA", None),
        "PS384" => (Algorithm::PS384, "RSA", None),
        "PS512" => (Algorithm::PS512, "RSA", None),
        "ES256" => (Algorithm::ES256, "EC", Some("P-256")),
        "ES384" => (Algorithm::ES384, "EC", Some("P-384")),
        _ => return false,
    };
    if key.kty != kty || (curve.is_some() && key.field("crv") != curve) {
        return false;
    }
    let decoding = match kty {
        "RSA" => match (key.field("n"), key.field("e")) {
            (Some(n), Some(e)) => DecodingKey::from_rsa_components(n, e),
            _ => return false,
        },
        _ => match (key.field("x"), key.field("y")) {
            (Some(x), Some(y)) => DecodingKey::from_ec_components(x, y),
            _ => return false,
        },
    };
    let Ok(decoding) = decoding else {
        return false;
    };
    jsonwebtoken::crypto::verify(signature, message, &decoding, algorithm).unwrap_or(false)
}

/// ECDSA P-521 with SHA-512, signature as the JWS raw `r || s` (2 × 66 bytes).
fn verify_es512(key: &JsonWebKey, message: &[u8], signature: &str) -> bool {
    use p521::ecdsa::signature::Verifier;
    if key.kty != "EC" || key.field("crv") != Some("P-521") {
        return false;
    }
    let decode = |field| {
        key.field(field)
            .and_then(|v| URL_SAFE_NO_PAD.decode(v).ok())
    };
    let (Some(x), Some(y), Ok(signature)) =
        (decode("x"), decode("y"), URL_SAFE_NO_PAD.decode(signature))
    else {
        return false;
    };
    if x.len() != 66 || y.len() != 66 {
        return false;
    }
    let mut point = vec![0x04];
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    let (Ok(verifying), Ok(signature)) = (
        p521::ecdsa::VerifyingKey::from_sec1_bytes(&point),
        p521::ecdsa::Signature::from_slice(&signature),
    ) else {
        return false;
    };
    verifying.verify(message, &signature).is_ok()
}
