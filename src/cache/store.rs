//! The cache's storage: token entries in the cache dir (file store) or in the OS keyring with a
//! token-free index record in the cache dir (keyring store), the per-key lock files, and the
//! bookkeeping both share — listing, clearing, pruning expired entries.
//!
//! Layout of the cache dir, all 0600: `<digest>.json` a file-store entry, `<digest>.keyring.json`
//! a keyring index record, `<digest>.lock` the key's lock, `.<name>.<pid>.<rand>.tmp` a write in
//! progress.

use std::io;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::Result;

use super::dir::{CacheDir, MAX_FILE_BYTES};
use super::entry::{StoredToken, Summary};
use super::keyring_store::Keyring;
use super::lock::{self, KeyLock};
use crate::fsutil;

/// Temporaries older than this belong to a writer that died; they are removed when pruning.
const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Entry,
    KeyringIndex,
    Lock,
}

impl FileKind {
    fn suffix(self) -> &'static str {
        match self {
            Self::Entry => ".json",
            Self::KeyringIndex => ".keyring.json",
            Self::Lock => ".lock",
        }
    }

    pub fn name(self, digest: &str) -> String {
        format!("{digest}{}", self.suffix())
    }
}

/// `(digest, kind)` for one of our file names; None for anything else (temporaries included).
pub fn parse_name(name: &str) -> Option<(&str, FileKind)> {
    let (digest, rest) = name.split_at_checked(64)?;
    if !digest
        .bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return None;
    }
    [FileKind::Entry, FileKind::KeyringIndex, FileKind::Lock]
        .into_iter()
        .find(|kind| rest == kind.suffix())
        .map(|kind| (digest, kind))
}

/// Where tokens go: a file per key, or the keyring.
#[derive(Debug)]
pub enum Backend {
    File,
    Keyring(Keyring),
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Keyring(_) => "keyring",
        }
    }

    /// The largest entry this store can give back: what `load` reads of a file, what the
    /// keyring holds in one credential.
    pub fn max_entry_bytes(&self) -> u64 {
        match self {
            Self::File => MAX_FILE_BYTES,
            Self::Keyring(_) => super::keyring_store::MAX_SECRET_BYTES,
        }
    }
}

/// What a lookup found.
pub enum Lookup {
    Missing,
    /// Unreadable or unparsable: a miss, overwritten by the next store. The string says why.
    Corrupt(String),
    Found(StoredToken),
}

/// One entry as `cache list` shows it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub digest: String,
    pub store: &'static str,
    pub summary: Summary,
}

/// How many entries `clear` removed, per store.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Cleared {
    pub file: usize,
    pub keyring: usize,
}

#[derive(Debug)]
pub struct Store {
    pub dir: CacheDir,
    pub backend: Backend,
}

impl Store {
    /// Where the token of `digest` lives, for messages.
    pub fn location(&self, digest: &str) -> String {
        match self.backend {
            Backend::File => format!(
                "file {}",
                self.dir.file(&FileKind::Entry.name(digest)).display()
            ),
            Backend::Keyring(_) => format!("the OS keyring (service jwtcred, user {digest})"),
        }
    }

    pub fn lock_path(&self, digest: &str) -> PathBuf {
        self.dir.file(&FileKind::Lock.name(digest))
    }

    /// The stored token of `digest`. Only an unreachable keyring is an error.
    pub fn load(&self, digest: &str) -> Result<Lookup> {
        let bytes = match &self.backend {
            Backend::File => match self.dir.read(&FileKind::Entry.name(digest)) {
                Ok(bytes) => bytes,
                Err(err) => return Ok(Lookup::Corrupt(format!("unreadable: {err}"))),
            },
            Backend::Keyring(keyring) => keyring.load(digest)?,
        };
        Ok(match bytes {
            None => Lookup::Missing,
            Some(bytes) => match StoredToken::decode(&bytes) {
                Some(stored) => Lookup::Found(stored),
                None => Lookup::Corrupt("not a valid cache entry".into()),
            },
        })
    }

