//! Everything network-bound shares this: a tokio runtime and HTTP clients built only when a
//! fetch is needed (never on a cache hit), the URL/TLS/proxy/redirect policy, bounded reads,
//! and retries of transient failures inside the `--timeout` budget.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, anyhow, bail};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio::time::Instant;
use url::Url;

use crate::error::{HintExt, Hinted, MAX_OUTSIDE_CHARS, outside_text, with_hint};
use crate::log::Log;
use crate::retry::{self, GaveUp};
use crate::secret::{Scrubber, Secret, basic_values};
use crate::vlog;

/// Responses larger than this are refused: token endpoints answer a few KiB at most.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// Same-origin redirects followed at most this many times.
const MAX_REDIRECTS: usize = 5;
const GAVE_UP_ON_STATUS: &str =
    "the server kept failing or rate-limiting; try again later, or raise --timeout to wait longer";
const GAVE_UP_ON_CONNECT: &str = "check that the endpoint is reachable from here (HTTPS_PROXY/NO_PROXY if a proxy is needed), or raise --timeout";
const PROXY_AUTH_HINT: &str = "the proxy wants credentials: put them in HTTPS_PROXY (http://user:password@proxy:port), or exempt the host with NO_PROXY";
/// First retry delay; doubles per attempt, with jitter, up to `MAX_BACKOFF`.
const BASE_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Query values at least this long are scrubbed from server answers like other secrets.
const MIN_QUERY_SECRET_CHARS: usize = 8;
/// What a URL's userinfo and query values are shown as.
const REDACTED: &str = "<redacted>";

/// The runtime and clients for one invocation, with its deadline.
pub struct Network {
    runtime: tokio::runtime::Runtime,
    deadline: Instant,
    timeout: Duration,
    ca_file: Option<PathBuf>,
    /// PEM CAs trusted besides the system roots and `--ca-file` (doctor: an authenticator's
    /// `issuer.certificateAuthority`).
    extra_ca_pem: Option<String>,
    direct: OnceLock<reqwest::Client>,
    proxied: OnceLock<reqwest::Client>,
    pub log: Log,
}

/// One HTTP request as the sources and the exchange describe it.
pub struct Request<'a> {
    /// What is being asked, for messages: "the Actions ID token endpoint".
    pub what: &'a str,
    pub url: Url,
    pub form: Option<Vec<(&'static str, String)>>,
    pub bearer: Option<&'a Secret>,
    pub basic: Option<(String, String)>,
}

impl<'a> Request<'a> {
    /// A GET that carries no credentials.
    pub fn get(what: &'a str, url: Url) -> Self {
        Self {
            what,
            url,
            form: None,
            bearer: None,
            basic: None,
        }
    }

    /// Every secret this request carries (bearer token, Basic password, secret form fields),
    /// so that an error body echoing one of them can be scrubbed.
    pub fn secrets(&self) -> Vec<Secret> {
        let mut secrets: Vec<Secret> = self.bearer.into_iter().cloned().collect();
        if let Some((user, password)) = &self.basic {
            // Basic credentials are form-encoded first (RFC 6749 §2.3.1); keep both spellings.
            let decoded: String = url::form_urlencoded::parse(format!("p={password}").as_bytes())
                .map(|(_, v)| v.into_owned())
                .collect();
            let [padded, unpadded] = basic_values(user, password);
            secrets.extend([
                Secret::new(password.clone()),
                Secret::new(decoded),
                Secret::new(padded),
                Secret::new(unpadded),
            ]);
        }
        // Query values are secrets too (an `?code=…` or a signed URL); very short ones such as
        // `api-version=2.0` are left alone, or every message would be full of redactions.
        secrets.extend(
            self.url
                .query_pairs()
                .filter(|(_, value)| value.chars().count() >= MIN_QUERY_SECRET_CHARS)
                .map(|(_, value)| Secret::new(value.into_owned())),
        );
        if let Some(form) = &self.form {
            secrets.extend(
                form.iter()
                    .filter(|(key, _)| SECRET_FORM_FIELDS.contains(key))
                    .map(|(_, value)| Secret::new(value.clone())),
            );
        }
        secrets
    }

    /// The answer as an error, with every secret of this request scrubbed from it.
    fn status_error(&self, response: &Response) -> anyhow::Error {
        let secrets = self.secrets();
        status_error(self.what, response, &secrets.iter().collect::<Vec<_>>())
    }
}

/// Form fields whose values are secrets.
pub const SECRET_FORM_FIELDS: [&str; 5] = [
    "client_secret",
    "subject_token",
    "actor_token",
    "client_assertion",
    "refresh_token",
];

pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Network {
    /// `timeout` is the `--timeout` setting (for messages); `budget` what is left of it.
    pub fn new(
        timeout: Duration,
        budget: Duration,
        ca_file: Option<PathBuf>,
        log: Log,
    ) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting the async runtime")?;
        // The deadline is created inside the runtime context because tokio's clock lives there.
        let deadline = {
            let _guard = runtime.enter();
            let now = Instant::now();
            now.checked_add(budget)
                .or_else(|| now.checked_add(crate::duration::MAX_DURATION))
                .unwrap_or(now)
        };
        Ok(Self {
            runtime,
            deadline,
            timeout,
            ca_file,
            extra_ca_pem: None,
            direct: OnceLock::new(),
            proxied: OnceLock::new(),
            log,
        })
    }

    /// Also trusts the CA certificates in `pem` (before any client is built).
    pub fn trusting_also(mut self, pem: Option<String>) -> Self {
        self.extra_ca_pem = pem;
        self
    }

    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Time left in the `--timeout` budget, as an error once it is spent.
    pub fn remaining(&self, what: &str) -> Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(self.timed_out(what));
        }
        Ok(left)
    }

    pub fn timed_out(&self, what: &str) -> anyhow::Error {
        Hinted::new(
            format!(
                "{what} did not answer within {} (--timeout)",
                crate::duration::format_duration(self.timeout)
            ),
            "check that the endpoint is reachable from here, or raise --timeout",
        )
        .into()
    }

    /// Sends the request, retrying connect errors, 429 and 5xx with jittered exponential
    /// backoff while the budget lasts; a `Retry-After` may lengthen a wait, never shorten it
    /// below the backoff step. Other statuses return as they are, except a proxy's 407, which
    /// fails at once. Once the budget is spent, the error says what the server last answered.
    pub async fn send(&self, request: &Request<'_>) -> Result<Response> {
        let attempt = |n| async move {
            match self.judge(request, n, self.send_once(request).await) {
                Judged::Done(result) => retry::Attempt::Done(result),
                Judged::Retry(transient) => retry::Attempt::Retry {
                    wait: retry_delay(n, transient.retry_after),
                    error: transient,
                },
            }
        };
        let before_wait = |transient: &Transient, n: u32, wait: Duration| {
            vlog!(
                self.log,
                "waiting {} before attempt {}{}",
                crate::duration::format_duration(wait),
                n.saturating_add(1),
                if transient.retry_after.is_some_and(|asked| asked >= wait) {
                    " (as Retry-After asks)"
                } else {
                    ""
                }
            );
        };
        match retry::until(self.deadline, attempt, before_wait).await {
            Ok(result) => result,
            Err(GaveUp::OutOfTime { attempt, last }) => {
                Err(self.out_of_time(request.what, attempt, last.map(|transient| transient.error)))
            }
            Err(GaveUp::NoTimeToWait { attempt, error }) => Err(error.error.context(format!(
                "gave up after {attempt} attempt(s) within --timeout {}",
                crate::duration::format_duration(self.timeout)
            )))
            .hint(error.hint),
        }
    }

    /// What one attempt's outcome means: an answer to return (or a failure to report at once),
    /// or a transient failure worth another attempt.
    fn judge(
        &self,
        request: &Request<'_>,
        attempt: u32,
        outcome: Result<(Response, Option<Duration>), SendError>,
    ) -> Judged {
        match outcome {
            Ok((response, _)) if response.status == 407 => {
                Judged::Done(Err(request.status_error(&response)).hint(PROXY_AUTH_HINT))
            }
            Ok((response, retry_after)) if is_transient(response.status) => {
                vlog!(
                    self.log,
                    "{} answered {} (attempt {attempt}), retrying",
                    request.what,
                    response.status
                );
                Judged::Retry(Transient {
                    error: request.status_error(&response),
                    retry_after,
                    hint: GAVE_UP_ON_STATUS,
                })
            }
            Ok((response, _)) => Judged::Done(Ok(response)),
            Err(err) if err.transient => {
                vlog!(
                    self.log,
                    "{} failed (attempt {attempt}): {:#}, retrying",
                    request.what,
                    err.error
                );
                Judged::Retry(Transient {
                    error: err.error,
                    retry_after: None,
                    hint: GAVE_UP_ON_CONNECT,
                })
            }
            Err(err) => Judged::Done(Err(err.error)),
        }
    }

    /// The budget ran out during an attempt: a timeout, carrying the previous attempt's
    /// answer when there was one.
    fn out_of_time(&self, what: &str, attempt: u32, last: Option<anyhow::Error>) -> anyhow::Error {
        match last {
            None => self.timed_out(what),
            Some(previous) => with_hint(
                previous.context(format!(
                    "{what} did not answer attempt {attempt} within --timeout {}; before that",
                    crate::duration::format_duration(self.timeout)
                )),
                GAVE_UP_ON_STATUS,
            ),
        }
    }

    async fn send_once(
        &self,
        request: &Request<'_>,
    ) -> Result<(Response, Option<Duration>), SendError> {
        let client = self
            .client_for(&request.url)
            .map_err(SendError::permanent)?;
        let mut builder = match &request.form {
            Some(form) => client
                .post(request.url.clone())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(encode_form(form)),
            None => client.get(request.url.clone()),
        };
        builder = builder.header(ACCEPT, "application/json");
        if let Some(token) = request.bearer {
            builder = builder.header(AUTHORIZATION, format!("Bearer {}", token.expose()));
        }
        if let Some((user, password)) = &request.basic {
            builder = builder.basic_auth(user, Some(password));
        }
        vlog!(
            self.log,
            "{} {} ({})",
            if request.form.is_some() {
                "POST"
            } else {
                "GET"
            },
            display_url(&request.url),
            request.what
        );
        let mut response = builder.send().await.map_err(|err| {
            // A certificate the client does not trust stays untrusted: no retry.
            if let Some(tls) = tls_error(&err) {
                return SendError::permanent(describe_tls_error(request, tls));
            }
            // Nor does a proxy that wants credentials start to accept the same request.
            if proxy_wants_credentials(&err) {
                return SendError::permanent(
                    Hinted::new(
                        format!(
                            "the HTTPS proxy answered 407 Proxy Authentication Required for {} at {}",
                            request.what,
                            display_url(&request.url)
                        ),
                        PROXY_AUTH_HINT,
                    )
                    .into(),
                );
            }
            let transient = err.is_connect() || err.is_timeout() || err.is_request();
            let error = describe_reqwest_error(request, err);
            SendError { error, transient }
        })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let mut body = Vec::new();
        loop {
            let chunk = response.chunk().await.map_err(|err| SendError {
                error: anyhow!(err.without_url())
                    .context(format!("reading the answer of {}", request.what)),
                transient: true,
            })?;
            let Some(chunk) = chunk else { break };
            if body.len().saturating_add(chunk.len()) > MAX_RESPONSE_BYTES {
                return Err(SendError::permanent(
                    Hinted::new(
                        format!(
                            "{} sent more than {} KiB; a token response is never that large",
                            request.what,
                            MAX_RESPONSE_BYTES.div_euclid(1024)
                        ),
                        "check that the URL points at the token endpoint",
                    )
                    .into(),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((Response { status, body }, retry_after))
    }

    fn client_for(&self, url: &Url) -> Result<&reqwest::Client> {
        // Proxies are never used for loopback hosts.
        let (cell, use_proxy) = if is_loopback_host(url) {
            (&self.direct, false)
        } else {
            (&self.proxied, true)
        };
        if let Some(client) = cell.get() {
            return Ok(client);
        }
        let client = build_client(
            self.ca_file.as_deref(),
            self.extra_ca_pem.as_deref(),
            use_proxy,
            self.deadline.into_std(),
        )?;
        Ok(cell.get_or_init(|| client))
    }
}

/// One attempt, judged.
enum Judged {
    Done(Result<Response>),
    Retry(Transient),
}

/// A failure worth another attempt.
struct Transient {
    error: anyhow::Error,
    retry_after: Option<Duration>,
    hint: &'static str,
}

struct SendError {
    error: anyhow::Error,
    transient: bool,
}

impl SendError {
    fn permanent(error: anyhow::Error) -> Self {
        Self {
            error,
            transient: false,
        }
    }
}

fn is_transient(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// 200 ms · 2^(n-1), capped at 5 s, scaled by a random factor in [1.0, 1.5): never below the
/// 200 ms first step, doubling.
fn backoff(attempt: u32) -> Duration {
    let doublings = attempt.saturating_sub(1).min(10);
    let exp = BASE_BACKOFF.saturating_mul(2u32.saturating_pow(doublings));
    exp.min(MAX_BACKOFF)
        .mul_f64(1.0 + fastrand::f64().clamp(0.0, 1.0) / 2.0)
}

/// How long to wait before attempt `attempt + 1`: the backoff step, or the server's
/// `Retry-After` when that is longer (a shorter one never speeds the retries up).
fn retry_delay(attempt: u32, retry_after: Option<Duration>) -> Duration {
    let step = backoff(attempt);
    retry_after.map_or(step, |wait| wait.max(step))
}

/// `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), relative to `now`; a date in
/// the past is no wait at all. Any number of seconds is accepted: the caller compares it with
/// the budget and never adds it to an instant.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds: longer than any budget.
        return Some(Duration::MAX);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

fn encode_form(form: &[(&'static str, String)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in form {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

/// The rustls error behind a failed request, when the TLS handshake is what failed. rustls
/// errors travel inside (nested) `io::Error`s, whose `source()` skips the wrapped error, so
/// those are opened with `get_ref` instead.
pub fn tls_error(err: &(dyn std::error::Error + 'static)) -> Option<rustls::Error> {
    causes(err).find_map(|cause| cause.downcast_ref::<rustls::Error>().cloned())
}

/// `err` and its causes; an `io::Error` is opened with `get_ref`, since its `source()` skips
/// the error it wraps.
fn causes<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |current| {
        match current.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        }
    })
}

fn describe_tls_error(request: &Request<'_>, tls: rustls::Error) -> anyhow::Error {
    let target = display_url(&request.url);
    let message = match &tls {
        rustls::Error::InvalidCertificate(why) => format!(
            "TLS to {} at {target} failed: its certificate is not trusted ({why:?})",
            request.what
        ),
        other => format!("TLS to {} at {target} failed: {other}", request.what),
    };
    Hinted::new(
        message,
        "trust the CA that signed the server's certificate with --ca-file PATH (PEM) or SSL_CERT_FILE; jwtcred never skips certificate verification",
    )
    .into()
}

/// True when an HTTPS proxy refused the CONNECT with 407. hyper-util does not export its tunnel
/// error type, so it is recognised by its message somewhere in the cause chain.
fn proxy_wants_credentials(err: &(dyn std::error::Error + 'static)) -> bool {
    causes(err).any(|cause| cause.to_string().contains("proxy authorization required"))
}

fn describe_reqwest_error(request: &Request<'_>, err: reqwest::Error) -> anyhow::Error {
    let target = display_url(&request.url);
    let what = request.what;
    if err.is_redirect() {
        return describe_redirect_refusal(what, &target, &err);
    }
    let message = if err.is_connect() {
        format!("could not connect to {what} at {target}")
    } else if err.is_timeout() {
        format!("{what} at {target} timed out")
    } else {
        format!("request to {what} at {target} failed")
    };
    anyhow::Error::new(err.without_url()).context(message)
}

fn describe_redirect_refusal(what: &str, target: &str, err: &reqwest::Error) -> anyhow::Error {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(err);
    let mut refusal = None;
    while let Some(current) = cause {
        if let Some(found) = current.downcast_ref::<RedirectRefusal>() {
            refusal = Some(found);
            break;
        }
        cause = current.source();
    }
    let (message, hint) = match refusal {
        Some(RedirectRefusal::Loop(to)) => (
            format!("{what} at {target} redirected in a loop (back to {to})"),
            "the server's redirects never end: check the URL, or report the loop to the server's operator",
        ),
        Some(RedirectRefusal::TooMany) => (
            format!("{what} at {target} redirected more than {MAX_REDIRECTS} times"),
            "use the final URL directly",
        ),
        Some(RedirectRefusal::Userinfo(to)) => (
            format!("{what} at {target} redirected to {to}, a URL carrying credentials; refused"),
            "use the final URL directly",
        ),
        Some(RedirectRefusal::CrossOrigin(to)) => (
            format!(
                "{what} at {target} redirected to another origin ({to}); jwtcred never sends credentials across origins"
            ),
            "use the final URL directly",
        ),
        None => (
            format!("{what} at {target}: a redirect was refused"),
            "use the final URL directly",
        ),
    };
    Hinted::new(message, hint).into()
}

/// Why a redirect was not followed; travels inside reqwest's redirect error.
#[derive(Debug)]
enum RedirectRefusal {
    /// To a URL already visited (shown redacted).
    Loop(String),
    TooMany,
    /// To a URL with userinfo (shown redacted).
    Userinfo(String),
    /// To another origin (shown redacted).
    CrossOrigin(String),
}

impl std::fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Loop(to) => write!(f, "redirect loop back to {to}"),
            Self::TooMany => write!(f, "more than {MAX_REDIRECTS} redirects"),
            Self::Userinfo(to) => write!(f, "redirect to {to}, which carries credentials"),
            Self::CrossOrigin(to) => write!(f, "redirect to another origin ({to}) refused"),
        }
    }
}

impl std::error::Error for RedirectRefusal {}

/// The URL as messages show it: userinfo and query values are secrets, so
/// `https://u:pw@host/path?code=x#f` becomes `https://<redacted>@host/path?code=<redacted>`
/// (the fragment, never sent, is dropped).
pub fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    let mut text = shown.to_string();
    if has_userinfo(url)
        && let Some(at) = text.find("://")
    {
        text.insert_str(at.saturating_add(3), &format!("{REDACTED}@"));
    }
    if let Some(query) = url.query() {
        text.push('?');
        text.push_str(&redacted_query(query));
    }
    text
}

/// `a=1&b&c=2` → `a=<redacted>&<redacted>&c=<redacted>`: names stay, values go; a bare item
/// could be a value by itself.
fn redacted_query(query: &str) -> String {
    query
        .split('&')
        .filter(|item| !item.is_empty())
        .map(|item| match item.split_once('=') {
            Some((name, _)) => format!("{name}={REDACTED}"),
            None => REDACTED.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A URL given as text, shown redacted like [`display_url`] even when it does not parse:
/// whatever sits before an `@` in the authority, and every query value, is hidden.
pub fn redact_url_text(text: &str) -> String {
    if let Ok(url) = Url::parse(text) {
        return display_url(&url);
    }
    let (base, query) = match text.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (text, None),
    };
    let base = base.split('#').next().unwrap_or_default();
    let (scheme, rest) = match base.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), base),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((_, host)) => format!("{REDACTED}@{host}"),
        None => authority.to_owned(),
    };
    let mut shown = format!("{scheme}{authority}{path}");
    if let Some(query) = query {
        shown.push('?');
        shown.push_str(&redacted_query(query.split('#').next().unwrap_or_default()));
    }
    outside_text(&shown, MAX_OUTSIDE_CHARS)
}

fn has_userinfo(url: &Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

/// An HTTP error status as an error, with the server's own words (secrets scrubbed).
pub fn status_error(what: &str, response: &Response, secrets: &[&Secret]) -> anyhow::Error {
    anyhow!(
        "{what} answered HTTP {}{}",
        response.status,
        server_message(&response.body, secrets)
            .map(|m| format!(": {m}"))
            .unwrap_or_default()
    )
}

/// A short excerpt of an error body for messages: a JSON `message`/`error`/`error_description`
/// when there is one, else the first line; every spelling of the known secrets replaced by
/// their redacted form, control characters replaced, cut to a bounded length.
pub fn server_message(body: &[u8], secrets: &[&Secret]) -> Option<String> {
    let scrubber = Scrubber::new(secrets.iter().copied());
    // Scrubbed before anything is cut: a secret split by the length limit or by a line break
    // would no longer match afterwards, and its first part would show.
    let text = scrubber.scrub(&String::from_utf8_lossy(body));
    let json_message = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            let parts: Vec<String> = ["error", "error_description", "message"]
                .iter()
                .filter_map(|k| v.get(*k).and_then(|m| m.as_str()).map(str::to_owned))
                .collect();
            (!parts.is_empty()).then(|| parts.join(": "))
        });
    let message = json_message.unwrap_or_else(|| text.lines().next().unwrap_or("").to_owned());
    // Again after JSON decoding, which may have turned an escaped secret into the plain one.
    let message = outside_text(&scrubber.scrub(&message), MAX_OUTSIDE_CHARS);
    (!message.is_empty()).then_some(message)
}

