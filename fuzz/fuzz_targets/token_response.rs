//! Token endpoint answers: the OAuth token response (200 or error, with secret scrubbing),
//! `expires_in`, and the Actions `{"value": …}` response. The first input byte picks the HTTP
//! status so that error bodies are exercised too.
#![no_main]

use jwtcred::http::{Response, server_message};
use jwtcred::oauth::{expires_in, parse_token_response};
use jwtcred::secret::Secret;
use jwtcred::source::actions;
use libfuzzer_sys::fuzz_target;

const STATUSES: [u16; 8] = [200, 200, 400, 401, 403, 429, 500, 503];
const SECRET: &str = "fuzz-client-secret-value-0123456789";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let status = STATUSES[usize::from(selector) % STATUSES.len()];
    let response = Response {
        status,
        body: body.to_vec(),
    };
    let secret = Secret::new(SECRET);
    match parse_token_response("the token endpoint", &response, &[&secret]) {
        Ok(map) => {
            let _ = expires_in("the token endpoint", &map);
        }
        Err(err) => {
            let shown = format!("{err:#} {err:?}");
            assert!(!shown.contains(SECRET), "error leaked the client secret");
        }
    }
    if let Some(message) = server_message(body, &[&secret]) {
        assert!(
            !message.contains(SECRET),
            "server message leaked the secret"
        );
        assert!(message.chars().count() <= 300);
        // Not even a piece of it, when every piece in the body belongs to a whole copy (a
        // JSON escape could spell a piece by itself; such bodies are left out).
        let text = String::from_utf8_lossy(body);
        let piece = &SECRET[..12];
        if !text.replace(SECRET, "").contains(piece) && !text.contains('\\') {
            assert!(
                !message.contains(piece),
                "server message leaked part of the secret"
            );
        }
    }
    if let Ok(token) = actions::parse_response(body) {
        assert!(!token.is_empty());
    }
});
