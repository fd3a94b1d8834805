//! `CacheKey`: a versioned digest of everything that decides which token comes back, and
//! `KeyMaterial`, the one builder every source and the exchange add their settings to.
//!
//! The digest is taken over an unambiguous (prefix-free) encoding, never over a struct's binary
//! layout or a joined string: two different settings never give one key. Each item is a tag
//! byte, its name and its value, every string length-prefixed and every list count-prefixed,
//! so that `["a b"]` and `["a", "b"]`, ("ab","c") and ("a","bc"), an absent value and an
//! empty one all stay apart. [`decode_material`] is the encoding's inverse; it exists to prove
//! that injectivity (property tests and the `cache_key` fuzz target), not for the hot path.

use sha2::{Digest, Sha256};

use crate::secret::{Secret, hex};

/// Bump when the key material's meaning or encoding changes: old entries then simply miss.
/// (v1 joined lists into one string, so list boundaries were lost.)
pub const KEY_VERSION: &str = "jwtcred-cache-key-v2";

const TAG_TEXT: u8 = b's';
const TAG_ABSENT: u8 = b'-';
const TAG_LIST: u8 = b'l';
const TAG_PATH: u8 = b'p';

/// One item of key material, as [`decode_material`] gives it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// A path's bytes as the OS gives them (a path need not be UTF-8).
    Path(Vec<u8>),
    Absent,
    List(Vec<String>),
}

/// The settings of one call that decide which token comes back, in a fixed encoding.
/// Secrets enter only through [`KeyMaterial::secret_digest`].
#[derive(Debug, Clone)]
pub struct KeyMaterial {
    label: &'static str,
    encoding: Vec<u8>,
}

impl KeyMaterial {
    /// Starts the material of the entry kind `label` (the source's name): the key version and
    /// the label come first. The label is opaque here; `cache list` shows it.
    pub fn new(label: &'static str) -> Self {
        let mut encoding = Vec::new();
        put_str(&mut encoding, KEY_VERSION);
        let mut material = Self { label, encoding };
        material.field("source", label);
        material
    }

    /// A single string setting.
    pub fn field(&mut self, name: &str, value: &str) -> &mut Self {
        self.item(TAG_TEXT, name);
        put_str(&mut self.encoding, value);
        self
    }

    /// A file system path, byte for byte.
    pub fn path(&mut self, name: &str, path: &std::path::Path) -> &mut Self {
        self.item(TAG_PATH, name);
        put_bytes(&mut self.encoding, path.as_os_str().as_encoded_bytes());
        self
    }

