//! The per-key advisory lock that makes concurrent cold calls do one upstream fetch: a separate
//! `<digest>.lock` file (never the entry itself, which is replaced by rename) locked with
//! `flock`, so the kernel releases it when its holder exits or is killed.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::dir::private_options;

/// Polling interval while another process holds the lock: short against a network fetch.
const FIRST_POLL: Duration = Duration::from_millis(2);
const MAX_POLL: Duration = Duration::from_millis(20);

/// A held lock; dropping it (or the process dying) releases it.
#[derive(Debug)]
pub struct KeyLock {
    _file: File,
}

#[derive(Debug)]
pub enum LockError {
    /// The lock file cannot be created or locked (read-only dir...): go on uncached.
    Io(io::Error),
    /// Another process held it for the whole budget.
    TimedOut { path: PathBuf, waited: Duration },
}

/// Whether `acquire` had to wait, for `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waited {
    No,
    Yes,
}

/// Takes the lock at `path`, waiting at most `budget` for another holder.
pub fn acquire(path: &Path, budget: Duration) -> Result<(KeyLock, Waited), LockError> {
    let start = Instant::now();
    let mut poll = FIRST_POLL;
    let mut waited = Waited::No;
    loop {
        let file = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => {
                // `cache clear` may have unlinked the file between our open and our lock;
                // a lock on an unlinked inode excludes nobody, so start over.
                if same_file(&file, path) {
                    return Ok((KeyLock { _file: file }, waited));
                }
                continue;
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(err)) => return Err(LockError::Io(err)),
        }
        waited = Waited::Yes;
        let elapsed = start.elapsed();
        if elapsed >= budget {
            return Err(LockError::TimedOut {
                path: path.to_owned(),
                waited: elapsed,
            });
        }
        std::thread::sleep(poll.min(budget - elapsed));
        poll = (poll * 2).min(MAX_POLL);
    }
}

/// Takes the lock only if it is free right now; for removing a lock file safely.
pub fn try_acquire(path: &Path) -> io::Result<Option<KeyLock>> {
    let file = match private_options().read(true).write(true).open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    match file.try_lock() {
        Ok(()) if same_file(&file, path) => Ok(Some(KeyLock { _file: file })),
        Ok(()) | Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(err)) => Err(err),
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    fs::metadata(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_times_out_then_succeeds_after_release() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("k.lock");
        let (held, waited) = acquire(&path, Duration::from_secs(1)).unwrap();
        assert_eq!(waited, Waited::No);
        // flock locks belong to the open file description, so a second open conflicts even
        // within one process.
        match acquire(&path, Duration::from_millis(50)) {
            Err(LockError::TimedOut { .. }) => {}
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert!(try_acquire(&path).unwrap().is_none());
        drop(held);
        assert!(acquire(&path, Duration::from_millis(50)).is_ok());
    }

    #[test]
    fn lock_file_is_private() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("k.lock");
        let _held = acquire(&path, Duration::from_secs(1)).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    #[test]
    fn different_keys_do_not_contend() {
        let tmp = tempfile::tempdir().unwrap();
        let _a = acquire(&tmp.path().join("a.lock"), Duration::from_secs(1)).unwrap();
        let (_b, waited) = acquire(&tmp.path().join("b.lock"), Duration::ZERO).unwrap();
        assert_eq!(waited, Waited::No);
    }

    #[test]
    fn try_acquire_of_a_missing_file_is_none() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(
            try_acquire(&tmp.path().join("none.lock"))
                .unwrap()
                .is_none()
        );
    }
}
