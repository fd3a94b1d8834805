//! `jwtcred inspect`: a token's header and claims, its times in UTC and time left — decoded,
//! never verified. Without an argument it inspects what `get` would return.

use anyhow::{Context as _, Result};
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::ReportFormat;
use crate::clock::Clock;
use crate::config::Config;
use crate::env::Env;
use crate::fsutil;
use crate::get;
use crate::jwt::{self, Jwt};
use crate::notes::Notes;
use crate::secret::Secret;
use crate::time::rfc3339;

pub fn run(
    config: &Config,
    env: &Env,
    clock: &Clock,
    notes: &mut Notes,
    token: Option<&str>,
    format: ReportFormat,
) -> Result<String> {
    let (token, origin) = match token {
        Some("-") => {
            let text = fsutil::read_stdin_token(config.net.timeout)
                .context("reading the token from stdin")?;
            (Secret::new(text.trim()), "stdin".to_owned())
        }
        Some(text) => (Secret::new(text.trim()), "the command line".to_owned()),
        None => {
            let ctx = get::context(config, env, clock);
            let (source, token) = get::select_and_obtain(&ctx, config, notes)?;
            (token.value, source.describe())
        }
    };
    let jwt = Jwt::decode(token.expose())
        .with_context(|| format!("the token from {origin} cannot be decoded"))?;
    Ok(match format {
        ReportFormat::Text => render(&jwt, &origin, clock.now()),
        ReportFormat::Json => render_json(&jwt, &origin, clock.now()),
    })
}

/// `inspect --output json`: the decoded header and claims as they are, the time claims as
/// UTC times and what is left until `exp`. `signature_verified` is always false.
#[derive(Serialize)]
struct Inspected<'a> {
    origin: &'a str,
    header: &'a Map<String, Value>,
    claims: &'a Map<String, Value>,
    /// RFC 3339 UTC for each of iat, nbf and exp that is a valid NumericDate, else null.
    times: BTreeMap<&'static str, Option<String>>,
    /// Seconds until exp (negative once expired); null without a valid exp.
    time_left_seconds: Option<i64>,
    expired: bool,
    signature_verified: bool,
}

fn render_json(jwt: &Jwt, origin: &str, now: i64) -> String {
    let times = ["iat", "nbf", "exp"]
        .into_iter()
        .map(|claim| (claim, numeric_date(jwt, claim).map(rfc3339)))
        .collect();
    let left = numeric_date(jwt, "exp").map(|exp| exp.saturating_sub(now));
    let inspected = Inspected {
        origin,
        header: &jwt.header,
        claims: &jwt.claims,
        times,
        time_left_seconds: left,
        expired: left.is_some_and(|left| left <= 0),
        signature_verified: false,
    };
    let mut out = serde_json::to_string_pretty(&inspected).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// A time claim as Unix seconds, when it is a valid NumericDate.
fn numeric_date(jwt: &Jwt, claim: &str) -> Option<i64> {
    jwt::numeric_date(jwt.claims.get(claim)?).ok()
}

fn render(jwt: &Jwt, origin: &str, now: i64) -> String {
    let pretty = |map: &Map<String, Value>| {
        serde_json::to_string_pretty(map).unwrap_or_else(|_| "{}".into())
    };
    let mut out = format!(
        "Token from {origin}\n\nHeader:\n{}\n\nClaims:\n{}\n\nTimes (UTC):\n",
        pretty(&jwt.header),
        pretty(&jwt.claims)
    );
    for claim in ["iat", "nbf", "exp"] {
        let Some(value) = jwt.claims.get(claim) else {
            continue;
        };
        let line = match jwt::numeric_date(value) {
            Ok(secs) => {
                format!(
                    "{claim}  {}  ({})",
                    rfc3339(secs),
                    relative(secs.saturating_sub(now))
                )
            }
            Err(_) => format!("{claim}  {value}  (not a valid NumericDate)"),
        };
        out.push_str(&format!("  {line}\n"));
    }
    match jwt.times() {
        Ok(times) if times.exp.is_none() => {
            out.push_str("  no exp: the token never expires by itself\n")
        }
        Ok(times) => {
            let left = times.exp.unwrap_or(now).saturating_sub(now);
            if left > 0 {
                out.push_str(&format!(
                    "  time left: {}\n",
                    crate::duration::format_secs(left)
                ));
            } else {
                out.push_str("  EXPIRED\n");
            }
        }
        Err(err) => out.push_str(&format!("  {err}\n")),
    }
    out.push_str(
        "\nSignature: NOT verified (jwtcred only decodes; the API server or IdP verifies it)\n",
    );
    out
}

fn relative(delta: i64) -> String {
    let span = crate::duration::format_secs(delta);
    if delta >= 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}
