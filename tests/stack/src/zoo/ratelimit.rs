//! Docker Hub's pull rate limit: a count of manifest GETs per caller in a 6-hour window,
//! reported as `ratelimit-limit: N;w=21600` and `ratelimit-remaining: R;w=21600`.

use std::collections::HashMap;
use std::sync::Mutex;

/// The window, in seconds (6 hours).
pub const WINDOW_SECS: i64 = 21_600;

/// Pull counts by caller (`ip:…` for anonymous callers, `user:…` for signed-in ones).
#[derive(Debug, Default)]
pub struct RateLimits {
    windows: Mutex<HashMap<String, Window>>,
}

/// One caller's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// When the window opened (Unix seconds).
    pub start: i64,
    /// Pulls counted in it.
    pub used: u32,
}

impl Window {
    /// The window as it stands at `now` (a new one once the old one has run out).
    pub fn at(self, now: i64) -> Self {
        if now - self.start >= WINDOW_SECS {
            Self {
                start: now,
                used: 0,
            }
        } else {
            self
        }
    }

    /// Pulls left under `limit`.
    pub fn remaining(self, limit: u32) -> u32 {
        limit.saturating_sub(self.used)
    }
}

impl RateLimits {
    /// Pulls `key` has left at `now`.
    pub fn remaining(&self, key: &str, limit: u32, now: i64) -> u32 {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows
            .get(key)
            .map_or(limit, |w| w.at(now).remaining(limit))
    }

    /// Counts one pull for `key`; the pulls left after it.
    pub fn take(&self, key: &str, limit: u32, now: i64) -> u32 {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let window = windows.entry(key.to_owned()).or_insert(Window {
            start: now,
            used: 0,
        });
        *window = window.at(now);
        window.used = window.used.saturating_add(1);
        window.remaining(limit)
    }

    /// Forgets every count (the zoo's control port, between test runs).
    pub fn reset(&self) {
        self.windows
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// The value of `ratelimit-limit` / `ratelimit-remaining` for `count`.
pub fn header_value(count: u32) -> String {
    format!("{count};w={WINDOW_SECS}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_and_renews_the_window() {
        let limits = RateLimits::default();
        assert_eq!(limits.remaining("ip:a", 3, 0), 3);
        assert_eq!(limits.take("ip:a", 3, 0), 2);
        assert_eq!(limits.take("ip:a", 3, 10), 1);
        assert_eq!(limits.remaining("ip:b", 3, 10), 3);
        assert_eq!(limits.take("ip:a", 3, 20), 0);
        assert_eq!(limits.take("ip:a", 3, 30), 0);
        assert_eq!(limits.remaining("ip:a", 3, WINDOW_SECS), 3);
        limits.take("ip:b", 3, 0);
        limits.reset();
        assert_eq!(limits.remaining("ip:b", 3, 1), 3);
        assert_eq!(header_value(100), "100;w=21600");
    }
}
