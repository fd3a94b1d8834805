//! Renders a token in the `--output` mode: an ExecCredential, the raw token, or a JSON summary.

use std::time::Duration;

use serde::Serialize;

use crate::exec_credential::{ExecApiVersion, ExecCredential};
use crate::time::rfc3339;
use crate::token::Token;

#[derive(Debug, Clone)]
pub struct OutputSettings {
    pub mode: OutputMode,
    pub exec_api_version: ExecApiVersion,
    /// For the `expirationTimestamp`/`refresh_at` client-go and scripts see.
    pub refresh_before: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    ExecCredential,
    Token,
    Json,
}

/// `--output json`: what scripts want to know about the credential.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    token: &'a str,
    expires_at: Option<String>,
    refresh_at: Option<String>,
    source: &'a str,
    subject: Option<&'a str>,
    audience: Vec<String>,
    issuer: Option<&'a str>,
}

/// The exact bytes `get` writes to stdout (with a trailing newline); `source` names the
/// source for `--output json`.
pub fn render(settings: &OutputSettings, token: &Token, source: &str) -> String {
    let refresh_at = token.refresh_at(settings.refresh_before).map(rfc3339);
    let mut out = match settings.mode {
        OutputMode::Token => token.value.expose().to_owned(),
        OutputMode::ExecCredential => serde_json::to_string(&ExecCredential::new(
            settings.exec_api_version,
            token.value.expose(),
            refresh_at,
        ))
        .expect("ExecCredential serializes"),
        OutputMode::Json => serde_json::to_string(&Summary {
            token: token.value.expose(),
            expires_at: token.expires_at.map(rfc3339),
            refresh_at,
            source,
            subject: token.subject(),
            audience: token.audiences(),
            issuer: token.issuer(),
        })
        .expect("summary serializes"),
    };
    out.push('\n');
    out
}
