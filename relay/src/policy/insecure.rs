//! Hosts configured as insecure registries (`HOST` or `HOST:PORT`), like Docker's
//! `insecure-registries`: plain `http` is allowed for them, their `https` certificate is not
//! checked, and they may resolve to private or loopback addresses. The app asks them over
//! `http://` (the relay lists them in its page, see `regscope_core::contract::PlainHttpHosts`).
//! `https://HOST[:PORT]` (a regscope extension; Docker refuses schemes in the list) is a
//! registry that speaks https only, with a certificate that is not checked: the app keeps
//! asking it over `https://`.

use std::collections::HashSet;
use std::str::FromStr;

/// One `--insecure-registry` entry: a host, optionally the only port it applies to, and
/// whether it speaks https only (`https://HOST`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InsecureEntry {
    host: String,
    port: Option<u16>,
    https_only: bool,
}

/// Why an insecure-registry entry could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid insecure registry {0:?}: expected HOST, HOST:PORT or https://HOST[:PORT]")]
pub struct InsecureEntryError(String);

impl FromStr for InsecureEntry {
    type Err = InsecureEntryError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || InsecureEntryError(text.to_owned());
        let text = text.trim();
        let (text, https_only) = match text.get(..8) {
            Some(scheme) if scheme.eq_ignore_ascii_case("https://") => (&text[8..], true),
            _ => (text, false),
        };
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
        Ok(Self {
            host,
            port,
            https_only,
        })
    }
}

impl InsecureEntry {
    /// The normalized host of this entry (IPv6 in brackets, as `Url::host_str` gives it).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The entry as the app's plain-http list writes it (`HOST` or `HOST:PORT`); `None` for
    /// an https-only entry.
    pub fn plain_http_word(&self) -> Option<String> {
        if self.https_only {
            return None;
        }
        Some(match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        })
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

    /// True when `url`'s host and port are configured insecure (for plain `http`, an entry
    /// that is not https-only).
    pub fn contains_url(&self, url: &url::Url) -> bool {
        let plain = url.scheme() == "http";
        match (url.host_str(), url.port_or_known_default()) {
            (Some(host), Some(port)) => self.entries.iter().any(|e| {
                e.host.eq_ignore_ascii_case(host)
                    && e.port.is_none_or(|p| p == port)
                    && !(plain && e.https_only)
            }),
            _ => false,
        }
    }

    /// The app's plain-http list (the `regscope-insecure` meta's content): every entry that
    /// is not https-only, sorted.
    pub fn plain_http_content(&self) -> String {
        let mut words: Vec<String> = self
            .entries
            .iter()
            .filter_map(InsecureEntry::plain_http_word)
            .collect();
        words.sort();
        words.join(" ")
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
    fn https_only_entries_refuse_plain_http_and_stay_off_the_page_list() {
        let hosts = set(&[
            "HTTPS://registry.corp.test:5117",
            "harbor.local",
            "lan:5000",
        ]);
        let url = |u: &str| url::Url::parse(u).unwrap();
        assert!(hosts.contains_url(&url("https://registry.corp.test:5117/v2/")));
        assert!(!hosts.contains_url(&url("http://registry.corp.test:5117/v2/")));
        assert!(hosts.contains_url(&url("http://harbor.local/v2/")));
        assert!(hosts.contains_url(&url("https://harbor.local/v2/")));
        assert_eq!(hosts.plain_http_content(), "harbor.local lan:5000");
        let page = regscope_core::contract::PlainHttpHosts::parse(&hosts.plain_http_content());
        assert!(page.contains("harbor.local:5112") && page.contains("lan:5000"));
        assert!(!page.contains("registry.corp.test:5117"));
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
            "https://",
            "https://x/path",
            "ftp://x",
        ] {
            assert!(bad.parse::<InsecureEntry>().is_err(), "{bad:?}");
        }
    }
}
