//! Token endpoints this relay has seen named as a Bearer `realm` by a registry it relayed: the
//! fallback beside realm tickets ([`crate::ticket`]) for requests that carry none (the relay's
//! own server-side renders, scripts calling one relay). A bounded map with a time to live, and
//! bounded per naming registry and per client, so that one 401 naming thousands of realms, or
//! one client, cannot evict everybody else's.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use url::Url;

use crate::ticket::realm_key as key;

/// Default number of realms remembered.
pub const DEFAULT_MAX_REALMS: usize = 4096;
/// Default time a realm stays usable after it was last seen.
pub const DEFAULT_REALM_TTL: Duration = Duration::from_secs(60 * 60);
/// Realms remembered for one naming registry origin (its oldest is forgotten first).
pub const MAX_REALMS_PER_REGISTRY: usize = 8;
/// Realms remembered for one client address (its oldest is forgotten first).
pub const MAX_REALMS_PER_CLIENT: usize = 64;

#[derive(Debug)]
struct Seen {
    at: Instant,
    registry: String,
    client: Option<IpAddr>,
}

/// The remembered realms, keyed by scheme, host, port and path.
#[derive(Debug)]
pub struct RealmStore {
    seen: Mutex<HashMap<String, Seen>>,
    max: usize,
    ttl: Duration,
}

impl Default for RealmStore {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_REALMS, DEFAULT_REALM_TTL)
    }
}

impl RealmStore {
    /// A store remembering at most `max` realms for `ttl` each.
    pub fn new(max: usize, ttl: Duration) -> Self {
        Self {
            seen: Mutex::new(HashMap::new()),
            max: max.max(1),
            ttl,
        }
    }

    /// Remembers `realm` (an absolute http or https URL; anything else is ignored), named by
    /// the registry at `registry` (its origin) for the page at `client`.
    pub fn record(&self, realm: &str, registry: &str, client: Option<IpAddr>) {
        let Some(key) = Url::parse(realm).ok().and_then(|u| key(&u)) else {
            return;
        };
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.remove(&key).is_none() {
            seen.retain(|_, s| now.duration_since(s.at) < self.ttl);
            let same_registry = |s: &Seen| s.registry == registry;
            let same_client = |s: &Seen| client.is_some() && s.client == client;
            if count(&seen, same_registry) >= MAX_REALMS_PER_REGISTRY {
                evict_oldest(&mut seen, same_registry);
            } else if count(&seen, same_client) >= MAX_REALMS_PER_CLIENT {
                evict_oldest(&mut seen, same_client);
            } else if seen.len() >= self.max {
                evict_oldest(&mut seen, |_| true);
            }
        }
        seen.insert(
            key,
            Seen {
                at: now,
                registry: registry.to_string(),
                client,
            },
        );
    }

    /// True when `url`'s scheme, host, port and path equal a realm seen within the TTL.
    pub fn contains(&self, url: &Url) -> bool {
        let Some(key) = key(url) else {
            return false;
        };
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(&key).is_some_and(|s| s.at.elapsed() < self.ttl)
    }
}

fn count(seen: &HashMap<String, Seen>, which: impl Fn(&Seen) -> bool) -> usize {
    seen.values().filter(|s| which(s)).count()
}

fn evict_oldest(seen: &mut HashMap<String, Seen>, which: impl Fn(&Seen) -> bool) {
    if let Some(oldest) = seen
        .iter()
        .filter(|(_, s)| which(s))
        .min_by_key(|(_, s)| s.at)
        .map(|(k, _)| k.clone())
    {
        seen.remove(&oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn matches_scheme_host_port_path_ignoring_query() {
        let store = RealmStore::default();
        store.record("https://auth.docker.io/token", "https://r", None);
        assert!(store.contains(&url(
            "https://auth.docker.io/token?service=registry.docker.io&scope=repository:a:pull"
        )));
        assert!(store.contains(&url("https://AUTH.docker.io:443/token")));
        assert!(!store.contains(&url("http://auth.docker.io/token")));
        assert!(!store.contains(&url("https://auth.docker.io:8443/token")));
        assert!(!store.contains(&url("https://auth.docker.io/token/x")));
        assert!(!store.contains(&url("https://auth.docker.io/")));
    }

    #[test]
    fn ignores_non_http_realms() {
        let store = RealmStore::default();
        store.record("file:///etc/passwd", "https://r", None);
        store.record("Registry Realm", "https://r", None);
        assert!(!store.contains(&url("file:///etc/passwd")));
    }

    #[test]
    fn is_bounded_and_expires() {
        let store = RealmStore::new(2, Duration::from_secs(3600));
        store.record("https://a.io/t", "https://r1", None);
        store.record("https://b.io/t", "https://r2", None);
        store.record("https://c.io/t", "https://r3", None);
        let kept = ["https://a.io/t", "https://b.io/t", "https://c.io/t"]
            .iter()
            .filter(|u| store.contains(&url(u)))
            .count();
        assert_eq!(kept, 2);
        assert!(store.contains(&url("https://c.io/t")));

        let short = RealmStore::new(10, Duration::ZERO);
        short.record("https://a.io/t", "https://r", None);
        assert!(!short.contains(&url("https://a.io/t")));
    }

    #[test]
    fn one_registry_or_client_cannot_evict_the_others() {
        let store = RealmStore::new(100, Duration::from_secs(3600));
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        store.record("https://auth.good/t", "https://good", Some(client));
        for i in 0..5000 {
            store.record(&format!("https://flood{i}.io/t"), "https://evil", None);
        }
        assert!(store.contains(&url("https://auth.good/t")));
        assert!(store.contains(&url("https://flood4999.io/t")));
        assert!(!store.contains(&url("https://flood0.io/t")));
        let other: IpAddr = "192.0.2.9".parse().unwrap();
        for i in 0..5000 {
            store.record(
                &format!("https://c{i}.io/t"),
                &format!("https://r{i}"),
                Some(other),
            );
        }
        assert!(store.contains(&url("https://auth.good/t")));
        assert!(store.contains(&url("https://c4999.io/t")));
        assert!(!store.contains(&url("https://c0.io/t")));
    }
}
