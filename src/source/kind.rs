//! `SourceKind`, the sources' names, and the one order they are tried, reported and listed in.
//! A leaf: settings, config and the cache's callers name a source through it.

use std::fmt;

/// The `--source` values, minus `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Spiffe,
    Actions,
    ClientCredentials,
    File,
    Env,
    Command,
}

impl SourceKind {
    /// Every kind, in the contract's auto-detection order (deliberate settings first: token
    /// file, token env, token command, token URL/issuer, spiffe socket; then ambient Actions).
    /// `detect`'s report and the nothing-found error list the sources in this order.
    pub const ORDER: [SourceKind; 6] = [
        Self::File,
        Self::Env,
        Self::Command,
        Self::ClientCredentials,
        Self::Spiffe,
        Self::Actions,
    ];

    /// Every kind, in the order the contract lists the `--source` values (after `auto`): the
    /// order `--help`, the completions and the value errors show them in, as since 0.1.
    pub const LISTED: [SourceKind; 6] = [
        Self::Spiffe,
        Self::Actions,
        Self::ClientCredentials,
        Self::File,
        Self::Env,
        Self::Command,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Spiffe => "spiffe",
            Self::Actions => "actions",
            Self::ClientCredentials => "client-credentials",
            Self::File => "file",
            Self::Env => "env",
            Self::Command => "command",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
