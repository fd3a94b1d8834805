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

/// `err` with `hint` attached (see [`HintExt`]).
pub fn with_hint(err: anyhow::Error, hint: &str) -> anyhow::Error {
    anyhow::Error::from(HintOnly(hint.to_owned(), err))
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

/// Longest excerpt of outside text (a server's error description or body) put in a message.
pub const MAX_OUTSIDE_CHARS: usize = 300;

/// What replaces a character that could drive the terminal.
const REPLACEMENT: char = '\u{FFFD}';

/// Text from outside (a server, a file, a program's stderr) made fit for one line of a
/// message: every control character (C0 including CR/LF/TAB and ESC, DEL, C1) and every
/// character that reorders or hides text (bidirectional controls, zero-width characters)
/// replaced, runs of whitespace kept as they are, cut to `max_chars` characters with `…`
/// marking the cut.
pub fn outside_text(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(max_chars).map(one_line_safe).collect();
    if text.chars().nth(max_chars).is_some() {
        out.push('…');
    }
    out
}

/// [`outside_text`] uncut and untrimmed, for a piece of a line (a word of a command line).
pub fn one_line(text: &str) -> String {
    text.chars().map(one_line_safe).collect()
}

/// A whole message for stderr: like [`outside_text`] but keeping line breaks and uncut, as the
/// last line of defence in `main` for anything that reached an error unsanitised.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\n' { c } else { one_line_safe(c) })
        .collect()
}

/// The one rule for a character that may reach a terminal from outside.
fn one_line_safe(c: char) -> char {
    let reorders_or_hides = matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    );
    if c.is_control() || reorders_or_hides {
        REPLACEMENT
    } else {
        c
    }
}

/// A file that does not parse, named with the line and column of the problem but never with
/// its content (a kubeconfig holds other users' tokens, and a parser's snippet would show them).
#[derive(Debug)]
pub struct FileParseError {
    /// "not valid YAML", "not valid JSON", ...
    pub what: &'static str,
    /// 1-based line and column, when the parser knows them.
    pub location: Option<(u64, u64)>,
}

impl fmt::Display for FileParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some((line, column)) => write!(f, "{} at line {line}, column {column}", self.what),
            None => f.write_str(self.what),
        }
    }
}

impl std::error::Error for FileParseError {}

impl FileParseError {
    pub fn new(what: &'static str, location: Option<(u64, u64)>) -> Self {
        Self { what, location }
    }

    /// The error, with a hint that says why the content is not shown.
    pub fn error(what: &'static str, location: Option<(u64, u64)>) -> anyhow::Error {
        with_hint(
            Self::new(what, location).into(),
            "fix the file at that line and column (its content is not shown: it may hold other users' credentials)",
        )
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
    fn outside_text_is_one_safe_bounded_line() {
        let hostile = "bad\u{1b}]52;c;aGk=\u{7}\r\nfake: ok\u{9b}31m\u{202e}x";
        let shown = outside_text(hostile, 300);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(!shown.contains('\u{202e}'));
        assert!(shown.starts_with("bad\u{FFFD}]52;c;aGk="), "{shown:?}");
        let long = "x".repeat(1000);
        assert_eq!(outside_text(&long, 300).chars().count(), 301);
        assert_eq!(outside_text("short", 300), "short");
        assert_eq!(terminal_safe("a\u{1b}[2J\nb"), "a\u{FFFD}[2J\nb");
        assert_eq!(
            one_line(" a\u{200b}b\u{feff}\n"),
            " a\u{FFFD}b\u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn file_parse_errors_name_only_the_place() {
        let err = FileParseError {
            what: "not valid YAML",
            location: Some((3, 7)),
        };
        assert_eq!(err.to_string(), "not valid YAML at line 3, column 7");
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
