//! The relay's policy: which target URLs it will fetch, so that it never becomes an open proxy.
//! Registry API paths and token endpoints named by registry challenges only; `https` only
//! (plain `http` for insecure registries); public addresses only (private ones for insecure
//! registries).

pub mod addr;
pub mod hostmap;
pub mod insecure;
pub mod path;
pub mod pin;

use regscope_core::contract::RelayErrorKind;
use url::{Host, Url};

use crate::error::RelayError;
use crate::realms::RealmStore;
use crate::ticket::RealmKeys;
use hostmap::HostMap;
use insecure::InsecureHosts;
pub use path::ApiPath;

/// Longest target URL accepted.
pub const MAX_URL_LEN: usize = 8 * 1024;

/// What a relayed request is for; it decides the limits applied to its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A registry API request (`/v2/…`).
    Registry(ApiPath),
    /// A request to a token endpoint that a registry named as a Bearer realm.
    Token,
}

/// Where the relay will actually connect, after host mapping, and whether that host is insecure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The URL requested upstream.
    pub url: Url,
    /// True when the host is configured insecure (plain http and private addresses allowed).
    pub insecure: bool,
}

/// A target the policy accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The URL the page asked for.
    pub requested: Url,
    /// Where the relay connects.
    pub destination: Destination,
    /// What the request is for.
    pub purpose: Purpose,
}

/// The policy with its configuration, the realms seen so far and the realm ticket keys.
#[derive(Debug, Default)]
pub struct Policy {
    insecure: InsecureHosts,
    blob_hosts: InsecureHosts,
    hosts: HostMap,
    realms: RealmStore,
    keys: RealmKeys,
}

fn refused_target(message: impl Into<String>) -> RelayError {
    RelayError::new(RelayErrorKind::RefusedTarget, message)
}

impl Policy {
    /// A policy with these insecure hosts, host mappings and realm store.
    pub fn new(insecure: InsecureHosts, hosts: HostMap, realms: RealmStore) -> Self {
        Self {
            insecure,
            blob_hosts: InsecureHosts::default(),
            hosts,
            realms,
            keys: RealmKeys::default(),
        }
    }

    /// The same policy following redirects to these plain-http storage hosts
    /// (`--insecure-blob-host`): any path, on private addresses, never with `Authorization`.
    pub fn with_blob_hosts(mut self, blob_hosts: InsecureHosts) -> Self {
        self.blob_hosts = blob_hosts;
        self
    }

    /// True when `url`'s host and port are an insecure blob host (`--insecure-blob-host`).
    pub fn is_blob_host(&self, url: &Url) -> bool {
        self.blob_hosts.contains_url(url)
    }

    /// The same policy signing and verifying realm tickets with `keys`.
    pub fn with_realm_keys(mut self, keys: RealmKeys) -> Self {
        self.keys = keys;
        self
    }

    /// The realm ticket keys.
    pub fn realm_keys(&self) -> &RealmKeys {
        &self.keys
    }

    /// The insecure hosts.
    pub fn insecure(&self) -> &InsecureHosts {
        &self.insecure
    }

    /// The token realms seen so far.
    pub fn realms(&self) -> &RealmStore {
        &self.realms
    }

    /// Checks the raw `url` parameter of a relay request that carries no realm ticket.
    pub fn check_target(&self, raw: &str) -> Result<Target, RelayError> {
        self.check_target_with(raw, None)
    }

    /// Checks the raw `url` parameter of a relay request and the realm ticket it carries: a
    /// path that is not a registry API path is relayed when the ticket is valid for it, or,
    /// without a ticket, when this relay saw a challenge name it.
    pub fn check_target_with(&self, raw: &str, ticket: Option<&str>) -> Result<Target, RelayError> {
        if raw.len() > MAX_URL_LEN {
            return Err(RelayError::new(
                RelayErrorKind::BadRequest,
                "the target URL is too long",
            ));
        }
        path::check_raw(raw)
            .map_err(|r| RelayError::new(RelayErrorKind::RefusedPath, r.message()))?;
        let url = Url::parse(raw).map_err(|_| {
            RelayError::new(
                RelayErrorKind::BadRequest,
                "the url parameter is not an absolute http(s) URL",
            )
        })?;
        check_shape(&url)?;
        path::check_path(url.path())
            .map_err(|r| RelayError::new(RelayErrorKind::RefusedPath, r.message()))?;
        let purpose = match path::classify(url.path()) {
            Some(api) => Purpose::Registry(api),
            None => match ticket {
                Some(ticket) => {
                    self.keys
                        .verify(ticket, &url)
                        .map_err(|r| RelayError::new(RelayErrorKind::RefusedPath, r.message()))?;
                    Purpose::Token
                }
                None if self.realms.contains(&url) => Purpose::Token,
                None => {
                    return Err(RelayError::new(
                        RelayErrorKind::RefusedPath,
                        "only registry API paths (/v2/...) and token endpoints named by a registry's challenge are relayed",
                    ));
                }
            },
        };
        let destination = self.check_destination(self.hosts.apply(&url))?;
        Ok(Target {
            requested: url,
            destination,
            purpose,
        })
    }

