//! The cache directory: its safety check (ours, not writable by others), creation as 0700,
//! and the file operations every store shares — read one file, replace one atomically (0600
//! temp file in the same dir + rename), remove, list.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Hinted;
use crate::fsutil::{NonRegular, ReadError, open_bounded};

/// Mode of a directory we create, and of every file we create in it.
pub const FILE_MODE: u32 = 0o600;
/// Group- or world-writable: anyone with these bits could plant a token for us to hand out.
const WRITABLE_BY_OTHERS: u32 = 0o022;
/// Entries are a few KiB; anything bigger is not ours and is treated as corrupt. The store
/// never writes a file above this (`Store::save`), so whatever it writes it can read back.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// A cache dir that exists, belongs to us and is not writable by anyone else.
#[derive(Debug, Clone)]
pub struct CacheDir {
    path: PathBuf,
}

/// What opening the cache dir found.
#[derive(Debug)]
pub enum DirState {
    Ready(CacheDir),
    /// Missing and could not be created (read-only filesystem, a file in the way...): the
    /// caller goes on uncached. The string says why, for `-v`.
    Unusable(String),
    /// Missing, and the caller asked not to create it (`cache list`/`clear`).
    Missing,
}

impl CacheDir {
    /// Checks the dir and, when `create` is set, creates it (0700) if missing. An existing dir
    /// that another user owns or others can write is refused: exit 1, never silently used.
    pub fn open(path: &Path, create: bool) -> Result<DirState> {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                check_secure(path, &meta)?;
                Ok(DirState::Ready(Self {
                    path: path.to_owned(),
                }))
            }
            Ok(_) => Ok(DirState::Unusable(format!(
                "{} exists but is not a directory",
                path.display()
            ))),
            Err(err) if err.kind() == io::ErrorKind::NotFound && create => {
                match crate::fsutil::create_private_dir(path) {
                    Ok(()) => Self::open(path, false),
                    Err(err) => Ok(DirState::Unusable(format!(
                        "cannot create {}: {err}",
                        path.display()
                    ))),
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(DirState::Missing),
            Err(err) => Ok(DirState::Unusable(format!(
                "cannot inspect {}: {err}",
                path.display()
            ))),
        }
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// The file's bytes; None when it does not exist. A file that is not ours, not a regular
    /// file (a FIFO is refused without waiting), or implausibly large is reported as corrupt
    /// (InvalidData), i.e. a miss.
    pub fn read(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
        let corrupt = |why: String| io::Error::new(io::ErrorKind::InvalidData, why);
        let file = match open_bounded(&self.file(name), MAX_FILE_BYTES, NonRegular::Refuse) {
            Ok(file) => file,
            Err(err) if err.is_not_found() => return Ok(None),
            Err(ReadError::Io(err)) => return Err(err),
            Err(err) => return Err(corrupt(err.to_string())),
        };
        if !owned_by_us(file.metadata()) {
            return Err(corrupt("not a cache file written by this user".into()));
        }
        match file.read_all() {
            Ok(bytes) => Ok(Some(bytes)),
            Err(ReadError::Io(err)) => Err(err),
            Err(err) => Err(corrupt(err.to_string())),
        }
    }

    /// Replaces `name` atomically: readers see the old or the new content, never a mix.
    pub fn write_atomic(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        // No fsync: after a crash a torn entry is merely a corrupt entry, i.e. a miss.
        crate::fsutil::replace_atomically(&self.file(name), FILE_MODE, false, |file| {
            file.write_all(bytes)
        })
    }

    /// Removes `name`; false when it was not there.
    pub fn remove(&self, name: &str) -> io::Result<bool> {
        match fs::remove_file(self.file(name)) {
            Ok(()) => Ok(true),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(err) => Err(err),
        }
    }

    /// The names of the files in the dir (UTF-8 names only; ours always are).
    pub fn names(&self) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for dirent in fs::read_dir(&self.path)? {
            if let Ok(name) = dirent?.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }
}

/// Options for creating a file that only its owner may read (0600 from the start, so there is
/// no window in which a wider mode exists).
pub fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options
}

