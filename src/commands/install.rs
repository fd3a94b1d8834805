//! `jwtcred install DIR`: copies the running binary to `DIR/jwtcred` (mode 0755, through a
//! temporary file and a rename) — for init containers whose image has no shell or `cp`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::error::Hinted;

/// The installed file's name, whatever name this binary was invoked by.
pub const BINARY_NAME: &str = "jwtcred";

/// Returns the line printed on success.
pub fn run(dir: &Path) -> Result<String> {
    let exe = std::env::current_exe().context("finding the running jwtcred binary")?;
    let target = install(&exe, dir)?;
    Ok(format!("installed jwtcred to {}\n", target.display()))
}

/// Copies `exe` into the existing directory `dir`. The directory is not created: a missing
/// one is usually a volume that was not mounted, which should fail loudly.
pub fn install(exe: &Path, dir: &Path) -> Result<PathBuf> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Hinted::new(
                format!("{} is not a directory", dir.display()),
                "pass the directory to install into, e.g. `jwtcred install /custom-tools`",
            )
            .into());
        }
        Err(err) => {
            return Err(Hinted::new(
                format!(
                    "the install directory {} is not usable: {err}",
                    dir.display()
                ),
                "create it first, or check the volume mount of the init container",
            )
            .into());
        }
    }
    let target = dir.join(BINARY_NAME);
    let copied = fs::File::open(exe)
        .and_then(|mut source| {
            crate::fsutil::replace_atomically(&target, 0o755, true, |file| {
                std::io::copy(&mut source, file).map(drop)
            })
        })
        .with_context(|| format!("copying {} to {}", exe.display(), target.display()));
    copied.with_context(|| format!("installing jwtcred into {}", dir.display()))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_with_mode_and_refuses_missing_dir() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src-bin");
        fs::write(&src, b"binary").unwrap();
        let dest = dir.path().join("dest");
        assert!(install(&src, &dest).is_err());
        fs::create_dir(&dest).unwrap();
        let target = install(&src, &dest).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"binary");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o7777, 0o755);
        }
        // Replacing an existing copy works too, and leaves no temporary behind.
        install(&src, &dest).unwrap();
        assert_eq!(fs::read_dir(&dest).unwrap().count(), 1);
    }
}