    /// A setting that may be unset; unset is distinct from the empty string.
    pub fn optional(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.field(name, value),
            None => {
                self.item(TAG_ABSENT, name);
                self
            }
        }
    }

    /// A list whose order matters (it is sent in that order); item boundaries are kept.
    pub fn list<S: AsRef<str>>(&mut self, name: &str, items: &[S]) -> &mut Self {
        self.item(TAG_LIST, name);
        put_len(&mut self.encoding, items.len());
        for item in items {
            put_str(&mut self.encoding, item.as_ref());
        }
        self
    }

    /// A list the contract keys as a set of values in any order (audiences, scopes,
    /// resources): sorted, duplicates kept, item boundaries kept.
    pub fn sorted_list<S: AsRef<str>>(&mut self, name: &str, items: &[S]) -> &mut Self {
        let mut sorted: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        sorted.sort_unstable();
        self.list(name, &sorted)
    }

    /// A secret, as its SHA-256 digest only: another secret is another identity.
    pub fn secret_digest(&mut self, name: &str, secret: &Secret) -> &mut Self {
        self.field(name, &secret.digest())
    }

    /// The exact bytes the key digests.
    pub fn encoding(&self) -> &[u8] {
        &self.encoding
    }

    pub fn into_key(self) -> CacheKey {
        CacheKey {
            digest: hex(&Sha256::digest(&self.encoding)),
            label: self.label,
        }
    }

    fn item(&mut self, tag: u8, name: &str) {
        self.encoding.push(tag);
        put_str(&mut self.encoding, name);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey {
    /// Hex SHA-256 of the material's encoding; also the entry's file name.
    pub digest: String,
    /// What kind of entry this is (the source's name), stored with the entry.
    pub label: &'static str,
}

impl CacheKey {
    /// The first 16 hex digits, as shown by `cache list`.
    pub fn short(&self) -> &str {
        &self.digest[..16]
    }
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    // usize is at most 64 bits on every supported target.
    out.extend_from_slice(&u64::try_from(len).unwrap_or(u64::MAX).to_be_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_bytes(out, text.as_bytes());
}

/// The inverse of the encoding: the key version and the (name, value) items, source first,
/// in the order they were added; None for bytes that are not exactly one encoding.
pub fn decode_material(bytes: &[u8]) -> Option<(String, Vec<(String, Value)>)> {
    let mut reader = Reader { rest: bytes };
    let version = reader.string()?;
    let mut items = Vec::new();
    while !reader.rest.is_empty() {
        let tag = reader.byte()?;
        let name = reader.string()?;
        let value = match tag {
            TAG_TEXT => Value::Text(reader.string()?),
            TAG_PATH => Value::Path(reader.bytes()?.to_vec()),
            TAG_ABSENT => Value::Absent,
            TAG_LIST => {
                let count = reader.len()?;
                // Each item takes at least its 8-byte length: reject impossible counts early.
                if count > reader.rest.len() / 8 {
                    return None;
                }
                let mut list = Vec::with_capacity(count);
                for _ in 0..count {
                    list.push(reader.string()?);
                }
                Value::List(list)
            }
            _ => return None,
        };
        items.push((name, value));
    }
    Some((version, items))
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, tail) = self.rest.split_at_checked(n)?;
        self.rest = tail;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn len(&mut self) -> Option<usize> {
        let bytes: [u8; 8] = self.take(8)?.try_into().ok()?;
        usize::try_from(u64::from_be_bytes(bytes)).ok()
    }

    fn bytes(&mut self) -> Option<&[u8]> {
        let len = self.len()?;
        self.take(len)
    }

    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(build: impl FnOnce(&mut KeyMaterial)) -> CacheKey {
        let mut material = KeyMaterial::new("actions");
        build(&mut material);
        material.into_key()
    }

    #[test]
    fn same_material_same_key() {
        let a = key(|m| {
            m.field("aud", "a");
        });
        assert_eq!(
            a,
            key(|m| {
                m.field("aud", "a");
            })
        );
        assert_eq!(a.digest.len(), 64);
    }

    #[test]
    fn any_difference_changes_the_key() {
        let keys = [
            key(|m| {
                m.field("aud", "a");
            }),
            key(|m| {
                m.field("aud", "b");
            }),
            key(|m| {
                m.field("a", "bc");
            }),
            key(|m| {
                m.field("ab", "c");
            }),
            key(|m| {
                m.list("aud", &["a b"]);
            }),
            key(|m| {
                m.list("aud", &["a", "b"]);
            }),
            key(|m| {
                m.list("aud", &["a,b"]);
            }),
            key(|m| {
                m.list("aud", &["", ""]);
            }),
            key(|m| {
                m.list("aud", &[""]);
            }),
            key(|m| {
                m.list::<&str>("aud", &[]);
            }),
            key(|m| {
                m.optional("aud", None);
            }),
            key(|m| {
                m.path("aud", std::path::Path::new("a"));
            }),
            key(|m| {
                m.optional("aud", Some(""));
            }),
            key(|_| {}),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let spiffe = {
            let mut m = KeyMaterial::new("spiffe");
            m.field("aud", "a");
            m.into_key()
        };
        assert_ne!(keys[0].digest, spiffe.digest);
    }

    #[test]
    fn sorted_lists_ignore_order_but_keep_duplicates() {
        let of = |items: &[&str]| {
            key(|m| {
                m.sorted_list("aud", items);
            })
        };
        assert_eq!(of(&["b", "a"]), of(&["a", "b"]));
        assert_ne!(of(&["a", "a"]), of(&["a"]));
        let ordered = |items: &[&str]| {
            key(|m| {
                m.list("aud", items);
            })
        };
        assert_ne!(ordered(&["b", "a"]), ordered(&["a", "b"]));
    }

    #[test]
    fn the_encoding_decodes_to_what_was_added() {
        let mut m = KeyMaterial::new("client-credentials");
        m.field("url", "https://idp/token")
            .path("file", std::path::Path::new("/t"))
            .optional("id", None)
            .list("aud", &["b", "a"])
            .sorted_list("scope", &["y", "x"]);
        let (version, items) = decode_material(m.encoding()).unwrap();
        assert_eq!(version, KEY_VERSION);
        assert_eq!(
            items,
            vec![
                ("source".into(), Value::Text("client-credentials".into())),
                ("url".into(), Value::Text("https://idp/token".into())),
                ("file".into(), Value::Path(b"/t".to_vec())),
                ("id".into(), Value::Absent),
                ("aud".into(), Value::List(vec!["b".into(), "a".into()])),
                ("scope".into(), Value::List(vec!["x".into(), "y".into()])),
            ]
        );
        assert!(decode_material(&m.encoding()[..m.encoding().len() - 1]).is_none());
        let mut extra = m.encoding().to_vec();
        extra.push(0);
        assert!(decode_material(&extra).is_none());
    }

    #[test]
    fn secrets_enter_only_as_digests() {
        let secret = Secret::new("hunter2-hunter2");
        let mut m = KeyMaterial::new("client-credentials");
        m.secret_digest("client_secret_sha256", &secret);
        let text = String::from_utf8_lossy(m.encoding()).into_owned();
        assert!(!text.contains("hunter2"));
        assert!(text.contains(&secret.digest()));
    }
}
