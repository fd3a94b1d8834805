//! `CacheKey`: a versioned digest of everything that decides which token comes back. Built
//! from explicit name/value pairs, never from a struct's binary layout, so that a code change
//! cannot silently alias two configurations.

use sha2::{Digest, Sha256};

use crate::secret::hex;
use crate::source::SourceKind;

/// Bump when the meaning of the key material changes: old entries then simply miss.
const KEY_VERSION: &str = "jwtcred-cache-key-v1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey {
    /// Hex SHA-256; also the entry's file name.
    pub digest: String,
    pub source: SourceKind,
}

impl CacheKey {
    /// `material` are (name, value) pairs; secrets must already be digests.
    pub fn new(source: SourceKind, material: Vec<(&'static str, String)>) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(KEY_VERSION.as_bytes());
        field(&mut hasher, "source", source.name());
        for (name, value) in &material {
            field(&mut hasher, name, value);
        }
        Self {
            digest: hex(&hasher.finalize()),
            source,
        }
    }

    /// The first 16 hex digits, as shown by `cache list`.
    pub fn short(&self) -> &str {
        &self.digest[..16]
    }
}

/// Length-prefixed so that ("ab","c") and ("a","bc") never collide.
fn field(hasher: &mut Sha256, name: &str, value: &str) {
    for part in [name, value] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(pairs: &[(&'static str, &str)]) -> CacheKey {
        CacheKey::new(
            SourceKind::Actions,
            pairs.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        )
    }

    #[test]
    fn same_material_same_key() {
        assert_eq!(key(&[("aud", "a")]), key(&[("aud", "a")]));
        assert_eq!(key(&[("aud", "a")]).digest.len(), 64);
    }

    #[test]
    fn any_difference_changes_the_key() {
        assert_ne!(key(&[("aud", "a")]), key(&[("aud", "b")]));
        assert_ne!(key(&[("a", "bc")]), key(&[("ab", "c")]));
        assert_ne!(
            key(&[("aud", "a")]).digest,
            CacheKey::new(SourceKind::Spiffe, vec![("aud", "a".into())]).digest
        );
    }
}
