//! DURATION values as the contract writes them: `90s`, `2m`, `1h30m`, `500ms`; a bare number is
//! seconds. No DURATION may exceed [`MAX_DURATION`]: every later sum with an instant stays
//! far from overflowing.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::time::Duration;

/// The longest DURATION accepted: 365 days. Anything above is a usage error.
pub const MAX_DURATION: Duration = Duration::from_secs(365 * 24 * 3600);

/// Parses a DURATION. Used as a clap value parser, so a malformed value is a usage error.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let total = parse_unbounded(text.trim())?;
    if total > MAX_DURATION {
        return Err(format!(
            "duration {:?} is longer than the maximum of 365 days",
            text.trim()
        ));
    }
    Ok(total)
}

fn parse_unbounded(text: &str) -> Result<Duration, String> {
    if text.is_empty() {
        return Err("empty duration (use e.g. 90s, 2m or 1h30m)".into());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .len()
            .saturating_sub(rest.trim_start_matches(|c: char| c.is_ascii_digit()).len());
        if digits == 0 {
            return Err(format!(
                "invalid duration {text:?} (use e.g. 90s, 2m or 1h30m)"
            ));
        }
        let number: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("duration {text:?} is too large"))?;
        rest = &rest[digits..];
        let unit_len = rest.len().saturating_sub(
            rest.trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len(),
        );
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let part = match unit {
            "h" => number.checked_mul(3600).map(Duration::from_secs),
            "m" => number.checked_mul(60).map(Duration::from_secs),
            "s" => Some(Duration::from_secs(number)),
            "ms" => Some(Duration::from_millis(number)),
            _ => {
                return Err(format!(
                    "invalid unit {unit:?} in duration {text:?} (use h, m, s or ms)"
                ));
            }
        };
        total = part
            .and_then(|p| total.checked_add(p))
            .ok_or_else(|| format!("duration {text:?} is too large"))?;
    }
    Ok(total)
}

/// Formats a duration the one way jwtcred prints every duration: in the DURATION input form,
/// largest unit first, zero parts left out: `1h2m3s`, `59m12s`, `45s`, `1s500ms`, `0s`. Whatever
/// it prints, [`parse_duration`] reads back as the same duration (to the millisecond).
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let parts = [
        (secs.div_euclid(3600), "h"),
        (secs.div_euclid(60).rem_euclid(60), "m"),
        (secs.rem_euclid(60), "s"),
        (u64::from(d.subsec_millis()), "ms"),
    ];
    let out: String = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if out.is_empty() { "0s".into() } else { out }
}

/// [`format_duration`] of a signed number of seconds, by its magnitude (callers say "ago" or
/// "from now" themselves).
pub fn format_secs(secs: i64) -> String {
    format_duration(Duration::from_secs(secs.unsigned_abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_contract_forms() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
    }

    #[test]
    fn rejects_malformed_values() {
        for bad in [
            "",
            "s",
            "1x",
            "-5",
            "1.5h",
            "h1",
            "1h 30m",
            "99999999999999999999h",
            "18446744073709551615",
            "18446744073709551615ms",
            "366d",
            "8761h",
            "365d1s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn at_most_365_days() {
        assert_eq!(parse_duration("8760h"), Ok(MAX_DURATION));
        assert_eq!(parse_duration("31536000"), Ok(MAX_DURATION));
        assert!(parse_duration("31536001").is_err());
        assert!(parse_duration("8760h1ms").is_err());
    }

    #[test]
    fn formats_whole_seconds() {
        assert_eq!(format_duration(Duration::from_secs(3723)), "1h2m3s");
        assert_eq!(format_duration(Duration::from_secs(0)), "0s");
        assert_eq!(format_duration(Duration::from_secs(600)), "10m");
        assert_eq!(format_duration(Duration::from_secs(3552)), "59m12s");
        assert_eq!(format_duration(Duration::from_secs(545)), "9m5s");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1s500ms");
        assert_eq!(format_duration(Duration::from_millis(200)), "200ms");
        assert_eq!(format_secs(-45), "45s");
    }

    #[test]
    fn what_it_prints_parses_back() {
        for ms in [0u64, 1, 999, 1000, 59_999, 3_599_000, 3_723_004, 90_061_000] {
            let d = Duration::from_millis(ms);
            assert_eq!(parse_duration(&format_duration(d)), Ok(d), "{ms} ms");
        }
    }
}
