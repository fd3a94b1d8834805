//! File-system steps shared by the cache, the kubeconfig writer and `install`: private
//! directories, replacing a file atomically with its mode set from the start, and the one
//! bounded reader every file jwtcred reads goes through.
//!
//! The reader caps the size (a regular file is refused by its size before a byte is read; any
//! other file after `max_bytes + 1` bytes), never blocks on opening (`O_NONBLOCK`, so a FIFO
//! without a writer cannot hang `open`), and reads a non-regular file (a FIFO, a pipe from a
//! process substitution such as `<(vault read …)`, a character device) through `poll` up to a
//! deadline, or refuses it outright where only a regular file makes sense (cache entries).

use std::fmt;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A token file holds one JWT.
pub const MAX_TOKEN_FILE_BYTES: u64 = 256 * 1024;
/// A client secret file holds one secret.
pub const MAX_SECRET_FILE_BYTES: u64 = 64 * 1024;
/// A PEM bundle of CA certificates (a whole system bundle is about 200 KiB).
pub const MAX_CA_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// A kubeconfig, even one with hundreds of clusters.
pub const MAX_KUBECONFIG_BYTES: u64 = 16 * 1024 * 1024;

/// What a bounded read does with a file that is not a regular file.
#[derive(Debug, Clone, Copy)]
pub enum NonRegular {
    /// Refused at once (cache entries: only a regular file can be one).
    Refuse,
    /// Read until its writer closes it, but not past this instant (`--timeout`).
    ReadUntil(Instant),
}

/// `timeout` from now; far in the future rather than an overflow.
pub fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .or_else(|| now.checked_add(Duration::from_secs(365 * 24 * 3600)))
        .unwrap_or(now)
}

/// Why a bounded read failed. Never holds any of the file's content.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    Directory,
    NotRegular,
    TooLarge { max_bytes: u64 },
    TimedOut { waited: Duration },
    NotUtf8,
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io(err) if err.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(err) => write!(f, "{err}"),
            Self::Directory => f.write_str("it is a directory, not a file"),
            Self::NotRegular => f.write_str("it is not a regular file"),
            Self::TooLarge { max_bytes } => {
                write!(
                    f,
                    "it is larger than {}, the limit for this file",
                    size_text(*max_bytes)
                )
            }
            Self::TimedOut { waited } => write!(
                f,
                "its writer did not finish within {} (--timeout); it is a FIFO or pipe",
                crate::duration::format_duration(*waited)
            ),
            Self::NotUtf8 => f.write_str("it is not UTF-8 text"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(err) => Some(err),
            _ => None,
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(err: io::Error) -> Self {
        Self::Io(err)
    }
}

/// `256 KiB`, `4 MiB`: limits as people write them.
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A file opened for a bounded read: not a directory, and (when regular) within the limit.
pub struct BoundedFile {
    file: File,
    meta: Metadata,
    max_bytes: u64,
    non_regular: NonRegular,
}

/// Opens `path` without blocking and checks what it is; see the module doc.
pub fn open_bounded(
    path: &Path,
    max_bytes: u64,
    non_regular: NonRegular,
) -> Result<BoundedFile, ReadError> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.is_file() {
        if meta.len() > max_bytes {
            return Err(ReadError::TooLarge { max_bytes });
        }
    } else if let NonRegular::Refuse = non_regular {
        return Err(ReadError::NotRegular);
    }
    Ok(BoundedFile {
        file,
        meta,
        max_bytes,
        non_regular,
    })
}

/// The whole file, at most `max_bytes`; see the module doc.
pub fn read_bounded(
    path: &Path,
    max_bytes: u64,
    non_regular: NonRegular,
) -> Result<Vec<u8>, ReadError> {
    open_bounded(path, max_bytes, non_regular)?.read_all()
}

/// [`read_bounded`], as UTF-8 text.
pub fn read_bounded_text(
    path: &Path,
    max_bytes: u64,
    non_regular: NonRegular,
) -> Result<String, ReadError> {
    String::from_utf8(read_bounded(path, max_bytes, non_regular)?).map_err(|_| ReadError::NotUtf8)
}

/// A token piped to `-` (inspect, authn-config): through the bounded reader like every
/// file, so capped and read within `timeout`.
pub fn read_stdin_token(timeout: Duration) -> Result<String, ReadError> {
    read_bounded_text(
        Path::new("/dev/stdin"),
        MAX_TOKEN_FILE_BYTES,
        NonRegular::ReadUntil(deadline_after(timeout)),
    )
}

impl BoundedFile {
    pub fn metadata(&self) -> &Metadata {
        &self.meta
    }

