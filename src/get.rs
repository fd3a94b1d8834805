//! The `get` use case: select the source, reuse a cached token or obtain a fresh one (source,
//! then the optional exchange), and render it. The one place that wires `Config` to the
//! stages: each stage gets only its own settings. `inspect`, `doctor`, `authn-config` and
//! `cache clear` reuse it.

use anyhow::{Context as _, Result};

use crate::cache::{self, CacheKey, KeyMaterial};
use crate::clock::Clock;
use crate::config::Config;
use crate::context::Context;
use crate::env::Env;
use crate::error::HintExt;
use crate::exchange;
use crate::log::Log;
use crate::notes::Notes;
use crate::output;
use crate::source::{RawToken, Source, detect};
use crate::token::Token;
use crate::vlog;

/// Runs `get` and returns what goes to stdout.
pub fn run(config: &Config, env: &Env, clock: &Clock, notes: &mut Notes) -> Result<String> {
    let ctx = context(config, env, clock);
    let (source, token) = select_and_obtain(&ctx, config, notes)?;
    Ok(output::render(&config.output, &token, source.kind().name()))
}

/// The running call's context for these settings.
pub fn context<'a>(config: &'a Config, env: &'a Env, clock: &'a Clock) -> Context<'a> {
    Context::new(&config.net, Log::new(config.verbose), env, clock)
}

/// Picks the source and obtains its (possibly cached, possibly exchanged) token.
pub fn select_and_obtain(
    ctx: &Context,
    config: &Config,
    notes: &mut Notes,
) -> Result<(Source, Token)> {
    for line in &config.origins {
        vlog!(ctx.log, "{line}");
    }
    let source = detect::select(&config.source, ctx.env, notes)?;
    vlog!(ctx.log, "using {}", source.describe());
    let token = obtain_token(ctx, config, &source)?;
    Ok((source, token))
}

pub fn obtain_token(ctx: &Context, config: &Config, source: &Source) -> Result<Token> {
    match plan(ctx, config, source)? {
        Plan::Fresh => {
            vlog!(
                ctx.log,
                "{} is read fresh on every call and never cached",
                source.describe()
            );
            validate(ctx, source, source.obtain(ctx)?)
        }
        Plan::Cached { key, local } => {
            let call = cache::Call {
                clock: ctx.clock,
                deadline: ctx.deadline(),
                log: ctx.log,
            };
            cache::get_or_fetch(call, &config.cache, &key, || {
                fetch_fresh(ctx, config, source, local)
            })
        }
    }
}

/// The cache key `get` would use with these settings, for `cache clear` with get options;
/// None when the selected source is never cached (file or env without an exchange). Needs no
/// network: at most a local token is read, as the exchange's subject.
pub fn cache_key_for(
    ctx: &Context,
    config: &Config,
    notes: &mut Notes,
) -> Result<Option<CacheKey>> {
    let source = detect::select(&config.source, ctx.env, notes)?;
    Ok(match plan(ctx, config, &source)? {
        Plan::Fresh => None,
        Plan::Cached { key, .. } => Some(key),
    })
}

/// How `get` serves a source; `get` and `cache clear` decide it the same way.
enum Plan {
    /// A local token without an exchange: read fresh on every call, never cached.
    Fresh,
    /// Through the cache under `key`; `local` is the subject token the key was derived from
    /// (read once, reused by the fetch).
    Cached {
        key: CacheKey,
        local: Option<RawToken>,
    },
}

fn plan(ctx: &Context, config: &Config, source: &Source) -> Result<Plan> {
    if source.is_local() && config.exchange.is_none() {
        return Ok(Plan::Fresh);
    }
    // A local token is cached only as an exchange's subject, keyed by its digest.
    let local = if source.is_local() {
        Some(source.obtain(ctx)?)
    } else {
        None
    };
    let key = cache_key(config, source, local.as_ref())?;
    Ok(Plan::Cached { key, local })
}

fn cache_key(config: &Config, source: &Source, local: Option<&RawToken>) -> Result<CacheKey> {
    let mut material = KeyMaterial::new(source.kind().name());
    source.key_material(&mut material)?;
    if let Some(exchange) = &config.exchange {
        exchange::key_material(&mut material, exchange, local.map(|raw| &raw.value))?;
    }
    Ok(material.into_key())
}

fn fetch_fresh(
    ctx: &Context,
    config: &Config,
    source: &Source,
    local: Option<RawToken>,
) -> Result<Token> {
    let raw = match local {
        Some(raw) => raw,
        None => source.obtain(ctx)?,
    };
    let token = validate(ctx, source, raw)?;
    match &config.exchange {
        None => Ok(token),
        Some(settings) => {
            vlog!(
                ctx.log,
                "exchanging the {} token at {}",
                source.kind(),
                crate::http::redact_url_text(settings.endpoint.as_str())
            );
            exchange::exchange(ctx, settings, &token.value)
        }
    }
}

/// A source's token must be a JWT that has not expired; the error names the source.
fn validate(ctx: &Context, source: &Source, raw: RawToken) -> Result<Token> {
    let token = Token::from_jwt(raw.value, ctx.now(), raw.expires_in)
        .with_context(|| format!("{} did not return a usable token", source.describe()))
        .hint("the source must hand out a current JWT; `jwtcred inspect` shows what it holds")?;
    vlog!(
        ctx.log,
        "token {} for subject {:?}, audience {:?}, expires {}",
        token.value,
        token.subject().unwrap_or("-"),
        token.audiences(),
        token
            .expires_at
            .map(crate::time::rfc3339)
            .unwrap_or_else(|| "never (no exp)".into())
    );
    Ok(token)
}
