//! Per-client token buckets: each client address (IPv6 by /64) may send `rate` relay requests a
//! second with bursts up to `burst`. The table is bounded: full buckets are dropped when it
//! grows large.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::Instant;

/// Number of client entries above which full buckets are swept out.
const SWEEP_ABOVE: usize = 16 * 1024;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The rate limiter shared by all relay requests.
#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// A limiter refilling `rate` tokens a second into buckets of `burst` tokens.
    pub fn new(rate: f64, burst: f64) -> Self {
        Self {
            rate: rate.max(0.0),
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client` (unknown clients share one bucket); false when empty.
    pub fn try_acquire(&self, client: Option<IpAddr>) -> bool {
        self.try_acquire_at(client, Instant::now())
    }

    fn try_acquire_at(&self, client: Option<IpAddr>, now: Instant) -> bool {
        let key = client.map_or(IpAddr::from([0, 0, 0, 0]), key);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > SWEEP_ABOVE {
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, b| refill(b, now, rate, burst) < burst);
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        bucket.tokens = refill(bucket, now, self.rate, self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn refill(bucket: &Bucket, now: Instant, rate: f64, burst: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    (bucket.tokens + elapsed * rate).min(burst)
}

/// The bucket key of a client: IPv4 as is (also when IPv4-mapped), IPv6 by its /64.
pub(crate) fn key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & (u128::MAX << 64);
                IpAddr::V6(Ipv6Addr::from(bits))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn allows_a_burst_then_refills() {
        let limiter = RateLimiter::new(2.0, 3.0);
        let client = Some("203.0.113.5".parse().unwrap());
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.try_acquire_at(client, t0)));
        assert!(!limiter.try_acquire_at(client, t0));
        assert!(limiter.try_acquire_at(client, t0 + Duration::from_millis(500)));
        assert!(!limiter.try_acquire_at(client, t0 + Duration::from_millis(500)));
    }

    #[test]
    fn clients_have_their_own_buckets_and_v6_groups_by_64() {
        let limiter = RateLimiter::new(0.0, 1.0);
        let t0 = Instant::now();
        assert!(limiter.try_acquire_at(Some("198.51.100.1".parse().unwrap()), t0));
        assert!(limiter.try_acquire_at(Some("198.51.100.2".parse().unwrap()), t0));
        assert!(limiter.try_acquire_at(Some("2001:db8:1:2::1".parse().unwrap()), t0));
        assert!(!limiter.try_acquire_at(Some("2001:db8:1:2::ffff".parse().unwrap()), t0));
        assert!(!limiter.try_acquire_at(Some("::ffff:198.51.100.1".parse().unwrap()), t0));
    }
}
