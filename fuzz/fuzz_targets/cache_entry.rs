//! Cache entries and keyring index records as read back from disk: anything that does not
//! decode is a miss (None), never a panic; what decodes re-encodes to the same entry, and a
//! summary (what `cache list` shows and the keyring index stores) never holds the token.
#![no_main]

use jwtcred::cache::Summary;
use jwtcred::cache::entry::StoredToken;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(entry) = StoredToken::decode(data) {
        assert!(!entry.token.is_empty());
        let again = StoredToken::decode(&entry.encode()).expect("an encoded entry decodes");
        assert_eq!(again.token, entry.token);
        assert_eq!(again.source, entry.source);
        assert_eq!(
            (again.expires_at, again.obtained_at),
            (entry.expires_at, entry.obtained_at)
        );
        if let Some(token) = entry.to_token() {
            let _ = token.refresh_at(std::time::Duration::from_secs(60));
            let _ = token.is_fresh(1_800_000_000, std::time::Duration::from_secs(60));
        }
        let summary = entry.summary();
        let encoded = summary.encode();
        // (A source string that spells the token would show it legitimately: not a leak.)
        if entry.token.expose().len() >= 16 && !entry.source.contains(entry.token.expose()) {
            let text = String::from_utf8_lossy(&encoded);
            assert!(
                !text.contains(entry.token.expose()),
                "a summary holds the token"
            );
        }
        assert_eq!(Summary::decode(&encoded), Some(summary));
    }
    let _ = Summary::decode(data);
});
