//! Signature verification as kube-apiserver's verifier does it (go-oidc's remote key set): the
//! JWKS keys whose `kid` equals the token's (all keys when the token has none) are tried in
//! turn, and one must verify the signature with an algorithm the authenticator accepts.
//! RS/PS 256/384/512 through `rsa`, ES256/ES384/ES512 through `p256`/`p384`/`p521`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Verifier;
use serde_json::{Map, Value};
use sha2::{Sha256, Sha384, Sha512};

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
    let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else {
        return false;
    };
    match alg {
        "RS256" => verify_pkcs1::<Sha256>(key, message, &signature),
        "RS384" => verify_pkcs1::<Sha384>(key, message, &signature),
        "RS512" => verify_pkcs1::<Sha512>(key, message, &signature),
        "PS256" => verify_pss::<Sha256>(key, message, &signature),
        "PS384" => verify_pss::<Sha384>(key, message, &signature),
        "PS512" => verify_pss::<Sha512>(key, message, &signature),
        "ES256" => ec_point(key, "P-256", 32).is_some_and(|point| {
            match (
                p256::ecdsa::VerifyingKey::from_sec1_bytes(&point),
                p256::ecdsa::Signature::from_slice(&signature),
            ) {
                (Ok(verifying), Ok(signature)) => verifying.verify(message, &signature).is_ok(),
                _ => false,
            }
        }),
        "ES384" => ec_point(key, "P-384", 48).is_some_and(|point| {
            match (
                p384::ecdsa::VerifyingKey::from_sec1_bytes(&point),
                p384::ecdsa::Signature::from_slice(&signature),
            ) {
                (Ok(verifying), Ok(signature)) => verifying.verify(message, &signature).is_ok(),
                _ => false,
            }
        }),
        "ES512" => ec_point(key, "P-521", 66).is_some_and(|point| {
            match (
                p521::ecdsa::VerifyingKey::from_sec1_bytes(&point),
                p521::ecdsa::Signature::from_slice(&signature),
            ) {
                (Ok(verifying), Ok(signature)) => verifying.verify(message, &signature).is_ok(),
                _ => false,
            }
        }),
        _ => false,
    }
}

/// An RSA JWK (`n`, `e`) as a public key.
fn rsa_key(key: &JsonWebKey) -> Option<rsa::RsaPublicKey> {
    if key.kty != "RSA" {
        return None;
    }
    let n = URL_SAFE_NO_PAD.decode(key.field("n")?).ok()?;
    let e = URL_SAFE_NO_PAD.decode(key.field("e")?).ok()?;
    rsa::RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(&n),
        rsa::BigUint::from_bytes_be(&e),
    )
    .ok()
}

/// RSASSA-PKCS1-v1_5 with the DigestInfo prefix of `D` (RS256/384/512).
fn verify_pkcs1<D>(key: &JsonWebKey, message: &[u8], signature: &[u8]) -> bool
where
    D: sha2::Digest + rsa::pkcs8::AssociatedOid,
{
    let (Some(public), Ok(signature)) =
        (rsa_key(key), rsa::pkcs1v15::Signature::try_from(signature))
    else {
        return false;
    };
    rsa::pkcs1v15::VerifyingKey::<D>::new(public)
        .verify(message, &signature)
        .is_ok()
}

/// RSASSA-PSS with `D` and MGF1(`D`) (PS256/384/512).
fn verify_pss<D>(key: &JsonWebKey, message: &[u8], signature: &[u8]) -> bool
where
    D: sha2::Digest + sha2::digest::FixedOutputReset,
{
    let (Some(public), Ok(signature)) = (rsa_key(key), rsa::pss::Signature::try_from(signature))
    else {
        return false;
    };
    rsa::pss::VerifyingKey::<D>::new(public)
        .verify(message, &signature)
        .is_ok()
}

/// The uncompressed SEC1 point of an EC JWK on `curve` (coordinates of `size` bytes).
fn ec_point(key: &JsonWebKey, curve: &str, size: usize) -> Option<Vec<u8>> {
    if key.kty != "EC" || key.field("crv") != Some(curve) {
        return None;
    }
    let x = URL_SAFE_NO_PAD.decode(key.field("x")?).ok()?;
    let y = URL_SAFE_NO_PAD.decode(key.field("y")?).ok()?;
    if x.len() != size || y.len() != size {
        return None;
    }
    let mut point = vec![0x04];
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    Some(point)
}
