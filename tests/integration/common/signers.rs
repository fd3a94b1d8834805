//! Signing keys for every algorithm kube-apiserver accepts, for doctor's signature tests and
//! its differential corpus: RS*/PS* with the committed RSA fixture, ES256/ES384 with keys made
//! per test run (rcgen), ES512 with a fixed P-521 scalar (p521, over the SHA-512 prehash).

use std::sync::OnceLock;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::jwt::b64url;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    Rs256,
    Rs384,
    Rs512,
    Ps256,
    Ps384,
    Ps512,
    Es256,
    Es384,
    Es512,
}

impl Alg {
    pub const ALL: [Alg; 9] = [
        Alg::Rs256,
        Alg::Rs384,
        Alg::Rs512,
        Alg::Ps256,
        Alg::Ps384,
        Alg::Ps512,
        Alg::Es256,
        Alg::Es384,
        Alg::Es512,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Alg::Rs256 => "RS256",
            Alg::Rs384 => "RS384",
            Alg::Rs512 => "RS512",
            Alg::Ps256 => "PS256",
            Alg::Ps384 => "PS384",
            Alg::Ps512 => "PS512",
            Alg::Es256 => "ES256",
            Alg::Es384 => "ES384",
            Alg::Es512 => "ES512",
        }
    }

    /// The kid the JWKS gives this algorithm's key.
    pub fn kid(self) -> String {
        format!("doctor-{}", self.name().to_lowercase())
    }

    fn jsonwebtoken(self) -> Option<Algorithm> {
        Some(match self {
            Alg::Rs256 => Algorithm::RS256,
            Alg::Rs384 => Algorithm::RS384,
            Alg::Rs512 => Algorithm::RS512,
            Alg::Ps256 => Algorithm::PS256,
            Alg::Ps384 => Algorithm::PS384,
            Alg::Ps512 => Algorithm::PS512,
            Alg::Es256 => Algorithm::ES256,
            Alg::Es384 => Algorithm::ES384,
            Alg::Es512 => return None,
        })
    }
}

const RSA_PEM: &str = include_str!("../../fixtures/issuer-rsa.key.pem");

fn ec_pem(alg: Alg) -> &'static str {
    static P256: OnceLock<String> = OnceLock::new();
    static P384: OnceLock<String> = OnceLock::new();
    let (cell, curve) = match alg {
        Alg::Es256 => (&P256, &rcgen::PKCS_ECDSA_P256_SHA256),
        _ => (&P384, &rcgen::PKCS_ECDSA_P384_SHA384),
    };
    cell.get_or_init(|| {
        rcgen::KeyPair::generate_for(curve)
            .expect("EC key")
            .serialize_pem()
    })
}

fn encoding_key(alg: Alg) -> EncodingKey {
    match alg {
        Alg::Es256 | Alg::Es384 => {
            EncodingKey::from_ec_pem(ec_pem(alg).as_bytes()).expect("EC PEM")
        }
        _ => EncodingKey::from_rsa_pem(RSA_PEM.as_bytes()).expect("RSA PEM"),
    }
}

/// A fixed P-521 private scalar (test only).
fn p521_key() -> p521::ecdsa::SigningKey {
    let mut scalar = [0u8; 66];
    scalar[1..].copy_from_slice(&[0x5a; 65]);
    scalar[65] = 0x17;
    p521::ecdsa::SigningKey::from_slice(&scalar).expect("P-521 scalar")
}

/// The public JWK of `alg`'s key, with `kid`.
pub fn jwk(alg: Alg, kid: &str) -> Value {
    let mut jwk = match alg.jsonwebtoken() {
        Some(algorithm) => serde_json::to_value(
            jsonwebtoken::jwk::Jwk::from_encoding_key(&encoding_key(alg), algorithm).expect("JWK"),
        )
        .expect("JWK JSON"),
        None => {
            let verifying = p521::ecdsa::VerifyingKey::from(&p521_key());
            let point = verifying.to_encoded_point(false);
            json!({
                "kty": "EC",
                "crv": "P-521",
                "x": b64url(point.x().expect("x")),
                "y": b64url(point.y().expect("y")),
            })
        }
    };
    jwk["kid"] = json!(kid);
    jwk["use"] = json!("sig");
    jwk["alg"] = json!(alg.name());
    jwk
}

/// A JWKS with one key per algorithm (kid = [`Alg::kid`]).
pub fn jwks_all() -> Value {
    json!({ "keys": Alg::ALL.iter().map(|a| jwk(*a, &a.kid())).collect::<Vec<_>>() })
}

/// Signs `claims` with `alg`'s key; the header carries `kid` when given.
pub fn mint(alg: Alg, kid: Option<&str>, claims: &Value) -> String {
    match alg.jsonwebtoken() {
        Some(algorithm) => {
            let mut header = Header::new(algorithm);
            header.kid = kid.map(str::to_owned);
            jsonwebtoken::encode(&header, claims, &encoding_key(alg)).expect("sign")
        }
        None => {
            use p521::ecdsa::signature::hazmat::RandomizedPrehashSigner as _;
            use sha2::Digest as _;
            let mut header = json!({"alg": "ES512", "typ": "JWT"});
            if let Some(kid) = kid {
                header["kid"] = json!(kid);
            }
            let input = format!(
                "{}.{}",
                b64url(header.to_string()),
                b64url(claims.to_string())
            );
            let digest = sha2::Sha512::digest(input.as_bytes());
            let signature: p521::ecdsa::Signature = p521_key()
                .sign_prehash_with_rng(&mut NonceSource(0x9e37_79b9), &digest)
                .expect("sign ES512");
            format!("{input}.{}", b64url(signature.to_bytes()))
        }
    }
}

/// An HS256 token (kube-apiserver accepts no HMAC algorithm).
pub fn mint_hs256(claims: &Value) -> String {
    let header = Header::new(Algorithm::HS256);
    jsonwebtoken::encode(
        &header,
        claims,
        &EncodingKey::from_secret(b"doctor-test-secret"),
    )
    .expect("sign HS256")
}

/// ECDSA nonces for the P-521 test key: p521 0.13 signs only with a caller's RNG when built
/// without `getrandom`. A fixed sequence is fine for test tokens (never for real keys).
struct NonceSource(u64);

impl p521::elliptic_curve::rand_core::RngCore for NonceSource {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
    fn try_fill_bytes(
        &mut self,
        dest: &mut [u8],
    ) -> Result<(), p521::elliptic_curve::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl p521::elliptic_curve::rand_core::CryptoRng for NonceSource {}