/// Parses a URL and applies the transport policy: https, or plain http only to loopback.
pub fn checked_url(text: &str, what: &str) -> Result<Url> {
    let url = Url::parse(text)
        .with_context(|| format!("{what} {} is not a valid URL", redact_url_text(text)))
        .hint("give an absolute URL such as https://idp.example.com/token")?;
    if has_userinfo(&url) {
        return Err(Hinted::new(
            format!(
                "{what} {} carries credentials (user:password@) in the URL; jwtcred never sends those",
                display_url(&url)
            ),
            "remove the user:password@ part: the client id goes in --client-id, the secret in --client-secret-file or JWTCRED_CLIENT_SECRET",
        )
        .into());
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback_host(&url) => Ok(url),
        "http" => Err(Hinted::new(
            format!(
                "{what} {} uses plain http to a non-loopback host; tokens and secrets are only sent over https",
                display_url(&url)
            ),
            "use an https:// URL (plain http is allowed only for 127.0.0.0/8, ::1 and localhost)",
        )
        .into()),
        other => Err(Hinted::new(
            format!("{what} {} has unsupported scheme {other:?}", display_url(&url)),
            "use an https:// URL (plain http is allowed only for 127.0.0.0/8, ::1 and localhost)",
        )
        .into()),
    }
}

pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn build_client(
    ca_file: Option<&Path>,
    extra_ca_pem: Option<&str>,
    use_proxy: bool,
    deadline: std::time::Instant,
) -> Result<reqwest::Client> {
    let tls = match extra_ca_pem {
        Some(pem) => with_extra_roots(ca_file, pem, deadline)?,
        None => tls_config(ca_file, deadline)?,
    };
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .user_agent(concat!("jwtcred/", env!("CARGO_PKG_VERSION")))
        .redirect(same_origin_redirects())
        // Names resolve without libc's getaddrinfo (static binaries must not load NSS).
        .dns_resolver(crate::resolve::SystemResolver::default())
        .http1_only();
    if !use_proxy {
        builder = builder.no_proxy();
    }
    builder.build().context("building the HTTP client")
}

/// Follows redirects only within the same origin; anything else is an error, so neither a
/// bearer token nor a form body with a secret ever reaches another host.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.follow();
        };
        let to = attempt.url();
        let refusal = if has_userinfo(to) {
            Some(RedirectRefusal::Userinfo(display_url(to)))
        } else if to.origin() != first.origin() {
            Some(RedirectRefusal::CrossOrigin(display_url(to)))
        } else if attempt.previous().contains(to) {
            Some(RedirectRefusal::Loop(display_url(to)))
        } else if attempt.previous().len() > MAX_REDIRECTS {
            Some(RedirectRefusal::TooMany)
        } else {
            None
        };
        match refusal {
            Some(refusal) => attempt.error(refusal),
            None => attempt.follow(),
        }
    })
}

