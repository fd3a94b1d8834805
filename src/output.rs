//! Renders a token in the `--output` mode: an ExecCredential, the raw token, or a JSON summary.

use serde::Serialize;

use crate::config::{Config, OutputMode};
use crate::exec_credential::ExecCredential;
use crate::source::SourceKind;
use crate::time::rfc3339;
use crate::token::Token;

/// `--output json`: what scripts want to know about the credential.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    token: &'a str,
    expires_at: Option<String>,
    refresh_at: Option<String>,
    source: &'static str,
    subject: Option<&'a str>,
    audience: Vec<String>,
    issuer: Option<&'a str>,
}

/// The exact bytes `get` writes to stdout (with a trailing newline).
pub fn render(config: &Config, token: &Token, source: SourceKind) -> String {
    let refresh_at = token.refresh_at(config.refresh_before).map(rfc3339);
    let mut out = match config.output {
        OutputMode::Token => token.value.expose().to_owned(),
        OutputMode::ExecCredential => serde_json::to_string(&ExecCredential::new(
            config.exec_api_version,
            token.value.expose(),
            refresh_at,
        ))
        .expect("ExecCredential serializes"),
        OutputMode::Json => serde_json::to_string(&Summary {
            token: token.value.expose(),
            expires_at: token.expires_at.map(rfc3339),
            refresh_at,
            source: source.name(),
            subject: token.subject(),
            audience: token.audiences(),
            issuer: token.issuer(),
        })
        .expect("summary serializes"),
    };
    out.push('\n');
    out
}
