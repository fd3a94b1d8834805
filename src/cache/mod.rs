//! The token cache: reuse a token until its refresh window, one upstream fetch for concurrent
//! calls with the same key, in a file store or the OS keyring.
//!
//! A hit is synchronous and cheap — stat the dir, read one entry, decode it — and never builds
//! the network stack. A miss takes the key's lock, looks again (another process may have filled
//! the entry while we waited), fetches, stores, and releases.

mod dir;
// Public for the fuzz target (fuzz/fuzz_targets/cache_entry.rs): entries are read from disk.
pub mod entry;
// Public for the fuzz target (fuzz/fuzz_targets/cache_key.rs) and the property tests.
pub mod key;
mod keyring_store;
mod lock;
mod store;

pub use entry::Summary;
pub use key::{CacheKey, KeyMaterial};
pub use store::{Cleared, Listed};

use std::path::Path;
use std::time::Instant;

use anyhow::{Result, anyhow};

use crate::clock::Clock;
use crate::error::Hinted;
use crate::log::Log;
use crate::token::Token;
use crate::vlog;
use dir::{CacheDir, DirState};
use entry::StoredToken;
use keyring_store::Keyring;
use lock::{LockError, Waited};
use std::path::PathBuf;
use std::time::Duration;
use store::{Backend, Lookup, Store};

#[derive(Debug, Clone)]
pub struct CacheSettings {
    pub store: CacheStore,
    /// None only when no user cache dir exists and none was given.
    pub dir: Option<PathBuf>,
    /// A cached token is reused until this long before its refresh point.
    pub refresh_before: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStore {
    File,
    Keyring,
    None,
}

/// What a running call lends the cache: its clock, its deadline and `-v`.
#[derive(Clone, Copy)]
pub struct Call<'a> {
    pub clock: &'a Clock,
    pub deadline: Instant,
    pub log: Log,
}

/// Returns a fresh cached token for `key`, or runs `fetch` (once, even across concurrent
/// processes) and stores its result under the key's label.
pub fn get_or_fetch(
    call: Call,
    settings: &CacheSettings,
    key: &CacheKey,
    fetch: impl FnOnce() -> Result<Token>,
) -> Result<Token> {
    let ctx = &call;
    let Some(store) = open_for_get(ctx, settings)? else {
        return fetch();
    };
    let short = key.short();
    if let Some(token) = lookup(ctx, settings, &store, key, Phase::First)? {
        return Ok(token);
    }

    let lock_path = store.lock_path(&key.digest);
    let _lock = match lock::acquire(
        &lock_path,
        ctx.deadline.saturating_duration_since(Instant::now()),
    ) {
        Ok((lock, waited)) => {
            if waited == Waited::Yes {
                vlog!(
                    ctx.log,
                    "cache: waited for {} (another jwtcred was fetching the same token)",
                    lock_path.display()
                );
            }
            lock
        }
        Err(LockError::Io(err)) => {
            vlog!(
                ctx.log,
                "cache: cannot lock {} ({err}); continuing uncached",
                lock_path.display()
            );
            return fetch();
        }
        Err(LockError::TimedOut { path, waited }) => {
            return Err(Hinted::new(
                format!(
                    "timed out after {} waiting for another jwtcred process that is fetching the same token (it holds {})",
                    crate::duration::format_duration(waited),
                    path.display()
                ),
                "if that process hangs, stop it; a larger --timeout waits longer, --cache none does not wait",
            )
            .into());
        }
    };
    // Another process may have stored the token between our miss and our lock.
    if let Some(token) = lookup(ctx, settings, &store, key, Phase::Locked)? {
        return Ok(token);
    }

    let token = fetch()?;
    let Some(stored) = StoredToken::from_token(&token, key.label) else {
        vlog!(
            ctx.log,
            "cache: the token has no expiry, so it is not cached"
        );
        return Ok(token);
    };
    match store.save(&key.digest, &stored)? {
        None => vlog!(
            ctx.log,
            "cache: stored key {short} in {}",
            store.location(&key.digest)
        ),
        Some(warning) => vlog!(ctx.log, "cache: {warning}"),
    }
    store.prune(ctx.clock.now());
    Ok(token)
}

/// Opens the configured store for `get`; None when caching is off or the dir is unusable.
fn open_for_get(ctx: &Call, settings: &CacheSettings) -> Result<Option<Store>> {
    let backend = match settings.store {
        CacheStore::None => {
            vlog!(ctx.log, "cache: off (--cache none), fetching");
            return Ok(None);
        }
        CacheStore::File => Backend::File,
        // Checked before the dir, so that an unreachable keyring is always reported.
        CacheStore::Keyring => Backend::Keyring(Keyring::open()?),
    };
    let Some(path) = &settings.dir else {
        vlog!(
            ctx.log,
            "cache: no user cache directory and no --cache-dir; continuing uncached"
        );
        return Ok(None);
    };
    match CacheDir::open(path, true)? {
        DirState::Ready(dir) => Ok(Some(Store { dir, backend })),
        DirState::Unusable(why) => {
            vlog!(
                ctx.log,
                "cache: the cache directory cannot be used ({why}); continuing uncached"
            );
            Ok(None)
        }
        // Not returned when asked to create; handled like any other unusable dir.
        DirState::Missing => Ok(None),
    }
}

/// Which lookup this is, for `-v`: the first, or the re-check under the key's lock.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    First,
    Locked,
}