/// `tls_config` plus the CA certificates in `pem`.
fn with_extra_roots(
    ca_file: Option<&Path>,
    pem: &str,
    deadline: std::time::Instant,
) -> Result<rustls::ClientConfig> {
    let mut roots = root_store(ca_file, deadline)?;
    for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
        roots
            .add(cert.context("parsing an extra CA certificate as PEM")?)
            .context("adding an extra CA certificate")?;
    }
    client_config(roots)
}

/// rustls with the system roots (honouring SSL_CERT_FILE / SSL_CERT_DIR) plus `--ca-file`.
/// `--ca-file` is read and checked now; the system roots only at the first handshake.
pub fn tls_config(
    ca_file: Option<&Path>,
    deadline: std::time::Instant,
) -> Result<rustls::ClientConfig> {
    let mut extra = rustls::RootCertStore::empty();
    add_ca_file(&mut extra, ca_file, deadline)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = SystemRootsOnFirstUse {
        extra,
        provider: Arc::clone(&provider),
        verifier: OnceLock::new(),
    };
    crate::cert_check::client_config(provider, chain)
}

/// The system roots plus the PEM CAs of `--ca-file`.
pub fn root_store(
    ca_file: Option<&Path>,
    deadline: std::time::Instant,
) -> Result<rustls::RootCertStore> {
    let mut roots = system_roots();
    add_ca_file(&mut roots, ca_file, deadline)?;
    Ok(roots)
}

