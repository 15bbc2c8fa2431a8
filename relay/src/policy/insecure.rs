//! Hosts configured as insecure registries (`HOST` or `HOST:PORT`), like Docker's
//! `insecure-registries`: plain `http` is allowed for them and they may resolve to private or
//! loopback addresses.

use std::collections::HashSet;
use std::str::FromStr;

/// One `--insecure-registry` entry: a host, and optionally the only port it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InsecureEntry {
    host: String,
    port: Option<u16>,
}

/// Why an insecure-registry entry could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid insecure registry {0:?}: expected HOST or HOST:PORT")]
pub struct InsecureEntryError(String);

impl FromStr for InsecureEntry {
    type Err = InsecureEntryError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || InsecureEntryError(text.to_owned());
        let text = text.trim();
        if text.is_empty() || text.contains(['/', '@', '?', '#', ' ']) {
            return Err(err());
        }
        // Let the url crate normalize the host exactly as it does for targets.
        let parsed = url::Url::parse(&format!("http://{text}/")).map_err(|_| err())?;
        let host = parsed.host_str().ok_or_else(err)?.to_owned();
        let port = parsed.port();
        let explicit_port = text.rsplit_once(':').is_some_and(|(before, after)| {
            !before.is_empty() && !after.contains(']') && after.parse::<u16>().is_ok()
        });
        let port = if explicit_port {
            // `Url::port` drops a port equal to the scheme default (80).
            Some(port.unwrap_or(80))
        } else {
            None
        };
        Ok(Self { host, port })
    }
}

impl InsecureEntry {
    /// The normalized host of this entry (IPv6 in brackets, as `Url::host_str` gives it).
    pub fn host(&self) -> &str {
        &self.host
    }
}

/// The set of insecure registries.
#[derive(Debug, Clone, Default)]
pub struct InsecureHosts {
    entries: HashSet<InsecureEntry>,
}

impl InsecureHosts {
    /// Builds the set from parsed entries.
    pub fn new(entries: impl IntoIterator<Item = InsecureEntry>) -> Self {
        Self {
            entries: entries.into_iter().collect(),
        }
    }

    /// True when `host` (normalized, as `Url::host_str`) on `port` is configured insecure.
    pub fn contains(&self, host: &str, port: u16) -> bool {
        self.entries
            .iter()
            .any(|e| e.host.eq_ignore_ascii_case(host) && e.port.is_none_or(|p| p == port))
    }

    /// True when `url`'s host and port are configured insecure.
    pub fn contains_url(&self, url: &url::Url) -> bool {
        match (url.host_str(), url.port_or_known_default()) {
            (Some(host), Some(port)) => self.contains(host, port),
            _ => false,
        }
    }

    /// Every configured host name, whatever the port, for the DNS resolver (which does not
    /// see ports).
    pub fn host_names(&self) -> HashSet<String> {
        self.entries
            .iter()
            .map(|e| e.host.to_ascii_lowercase())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(entries: &[&str]) -> InsecureHosts {
        InsecureHosts::new(entries.iter().map(|e| e.parse().expect(e)))
    }

    #[test]
    fn host_alone_matches_every_port() {
        let hosts = set(&["registry.local"]);
        assert!(hosts.contains("registry.local", 5000));
        assert!(hosts.contains("registry.local", 443));
        assert!(!hosts.contains("other.local", 5000));
    }

    #[test]
    fn host_and_port_match_that_port_only() {
        let hosts = set(&["127.0.0.1:5000", "Registry.Local:80"]);
        assert!(hosts.contains("127.0.0.1", 5000));
        assert!(!hosts.contains("127.0.0.1", 5001));
        assert!(hosts.contains("registry.local", 80));
        assert!(!hosts.contains("registry.local", 8080));
    }

    #[test]
    fn ipv6_entries_are_normalized() {
        let hosts = set(&["[::1]:5000", "[0:0::1]"]);
        assert!(hosts.contains("[::1]", 5000));
        assert!(hosts.contains("[::1]", 1));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "http://x",
            "a/b",
            "user@host",
            "host:notaport",
            "host:99999",
        ] {
            assert!(bad.parse::<InsecureEntry>().is_err(), "{bad:?}");
        }
    }
}
