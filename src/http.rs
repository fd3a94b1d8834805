//! Everything network-bound shares this: a tokio runtime and HTTP clients built only when a
//! fetch is needed (never on a cache hit), the URL/TLS/proxy/redirect policy, bounded reads,
//! and retries of transient failures inside the `--timeout` budget.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio::time::Instant;
use url::Url;

use crate::error::{HintExt, Hinted};
use crate::log::Log;
use crate::secret::Secret;
use crate::vlog;

/// Responses larger than this are refused: token endpoints answer a few KiB at most.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// Same-origin redirects followed at most this many times.
const MAX_REDIRECTS: usize = 5;
const GAVE_UP_ON_STATUS: &str =
    "the server kept failing or rate-limiting; try again later, or raise --timeout to wait longer";
const GAVE_UP_ON_CONNECT: &str = "check that the endpoint is reachable from here (HTTPS_PROXY/NO_PROXY if a proxy is needed), or raise --timeout";
/// First retry delay; doubles per attempt, with jitter, up to `MAX_BACKOFF`.
const BASE_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The runtime and clients for one invocation, with its deadline.
pub struct Network {
    runtime: tokio::runtime::Runtime,
    deadline: Instant,
    timeout: Duration,
    ca_file: Option<PathBuf>,
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

impl Request<'_> {
    /// Every secret this request carries (bearer token, Basic password, secret form fields),
    /// so that an error body echoing one of them can be scrubbed.
    fn secrets(&self) -> Vec<Secret> {
        let mut secrets: Vec<Secret> = self.bearer.into_iter().cloned().collect();
        if let Some((_, password)) = &self.basic {
            // Basic credentials are form-encoded first (RFC 6749 §2.3.1); keep both spellings.
            let decoded: String = url::form_urlencoded::parse(format!("p={password}").as_bytes())
                .map(|(_, v)| v.into_owned())
                .collect();
            secrets.extend([Secret::new(password.clone()), Secret::new(decoded)]);
        }
        if let Some(form) = &self.form {
            secrets.extend(
                form.iter()
                    .filter(|(key, _)| SECRET_FORM_FIELDS.contains(key))
                    .map(|(_, value)| Secret::new(value.clone())),
            );
        }
        secrets
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
            Instant::now() + budget
        };
        Ok(Self {
            runtime,
            deadline,
            timeout,
            ca_file,
            direct: OnceLock::new(),
            proxied: OnceLock::new(),
            log,
        })
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

