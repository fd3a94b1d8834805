//! The user's home and cache directories. On Linux and the BSDs they come from the
//! environment only (`XDG_CACHE_HOME`, `HOME`): the `dirs` crate falls back to `getpwuid_r`
//! when `HOME` is unset, which in a static glibc binary loads glibc's NSS modules at run time
//! (and may crash against another glibc). With neither variable set there is no default cache
//! dir, and jwtcred runs uncached (`-v` says so); `--cache-dir` or `JWTCRED_CACHE_DIR` set one.
//! macOS and Windows ask the OS through `dirs`.

use std::path::PathBuf;

/// `<user cache dir>`: `$XDG_CACHE_HOME` when absolute, else `$HOME/.cache` (Linux).
pub fn cache_dir() -> Option<PathBuf> {
    #[cfg(any(target_os = "macos", windows))]
    {
        dirs::cache_dir()
    }
    #[cfg(not(any(target_os = "macos", windows)))]
    {
        env_path("XDG_CACHE_HOME").or_else(|| home_dir().map(|home| home.join(".cache")))
    }
}

/// `$HOME` when absolute (Linux); the OS's answer on macOS and Windows.
pub fn home_dir() -> Option<PathBuf> {
    #[cfg(any(target_os = "macos", windows))]
    {
        dirs::home_dir()
    }
    #[cfg(not(any(target_os = "macos", windows)))]
    {
        env_path("HOME")
    }
}

/// An environment variable holding an absolute path (relative or empty values are ignored,
/// as the XDG base directory specification says).
#[cfg(not(any(target_os = "macos", windows)))]
fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
}