    /// Checks where a redirect leads: `location` resolved against `base`, the URL that answered
    /// as the page named it (before host mapping). To a host not on the insecure list any path
    /// is allowed (storage and CDN URLs are not registry paths); to a host on it only clean
    /// registry paths (`/v2/…`, no dot segments, `;` parameters or encoded separators), with
    /// no exception; to an insecure blob host (`--insecure-blob-host`, a plain-http storage
    /// the operator named) any clean path. Scheme, credentials and address rules are the same
    /// as for targets. Returns the URL as the page would name it and where the relay connects
    /// for it; a refusal (`refused-target`) names the URL.
    pub fn check_redirect(
        &self,
        base: &Url,
        location: &str,
    ) -> Result<(Url, Destination), RelayError> {
        let url = base.join(location).map_err(|_| {
            let shown: String = location.chars().take(200).collect();
            refused_target(format!(
                "the registry redirected to \"{shown}\", which is not a URL"
            ))
        })?;
        let destination = check_shape(&url)
            .and_then(|()| self.check_redirect_path(&url))
            .and_then(|()| {
                let mapped = self.hosts.apply(&url);
                if self.is_blob_host(&url) {
                    self.check_destination_as(mapped, true)
                } else {
                    self.check_destination(mapped)
                }
            })
            .map_err(|refusal| {
                refused_target(format!(
                    "the registry redirected to {url}, which is refused: {}",
                    refusal.message()
                ))
            })?;
        Ok((url, destination))
    }

    /// True when `url`, as the page names it, is on the insecure list.
    pub fn is_insecure(&self, url: &Url) -> bool {
        self.insecure.contains_url(url)
    }

    /// The path rules of a redirect hop (see [`Policy::check_redirect`]).
    fn check_redirect_path(&self, url: &Url) -> Result<(), RelayError> {
        if self.is_blob_host(url) {
            return path::check_path(url.path()).map_err(|r| refused_target(r.message()));
        }
        if !self.is_insecure(url) {
            return Ok(());
        }
        if path::classify(url.path()).is_none() {
            return Err(refused_target(
                "a redirect to a host on the --insecure-registry list is only followed to its registry API paths (/v2/...); a plain-http storage host it sends blobs to must be named with --insecure-blob-host",
            ));
        }
        path::check_path(url.path()).map_err(|r| refused_target(r.message()))
    }

    /// Checks the scheme and, for literal IP hosts, the address of a URL the relay would connect
    /// to. Host names are checked on the addresses they resolve to, by the relay's resolver.
    pub fn check_destination(&self, url: Url) -> Result<Destination, RelayError> {
        self.check_destination_as(url, false)
    }

    /// [`Policy::check_destination`], the host treated as insecure when `blob_host` (a
    /// redirect to an `--insecure-blob-host`).
    fn check_destination_as(&self, url: Url, blob_host: bool) -> Result<Destination, RelayError> {
        let insecure = blob_host || self.insecure.contains_url(&url);
        match url.scheme() {
            "https" => {}
            "http" if insecure => {}
            "http" => {
                return Err(refused_target(
                    "plain http is only relayed to hosts configured with --insecure-registry",
                ));
            }
            _ => return Err(refused_target("only http and https targets are relayed")),
        }
        let public = match url.host() {
            Some(Host::Ipv4(ip)) => addr::is_public(ip.into()),
            Some(Host::Ipv6(ip)) => addr::is_public(ip.into()),
            Some(Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                name != "localhost" && !name.ends_with(".localhost")
            }
            None => return Err(refused_target("the target URL has no host")),
        };
        if !public && !insecure {
            return Err(refused_target(
                "the target is a private, loopback or special-purpose address",
            ));
        }
        Ok(Destination { url, insecure })
    }
}

/// Rules on the URL's form: http(s), a host, no credentials, no fragment.
fn check_shape(url: &Url) -> Result<(), RelayError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refused_target("only http and https targets are relayed"));
    }
    if url.host().is_none() {
        return Err(refused_target("the target URL has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused_target(
            "credentials in the target URL are not allowed; send an Authorization header",
        ));
    }
    if url.fragment().is_some() {
        return Err(refused_target("the target URL must not have a fragment"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
