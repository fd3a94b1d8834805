//! What a command has to say on stderr besides its result: warnings and notes. Domain code
//! adds them here; only `app` prints them (before the error line, if the command failed).

/// The lines a command leaves for stderr, in the order they arose, each ending in a newline.
#[derive(Debug, Default)]
pub struct Notes {
    lines: Vec<String>,
}

impl Notes {
    /// `jwtcred: warning: …`
    pub fn warn(&mut self, text: impl std::fmt::Display) {
        self.lines.push(format!("jwtcred: warning: {text}\n"));
    }

    /// `jwtcred: …`
    pub fn note(&mut self, text: impl std::fmt::Display) {
        self.lines.push(format!("jwtcred: {text}\n"));
    }

    /// Text that goes to stderr as it is (a report shown there because stdout stays empty).
    pub fn verbatim(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }
}
