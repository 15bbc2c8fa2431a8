//! Token endpoints this relay has seen named as a Bearer `realm` by a registry it relayed:
//! a bounded map with a time to live, so only those endpoints can be reached besides `/v2/`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use url::Url;

/// Default number of realms remembered.
pub const DEFAULT_MAX_REALMS: usize = 4096;
/// Default time a realm stays usable after it was last seen.
pub const DEFAULT_REALM_TTL: Duration = Duration::from_secs(60 * 60);

/// The remembered realms, keyed by scheme, host, port and path.
#[derive(Debug)]
pub struct RealmStore {
    seen: Mutex<HashMap<String, Instant>>,
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

    /// Remembers `realm` (an absolute http or https URL; anything else is ignored).
    pub fn record(&self, realm: &str) {
        let Some(key) = Url::parse(realm).ok().and_then(|u| key(&u)) else {
            return;
        };
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.contains_key(&key) && seen.len() >= self.max {
            seen.retain(|_, at| now.duration_since(*at) < self.ttl);
            if seen.len() >= self.max
                && let Some(oldest) = seen
                    .iter()
                    .min_by_key(|(_, at)| **at)
                    .map(|(k, _)| k.clone())
            {
                seen.remove(&oldest);
            }
        }
        seen.insert(key, now);
    }

    /// True when `url`'s scheme, host, port and path equal a realm seen within the TTL.
    pub fn contains(&self, url: &Url) -> bool {
        let Some(key) = key(url) else {
            return false;
        };
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(&key).is_some_and(|at| at.elapsed() < self.ttl)
    }
}

fn key(url: &Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    Some(format!(
        "{}://{}:{}{}",
        url.scheme(),
        url.host_str()?.to_ascii_lowercase(),
        url.port_or_known_default()?,
        url.path()
    ))
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
        store.record("https://auth.docker.io/token");
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
        store.record("file:///etc/passwd");
        store.record("Registry Realm");
        assert!(!store.contains(&url("file:///etc/passwd")));
    }

    #[test]
    fn is_bounded_and_expires() {
        let store = RealmStore::new(2, Duration::from_secs(3600));
        store.record("https://a.io/t");
        store.record("https://b.io/t");
        store.record("https://c.io/t");
        let kept = ["https://a.io/t", "https://b.io/t", "https://c.io/t"]
            .iter()
            .filter(|u| store.contains(&url(u)))
            .count();
        assert_eq!(kept, 2);
        assert!(store.contains(&url("https://c.io/t")));

        let short = RealmStore::new(10, Duration::ZERO);
        short.record("https://a.io/t");
        assert!(!short.contains(&url("https://a.io/t")));
    }
}
