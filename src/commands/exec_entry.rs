//! What the kubeconfig and Argo CD writers share: the get options given on the command line
//! turned back into the exec entry's `args` (never env values, never a secret), the exec
//! apiVersion and the install hint.

use std::ffi::OsStr;

use crate::config::CommandLine;
use crate::error::Hinted;
use crate::exec_credential::ExecApiVersion;
use crate::notes::Notes;
use crate::output::OutputMode;
use anyhow::{Context as _, Result, bail};

/// Shown by kubectl/client-go when `command` cannot be found.
pub const INSTALL_HINT: &str = "jwtcred, the credential plugin this entry runs, is not installed or not on PATH: \
     see the Install section of the jwtcred README (krew, Homebrew, .deb, .rpm, Nix, container image)";

/// How path-valued options (`--token-file`, `--ca-file`, …) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paths {
    /// Relative paths are made absolute: kubectl runs the plugin from any directory.
    Absolute,
    /// As given: the path names a file where the plugin runs (an Argo CD pod), not here.
    AsGiven,
}

/// The exec entry's `args` and apiVersion, from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecArgs {
    pub args: Vec<String>,
    pub api_version: ExecApiVersion,
    /// Whether `--audience` was among them (it overrides a cluster's audience).
    pub has_audience: bool,
}

/// Rebuilds `args` from the get options given on the command line, in the order they were
/// given; each as `--long value` (flags as `--long`).
pub fn from_command_line(given: &CommandLine, paths: Paths) -> Result<ExecArgs> {
    if given.inline_client_secret {
        return Err(Hinted::new(
            "--client-secret would be written in clear text into the exec entry; refusing",
            "use --client-secret-file PATH, or set JWTCRED_CLIENT_SECRET in the environment kubectl or Argo CD runs jwtcred with",
        )
        .into());
    }
    if given
        .output
        .is_some_and(|output| output != OutputMode::ExecCredential)
    {
        return Err(Hinted::new(
            "an exec entry must print an ExecCredential, but --output asks for something else",
            "drop --output (or use --output exec-credential)",
        )
        .into());
    }
    let mut args = Vec::new();
    for option in &given.options {
        args.push(option.long.clone());
        for value in &option.values {
            let value = render_value(value, option.is_path && paths == Paths::Absolute)
                .with_context(|| format!("the value of {}", option.long))?;
            args.push(value);
        }
    }
    Ok(ExecArgs {
        args,
        api_version: given.exec_api_version.unwrap_or(ExecApiVersion::V1),
        has_audience: given.audience,
    })
}

/// A note when `JWTCRED_*` variables are set: they are not carried over into the entry.
pub fn note_env_settings(given: &CommandLine, target: &str, notes: &mut Notes) {
    if !given.env_settings.is_empty() {
        notes.note(format!(
            "note: {} from the environment not written into the {target}; only options given on the command line are",
            given.env_settings.join(", ")
        ));
    }
}

fn render_value(value: &OsStr, absolute: bool) -> Result<String> {
    let text = value
        .to_str()
        .context("not valid UTF-8; kubeconfig and Argo CD store text")?;
    if absolute && !text.is_empty() {
        let path = std::path::absolute(text).context("making the path absolute")?;
        return match path.to_str() {
            Some(text) => Ok(text.to_owned()),
            None => bail!("not valid UTF-8 once made absolute"),
        };
    }
    Ok(text.to_owned())
}
