//! The zoo's emulated public registries by their real names: a transport that sends a request
//! for `https://registry.k8s.io/…` to the zoo's loopback port for that host, as the relay's
//! `--map-host` does. The core only ever sees the real names (in its URLs, challenges,
//! `Location` and `Link` headers); a mapping can be pointed elsewhere (a capture server).

use regscope_core::{Request, Response, Transport, TransportError};
use regscope_stack::zoo_map::zoo_bases;

use super::NativeTransport;

/// Sends each request to the base URL mapped for its host (the zoo's, unless replaced).
pub struct ZooTransport {
    native: NativeTransport,
    map: Vec<(String, String)>,
}

impl ZooTransport {
    /// Every zoo host mapped to `http://ADDRESS` from the stack's facts.
    pub fn new() -> Self {
        ZooTransport {
            native: NativeTransport::new(),
            map: zoo_bases(&[]),
        }
    }

    /// Maps `host` (a name, or `ip:port` as written in URLs) to `base` instead.
    pub fn with(mut self, host: &str, base: &str) -> Self {
        self.map
            .retain(|(name, _)| !name.eq_ignore_ascii_case(host));
        self.map.push((host.to_string(), base.to_string()));
        self
    }

    /// The URL actually requested for `url`: its scheme and authority replaced by the mapped
    /// base, path and query kept. A mapping names a host without a port (as `--map-host`
    /// does) or an exact `host:port`.
    pub fn mapped(&self, url: &str) -> String {
        let Some((_, rest)) = url.split_once("://") else {
            return url.to_string();
        };
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let host = authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host);
        let found = self.map.iter().find(|(name, _)| {
            name.eq_ignore_ascii_case(authority) || name.eq_ignore_ascii_case(host)
        });
        match found {
            Some((_, base)) => format!("{base}{tail}"),
            None => url.to_string(),
        }
    }
}

impl Transport for ZooTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let mapped = Request {
            url: self.mapped(&request.url),
            ..request
        };
        self.native.send(mapped).await
    }
}
