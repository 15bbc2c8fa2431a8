//! The HTTP client's DNS resolver: it resolves, drops every address the policy refuses, and
//! hands the client only the allowed ones, so the check holds for the addresses actually
//! connected to (DNS rebinding cannot slip a private address in between check and connect).
//! Names pinned with `--resolve` skip DNS and the filter: the operator chose their address.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::policy::addr;
use crate::policy::pin::Pin;

/// A name resolved only to refused addresses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{host} resolves only to private, loopback or special-purpose addresses")]
pub struct RefusedAddress {
    host: String,
}

/// Resolves with the system resolver and keeps public addresses only, except for the host
/// names in `allow_private` (insecure registries), which keep every address.
#[derive(Debug, Clone, Default)]
pub struct FilteringResolver {
    allow_private: Arc<HashSet<String>>,
    pinned: Arc<HashMap<String, Vec<SocketAddr>>>,
}

impl FilteringResolver {
    /// A resolver letting the names in `allow_private` (lowercase) resolve to any address.
    pub fn new(allow_private: HashSet<String>) -> Self {
        Self {
            allow_private: Arc::new(allow_private),
            pinned: Arc::default(),
        }
    }

    /// The same resolver answering the names of `pins` with their addresses, without DNS.
    pub fn with_pins(mut self, pins: &[Pin]) -> Self {
        let mut pinned: HashMap<String, Vec<SocketAddr>> = HashMap::new();
        for pin in pins {
            pinned
                .entry(pin.name().to_owned())
                .or_default()
                .push(pin.socket());
        }
        self.pinned = Arc::new(pinned);
        self
    }

    /// The addresses `host` is pinned to, if it is (port 0: the URL's; another port is used
    /// by the connector only for URLs that name none).
    pub fn pinned(&self, host: &str) -> Option<Vec<SocketAddr>> {
        let key = host.trim_end_matches('.').to_ascii_lowercase();
        self.pinned.get(&key).cloned()
    }

    /// Keeps the allowed addresses among `addrs` for `host`.
    pub fn filter(
        &self,
        host: &str,
        addrs: impl IntoIterator<Item = SocketAddr>,
    ) -> Result<Vec<SocketAddr>, RefusedAddress> {
        let allow_all = self.allow_private.contains(&host.to_ascii_lowercase());
        let kept: Vec<SocketAddr> = addrs
            .into_iter()
            .filter(|a| allow_all || addr::is_public(a.ip()))
            .collect();
        if kept.is_empty() {
            return Err(RefusedAddress {
                host: host.to_owned(),
            });
        }
        Ok(kept)
    }
}

impl Resolve for FilteringResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            if let Some(pinned) = this.pinned(&host) {
                return Ok(Box::new(pinned.into_iter()) as Addrs);
            }
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let kept = this.filter(&host, found)?;
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

/// True when `error` or one of its sources is a [`RefusedAddress`].
pub fn is_refused(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if e.is::<RefusedAddress>() {
            return true;
        }
        current = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs(list: &[&str]) -> Vec<SocketAddr> {
        list.iter().map(|a| a.parse().unwrap()).collect()
    }

    #[test]
    fn keeps_public_addresses_only() {
        let r = FilteringResolver::default();
        let got = r
            .filter(
                "mixed.example",
                addrs(&["10.0.0.1:0", "1.1.1.1:0", "[::1]:0"]),
            )
            .unwrap();
        assert_eq!(got, addrs(&["1.1.1.1:0"]));
        assert!(
            r.filter(
                "rebind.example",
                addrs(&["127.0.0.1:0", "[::ffff:169.254.169.254]:0"])
            )
            .is_err()
        );
    }

    #[test]
    fn insecure_names_keep_private_addresses() {
        let r = FilteringResolver::new(["registry.local".to_owned()].into());
        let got = r.filter("Registry.Local", addrs(&["127.0.0.1:0"])).unwrap();
        assert_eq!(got, addrs(&["127.0.0.1:0"]));
        assert!(r.filter("other.local", addrs(&["127.0.0.1:0"])).is_err());
    }

    #[tokio::test]
    async fn pinned_names_skip_dns_and_the_filter() {
        let pins: Vec<Pin> = vec!["Harbor.Local=127.0.0.1".parse().unwrap()];
        let r = FilteringResolver::default().with_pins(&pins);
        let got: Vec<SocketAddr> = match r.resolve("harbor.local".parse().unwrap()).await {
            Ok(found) => found.collect(),
            Err(error) => panic!("a pinned name resolves: {error}"),
        };
        assert_eq!(got, addrs(&["127.0.0.1:0"]));
        let refused = r.resolve("localhost".parse().unwrap()).await;
        assert!(refused.is_err(), "an unpinned loopback name stays refused");
    }

    #[tokio::test]
    async fn localhost_is_refused_through_the_resolver() {
        let r = FilteringResolver::default();
        let result = r.resolve("localhost".parse().unwrap()).await;
        let error = result.err().expect("localhost must be refused");
        assert!(is_refused(error.as_ref()));
    }
}
