//! RFC 3339 timestamps (as registries write them) and relative dates ("3 days ago").

/// Seconds since the Unix epoch of an RFC 3339 timestamp such as `2024-01-01T00:05:00Z` or
/// `2023-06-01T10:00:00.123456789+02:00`; `None` when it is not one.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let offset = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let minutes = num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?;
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second.min(60) - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "5 minutes ago", "3 days ago", "in 2 hours" for a time `then` seen at `now` (seconds).
pub fn relative(then: i64, now: i64) -> String {
    let delta = now - then;
    let span = delta.unsigned_abs();
    const UNITS: [(u64, &str); 6] = [
        (365 * 86_400, "year"),
        (30 * 86_400, "month"),
        (7 * 86_400, "week"),
        (86_400, "day"),
        (3600, "hour"),
        (60, "minute"),
    ];
    let Some((size, unit)) = UNITS.iter().find(|(size, _)| span >= *size) else {
        return "just now".into();
    };
    let count = span / size;
    let plural = if count == 1 { "" } else { "s" };
    if delta >= 0 {
        format!("{count} {unit}{plural} ago")
    } else {
        format!("in {count} {unit}{plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_parse_like_rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2024-01-01T00:05:00Z"), Some(1_704_067_500));
        assert_eq!(
            parse_rfc3339("2024-01-01T02:05:00.123456789+02:00"),
            Some(1_704_067_500)
        );
        assert_eq!(
            parse_rfc3339("2000-02-29T12:00:00-01:30"),
            Some(951_831_000)
        );
        for bad in [
            "",
            "2024-01-01",
            "2024-13-01T00:00:00Z",
            "2024-01-01T00:00:00",
            "x024-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn relative_dates_read_naturally() {
        assert_eq!(relative(100, 130), "just now");
        assert_eq!(relative(0, 3 * 86_400 + 5), "3 days ago");
        assert_eq!(relative(0, 3600), "1 hour ago");
        assert_eq!(relative(7200, 0), "in 2 hours");
        assert_eq!(relative(0, 800 * 86_400), "2 years ago");
    }
}
