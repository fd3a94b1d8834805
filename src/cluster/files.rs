//! Reading the files doctor is pointed at (the AuthenticationConfiguration, kubeconfigs):
//! capped in size, UTF-8, and — for a FIFO or process substitution — within the timeout.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};

/// The largest configuration file doctor reads.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads `path` as text, at most `MAX_FILE_BYTES`, giving up after `timeout`.
pub fn read_text(path: &Path, what: &str, timeout: Duration) -> Result<String> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).with_context(|| format!("reading {what} {shown}"))?;
    if meta.is_dir() {
        bail!("{what} {shown} is a directory, not a file");
    }
    let bytes = if meta.is_file() {
        read_capped(path).with_context(|| format!("reading {what} {shown}"))?
    } else {
        // A FIFO may never be written to: read it on a thread and stop waiting at the timeout.
        let owned = path.to_owned();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(read_capped(&owned));
        });
        receive
            .recv_timeout(timeout)
            .map_err(|_| {
                anyhow!(
                    "{what} {shown} gave no data within {} (--timeout)",
                    crate::duration::format_duration(timeout)
                )
            })?
            .with_context(|| format!("reading {what} {shown}"))?
    };
    String::from_utf8(bytes).map_err(|_| anyhow!("{what} {shown} is not UTF-8 text"))
}

fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!("it is larger than {} KiB", MAX_FILE_BYTES / 1024);
    }
    Ok(bytes)
}
