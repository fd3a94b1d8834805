//! Which source serves a call. Auto-detection walks the contract's order — deliberate jwtcred
//! settings first, then ambient environment — and `jwtcred detect` reports the same walk.
//! One job a file: `candidates` finds inputs, `build` turns the chosen one into a source,
//! `missing` words what is absent, `report` is `detect`'s report.

mod build;
mod candidates;
mod missing;
mod report;

use anyhow::Result;

use super::{Source, SourceSettings};
use crate::env::Env;
use crate::notes::Notes;

pub use candidates::{
    CI_TOKEN_VARS, Candidate, DEFAULT_SPIFFE_SOCKET, WELL_KNOWN_TOKEN_FILES, candidates,
};
pub use missing::{ci_hint, how_to_set};
pub use report::{Report, ReportEntry, report};

/// The source `get` uses: the one named by `--source`, else the first auto candidate.
pub fn select(settings: &SourceSettings, env: &Env, notes: &mut Notes) -> Result<Source> {
    let found = candidates(settings, env);
    let chosen = match settings.kind {
        Some(kind) => found
            .iter()
            .find(|c| c.kind == kind)
            .ok_or_else(|| missing::explicit_missing(kind, env))?,
        None => found
            .iter()
            .find(|c| c.auto)
            .ok_or_else(|| missing::nothing_found(&found, env))?,
    };
    build::build(chosen, settings, env, notes)
}
