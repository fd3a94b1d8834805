//! `Secret`: the one type every secret (tokens, client secrets, the Actions request token,
//! subject tokens) lives in from input to output, so that a stray `{:?}` or `{}` cannot leak it.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call only where it must leave the process (a request, stdout).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The contract's redacted form: a JWT as its first 6 characters + `…`, anything else as
    /// `<redacted, N chars>`.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    /// Hex SHA-256 of the value, for cache keys (never the value itself).
    pub fn digest(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

/// Redacts any string the way the contract prescribes.
pub fn redact(value: &str) -> String {
    if looks_like_jwt(value) {
        let prefix: String = value.chars().take(6).collect();
        format!("{prefix}…")
    } else {
        format!("<redacted, {} chars>", value.chars().count())
    }
}

fn looks_like_jwt(value: &str) -> bool {
    value.starts_with("eyJ") && value.split('.').count() == 3
}

/// A word made of base64url characters and dots that starts like a JWT (`eyJ`), whole or cut:
/// what text from outside (a command line, a program's stderr) may hold without anyone
/// having named it a secret.
pub fn looks_like_token(word: &str) -> bool {
    word.len() >= 10 && word.starts_with("eyJ") && word.chars().all(is_token_char)
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Replaces everything shaped like a JWT — `eyJ` and the base64url/dot run after it, wherever
/// it starts (`token=eyJ…`, `"eyJ…"`) — by its redacted form. For the secrets no [`Scrubber`]
/// knows of.
pub fn redact_token_shapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("eyJ") {
        out.push_str(&rest[..at]);
        let candidate = &rest[at..];
        let len = candidate
            .find(|c: char| !is_token_char(c))
            .unwrap_or(candidate.len());
        let run = &candidate[..len];
        if looks_like_token(run) {
            out.push_str(&redact(run));
        } else {
            out.push_str(run);
        }
        rest = &candidate[len..];
    }
    out.push_str(rest);
    out
}

/// Every spelling of `value` that a server echoing a request could show: as is,
/// form-urlencoded (`+` for a space), percent-encoded with upper- and lower-case hex digits
/// (also of the form-encoded value: an echo of a form body inside a URL), and
/// JSON-string-escaped (with and without `\/`).
pub fn spellings(value: &str) -> Vec<String> {
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let percent_upper = percent_encode(value);
    let percent_lower = lower_hex_escapes(&percent_upper);
    let form_in_url = percent_encode(&form);
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned();
    let json_slashes = json.replace('/', "\\/");
    let mut all = vec![
        value.to_owned(),
        form,
        percent_upper,
        percent_lower,
        json,
        json_slashes,
        lower_hex_escapes(&form_in_url),
        form_in_url,
    ];
    all.sort();
    all.dedup();
    all
}

/// The value of an HTTP Basic `Authorization` header for `user:password` (what is sent after
/// `Basic `), padded and unpadded, so that an echo of the header can be recognised.
pub fn basic_values(user: &str, password: &str) -> [String; 2] {
    let padded = STANDARD.encode(format!("{user}:{password}"));
    let unpadded = padded.trim_end_matches('=').to_owned();
    [padded, unpadded]
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn lower_hex_escapes(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut chars = encoded.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            out.extend(chars.by_ref().take(2).map(|h| h.to_ascii_lowercase()));
        }
    }
    out
}

/// Replaces every spelling of every secret in text by the secret's redacted form. The one
/// scrubber: anything shown that could echo a request goes through it.
pub struct Scrubber {
    /// (spelling, redacted form), longest spelling first so that a longer form is replaced
    /// before a shorter one that it contains.
    needles: Vec<(String, String)>,
}

impl Scrubber {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut needles: Vec<(String, String)> = secrets
            .into_iter()
            .filter(|s| !s.is_empty())
            .flat_map(|secret| {
                let redacted = secret.redacted();
                spellings(secret.expose())
                    .into_iter()
                    .map(move |spelling| (spelling, redacted.clone()))
            })
            .collect();
        needles.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        needles.dedup_by(|a, b| a.0 == b.0);
        Self { needles }
    }

    pub fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (spelling, redacted) in &self.needles {
            if text.contains(spelling.as_str()) {
                text = text.replace(spelling.as_str(), redacted);
            }
        }
        text
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lets clap parse a secret given on the command line straight into a `Secret`, so that even
/// the raw parsed flags (`GetArgs`, which derives `Debug`) never hold it in clear.
impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(value))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_shows_six_characters() {
        let s = Secret::new("eyJhbGciOi.eyJzdWIi.c2ln");
        assert_eq!(format!("{s}"), "eyJhbG…");
        assert_eq!(format!("{s:?}"), "Secret(eyJhbG…)");
    }

    #[test]
    fn other_secrets_show_only_their_length() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s}"), "<redacted, 7 chars>");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn every_spelling_is_scrubbed() {
        let secret = Secret::new("a b/c+d:é");
        let scrubber = Scrubber::new([&secret]);
        for shown in [
            "a b/c+d:é",
            "a+b%2Fc%2Bd%3A%C3%A9",
            "a%20b%2Fc%2Bd%3A%C3%A9",
            "a%20b%2fc%2bd%3a%c3%a9",
            "a b\\/c+d:é",
            "a%2Bb%252Fc%252Bd%253A%25C3%25A9",
        ] {
            let out = scrubber.scrub(&format!("echo [{shown}] end"));
            assert_eq!(out, "echo [<redacted, 9 chars>] end", "{shown}");
        }
    }

    #[test]
    fn basic_values_come_padded_and_unpadded() {
        let [padded, unpadded] = basic_values("id", "pw");
        assert_eq!(padded, "aWQ6cHc=");
        assert_eq!(unpadded, "aWQ6cHc");
        let value = Secret::new(padded);
        let scrubber = Scrubber::new([&value, &Secret::new(unpadded)]);
        assert!(!scrubber.scrub("Basic aWQ6cHc=").contains("aWQ6cHc"));
        assert!(!scrubber.scrub("Basic aWQ6cHc.").contains("aWQ6cHc"));
    }

    #[test]
    fn token_shapes_are_redacted_wherever_they_start() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        let out = redact_token_shapes(&format!("token={jwt}, \"{jwt}\" eyJshort eyJhbGciOi"));
        assert_eq!(
            out,
            "token=eyJhbG…, \"eyJhbG…\" eyJshort <redacted, 10 chars>"
        );
        assert!(looks_like_token("eyJhbGciOi.cut"));
        assert!(!looks_like_token("eyJhbG ciOi"));
    }

    #[test]
    fn digest_is_stable_hex() {
        assert_eq!(Secret::new("a").digest().len(), 64);
        assert_ne!(Secret::new("a").digest(), Secret::new("b").digest());
    }
}
