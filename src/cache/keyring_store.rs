//! The OS keyring behind `--cache keyring`: the kernel keyutils store on Linux (headless, works
//! in CI and pods), the Keychain on macOS, the Credential Manager on Windows. One credential per
//! key: service `jwtcred`, user = the key digest, secret = the same JSON a file entry holds.
//! Keyrings cannot be enumerated portably, so `cache list`/`clear` use the token-free index
//! records the cache keeps in its directory.

use std::sync::Once;

use anyhow::{Context as _, Result, anyhow};
use keyring_core::{Entry, Error as KeyringError};

use crate::error::HintExt;

const SERVICE: &str = "jwtcred";

/// The largest credential the keyring holds: on Linux a kernel `user` key's payload is at most
/// 32767 bytes. (Other platforms' stores may refuse less; `save` reports that as an error.)
pub const MAX_SECRET_BYTES: u64 = 32_767;
const HINT: &str = "the OS keyring must be reachable for --cache keyring (containers often block the keyctl syscalls); use --cache file or --cache none instead";

/// A keyring that answered when opened.
#[derive(Debug)]
pub struct Keyring {
    _private: (),
}

impl Keyring {
    /// Selects the platform store and checks that it can be reached: an unreachable keyring
    /// is an error, never a silent fallback to another store.
    pub fn open() -> Result<Self> {
        install_default_store()?;
        // Building an entry touches the store (on Linux it looks up the session keyring).
        Entry::new(SERVICE, "probe")
            .map_err(keyring_error)
            .context("opening the OS keyring")
            .hint(HINT)?;
        Ok(Self { _private: () })
    }

    fn entry(&self, digest: &str) -> Result<Entry> {
        Entry::new(SERVICE, digest)
            .map_err(keyring_error)
            .context("opening the OS keyring")
            .hint(HINT)
    }

    /// The stored bytes; None when there is no credential for `digest`.
    pub fn load(&self, digest: &str) -> Result<Option<Vec<u8>>> {
        match self.entry(digest)?.get_secret() {
            Ok(bytes) => Ok(Some(bytes)),
            Err(KeyringError::NoEntry) => Ok(None),
            // Another program's data under our name, or a damaged credential: a miss.
            Err(KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..)) => Ok(None),
            Err(err) => Err(keyring_error(err))
                .context("reading a token from the OS keyring")
                .hint(HINT),
        }
    }

    pub fn save(&self, digest: &str, bytes: &[u8]) -> Result<()> {
        self.entry(digest)?
            .set_secret(bytes)
            .map_err(keyring_error)
            .context("storing a token in the OS keyring")
            .hint("the keyring refused the token (a full kernel key quota, see /proc/key-users, is a common cause); run `jwtcred cache clear`, or use --cache file")
    }

    /// Removes the credential; false when there was none.
    pub fn delete(&self, digest: &str) -> Result<bool> {
        match self.entry(digest)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(err) => Err(keyring_error(err))
                .context("removing a token from the OS keyring")
                .hint(HINT),
        }
    }
}

/// keyring-core's messages already include their platform cause, which is also their
/// `source()`; flatten to the message so that `{:#}` does not print the cause twice.
fn keyring_error(err: KeyringError) -> anyhow::Error {
    anyhow!(err.to_string())
}

/// The default store is process-global in keyring-core: set it once.
fn install_default_store() -> Result<()> {
    static INSTALL: Once = Once::new();
    let mut result = Ok(());
    INSTALL.call_once(|| result = set_platform_store());
    result
}

#[cfg(target_os = "linux")]
fn set_platform_store() -> Result<()> {
    let store = linux_keyutils_keyring_store::Store::new()
        .map_err(keyring_error)
        .context("setting up the kernel keyring store")?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(target_os = "macos")]
fn set_platform_store() -> Result<()> {
    let store = apple_native_keyring_store::keychain::Store::new()
        .map_err(keyring_error)
        .context("setting up the macOS Keychain store")?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(target_os = "windows")]
fn set_platform_store() -> Result<()> {
    let store = windows_native_keyring_store::Store::new()
        .map_err(keyring_error)
        .context("setting up the Windows Credential Manager store")?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn set_platform_store() -> Result<()> {
    Err(anyhow!("this platform has no supported OS keyring"))
}
