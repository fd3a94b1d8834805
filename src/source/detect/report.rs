//! `jwtcred detect`'s report: every source in the canonical order, present or not, and why
//! the chosen one won.

use serde::Serialize;

use super::candidates::{Candidate, candidates};
use super::missing::{ci_hint, missing_input};
use crate::env::Env;
use crate::source::SourceSettings;
use crate::source::kind::SourceKind;

/// `jwtcred detect`'s report.
#[derive(Debug, Serialize)]
pub struct Report {
    pub chosen: Option<&'static str>,
    pub sources: Vec<ReportEntry>,
    /// What to add in the recognised CI, when nothing is usable.
    pub hint: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReportEntry {
    pub name: &'static str,
    pub present: bool,
    pub detail: String,
}

pub fn report(settings: &SourceSettings, env: &Env) -> Report {
    let found = candidates(settings, env);
    let chosen = match settings.kind {
        Some(kind) => found.iter().find(|c| c.kind == kind),
        None => found.iter().find(|c| c.auto),
    };
    let sources = SourceKind::ORDER
        .into_iter()
        .map(|kind| {
            let mine: Vec<&Candidate> = found.iter().filter(|c| c.kind == kind).collect();
            ReportEntry {
                name: kind.name(),
                present: !mine.is_empty(),
                detail: entry_detail(kind, &mine, chosen, settings.kind, env),
            }
        })
        .collect();
    Report {
        chosen: chosen.map(|c| c.kind.name()),
        sources,
        hint: match chosen {
            None => ci_hint(settings.kind, env),
            Some(_) => None,
        },
    }
}

fn entry_detail(
    kind: SourceKind,
    mine: &[&Candidate],
    chosen: Option<&Candidate>,
    requested: Option<SourceKind>,
    env: &Env,
) -> String {
    let Some(first) = mine.first() else {
        return format!("not configured: {}", missing_input(kind, env));
    };
    let origins: Vec<String> = mine.iter().map(|c| c.describe()).collect();
    let found = format!("found {}", origins.join("; "));
    let verdict = match chosen {
        Some(c) if c.kind == kind => format!("chosen: uses {}", c.describe()),
        _ if mine.iter().all(|c| !c.auto) => {
            "not chosen: auto-detection never sends a pod's own service-account token to another cluster; use --source file".to_owned()
        }
        Some(c) if requested.is_some() => format!("passed over: --source {} was requested", c.kind),
        Some(c) => format!("passed over: {} ({}) comes first in the detection order", c.describe(), c.kind),
        None if requested.is_some() => format!("passed over: --source {} was requested", requested.map(|k| k.name()).unwrap_or("?")),
        None => format!("passed over ({})", first.describe()),
    };
    format!("{found}; {verdict}")
}