    /// Stores `stored` for `digest`. Err only for a keyring that fails; a cache dir that
    /// cannot be written is not an error (the token is still handed out): Ok(Some(warning)),
    /// for `-v`.
    /// An entry larger than the store can give back is not written: Ok(Some(why)).
    pub fn save(&self, digest: &str, stored: &StoredToken) -> Result<Option<String>> {
        let encoded = stored.encode();
        let limit = self.backend.max_entry_bytes();
        if u64::try_from(encoded.len()).unwrap_or(u64::MAX) > limit {
            return Ok(Some(format!(
                "the token's entry would be {} bytes, above the {} store's limit of {}, so the token is not cached",
                encoded.len(),
                self.backend.name(),
                crate::fsutil::size_text(limit)
            )));
        }
        match &self.backend {
            Backend::File => {
                let name = FileKind::Entry.name(digest);
                Ok(self.dir.write_atomic(&name, &encoded).err().map(|err| {
                    format!(
                        "cannot write {}: {err}; continuing uncached",
                        self.dir.file(&name).display()
                    )
                }))
            }
            Backend::Keyring(keyring) => {
                keyring.save(digest, &encoded)?;
                let name = FileKind::KeyringIndex.name(digest);
                Ok(self
                    .dir
                    .write_atomic(&name, &stored.summary().encode())
                    .err()
                    .map(|err| {
                        format!(
                            "the token is in the keyring, but its index record {} cannot be written ({err}), so `cache list` will not show it",
                            self.dir.file(&name).display()
                        )
                    }))
            }
        }
    }

    /// Removes entries of this store that expired before `now`, and stale temporaries. Entries
    /// whose key is locked right now are left to their holder. Best effort: errors are ignored.
    pub fn prune(&self, now: i64) {
        let Ok(names) = self.dir.names() else {
            return;
        };
        let wanted = match self.backend {
            Backend::File => FileKind::Entry,
            Backend::Keyring(_) => FileKind::KeyringIndex,
        };
        for name in &names {
            if fsutil::is_temp_name(name) {
                self.remove_stale_temp(name);
                continue;
            }
            let Some((digest, kind)) = parse_name(name) else {
                continue;
            };
            if kind != wanted || !self.expired(name, kind, now) {
                continue;
            }
            // Zero budget: one attempt (creating the lock file if needed); busy means skip.
            let Ok((held, _)) = lock::acquire(&self.lock_path(digest), Duration::ZERO) else {
                continue;
            };
            // Re-read under the lock: its holder may just have refreshed it.
            if !self.expired(name, kind, now) {
                continue;
            }
            if let Backend::Keyring(keyring) = &self.backend
                && keyring.delete(digest).is_err()
            {
                // Keep the record: it is the only way to find the credential again.
                continue;
            }
            let _ = self.dir.remove(name);
            self.remove_lock(digest, held);
        }
    }

    fn expired(&self, name: &str, kind: FileKind, now: i64) -> bool {
        let Ok(Some(bytes)) = self.dir.read(name) else {
            return false;
        };
        let expires_at = match kind {
            FileKind::Entry => StoredToken::decode(&bytes).map(|s| s.expires_at),
            _ => Summary::decode(&bytes).map(|s| s.expires_at),
        };
        // A corrupt entry counts as expired: nothing can use it.
        expires_at.is_none_or(|exp| exp <= now)
    }

    fn remove_stale_temp(&self, name: &str) {
        let old = std::fs::symlink_metadata(self.dir.file(name))
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if old {
            let _ = self.dir.remove(name);
        }
    }

    /// Unlinks a lock file while holding it; `lock::acquire` notices and retries on a new one.
    fn remove_lock(&self, digest: &str, held: KeyLock) {
        let _ = self.dir.remove(&FileKind::Lock.name(digest));
        drop(held);
    }
}

/// Every entry in `dir`, both stores. Keyring index records whose credential is gone (the
/// kernel keyring does not survive a reboot) are left out when the keyring can be asked.
pub fn list(dir: &CacheDir, keyring: Option<&Keyring>) -> io::Result<Vec<Listed>> {
    let mut listed = Vec::new();
    for name in dir.names()? {
        let Some((digest, kind)) = parse_name(&name) else {
            continue;
        };
        let Ok(Some(bytes)) = dir.read(&name) else {
            continue;
        };
        let (store, summary) = match kind {
            FileKind::Entry => match StoredToken::decode(&bytes) {
                Some(stored) => ("file", stored.summary()),
                None => continue,
            },
            FileKind::KeyringIndex => match Summary::decode(&bytes) {
                Some(summary) => ("keyring", summary),
                None => continue,
            },
            FileKind::Lock => continue,
        };
        if store == "keyring"
            && let Some(keyring) = keyring
            && matches!(keyring.load(digest), Ok(None))
        {
            continue;
        }
        listed.push(Listed {
            digest: digest.to_owned(),
            store,
            summary,
        });
    }
    Ok(listed)
}

/// Whether `dir` holds keyring index records (for `only`, or for any key).
pub fn has_keyring_records(dir: &CacheDir, only: Option<&str>) -> io::Result<bool> {
    Ok(dir.names()?.iter().any(|name| {
        parse_name(name).is_some_and(|(digest, kind)| {
            kind == FileKind::KeyringIndex && only.is_none_or(|d| d == digest)
        })
    }))
}

