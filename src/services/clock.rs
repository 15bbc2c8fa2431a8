//! The clock: milliseconds since the epoch, for token lifetimes and relative dates. In the
//! wasm it is the browser's; natively (a page the relay renders, tests) the system's.

/// Milliseconds since the epoch, from the browser's clock.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Milliseconds since the epoch, from the system clock.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_time_after_this_code_was_written() {
        // 2026-01-01T00:00:00Z
        assert!(now_ms() > 1_767_225_600_000);
    }
}
