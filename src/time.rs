//! Wall-clock helpers: Unix seconds in, RFC 3339 UTC (whole seconds) out.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Latest instant a NumericDate may name: 9999-12-31T23:59:59Z.
pub const MAX_NUMERIC_DATE: i64 = 253_402_300_799;

/// Seconds since the Unix epoch. Read through [`crate::clock::Clock`], the one clock.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `2026-01-02T15:04:05Z` for a Unix timestamp (clamped to the representable range).
pub fn rfc3339(secs: i64) -> String {
    let secs = secs.clamp(0, MAX_NUMERIC_DATE) as u64;
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_utc_whole_seconds() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_767_366_245), "2026-01-02T15:04:05Z");
        assert_eq!(super::rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
    }
}