/// The system's CA certificates (SSL_CERT_FILE / SSL_CERT_DIR, else the distribution's).
fn system_roots() -> rustls::RootCertStore {
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    roots
}

/// Standard webpki verification against the system roots plus `extra`, with the system roots
/// loaded at the first certificate to verify: decoding a few hundred system certificates is
/// most of a cold call's work, and a call that never speaks TLS (a plain-http endpoint on
/// loopback) does not need them.
#[derive(Debug)]
struct SystemRootsOnFirstUse {
    extra: rustls::RootCertStore,
    provider: Arc<rustls::crypto::CryptoProvider>,
    verifier: OnceLock<Option<Arc<rustls::client::WebPkiServerVerifier>>>,
}

impl SystemRootsOnFirstUse {
    /// None when no root at all is trusted: every certificate is then of an unknown issuer.
    fn verifier(&self) -> Option<&Arc<rustls::client::WebPkiServerVerifier>> {
        self.verifier
            .get_or_init(|| {
                let mut roots = system_roots();
                roots.roots.extend(self.extra.roots.iter().cloned());
                rustls::client::WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots),
                    Arc::clone(&self.provider),
                )
                .build()
                .ok()
            })
            .as_ref()
    }
}

impl crate::cert_check::ChainCheck for SystemRootsOnFirstUse {
    fn check(
        &self,
        chain: &crate::cert_check::Presented<'_>,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        match self.verifier() {
            Some(verifier) => chain.verify_with(verifier, None),
            None => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        }
    }
}

/// Adds the PEM CAs of `--ca-file` (read within the deadline; a FIFO is read once).
fn add_ca_file(
    roots: &mut rustls::RootCertStore,
    ca_file: Option<&Path>,
    deadline: std::time::Instant,
) -> Result<()> {
    if let Some(path) = ca_file {
        let pem = crate::fsutil::read_bounded(
            path,
            crate::fsutil::MAX_CA_FILE_BYTES,
            crate::fsutil::NonRegular::ReadUntil(deadline),
        )
        .with_context(|| format!("reading --ca-file {}", path.display()))
        .hint("--ca-file must be a readable PEM file of CA certificates")?;
        let certs = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| pem_error(path, &err))?;
        if certs.is_empty() {
            bail!("--ca-file {} holds no PEM certificate", path.display());
        }
        for cert in certs {
            roots
                .add(cert)
                .with_context(|| format!("adding a CA from --ca-file {}", path.display()))?;
        }
    }
    Ok(())
}

