//! `jwtcred detect`: which sources this environment offers, which one `get` would use and why
//! the others were passed over. Exits 0 (or 3 with `--check` when nothing is usable, the report then on stderr).

use anyhow::Result;

use crate::cli::ReportFormat;
use crate::config::Config;
use crate::env::Env;
use crate::error::Hinted;
use crate::notes::Notes;
use crate::source::detect::{self, Report};

pub fn run(
    config: &Config,
    env: &Env,
    notes: &mut Notes,
    check: bool,
    format: ReportFormat,
) -> Result<String> {
    let report = detect::report(&config.source, env);
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        ReportFormat::Text => render_text(&report),
    };
    if check && report.chosen.is_none() {
        // A failed check keeps stdout empty like every failure; the report still helps.
        notes.verbatim(text);
        return Err(Hinted::no_source(
            "detect --check: no usable credential source",
            report
                .hint
                .as_deref()
                .unwrap_or("configure one of the sources listed above"),
        )
        .into());
    }
    Ok(text)
}

fn render_text(report: &Report) -> String {
    let mut out = String::new();
    for entry in &report.sources {
        let mark = if entry.present { "present" } else { "absent " };
        out.push_str(&format!("{:<19} {mark}  {}\n", entry.name, entry.detail));
    }
    match report.chosen {
        Some(name) => out.push_str(&format!("\n`jwtcred get` would use: {name}\n")),
        None => out.push_str(
            "\n`jwtcred get` would find no source (exit 3); configure one of the sources above\n",
        ),
    }
    if let Some(hint) = &report.hint {
        out.push_str(&format!("In this CI: {hint}\n"));
    }
    out
}
