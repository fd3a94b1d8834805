//! The secret scan behind every failure check: a secret must not show in output in any
//! encoding the contract names — plain, form- or percent-encoded (`+` or `%20`, either hex
//! case), JSON-escaped, inside a Basic `Authorization` value (base64 of `id:secret`, padded or
//! not), echoed back by a server (any of those nested in a JSON error), or as a stray argument.
//! Written independently of jwtcred's scrubber: it lists the spellings it knows and also
//! decodes what it reads (percent, form, JSON escapes, every base64 run), so a spelling nobody
//! listed is still caught.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE};

/// Below this length a secret is only looked for as is and in its listed spellings: decoding
/// random words as base64 yields garbage that holds any very short string by chance.
const MIN_DECODED: usize = 6;

/// Every spelling of `secret` that output must never contain: as is, form-urlencoded,
/// percent-encoded (`%20`; upper- and lower-case hex), JSON-escaped (with and without `\/`),
/// and standard and URL-safe base64 with and without padding.
pub fn every_encoding(secret: &str) -> Vec<String> {
    let form = form_encode(secret);
    let json = json_escape(secret);
    let mut all = vec![
        secret.to_owned(),
        lower_hex(&form),
        form,
        percent_encode(secret, false),
        percent_encode(secret, true),
        json.replace('/', "\\/"),
        json,
    ];
    for encoded in [STANDARD.encode(secret), URL_SAFE.encode(secret)] {
        all.push(encoded.trim_end_matches('=').to_owned());
        all.push(encoded);
    }
    all.sort();
    all.dedup();
    all
}

/// `value` as the inside of a JSON string.
pub fn json_escape(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

/// The Basic `Authorization` values a client `id` with `secret` may send (RFC 6749 §2.3.1
/// form-encodes both first), padded and unpadded.
pub fn basic_encodings(id: &str, secret: &str) -> Vec<String> {
    let mut all = Vec::new();
    for pair in [
        format!("{id}:{secret}"),
        format!("{}:{}", form_encode(id), form_encode(secret)),
    ] {
        let encoded = STANDARD.encode(pair);
        all.push(encoded.trim_end_matches('=').to_owned());
        all.push(encoded);
    }
    all
}

/// How `secret` shows in `text`, or None when it does not in any encoding.
pub fn find_leak(text: &str, secret: &str) -> Option<String> {
    assert!(!secret.is_empty(), "an empty secret cannot be looked for");
    if let Some(spelling) = every_encoding(secret)
        .into_iter()
        .find(|s| text.contains(s.as_str()))
    {
        return Some(format!("as {spelling:?}"));
    }
    if let Some(view) = decoded_views(text)
        .into_iter()
        .find(|(_, view)| view.contains(secret))
    {
        return Some(format!("{}-encoded", view.0));
    }
    if secret.len() < MIN_DECODED {
        return None;
    }
    let wanted = [secret.to_owned(), form_encode(secret)];
    base64_decodings(text)
        .into_iter()
        .find(|decoded| wanted.iter().any(|w| decoded.contains(w.as_str())))
        .map(|decoded| format!("inside base64 (decoded: {decoded:?})"))
}

/// Panics when any of `secrets` shows in `text` (the stream `name`); `context` goes into the
/// message (the whole output, say).
pub fn assert_no_leak(name: &str, text: &str, secrets: &[&str], context: &str) {
    for secret in secrets {
        if let Some(how) = find_leak(text, secret) {
            let start: String = secret.chars().take(4).collect();
            panic!("a secret ({start}…) leaked into {name} {how}\n{context}");
        }
    }
}

/// `application/x-www-form-urlencoded` (a space is `+`).
pub fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// RFC 3986 percent-encoding of everything but the unreserved characters (a space is `%20`),
/// with upper- or lower-case hex digits.
pub fn percent_encode(value: &str, lower: bool) -> String {
    let encoded: String = value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if lower { lower_hex(&encoded) } else { encoded }
}

/// The same percent-encoding with lower-case hex digits (the rest untouched).
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut hex_left = 0;
    for c in encoded.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            if c == '%' {
                hex_left = 2;
            }
            out.push(c);
        }
    }
    out
}

