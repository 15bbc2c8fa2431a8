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
    fn digests_shorten() {
        let d = format!("sha256:{}", "ab".repeat(32));
        assert_eq!(short_digest(&d), "sha256:abababababab");
        assert_eq!(short_digest("x"), "x");
    }
}
