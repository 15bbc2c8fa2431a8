//! Host mappings (`--map-host NAME=URL_BASE`): requests for `NAME` go to `URL_BASE` instead, so
//! tests can stand in for public registries (for example Docker Hub) offline.

use std::str::FromStr;

use url::Url;

/// One mapping from a host name to a base URL (scheme, host and port; no path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostMapping {
    name: String,
    base: Url,
}

/// Why a host mapping could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid host mapping {0:?}: expected NAME=URL_BASE, e.g. registry-1.docker.io=http://127.0.0.1:5000"
)]
pub struct HostMappingError(String);

impl FromStr for HostMapping {
    type Err = HostMappingError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || HostMappingError(text.to_owned());
        let (name, base) = text.trim().split_once('=').ok_or_else(err)?;
        let name = Url::parse(&format!("https://{}/", name.trim()))
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .filter(|n| !n.is_empty())
            .ok_or_else(err)?;
        let base = Url::parse(base.trim()).map_err(|_| err())?;
        let plain = matches!(base.scheme(), "http" | "https")
            && base.host_str().is_some()
            && base.username().is_empty()
            && base.password().is_none()
            && base.path() == "/"
            && base.query().is_none()
            && base.fragment().is_none();
        if !plain {
            return Err(err());
        }
        Ok(Self { name, base })
    }
}

/// All configured host mappings.
#[derive(Debug, Clone, Default)]
pub struct HostMap {
    mappings: Vec<HostMapping>,
}

impl HostMap {
    /// Builds the map; a later mapping of the same name wins.
    pub fn new(mappings: impl IntoIterator<Item = HostMapping>) -> Self {
        let mut list: Vec<HostMapping> = Vec::new();
        for m in mappings {
            list.retain(|old| old.name != m.name);
            list.push(m);
        }
        Self { mappings: list }
    }

    /// The URL to actually request for `url`: same path and query, with scheme, host and port
    /// taken from the mapping of `url`'s host, if any.
    pub fn apply(&self, url: &Url) -> Url {
        let Some(host) = url.host_str() else {
            return url.clone();
        };
        let Some(mapping) = self
            .mappings
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(host))
        else {
            return url.clone();
        };
        let mut mapped = mapping.base.clone();
        mapped.set_path(url.path());
        mapped.set_query(url.query());
        mapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_host_keeps_path_and_query() {
        let map = HostMap::new(["registry-1.docker.io=http://127.0.0.1:5000"
            .parse()
            .unwrap()]);
        let url =
            Url::parse("https://registry-1.docker.io/v2/library/alpine/manifests/3?x=1").unwrap();
        assert_eq!(
            map.apply(&url).as_str(),
            "http://127.0.0.1:5000/v2/library/alpine/manifests/3?x=1"
        );
        let other = Url::parse("https://ghcr.io/v2/").unwrap();
        assert_eq!(map.apply(&other), other);
    }

    #[test]
    fn rejects_bad_mappings() {
        for bad in [
            "noequals",
            "=http://x",
            "a=ftp://x",
            "a=http://u@x",
            "a=http://x/prefix",
            "a=not a url",
        ] {
            assert!(bad.parse::<HostMapping>().is_err(), "{bad:?}");
        }
    }
}