/// Why a cache dir is refused, if it is.
#[derive(Debug, PartialEq, Eq)]
pub enum Insecure {
    OtherOwner { owner: u32, me: u32 },
    WritableByOthers { mode: u32 },
}

/// The pure rule behind the refusal, separate so that it can be unit-tested.
pub fn insecurity(mode: u32, owner: u32, me: u32) -> Option<Insecure> {
    if owner != me {
        Some(Insecure::OtherOwner { owner, me })
    } else if mode & WRITABLE_BY_OTHERS != 0 {
        Some(Insecure::WritableByOthers {
            mode: mode & 0o7777,
        })
    } else {
        None
    }
}

#[cfg(unix)]
fn check_secure(path: &Path, meta: &fs::Metadata) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    let why = match insecurity(meta.mode(), meta.uid(), me) {
        None => return Ok(()),
        Some(Insecure::OtherOwner { owner, me }) => {
            format!("it is owned by uid {owner}, not by this user (uid {me})")
        }
        Some(Insecure::WritableByOthers { mode }) => {
            format!("its mode {mode:04o} lets other users write to it")
        }
    };
    Err(Hinted::new(
        format!("refusing to use the cache directory {}: {why}", path.display()),
        "use a private directory (`chmod 700 DIR` as its owner), another --cache-dir, or --cache none",
    )
    .into())
}

#[cfg(not(unix))]
fn check_secure(_path: &Path, _meta: &fs::Metadata) -> Result<()> {
    Ok(())
}

#[cfg(unix)]
fn owned_by_us(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.uid() == rustix::process::geteuid().as_raw()
}

#[cfg(not(unix))]
fn owned_by_us(_meta: &fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_dir_of_the_owner_is_accepted() {
        assert_eq!(insecurity(0o40700, 1000, 1000), None);
        assert_eq!(insecurity(0o40755, 1000, 1000), None);
    }

    #[test]
    fn writable_by_group_or_world_is_refused() {
        assert_eq!(
            insecurity(0o40770, 1000, 1000),
            Some(Insecure::WritableByOthers { mode: 0o770 })
        );
        assert_eq!(
            insecurity(0o41777, 1000, 1000),
            Some(Insecure::WritableByOthers { mode: 0o1777 })
        );
    }

    #[test]
    fn another_owner_is_refused() {
        assert_eq!(
            insecurity(0o40700, 0, 1000),
            Some(Insecure::OtherOwner { owner: 0, me: 1000 })
        );
    }

    #[cfg(unix)]
    #[test]
    fn created_dir_and_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/cache");
        let DirState::Ready(dir) = CacheDir::open(&path, true).unwrap() else {
            panic!("dir not ready");
        };
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&path), 0o700);
        dir.write_atomic("x.json", b"{}").unwrap();
        assert_eq!(mode(&dir.file("x.json")), 0o600);
        assert_eq!(dir.read("x.json").unwrap().as_deref(), Some(&b"{}"[..]));
        assert_eq!(dir.names().unwrap(), vec!["x.json".to_owned()]);
        assert!(dir.remove("x.json").unwrap());
        assert!(!dir.remove("x.json").unwrap());
        assert_eq!(dir.read("x.json").unwrap(), None);
    }

    #[test]
    fn a_file_in_the_way_makes_the_dir_unusable() {
        let tmp = tempfile::tempdir().unwrap();
        let blocker = tmp.path().join("file");
        fs::write(&blocker, "x").unwrap();
        assert!(matches!(
            CacheDir::open(&blocker.join("cache"), true).unwrap(),
            DirState::Unusable(_)
        ));
        assert!(matches!(
            CacheDir::open(&blocker, true).unwrap(),
            DirState::Unusable(_)
        ));
    }

    #[test]
    fn missing_dir_is_not_created_on_request() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("nope");
        assert!(matches!(
            CacheDir::open(&path, false).unwrap(),
            DirState::Missing
        ));
        assert!(!path.exists());
    }
}
