//! Reading the files doctor is pointed at (the AuthenticationConfiguration, kubeconfigs)
//! through the one bounded reader: capped in size, UTF-8, a FIFO read within the timeout.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};

use crate::fsutil::{self, NonRegular};

/// The largest configuration file doctor reads (kubeconfigs may be large; so is the cap).
pub const MAX_FILE_BYTES: u64 = fsutil::MAX_KUBECONFIG_BYTES;

/// Reads `path` as text, at most `MAX_FILE_BYTES`, giving up after `timeout`.
pub fn read_text(path: &Path, what: &str, timeout: Duration) -> Result<String> {
    fsutil::read_bounded_text(
        path,
        MAX_FILE_BYTES,
        NonRegular::ReadUntil(fsutil::deadline_after(timeout)),
    )
    .with_context(|| format!("reading {what} {}", path.display()))
}
