//! The registries spoken to over plain `http`: the relay's `--insecure-registry` list as the
//! app receives it, in `<meta name="regscope-insecure" content="harbor.local 10.0.0.5:5000">`
//! (entries `HOST` or `HOST:PORT`, separated by spaces), and the rule that picks a registry's
//! scheme from it.
//!
//! The rule, beside Docker's `insecure-registries` (Docker tries `https` without checking the
//! certificate, then falls back to `http`): a registry on the list is asked over `http://`
//! directly, with no `https` attempt first (the relay accepts both schemes for a listed host
//! and checks no certificate of it, so a registry that redirects to `https` still works).
//! Loopback registries are asked over `http` as before, every other one over `https`.

/// The `name` of the `<meta>` whose `content` lists the plain-http registries
/// (`HOST` or `HOST:PORT`, separated by spaces). The relay writes it into the page it serves;
/// a static copy of the app on another origin writes it by hand beside `regscope-relay`.
pub const INSECURE_META_NAME: &str = "regscope-insecure";

/// A set of registries spoken to over plain `http`: a host alone stands for every port of it,
/// `HOST:PORT` for that port only (a registry written without a port is port 80 over http).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlainHttpHosts {
    entries: Vec<(String, Option<u16>)>,
}

impl PlainHttpHosts {
    /// Reads a `content` list; words that are not `HOST` or `HOST:PORT` are skipped.
    pub fn parse(content: &str) -> PlainHttpHosts {
        let entries = content
            .split_ascii_whitespace()
            .filter_map(|word| {
                let (host, port) = split_host_port(word)?;
                let port = match port {
                    Some(p) => Some(p.parse::<u16>().ok()?),
                    None => None,
                };
                let plain = !host.is_empty() && !host.contains(['/', '@', '?', '#', '"', '<']);
                plain.then(|| (host.to_ascii_lowercase(), port))
            })
            .collect();
        PlainHttpHosts { entries }
    }

    /// The `content` of the `<meta>` for these entries.
    pub fn to_content(&self) -> String {
        let words: Vec<String> = self
            .entries
            .iter()
            .map(|(host, port)| match port {
                Some(port) => format!("{host}:{port}"),
                None => host.clone(),
            })
            .collect();
        words.join(" ")
    }

    /// True when the set has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when the registry at `api_host` (`HOST` or `HOST:PORT`, as in
    /// [`Reference::api_host`](crate::Reference::api_host)) is on the list.
    pub fn contains(&self, api_host: &str) -> bool {
        let Some((host, port)) = split_host_port(api_host) else {
            return false;
        };
        let port = match port {
            Some(p) => p.parse::<u16>().ok(),
            None => Some(80),
        };
        self.entries.iter().any(|(h, p)| {
            h.eq_ignore_ascii_case(host) && (p.is_none() || port.is_some() && *p == port)
        })
    }
}

/// `HOST[:PORT]` split (an IPv6 host keeps its brackets); `None` for a malformed bracket.
fn split_host_port(text: &str) -> Option<(&str, Option<&str>)> {
    if text.starts_with('[') {
        let end = text.find(']')? + 1;
        let (host, rest) = text.split_at(end);
        return match rest.strip_prefix(':') {
            Some(port) => Some((host, Some(port))),
            None if rest.is_empty() => Some((host, None)),
            None => None,
        };
    }
    Some(match text.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (text, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_alone_covers_every_port() {
        let hosts = PlainHttpHosts::parse("Harbor.Local  10.0.0.5:5000\t[::1]:8080");
        assert!(hosts.contains("harbor.local"));
        assert!(hosts.contains("HARBOR.local:5112"));
        assert!(hosts.contains("10.0.0.5:5000"));
        assert!(!hosts.contains("10.0.0.5"));
        assert!(!hosts.contains("10.0.0.5:5001"));
        assert!(hosts.contains("[::1]:8080"));
        assert!(!hosts.contains("[::1]"));
        assert!(!hosts.contains("registry.corp.test"));
    }

    #[test]
    fn port_80_is_a_registry_written_without_a_port() {
        let hosts = PlainHttpHosts::parse("registry.lan:80");
        assert!(hosts.contains("registry.lan"));
        assert!(!hosts.contains("registry.lan:5000"));
    }

    #[test]
    fn bad_words_are_skipped_and_the_content_reads_back() {
        let hosts = PlainHttpHosts::parse("a.lan:x http://b.lan [::1 c.lan:99999 d.lan e.lan:5000");
        assert_eq!(hosts.to_content(), "d.lan e.lan:5000");
        assert_eq!(PlainHttpHosts::parse(&hosts.to_content()), hosts);
        assert!(PlainHttpHosts::parse("").is_empty());
        assert!(!PlainHttpHosts::parse("").contains(""));
        assert!(!hosts.contains("e.lan:notaport"));
    }
}
