//! Exit codes and user-facing failure kinds. Errors travel as `anyhow::Error`; these types sit
//! in the chain so that `main` can pick the exit code and the one-line hint.

use std::fmt;
use std::process::ExitCode;

/// The contract's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Failure = 1,
    Usage = 2,
    NoSource = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// An error carrying the hint printed under it (and, for "no source", exit code 3).
#[derive(Debug)]
pub struct Hinted {
    pub message: String,
    pub hint: String,
    pub exit: Exit,
}

impl Hinted {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
            exit: Exit::Failure,
        }
    }

    pub fn no_source(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            exit: Exit::NoSource,
            ..Self::new(message, hint)
        }
    }
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// Adds a hint to any error without adding a level to its cause chain.
pub trait HintExt<T> {
    fn hint(self, hint: &str) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> HintExt<T> for Result<T, E> {
    fn hint(self, hint: &str) -> anyhow::Result<T> {
        self.map_err(|err| anyhow::Error::from(HintOnly(hint.to_owned(), err.into())))
    }
}

/// Wrapper that displays and sources exactly like the error it wraps, plus a hint.
struct HintOnly(String, anyhow::Error);

impl fmt::Debug for HintOnly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.1, f)
    }
}

impl fmt::Display for HintOnly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.1, f)
    }
}

impl std::error::Error for HintOnly {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.1.source()
    }
}

/// The exit code and hint for a failed run: the outermost hint wins.
pub fn classify(err: &anyhow::Error) -> (Exit, String) {
    let mut exit = Exit::Failure;
    let mut hint = None;
    for cause in err.chain() {
        if let Some(h) = cause.downcast_ref::<HintOnly>() {
            hint.get_or_insert_with(|| h.0.clone());
            if let Some(inner) = h.1.downcast_ref::<Hinted>() {
                exit = exit_of(exit, inner);
            }
        }
        if let Some(h) = cause.downcast_ref::<Hinted>() {
            hint.get_or_insert_with(|| h.hint.clone());
            exit = exit_of(exit, h);
        }
    }
    let hint = hint.unwrap_or_else(|| {
        "run again with -v to see each step, or `jwtcred detect` to see which source is used".into()
    });
    (exit, hint)
}

fn exit_of(current: Exit, hinted: &Hinted) -> Exit {
    if hinted.exit == Exit::NoSource {
        Exit::NoSource
    } else {
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn hint_and_exit_survive_context() {
        let err = Err::<(), _>(Hinted::no_source("nothing found", "set X"))
            .context("getting a token")
            .unwrap_err();
        assert_eq!(classify(&err), (Exit::NoSource, "set X".into()));
        assert_eq!(format!("{err:#}"), "getting a token: nothing found");
    }

    #[test]
    fn hint_ext_does_not_repeat_the_message() {
        let err = Err::<(), _>(anyhow::anyhow!("boom"))
            .context("reading file")
            .hint("check the path")
            .unwrap_err();
        assert_eq!(format!("{err:#}"), "reading file: boom");
        assert_eq!(classify(&err), (Exit::Failure, "check the path".into()));
    }
}