    pub fn read_all(self) -> Result<Vec<u8>, ReadError> {
        let limit = self.max_bytes.saturating_add(1);
        let bytes = match self.non_regular {
            NonRegular::ReadUntil(deadline) if !self.meta.is_file() => {
                read_until(&self.file, limit, deadline)?
            }
            _ => {
                let hint = self.meta.len().min(self.max_bytes).saturating_add(1);
                let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
                // A regular file ignores O_NONBLOCK. Through `take`, read_to_end skips its
                // own size probe (the cache-hit path reads one small file).
                (&self.file).take(limit).read_to_end(&mut bytes)?;
                bytes
            }
        };
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > self.max_bytes {
            return Err(ReadError::TooLarge {
                max_bytes: self.max_bytes,
            });
        }
        Ok(bytes)
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Reads a FIFO, pipe or device until end of file, `limit` bytes or `deadline`, whichever
/// comes first. `poll` waits for a writer (on Linux a FIFO whose writer has not connected yet
/// is not readable) and for data; a read of 0 bytes after `poll` is the end of the file.
#[cfg(unix)]
fn read_until(file: &File, limit: u64, deadline: Instant) -> Result<Vec<u8>, ReadError> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let started = Instant::now();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ReadError::TimedOut {
                waited: started.elapsed(),
            });
        }
        // Polled in slices: some platforms refuse timeouts above c_int::MAX milliseconds.
        let slice = left.min(Duration::from_secs(60));
        let timeout = Timespec {
            tv_sec: i64::try_from(slice.as_secs()).unwrap_or(60),
            tv_nsec: i64::from(slice.subsec_nanos()),
        };
        let mut fds = [PollFd::new(file, PollFlags::IN)];
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => continue,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(err) => return Err(io::Error::from(err).into()),
        }
        match (&*file).read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => {
                bytes.extend_from_slice(&chunk[..n]);
                if u64::try_from(bytes.len()).unwrap_or(u64::MAX) >= limit {
                    return Ok(bytes);
                }
            }
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                ) => {}
            Err(err) => return Err(err.into()),
        }
    }
}

/// Without `poll`, a non-regular file is read like a regular one (still capped).
#[cfg(not(unix))]
fn read_until(file: &File, limit: u64, _deadline: Instant) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Creates `path` (and its parents) with mode 0700, exactly: the umask may take bits away.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(path)?;
        fs::set_permissions(path, fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    builder.create(path)
}

/// The directory `target` lives in (`.` for a bare file name): where its temporaries go.
pub fn dir_of(target: &Path) -> &Path {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A fresh temporary beside `target`: `.<name>.<pid>.<random>.tmp`, the one naming rule
/// [`is_temp_name`] recognises (the cache removes the ones a dead writer left).
pub fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir_of(target).join(format!(
        ".{name}.{}.{:08x}.tmp",
        std::process::id(),
        fastrand::u32(..)
    ))
}

/// Whether a directory entry's name is one of [`temp_path`]'s temporaries.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

/// Replaces `target` through a temporary file in the same directory ([`temp_path`]) and a
/// rename, so readers see the old or the new content, never a mix. The temporary has `mode`
/// from its creation on (never a wider window) and exactly, whatever the umask; `sync`
/// flushes it before the rename. On failure the temporary is removed.
pub fn replace_atomically(
    target: &Path,
    mode: u32,
    sync: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let temp = temp_path(target);
    let result = (|| {
        let mut file = create_new(&temp, mode)?;
        write(&mut file)?;
        set_mode(&temp, mode)?;
        if sync {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&temp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode & 0o777);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode & 0o7777))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_sit_beside_their_target_and_are_recognised() {
        let temp = temp_path(Path::new("/c/abc.json"));
        assert_eq!(temp.parent(), Some(Path::new("/c")));
        let name = temp.file_name().unwrap().to_str().unwrap();
        assert!(
            name.starts_with(".abc.json.") && is_temp_name(name),
            "{name}"
        );
        assert!(!is_temp_name("abc.json"));
        assert_eq!(temp_path(Path::new("x")).parent(), Some(Path::new(".")));
    }

    #[cfg(unix)]
    #[test]
    fn replaces_with_the_exact_mode_and_leaves_no_temporary() {
        use std::io::Write;
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("f");
        fs::write(&target, "old").unwrap();
        replace_atomically(&target, 0o640, true, |f| f.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_removes_the_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("f");
        fs::write(&target, "old").unwrap();
        let err = replace_atomically(&target, 0o600, false, |_| Err(io::Error::other("boom")));
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(256 * 1024), "256 KiB");
        assert_eq!(size_text(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size_text(32_767), "32767 bytes");
    }

    #[test]
    fn regular_files_are_capped_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"12345").unwrap();
        assert_eq!(
            read_bounded(&path, 5, NonRegular::Refuse).unwrap(),
            b"12345"
        );
        assert!(matches!(
            read_bounded(&path, 4, NonRegular::Refuse),
            Err(ReadError::TooLarge { max_bytes: 4 })
        ));
        assert!(matches!(
            read_bounded(dir.path(), 4, NonRegular::Refuse),
            Err(ReadError::Directory)
        ));
        assert!(
            read_bounded(&dir.path().join("missing"), 4, NonRegular::Refuse)
                .unwrap_err()
                .is_not_found()
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_or_cut_at_the_cap() {
        let zero = Path::new("/dev/zero");
        assert!(matches!(
            read_bounded(zero, 1024, NonRegular::Refuse),
            Err(ReadError::NotRegular)
        ));
        let deadline = deadline_after(Duration::from_secs(5));
        assert!(matches!(
            read_bounded(zero, 1024, NonRegular::ReadUntil(deadline)),
            Err(ReadError::TooLarge { max_bytes: 1024 })
        ));
        let null = read_bounded(
            Path::new("/dev/null"),
            1024,
            NonRegular::ReadUntil(deadline),
        );
        assert_eq!(null.unwrap(), b"");
    }

    #[cfg(unix)]
    #[test]
    fn private_dirs_are_0700() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b");
        create_private_dir(&path).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}