fn client_config(roots: rustls::RootCertStore) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("configuring TLS")?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// A `--ca-file` that is not PEM, said without quoting it: the PEM parser's own message shows
/// the offending line, and a file given by mistake may hold secrets.
fn pem_error(path: &Path, err: &rustls_pki_types::pem::Error) -> anyhow::Error {
    use rustls_pki_types::pem::Error as Pem;
    let why = match err {
        Pem::MissingSectionEnd { .. } => "a BEGIN line has no matching END line".to_owned(),
        Pem::IllegalSectionStart { .. } => "a BEGIN line is malformed".to_owned(),
        Pem::Base64Decode(_) => "a section is not valid base64".to_owned(),
        Pem::Io(io) => format!("it could not be read ({})", io.kind()),
        Pem::SectionTooLarge => "a section is too large".to_owned(),
        _ => "it holds no usable PEM section".to_owned(),
    };
    Hinted::new(
        format!("--ca-file {} is not a PEM file: {why}", path.display()),
        "--ca-file must be a PEM file of CA certificates (-----BEGIN CERTIFICATE----- ...)",
    )
    .into()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn http_is_allowed_only_to_loopback() {
        assert!(checked_url("http://127.0.0.1:8080/x", "t").is_ok());
        assert!(checked_url("http://127.5.0.1/x", "t").is_ok());
        assert!(checked_url("http://[::1]:1/x", "t").is_ok());
        assert!(checked_url("http://localhost/x", "t").is_ok());
        assert!(checked_url("https://idp.example.com/x", "t").is_ok());
        assert!(checked_url("http://idp.example.com/x", "t").is_err());
        assert!(checked_url("ftp://127.0.0.1/x", "t").is_err());
        assert!(checked_url("not a url", "t").is_err());
    }

    #[test]
    fn displayed_urls_redact_userinfo_and_query_values() {
        let url = Url::parse("https://u:p@h.example/p?token=abc&x=1&bare#f").unwrap();
        assert_eq!(
            display_url(&url),
            "https://<redacted>@h.example/p?token=<redacted>&x=<redacted>&<redacted>"
        );
        let url = Url::parse("https://h.example:8443/p").unwrap();
        assert_eq!(display_url(&url), "https://h.example:8443/p");
    }

    #[test]
    fn url_text_is_redacted_even_when_it_does_not_parse() {
        assert_eq!(
            redact_url_text("https://u:pw@idp/token?code=s3cr3t"),
            "https://<redacted>@idp/token?code=<redacted>"
        );
        let shown = redact_url_text("https://u:pw@[bad/tok en?code=s3cr3t");
        assert!(
            !shown.contains("pw") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        assert!(shown.contains("<redacted>@"), "{shown}");
    }

    #[test]
    fn urls_with_userinfo_are_refused() {
        let err = checked_url("https://id:pw@h.example/token?code=abc", "--token-url").unwrap_err();
        let shown = format!("{err:#}");
        assert!(
            shown.contains("https://<redacted>@h.example/token?code=<redacted>"),
            "{shown}"
        );
        assert!(!shown.contains("pw") && !shown.contains("abc"), "{shown}");
        assert!(checked_url("https://id@h.example/", "t").is_err());
        let err = checked_url("not a url?code=abc", "t").unwrap_err();
        assert!(!format!("{err:#}").contains("abc"));
    }

    #[test]
    fn pem_errors_never_quote_the_file() {
        let dir = std::env::temp_dir().join(format!("jwtcred-pem-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ca.pem");
        std::fs::write(&path, "-----BEGIN token: other-users-secret-Zx9\n").unwrap();
        let err = tls_config(
            Some(&path),
            std::time::Instant::now() + std::time::Duration::from_secs(5),
        )
        .unwrap_err();
        let shown = format!("{err:#}");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(shown.contains("is not a PEM file"), "{shown}");
        assert!(
            !shown.contains("other-users") && !shown.contains("116, 111"),
            "{shown}"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("18446744073709551615", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::MAX)
        );
        // 2015-10-21T07:28:00Z is `now`; ten seconds later, and a date long past.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retry_after_never_shortens_the_backoff() {
        for attempt in [1, 2, 3, 10, u32::MAX] {
            let delay = retry_delay(attempt, Some(Duration::ZERO));
            assert!(delay >= BASE_BACKOFF, "{attempt}: {delay:?}");
        }
        assert_eq!(
            retry_delay(1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(retry_delay(1, Some(Duration::MAX)), Duration::MAX);
    }

    #[test]
    fn server_messages_are_scrubbed_and_short() {
        let secret = Secret::new("s3cr3t-value");
        let body = br#"{"error":"invalid_client","error_description":"bad s3cr3t-value"}"#;
        let msg = server_message(body, &[&secret]).unwrap();
        assert_eq!(msg, "invalid_client: bad <redacted, 12 chars>");
        let cut = server_message(&[b'x'; 1000], &[]).unwrap();
        assert_eq!(cut.chars().count(), MAX_OUTSIDE_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn server_messages_are_terminal_safe() {
        let body =
            br#"{"error":"invalid_grant","error_description":"\u001b]0;pwned\u0007\r\u001b[2Kok"}"#;
        let msg = server_message(body, &[]).unwrap();
        assert!(!msg.chars().any(char::is_control), "{msg:?}");
        assert!(msg.starts_with("invalid_grant: "), "{msg:?}");
    }

    #[test]
    fn an_echoed_basic_authorization_is_scrubbed() {
        let request = Request {
            what: "t",
            url: Url::parse("https://h.example/").unwrap(),
            form: None,
            bearer: None,
            basic: Some(("my-client".into(), "p%40ss+word".into())),
        };
        let secrets = request.secrets();
        let refs: Vec<&Secret> = secrets.iter().collect();
        let [padded, unpadded] = basic_values("my-client", "p%40ss+word");
        for echoed in [
            format!("Authorization: Basic {padded}"),
            format!("auth={unpadded}&x"),
            "secret p@ss word".to_owned(),
            "secret p%40ss%20word".to_owned(),
        ] {
            let body = format!("{{\"message\":\"{echoed}\"}}");
            let msg = server_message(body.as_bytes(), &refs).unwrap();
            assert!(!msg.contains(&unpadded), "{msg}");
            assert!(
                !msg.contains("ss+word") && !msg.contains("p@ss") && !msg.contains("40ss"),
                "{msg}"
            );
        }
    }

    #[test]
    fn secrets_cut_by_the_length_limit_or_encoded_are_scrubbed() {
        let secret = Secret::new("s3cr3t+value/with=chars");
        let mut body = vec![b'x'; 290];
        body.extend_from_slice(secret.expose().as_bytes());
        let msg = server_message(&body, &[&secret]).unwrap();
        assert!(!msg.contains("s3cr3t"), "{msg}");
        let body = br#"{"error":"invalid_request","error_description":"got s3cr3t%2Bvalue%2Fwith%3Dchars"}"#;
        let msg = server_message(body, &[&secret]).unwrap();
        assert!(!msg.contains("s3cr3t"), "{msg}");
        let body = br#"{"message":"got s3cr3t+value\/with=chars"}"#;
        let msg = server_message(body, &[&secret]).unwrap();
        assert!(!msg.contains("s3cr3t"), "{msg}");
    }

    #[test]
    fn requests_know_their_secrets() {
        let bearer = Secret::new("bearer-token");
        let request = Request {
            what: "t",
            url: Url::parse("https://h.example/?code=query-secret&v=2.0").unwrap(),
            form: Some(vec![
                ("grant_type", "x".into()),
                ("client_secret", "post-secret".into()),
                ("subject_token", "subject".into()),
            ]),
            bearer: Some(&bearer),
            basic: Some(("id".into(), "a%2Bb".into())),
        };
        let shown: Vec<String> = request
            .secrets()
            .iter()
            .map(|s| s.expose().to_owned())
            .collect();
        for wanted in [
            "bearer-token",
            "a%2Bb",
            "a+b",
            "post-secret",
            "subject",
            "query-secret",
        ] {
            assert!(shown.iter().any(|s| s == wanted), "{wanted} missing");
        }
        assert!(!shown.iter().any(|s| s == "x" || s == "2.0"));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        for _ in 0..100 {
            assert!(backoff(1) >= Duration::from_millis(200));
            assert!(backoff(1) < Duration::from_millis(300));
            assert!(backoff(2) >= Duration::from_millis(400));
            assert!(backoff(u32::MAX) < MAX_BACKOFF.mul_f64(1.5));
        }
    }

    #[test]
    fn forms_are_urlencoded() {
        let form = vec![
            ("grant_type", "client_credentials".to_owned()),
            ("scope", "a b".to_owned()),
        ];
        assert_eq!(
            encode_form(&form),
            "grant_type=client_credentials&scope=a+b"
        );
    }
}