    /// Sends the request, retrying connect errors, 429 (honouring Retry-After) and 5xx with
    /// jittered exponential backoff while the budget lasts. Other statuses return as they are.
    pub async fn send(&self, request: &Request<'_>) -> Result<Response> {
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let left = self.remaining(request.what)?;
            let outcome = tokio::time::timeout(left, self.send_once(request)).await;
            let (error, retry_after, hint) = match outcome {
                Err(_) => return Err(self.timed_out(request.what)),
                Ok(Ok((response, retry_after))) if is_transient(response.status) => {
                    vlog!(
                        self.log,
                        "{} answered {} (attempt {attempt}), retrying",
                        request.what,
                        response.status
                    );
                    let secrets = request.secrets();
                    let error =
                        status_error(request.what, &response, &secrets.iter().collect::<Vec<_>>());
                    (error, retry_after, GAVE_UP_ON_STATUS)
                }
                Ok(Ok((response, _))) => return Ok(response),
                Ok(Err(err)) if err.transient => {
                    vlog!(
                        self.log,
                        "{} failed (attempt {attempt}): {:#}, retrying",
                        request.what,
                        err.error
                    );
                    (err.error, None, GAVE_UP_ON_CONNECT)
                }
                Ok(Err(err)) => return Err(err.error),
            };
            let delay = retry_after.unwrap_or_else(|| backoff(attempt));
            if Instant::now() + delay >= self.deadline {
                return Err(error.context(format!(
                    "gave up after {attempt} attempt(s) within --timeout {}",
                    crate::duration::format_duration(self.timeout)
                )))
                .hint(hint);
            }
            tokio::time::sleep(delay).await;
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
            let transient = err.is_connect() || err.is_timeout() || err.is_request();
            let error = describe_reqwest_error(request, err);
            SendError { error, transient }
        })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let mut body = Vec::new();
        loop {
            let chunk = response.chunk().await.map_err(|err| SendError {
                error: anyhow!(err.without_url())
                    .context(format!("reading the answer of {}", request.what)),
                transient: true,
            })?;
            let Some(chunk) = chunk else { break };
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(SendError::permanent(
                    Hinted::new(
                        format!(
                            "{} sent more than {} KiB; a token response is never that large",
                            request.what,
                            MAX_RESPONSE_BYTES / 1024
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
        let client = build_client(self.ca_file.as_deref(), use_proxy)?;
        Ok(cell.get_or_init(|| client))
    }
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

/// 200 ms · 2^(n-1), capped at 5 s, scaled by a random factor in [0.5, 1.0).
fn backoff(attempt: u32) -> Duration {
    let exp = BASE_BACKOFF.saturating_mul(1u32 << attempt.saturating_sub(1).min(10));
    exp.min(MAX_BACKOFF).mul_f64(0.5 + fastrand::f64() / 2.0)
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
fn tls_error(err: &(dyn std::error::Error + 'static)) -> Option<rustls::Error> {
    let mut cause = Some(err);
    while let Some(current) = cause {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Some(tls.clone());
        }
        cause = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
    }
    None
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

fn describe_reqwest_error(request: &Request<'_>, err: reqwest::Error) -> anyhow::Error {
    let target = display_url(&request.url);
    let what = request.what;
    if err.is_redirect() {
        return Hinted::new(
            format!("{what} at {target} redirected to another origin; jwtcred never sends credentials across origins"),
            "use the final URL directly",
        )
        .into();
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

/// The URL without query or fragment: queries may carry tokens and are never logged.
pub fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
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
/// when there is one, else the first line; known secrets replaced by their redacted form.
pub fn server_message(body: &[u8], secrets: &[&Secret]) -> Option<String> {
    // Scrubbed before anything is cut: a secret split by the length limit or by a line break
    // would no longer match afterwards, and its first part would show.
    let text = scrub(&String::from_utf8_lossy(body), secrets);
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
    let message = scrub(&message, secrets);
    let message: String = message.trim().chars().take(300).collect();
    (!message.is_empty()).then_some(message)
}

/// Replaces each secret, as is and form-urlencoded, by its redacted form.
fn scrub(text: &str, secrets: &[&Secret]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let redacted = secret.redacted();
        text = text.replace(secret.expose(), &redacted);
        let encoded: String =
            url::form_urlencoded::byte_serialize(secret.expose().as_bytes()).collect();
        if encoded != secret.expose() {
            text = text.replace(&encoded, &redacted);
        }
    }
    text
}

/// Parses a URL and applies the transport policy: https, or plain http only to loopback.
pub fn checked_url(text: &str, what: &str) -> Result<Url> {
    let url = Url::parse(text)
        .with_context(|| format!("{what} {text:?} is not a valid URL"))
        .hint("give an absolute URL such as https://idp.example.com/token")?;
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

fn build_client(ca_file: Option<&Path>, use_proxy: bool) -> Result<reqwest::Client> {
    let tls = tls_config(ca_file)?;
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
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if attempt.url().origin() != first.origin() {
            attempt.error("redirect to another origin refused")
        } else {
            attempt.follow()
        }
    })
}

/// rustls with the system roots (honouring SSL_CERT_FILE / SSL_CERT_DIR) plus `--ca-file`.
fn tls_config(ca_file: Option<&Path>) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    if let Some(path) = ca_file {
        let certs = CertificateDer::pem_file_iter(path)
            .with_context(|| format!("reading --ca-file {}", path.display()))
            .hint("--ca-file must be a readable PEM file of CA certificates")?
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("parsing --ca-file {} as PEM", path.display()))?;
        if certs.is_empty() {
            bail!("--ca-file {} holds no PEM certificate", path.display());
        }
        for cert in certs {
            roots
                .add(cert)
                .with_context(|| format!("adding a CA from --ca-file {}", path.display()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("configuring TLS")?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

#[cfg(test)]
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
    fn displayed_urls_drop_query_and_userinfo() {
        let url = Url::parse("https://u:p@h.example/p?token=abc#f").unwrap();
        assert_eq!(display_url(&url), "https://h.example/p");
    }

    #[test]
    fn server_messages_are_scrubbed_and_short() {
        let secret = Secret::new("s3cr3t-value");
        let body = br#"{"error":"invalid_client","error_description":"bad s3cr3t-value"}"#;
        let msg = server_message(body, &[&secret]).unwrap();
        assert_eq!(msg, "invalid_client: bad <redacted, 12 chars>");
        assert_eq!(server_message(&[b'x'; 1000], &[]).unwrap().len(), 300);
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
            url: Url::parse("https://h.example/").unwrap(),
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
        for wanted in ["bearer-token", "a%2Bb", "a+b", "post-secret", "subject"] {
            assert!(shown.iter().any(|s| s == wanted), "{wanted} missing");
        }
        assert!(!shown.iter().any(|s| s == "x"));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(backoff(1) <= Duration::from_millis(200));
        assert!(backoff(1) >= Duration::from_millis(100));
        assert!(backoff(20) <= MAX_BACKOFF);
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