/// Removes the entries of `only` (a key digest), or of every key: file entries, keyring
/// credentials with their index records, free lock files and stale temporaries.
pub fn clear(dir: &CacheDir, keyring: Option<&Keyring>, only: Option<&str>) -> Result<Cleared> {
    let mut cleared = Cleared::default();
    for name in dir.names()? {
        let Some((digest, kind)) = parse_name(&name) else {
            if only.is_none() && fsutil::is_temp_name(&name) {
                let _ = dir.remove(&name);
            }
            continue;
        };
        if only.is_some_and(|d| d != digest) {
            continue;
        }
        match kind {
            FileKind::Entry => {
                if dir.remove(&name)? {
                    cleared.file += 1;
                }
            }
            FileKind::KeyringIndex => {
                if let Some(keyring) = keyring {
                    keyring.delete(digest)?;
                }
                if dir.remove(&name)? {
                    cleared.keyring += 1;
                }
            }
            FileKind::Lock => {}
        }
    }
    // Locks last, and only those nobody holds: a holder keeps working on its own inode.
    for name in dir.names()? {
        if let Some((digest, FileKind::Lock)) = parse_name(&name)
            && only.is_none_or(|d| d == digest)
            && let Ok(Some(held)) = lock::try_acquire(&dir.file(&name))
        {
            let _ = dir.remove(&name);
            drop(held);
        }
    }
    Ok(cleared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::dir::DirState;
    use crate::secret::Secret;

    const D: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const E: &str = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    const NOW: i64 = 1_800_000_000;

    fn file_store() -> (tempfile::TempDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let DirState::Ready(dir) = CacheDir::open(&tmp.path().join("c"), true).unwrap() else {
            panic!("dir not ready");
        };
        let store = Store {
            dir,
            backend: Backend::File,
        };
        (tmp, store)
    }

    fn stored(expires_at: i64) -> StoredToken {
        StoredToken {
            source: "actions".into(),
            token: Secret::new("opaque"),
            expires_at,
            obtained_at: NOW - 100,
        }
    }

    #[test]
    fn save_then_load() {
        let (_tmp, store) = file_store();
        assert!(matches!(store.load(D).unwrap(), Lookup::Missing));
        assert_eq!(store.save(D, &stored(NOW + 60)).unwrap(), None);
        let Lookup::Found(back) = store.load(D).unwrap() else {
            panic!("not found");
        };
        assert_eq!(back.expires_at, NOW + 60);
        store
            .dir
            .write_atomic(&FileKind::Entry.name(D), b"junk")
            .unwrap();
        assert!(matches!(store.load(D).unwrap(), Lookup::Corrupt(_)));
    }

    #[test]
    fn prune_removes_expired_and_corrupt_entries_but_not_locked_ones() {
        let (_tmp, store) = file_store();
        store.save(D, &stored(NOW - 1)).unwrap();
        store.save(E, &stored(NOW + 60)).unwrap();
        store.prune(NOW);
        assert!(matches!(store.load(D).unwrap(), Lookup::Missing));
        assert!(matches!(store.load(E).unwrap(), Lookup::Found(_)));
        // An expired entry whose key is locked (being refreshed) is left to its holder.
        store.save(D, &stored(NOW - 1)).unwrap();
        let _held = lock::acquire(&store.lock_path(D), Duration::ZERO).unwrap();
        store.prune(NOW);
        assert!(matches!(store.load(D).unwrap(), Lookup::Found(_)));
    }

    #[test]
    fn clear_one_key_or_all() {
        let (_tmp, store) = file_store();
        store.save(D, &stored(NOW + 60)).unwrap();
        store.save(E, &stored(NOW + 60)).unwrap();
        drop(lock::acquire(&store.lock_path(D), Duration::ZERO).unwrap());
        assert_eq!(list(&store.dir, None).unwrap().len(), 2);
        let cleared = clear(&store.dir, None, Some(D)).unwrap();
        assert_eq!(
            cleared,
            Cleared {
                file: 1,
                keyring: 0
            }
        );
        assert!(!store.lock_path(D).exists());
        let left = list(&store.dir, None).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].digest, E);
        assert_eq!(clear(&store.dir, None, None).unwrap().file, 1);
        assert!(store.dir.names().unwrap().is_empty());
    }

    #[test]
    fn names_round_trip() {
        for kind in [FileKind::Entry, FileKind::KeyringIndex, FileKind::Lock] {
            assert_eq!(parse_name(&kind.name(D)), Some((D, kind)));
        }
    }

    #[test]
    fn foreign_names_are_ignored() {
        for name in [
            "",
            "x.json",
            &format!(".{D}.json.1.2.tmp"),
            &format!("{D}.txt"),
            &format!("{}.json", D.to_uppercase()),
            &format!("{D}0.json"),
            &format!("{D}.json.bak"),
        ] {
            assert_eq!(parse_name(name), None, "{name}");
        }
    }
}
