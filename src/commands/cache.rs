//! `jwtcred cache list|clear`: show what is cached (never the tokens) and remove it — all of
//! it, or only the entry the given get options select.

use anyhow::Result;
use serde::Serialize;

use crate::cache::{self, Cleared, Listed};
use crate::cli::ReportFormat;
use crate::clock::Clock;
use crate::config::Config;
use crate::env::Env;
use crate::error::outside_text;
use crate::get;
use crate::notes::Notes;
use crate::time::rfc3339;

/// Longest subject or audience list shown in the `cache list` table.
const LISTED_CLAIM_CHARS: usize = 80;

/// `cache clear`: every entry of both stores, or (`all` false) only the one the get options
/// select.
pub fn clear(
    config: &Config,
    env: &Env,
    clock: &Clock,
    notes: &mut Notes,
    all: bool,
) -> Result<String> {
    if !all {
        return clear_selected(config, env, clock, notes);
    }
    let cleared = cache::clear(&config.cache, None)?;
    Ok(format!(
        "removed {} cached token(s){}\n",
        cleared.file + cleared.keyring,
        per_store(cleared)
    ))
}

fn clear_selected(config: &Config, env: &Env, clock: &Clock, notes: &mut Notes) -> Result<String> {
    let ctx = get::context(config, env, clock);
    let Some(key) = get::cache_key_for(&ctx, config, notes)? else {
        return Ok(
            "these options select a local token source (file or env without an exchange), which is never cached; nothing removed\n"
                .into(),
        );
    };
    let cleared = cache::clear(&config.cache, Some(&key))?;
    Ok(if cleared == Cleared::default() {
        format!("no cached token for key {} ({})\n", key.short(), key.label)
    } else {
        format!(
            "removed the cached token for key {} ({}){}\n",
            key.short(),
            key.label,
            per_store(cleared)
        )
    })
}

fn per_store(cleared: Cleared) -> String {
    format!(
        " (file store: {}, keyring: {})",
        cleared.file, cleared.keyring
    )
}

/// One `cache list --output json` element.
#[derive(Serialize)]
struct ListedJson<'a> {
    key: &'a str,
    store: &'a str,
    source: &'a str,
    subject: Option<&'a str>,
    audience: &'a [String],
    expires_at: String,
    /// Seconds until the real expiry; negative once expired.
    time_left_seconds: i64,
}

/// `cache list`: a table, or JSON.
pub fn list(config: &Config, clock: &Clock, format: ReportFormat) -> Result<String> {
    let entries = cache::list(&config.cache)?;
    let now = clock.now();
    if format == ReportFormat::Json {
        let json: Vec<_> = entries
            .iter()
            .map(|e| ListedJson {
                key: &e.digest,
                store: e.store,
                source: &e.summary.source,
                subject: e.summary.subject.as_deref(),
                audience: &e.summary.audience,
                expires_at: rfc3339(e.summary.expires_at),
                time_left_seconds: e.summary.expires_at.saturating_sub(now),
            })
            .collect();
        let mut out = serde_json::to_string_pretty(&json)?;
        out.push('\n');
        return Ok(out);
    }
    if entries.is_empty() {
        let dir = cache::dir_of(&config.cache)
            .map(|d| d.display().to_string())
            .unwrap_or_else(|| "(no cache directory)".into());
        return Ok(format!("no cached tokens in {dir}\n"));
    }
    Ok(table(&entries, now))
}

fn table(entries: &[Listed], now: i64) -> String {
    let mut rows = vec![
        [
            "KEY", "STORE", "SOURCE", "SUBJECT", "AUDIENCE", "EXPIRES", "LEFT",
        ]
        .map(String::from),
    ];
    for e in entries {
        rows.push([
            e.digest[..16].to_owned(),
            e.store.to_owned(),
            e.summary.source.clone(),
            // Subject and audience come from the token: outside text for a terminal.
            e.summary
                .subject
                .as_deref()
                .map_or_else(|| "-".into(), |s| outside_text(s, LISTED_CLAIM_CHARS)),
            if e.summary.audience.is_empty() {
                "-".into()
            } else {
                outside_text(&e.summary.audience.join(","), LISTED_CLAIM_CHARS)
            },
            rfc3339(e.summary.expires_at),
            time_left(e.summary.expires_at.saturating_sub(now)),
        ]);
    }
    let widths: Vec<usize> = (0..7)
        .map(|col| {
            rows.iter()
                .map(|r| r[col].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn time_left(secs: i64) -> String {
    if secs <= 0 {
        "expired".into()
    } else {
        crate::duration::format_secs(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_is_human() {
        assert_eq!(time_left(3552), "59m12s");
        assert_eq!(time_left(545), "9m5s");
        assert_eq!(time_left(0), "expired");
        assert_eq!(time_left(-5), "expired");
    }
}
