//! `-v` diagnostics: plain lines on stderr, off by default. Callers pass only redacted values.

use std::fmt::Arguments;

#[derive(Debug, Clone, Copy, Default)]
pub struct Log {
    pub enabled: bool,
}

impl Log {
    pub fn new(enabled: bool) -> Self {
        Self { enabled }
    }

    pub fn line(&self, args: Arguments<'_>) {
        if self.enabled {
            eprintln!("jwtcred: {args}");
        }
    }
}

/// `vlog!(log, "fetched {} from {}", what, url)` — formats only when `-v` is on.
#[macro_export]
macro_rules! vlog {
    ($log:expr, $($arg:tt)*) => {
        $log.line(format_args!($($arg)*))
    };
}