/// `text` with one or two layers of encoding undone: percent, form (`+` is a space), JSON
/// string escapes, and form or percent inside JSON (a server echoing a request body).
fn decoded_views(text: &str) -> Vec<(&'static str, String)> {
    let json = json_unescape(text);
    vec![
        ("percent", percent_decode(text, false)),
        ("form", percent_decode(text, true)),
        ("JSON", json.clone()),
        ("JSON- and percent", percent_decode(&json, false)),
        ("JSON- and form", percent_decode(&json, true)),
    ]
}

fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (b'+', _) if plus_is_space => out.push(b' '),
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn json_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) => out.push(decoded),
                    None => out.push_str(&format!("\\u{hex}")),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Every maximal run of base64 characters (both alphabets) in `text`, decoded from each of its
/// first four offsets (a value glued to a prefix); a run that does not decode as it stands is
/// cut to whole 4-character groups (a value cut short still shows its start).
fn base64_decodings(text: &str) -> Vec<String> {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || "+/-_".contains(c);
    let mut decoded = Vec::new();
    for run in text.split(|c: char| !is_b64(c)).filter(|r| r.len() >= 8) {
        let normal: String = run
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        for offset in 0..4 {
            let part = &normal[offset..];
            // Unpadded as it stands (a last group of 2 or 3), else cut to whole groups.
            let cut = [
                part.len() - usize::from(part.len() % 4 == 1),
                part.len() - part.len() % 4,
            ];
            if let Some(bytes) = cut
                .iter()
                .find_map(|n| STANDARD_NO_PAD.decode(&part[..*n]).ok())
            {
                decoded.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Upper-case letters (to tell lower-case hex from a lower-cased secret), a space, quotes,
    /// a slash and a plus: every encoding spells it differently.
    const SECRET: &str = r#"S3cr3t "pa ss"/w+rd"#;

    /// Each spelling written out by hand (not by the code under test), in the shape a message
    /// would carry it.
    const LEAKS: &[(&str, &str)] = &[
        ("plain", r#"jwtcred: error: bad secret S3cr3t "pa ss"/w+rd"#),
        (
            "stray argument",
            r#"error: unexpected argument 'S3cr3t "pa ss"/w+rd' found"#,
        ),
        (
            "form",
            "body: client_secret=S3cr3t+%22pa+ss%22%2Fw%2Brd&x=1",
        ),
        (
            "form, lower-case hex",
            "client_secret=S3cr3t+%22pa+ss%22%2fw%2brd",
        ),
        (
            "percent %20",
            "url: https://idp/?s=S3cr3t%20%22pa%20ss%22%2Fw%2Brd",
        ),
        ("percent, lower-case hex", "S3cr3t%20%22pa%20ss%22%2fw%2brd"),
        (
            "percent, only what must be",
            "S3cr3t%20%22pa%20ss%22/w%2Brd",
        ),
        ("JSON", r#"{"error_description":"S3cr3t \"pa ss\"/w+rd"}"#),
        ("JSON with \\/", r#"{"d":"S3cr3t \"pa ss\"\/w+rd"}"#),
        (
            "JSON \\u escapes",
            r#"{"d":"S3cr3t \u0022pa ss\u0022\u002Fw+rd"}"#,
        ),
        (
            "Basic, padded",
            "Authorization: Basic Y2ktY2xpZW50OlMzY3IzdCAicGEgc3MiL3crcmQ=",
        ),
        (
            "Basic, unpadded",
            "Authorization: Basic Y2ktY2xpZW50OlMzY3IzdCAicGEgc3MiL3crcmQ",
        ),
        (
            "Basic of the form-encoded pair",
            "Basic Y2ktY2xpZW50OlMzY3IzdCslMjJwYStzcyUyMiUyRnclMkJyZA==",
        ),
        (
            "Basic of the form-encoded pair, unpadded",
            "Basic Y2ktY2xpZW50OlMzY3IzdCslMjJwYStzcyUyMiUyRnclMkJyZA",
        ),
        (
            "Basic glued to its scheme",
            "BasicY2ktY2xpZW50OlMzY3IzdCAicGEgc3MiL3crcmQ=",
        ),
        ("base64 alone", "token UzNjcjN0ICJwYSBzcyIvdytyZA=="),
        (
            "echoed by a server: a form body inside a JSON error",
            r#"{"error":"invalid_request","error_description":"POST /token | client_id=ci-client&client_secret=S3cr3t+%22pa+ss%22%2Fw%2Brd"}"#,
        ),
    ];

    #[test]
    fn the_scan_catches_every_encoding_the_contract_names() {
        for (what, text) in LEAKS {
            assert!(
                find_leak(text, SECRET).is_some(),
                "{what} not caught: {text}"
            );
        }
    }

    #[test]
    fn the_scan_passes_redacted_and_unrelated_text() {
        let clean = [
            "jwtcred: error: the token endpoint answered 401: invalid_client\nhint: check the client id and secret",
            "client secret <redacted, 19 chars>; token eyJhbG…",
            "https://<redacted>@idp.example/token?code=<redacted>",
            // Another secret's Basic value and base64.
            "Authorization: Basic Y2ktY2xpZW50Om90aGVyLXNlY3JldA==",
            "S3cr3t pa ss w rd, S3cr3t%20pa",
        ];
        for text in clean {
            assert_eq!(find_leak(text, SECRET), None, "false alarm: {text}");
        }
    }

    #[test]
    fn the_listed_spellings_are_the_hand_written_ones() {
        let all = every_encoding(SECRET);
        for spelling in [
            "S3cr3t+%22pa+ss%22%2Fw%2Brd",
            "S3cr3t+%22pa+ss%22%2fw%2brd",
            "S3cr3t%20%22pa%20ss%22%2Fw%2Brd",
            "S3cr3t%20%22pa%20ss%22%2fw%2brd",
            r#"S3cr3t \"pa ss\"/w+rd"#,
            r#"S3cr3t \"pa ss\"\/w+rd"#,
            "UzNjcjN0ICJwYSBzcyIvdytyZA==",
            "UzNjcjN0ICJwYSBzcyIvdytyZA",
        ] {
            assert!(all.iter().any(|s| s == spelling), "{spelling} missing");
        }
        assert_eq!(
            basic_encodings("ci-client", SECRET),
            [
                "Y2ktY2xpZW50OlMzY3IzdCAicGEgc3MiL3crcmQ",
                "Y2ktY2xpZW50OlMzY3IzdCAicGEgc3MiL3crcmQ=",
                "Y2ktY2xpZW50OlMzY3IzdCslMjJwYStzcyUyMiUyRnclMkJyZA",
                "Y2ktY2xpZW50OlMzY3IzdCslMjJwYStzcyUyMiUyRnclMkJyZA==",
            ]
        );
    }

    /// The failure helper itself: a leak in any of the encodings fails it, clean output passes.
    #[test]
    fn assert_failure_fails_on_an_encoded_leak() {
        use std::os::unix::process::ExitStatusExt as _;
        let output = |stderr: &str| std::process::Output {
            status: std::process::ExitStatus::from_raw(1 << 8),
            stdout: Vec::new(),
            stderr: format!("jwtcred: error: the call failed: {stderr}\nhint: try again\n")
                .into_bytes(),
        };
        let clean = output("invalid_client");
        crate::common::assert_failure(&clean, 1, &[SECRET]);
        for (what, text) in LEAKS {
            let leaking = output(text);
            let caught = std::panic::catch_unwind(|| {
                crate::common::assert_failure(&leaking, 1, &[SECRET]);
            });
            assert!(caught.is_err(), "assert_failure let {what} through");
        }
    }
}
