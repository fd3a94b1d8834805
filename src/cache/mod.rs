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

use anyhow::{Result, anyhow};

use crate::config::{CacheStore, Config};
use crate::context::Context;
use crate::error::Hinted;
use crate::source::SourceKind;
use crate::token::Token;
use crate::vlog;
use dir::{CacheDir, DirState};
use entry::StoredToken;
use keyring_store::Keyring;
use lock::{LockError, Waited};
use store::{Backend, Lookup, Store};

/// Returns a fresh cached token for `key`, or runs `fetch` (once, even across concurrent
/// processes) and stores its result.
pub fn get_or_fetch(
    ctx: &Context,
    key: &CacheKey,
    source: SourceKind,
    fetch: impl FnOnce() -> Result<Token>,
) -> Result<Token> {
    let Some(store) = open_for_get(ctx)? else {
        return fetch();
    };
    let short = key.short();
    if let Some(token) = lookup(ctx, &store, key, Phase::First)? {
        return Ok(token);
    }

    let lock_path = store.lock_path(&key.digest);
    let _lock = match lock::acquire(&lock_path, ctx.remaining()) {
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
    if let Some(token) = lookup(ctx, &store, key, Phase::Locked)? {
        return Ok(token);
    }

    let token = fetch()?;
    let Some(stored) = StoredToken::from_token(&token, source.name()) else {
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
    store.prune(ctx.now());
    Ok(token)
}

/// Opens the configured store for `get`; None when caching is off or the dir is unusable.
fn open_for_get(ctx: &Context) -> Result<Option<Store>> {
    let config = &ctx.config.cache;
    let backend = match config.store {
        CacheStore::None => {
            vlog!(ctx.log, "cache: off (--cache none), fetching");
            return Ok(None);
        }
        CacheStore::File => Backend::File,
        // Checked before the dir, so that an unreachable keyring is always reported.
        CacheStore::Keyring => Backend::Keyring(Keyring::open()?),
    };
    let Some(path) = &config.dir else {
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
fn lookup(ctx: &Context, store: &Store, key: &CacheKey, phase: Phase) -> Result<Option<Token>> {
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
    let refresh_before = ctx.config.refresh_before;
    if token.is_fresh(ctx.now(), refresh_before) {
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
fn open_for_admin(config: &Config) -> Result<Option<CacheDir>> {
    let Some(path) = &config.cache.dir else {
        return Ok(None);
    };
    match CacheDir::open(path, false)? {
        DirState::Ready(dir) => Ok(Some(dir)),
        DirState::Missing => Ok(None),
        DirState::Unusable(why) => Err(anyhow!("cannot use the cache directory: {why}")),
    }
}

/// The cache directory `cache` commands report.
pub fn dir_of(config: &Config) -> Option<&Path> {
    config.cache.dir.as_deref()
}

/// Every cached entry, both stores. Never a token.
pub fn list(config: &Config) -> Result<Vec<Listed>> {
    let Some(dir) = open_for_admin(config)? else {
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
pub fn clear(config: &Config, only: Option<&CacheKey>) -> Result<Cleared> {
    let Some(dir) = open_for_admin(config)? else {
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
