//! Fair sharing of the relay's in-flight slots: a request holds one slot of the global limit
//! (`--max-in-flight`) and one of its client's own limit (`--max-in-flight-per-client`) until
//! its answer's body ends or is dropped, so that one client (one address, IPv6 by /64) cannot
//! take every slot.
//!
//! The client is the peer address, or the first `X-Forwarded-For` entry when the relay is told
//! to trust it (`--trust-forwarded`, for a relay behind a load balancer that sets it).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::ratelimit;

/// Slots taken per client key.
type Counts = Arc<Mutex<HashMap<IpAddr, usize>>>;

/// Why no slot was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// This client already has its share of requests in flight.
    Client,
    /// The relay as a whole has every slot taken.
    Everyone,
}

/// The global and per-client in-flight limits.
#[derive(Debug)]
pub struct Slots {
    global: Arc<Semaphore>,
    per_client: usize,
    clients: Counts,
}

/// One taken slot: freed (both the global and the client's) when dropped.
#[derive(Debug)]
pub struct Slot {
    _global: OwnedSemaphorePermit,
    client: Option<(Counts, IpAddr)>,
}

impl Slots {
    /// `global` slots over all clients, `per_client` for each client (both at least 1).
    pub fn new(global: usize, per_client: usize) -> Self {
        Self {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_client: per_client.max(1),
            clients: Arc::default(),
        }
    }

    /// Takes a slot for `client` (unknown clients share one count).
    pub fn try_acquire(&self, client: Option<IpAddr>) -> Result<Slot, Busy> {
        let key = ratelimit::key(client.unwrap_or(IpAddr::from([0, 0, 0, 0])));
        let mut counts = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let count = counts.get(&key).copied().unwrap_or(0);
        if count >= self.per_client {
            return Err(Busy::Client);
        }
        let global = self
            .global
            .clone()
            .try_acquire_owned()
            .map_err(|_| Busy::Everyone)?;
        counts.insert(key, count + 1);
        Ok(Slot {
            _global: global,
            client: Some((self.clients.clone(), key)),
        })
    }

    /// Slots taken by `client` now.
    pub fn held_by(&self, client: IpAddr) -> usize {
        let counts = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        counts.get(&ratelimit::key(client)).copied().unwrap_or(0)
    }

    /// Global slots free now.
    pub fn available(&self) -> usize {
        self.global.available_permits()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some((clients, key)) = self.client.take() {
            let mut counts = clients.lock().unwrap_or_else(|e| e.into_inner());
            match counts.get_mut(&key) {
                Some(count) if *count > 1 => *count -= 1,
                _ => {
                    counts.remove(&key);
                }
            }
        }
    }
}

/// The client of a request: the first `X-Forwarded-For` entry when `trust_forwarded` and it
/// is an address, else the peer address (`None` when unknown, e.g. in-process calls).
pub fn client_of(
    headers: &HeaderMap,
    extensions: &Extensions,
    trust_forwarded: bool,
) -> Option<IpAddr> {
    if trust_forwarded
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| forwarded_ip(v.trim()))
    {
        return Some(first);
    }
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// An `X-Forwarded-For` entry as an address (`1.2.3.4`, `1.2.3.4:5`, `::1` or `[::1]:5`).
fn forwarded_ip(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_gets_its_share_and_slots_come_back() {
        let slots = Slots::new(3, 2);
        let a = Some("198.51.100.1".parse().unwrap());
        let b = Some("198.51.100.2".parse().unwrap());
        let a1 = slots.try_acquire(a).unwrap();
        let _a2 = slots.try_acquire(a).unwrap();
        assert_eq!(slots.try_acquire(a).unwrap_err(), Busy::Client);
        let _b1 = slots.try_acquire(b).unwrap();
        assert_eq!(slots.try_acquire(b).unwrap_err(), Busy::Everyone);
        assert_eq!(slots.held_by("198.51.100.1".parse().unwrap()), 2);
        drop(a1);
        assert_eq!(slots.held_by("198.51.100.1".parse().unwrap()), 1);
        assert!(slots.try_acquire(b).is_ok());
    }

    #[test]
    fn refused_client_takes_no_global_slot() {
        let slots = Slots::new(2, 1);
        let a = Some("2001:db8::1".parse().unwrap());
        let _held = slots.try_acquire(a).unwrap();
        // The same /64 is the same client.
        let same = Some("2001:db8::2".parse().unwrap());
        assert_eq!(slots.try_acquire(same).unwrap_err(), Busy::Client);
        assert_eq!(slots.available(), 1);
    }

    #[test]
    fn forwarded_for_is_used_only_when_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.9, 10.0.0.1".parse().unwrap());
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 2], 4000))));
        assert_eq!(
            client_of(&headers, &extensions, true),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(
            client_of(&headers, &extensions, false),
            Some("10.0.0.2".parse().unwrap())
        );
        headers.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(
            client_of(&headers, &extensions, true),
            Some("10.0.0.2".parse().unwrap())
        );
        headers.insert("x-forwarded-for", "[2001:db8::5]:443".parse().unwrap());
        assert_eq!(
            client_of(&headers, &extensions, true),
            Some("2001:db8::5".parse().unwrap())
        );
    }
}