/// A fresh stored token, or None (missing, corrupt or inside its refresh window).
fn lookup(
    ctx: &Call,
    settings: &CacheSettings,
    store: &Store,
    key: &CacheKey,
    phase: Phase,
) -> Result<Option<Token>> {
    let short = key.short();
    let stored = match store.load(&key.digest)? {
        Lookup::Found(stored) => stored,
        Lookup::Missing if phase == Phase::Locked => {
            vlog!(ctx.log, "cache: still no entry under the lock; fetching");
            return Ok(None);
        }
        Lookup::Missing => {
            vlog!(ctx.log, "cache: miss for key {short}");
            return Ok(None);
        }
        Lookup::Corrupt(why) => {
            vlog!(
                ctx.log,
                "cache: the entry in {} is corrupt ({why}); treating it as a miss",
                store.location(&key.digest)
            );
            return Ok(None);
        }
    };
    let Some(token) = stored.to_token() else {
        vlog!(
            ctx.log,
            "cache: the entry for key {short} holds an undecodable token; treating it as a miss"
        );
        return Ok(None);
    };
    let refresh_before = settings.refresh_before;
    if token.is_fresh(ctx.clock.now(), refresh_before) {
        vlog!(
            ctx.log,
            "cache: hit for key {short} in {}{}: token {}, expires {}",
            store.backend.name(),
            match phase {
                Phase::First => "",
                Phase::Locked => " (stored by another process while we waited)",
            },
            token.value,
            crate::time::rfc3339(stored.expires_at)
        );
        return Ok(Some(token));
    }
    vlog!(
        ctx.log,
        "cache: the token for key {short} expires {}, inside its refresh window ({}); fetching a new one",
        crate::time::rfc3339(stored.expires_at),
        crate::duration::format_secs(token.refresh_window(refresh_before).unwrap_or_default())
    );
    Ok(None)
}

/// The cache dir `cache list`/`clear` work on; None when it does not exist (nothing cached).
fn open_for_admin(settings: &CacheSettings) -> Result<Option<CacheDir>> {
    let Some(path) = &settings.dir else {
        return Ok(None);
    };
    match CacheDir::open(path, false)? {
        DirState::Ready(dir) => Ok(Some(dir)),
        DirState::Missing => Ok(None),
        DirState::Unusable(why) => Err(anyhow!("cannot use the cache directory: {why}")),
    }
}

/// The cache directory `cache` commands report.
pub fn dir_of(settings: &CacheSettings) -> Option<&Path> {
    settings.dir.as_deref()
}

/// Every cached entry, both stores. Never a token.
pub fn list(settings: &CacheSettings) -> Result<Vec<Listed>> {
    let Some(dir) = open_for_admin(settings)? else {
        return Ok(Vec::new());
    };
    // The keyring is asked only when it has entries, and only to hide records whose
    // credential vanished; an unreachable keyring still lets the index be listed.
    let keyring = if store::has_keyring_records(&dir, None)? {
        Keyring::open().ok()
    } else {
        None
    };
    Ok(store::list(&dir, keyring.as_ref())?)
}

/// Removes every entry of both stores (`only` None), or the entries of one key.
pub fn clear(settings: &CacheSettings, only: Option<&CacheKey>) -> Result<Cleared> {
    let Some(dir) = open_for_admin(settings)? else {
        return Ok(Cleared::default());
    };
    let digest = only.map(|key| key.digest.as_str());
    let keyring = if store::has_keyring_records(&dir, digest)? {
        Some(Keyring::open()?)
    } else {
        None
    };
    store::clear(&dir, keyring.as_ref(), digest)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::time::Duration;

    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    use super::*;
    use crate::secret::Secret;

    const NOW: i64 = 1_800_000_000;

    /// A token issued at `iat` that lives ten minutes (refresh window: 60s).
    fn ten_minute_token(iat: i64) -> Token {
        let enc = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(&v).unwrap());
        let claims = json!({"sub": "ci", "iat": iat, "exp": iat + 600});
        let raw = format!("{}.{}.c2ln", enc(json!({"alg": "RS256"})), enc(claims));
        Token::from_jwt(Secret::new(raw), iat, None).unwrap()
    }

    #[test]
    fn a_token_is_reused_until_its_refresh_window_then_fetched_again() {
        let tmp = tempfile::tempdir().unwrap();
        let settings = CacheSettings {
            store: CacheStore::File,
            dir: Some(tmp.path().join("cache")),
            refresh_before: Duration::from_secs(60),
        };
        let clock = Clock::fake(NOW);
        let call = Call {
            clock: &clock,
            deadline: Instant::now() + Duration::from_secs(30),
            log: Log::default(),
        };
        let mut material = KeyMaterial::new("test");
        material.field("who", "ci");
        let key = material.into_key();
        let fetches = Cell::new(0);
        let get = || {
            get_or_fetch(call, &settings, &key, || {
                fetches.set(fetches.get() + 1);
                Ok(ten_minute_token(clock.now()))
            })
            .unwrap()
        };

        let first = get();
        assert_eq!(fetches.get(), 1);
        // 540s in, 60s are left: still outside the window, so the stored token comes back.
        clock.advance(Duration::from_secs(539));
        assert_eq!(get().value.expose(), first.value.expose());
        assert_eq!(fetches.get(), 1);
        // One second later the token is inside its refresh window: a new one is fetched.
        clock.advance(Duration::from_secs(1));
        let second = get();
        assert_eq!(fetches.get(), 2);
        assert_ne!(second.value.expose(), first.value.expose());
        assert_eq!(second.expires_at, Some(NOW + 540 + 600));
    }
}
