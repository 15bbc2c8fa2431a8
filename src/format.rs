//! Human-readable sizes and short digests.

/// `1536` → `1.5 KiB`; exact bytes below 1 KiB. Integer arithmetic only, in `u64` (float or
/// `u128` formatting would add kilobytes to the wasm bundle).
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut unit = 0;
    let mut divisor: u64 = 1024;
    // divisor stays at most 1024^5 = 2^50, so divisor * 1024 and remainder * 10 fit in u64.
    while bytes >= divisor * 1024 && unit < UNITS.len() - 1 {
        divisor *= 1024;
        unit += 1;
    }
    // round(bytes * 10 / divisor), without the overflow of bytes * 10.
    let tenths = bytes / divisor * 10 + ((bytes % divisor) * 10 + divisor / 2) / divisor;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// `sha256:0123456789ab…` → `sha256:0123456789ab` (12 hex characters).
pub fn short_digest(digest: &str) -> String {
    match digest.split_once(':') {
        Some((algorithm, hex)) => format!("{algorithm}:{}", hex.get(..12).unwrap_or(hex)),
        None => digest.to_string(),
    }
}

/// Orders text with numbers compared as numbers: `v1.9.0` < `v1.10.0`, `3.9` < `3.20`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let digits = |t: &[u8]| t.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (digits(a), digits(b));
                let trim = |t: &[u8]| {
                    let zeros = t.iter().take_while(|c| **c == b'0').count();
                    t[zeros..].to_vec()
                };
                let (ta, tb) = (trim(&a[..na]), trim(&b[..nb]));
                let order = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(&tb));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
                a = &a[na..];
                b = &b[nb..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

/// Sorts `items` in [`natural_cmp`] order (stable). A small merge sort: the standard library's
/// sorts add kilobytes of code to the wasm bundle per element type.
pub fn sort_natural(items: &mut Vec<String>) {
    let mut width = 1;
    while width < items.len() {
        let mut merged = Vec::with_capacity(items.len());
        let mut rest = std::mem::take(items).into_iter().peekable();
        while rest.peek().is_some() {
            let left: Vec<String> = rest.by_ref().take(width).collect();
            let right: Vec<String> = rest.by_ref().take(width).collect();
            let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
            loop {
                let take_left = match (l.peek(), r.peek()) {
                    (Some(a), Some(b)) => natural_cmp(a, b) != std::cmp::Ordering::Greater,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                merged.extend(if take_left { l.next() } else { r.next() });
            }
        }
        *items = merged;
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(1023), "1023 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(5 * 1024 * 1024), "5.0 MiB");
        assert_eq!(size(1024 * 1024 - 1), "1024.0 KiB");
        assert_eq!(size(293), "293 B");
        assert_eq!(size(u64::MAX), "16384.0 PiB");
    }

    /// The u64 arithmetic rounds exactly as `round(bytes * 10 / divisor)` in u128 does.
    #[test]
    fn sizes_round_as_wide_arithmetic_does() {
        let wide = |bytes: u64| {
            let mut divisor: u128 = 1024;
            while u128::from(bytes) >= divisor * 1024 && divisor < 1024u128.pow(5) {
                divisor *= 1024;
            }
            ((u128::from(bytes) * 10 + divisor / 2) / divisor) as u64
        };
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut samples = vec![u64::MAX, u64::MAX - 1, 1024u64.pow(5) * 1024 - 1];
        for shift in 10..64 {
            samples.extend([(1u64 << shift) - 1, 1u64 << shift, (1u64 << shift) + 51]);
        }
        for _ in 0..10_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            samples.push(x >> (x % 54));
        }
        for bytes in samples.into_iter().filter(|b| *b >= 1024) {
            let tenths = wide(bytes);
            let text = size(bytes);
            let number = text.split(' ').next().unwrap();
            assert_eq!(
                number,
                format!("{}.{}", tenths / 10, tenths % 10),
                "{bytes}"
            );
        }
    }

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        let mut tags = vec!["v1.10.0", "latest", "v1.9.0", "3.20", "3.9", "v1.09.1", "a"];
        tags.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            tags,
            ["3.9", "3.20", "a", "latest", "v1.9.0", "v1.09.1", "v1.10.0"]
        );
    }

    #[test]
    fn digests_shorten() {
        let d = format!("sha256:{}", "ab".repeat(32));
        assert_eq!(short_digest(&d), "sha256:abababababab");
        assert_eq!(short_digest("x"), "x");
    }
}
