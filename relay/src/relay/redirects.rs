//! The relay's redirect walk, for every relayed request: the relay follows a registry's
//! redirects itself and never answers a 3xx the browser would follow out of the relay (to an
//! origin without CORS, with nothing of the relay's policy). Each hop is checked by the
//! policy like a target (any path to public hosts, since storage and CDN URLs are not registry
//! paths; only `/v2/…` to a host on the insecure list; any path to an `--insecure-blob-host`);
//! at most [`MAX_REDIRECTS`] redirects; a URL requested twice is a loop; `Authorization` goes
//! only to hops on the first request's origin, to none once the walk has left it, and never
//! to an insecure blob host. The
//! walk is told to the page in the contract's walk headers (the final URL and every hop, by
//! the names the page used, before host mapping).

use regscope_core::contract::{Hop, MAX_REDIRECTS, RelayErrorKind, is_redirect};
use url::Url;

use crate::error::RelayError;
use crate::policy::{Destination, Policy, Target};

/// The state of one walk.
#[derive(Debug)]
pub struct Walk {
    start: Url,
    current: Url,
    visited: Vec<Url>,
    hops: Vec<Hop>,
    forward_auth: bool,
}

impl Walk {
    /// A walk starting at the target the page asked for.
    pub fn new(target: &Target) -> Self {
        Self {
            start: target.requested.clone(),
            current: target.requested.clone(),
            visited: Vec::new(),
            hops: Vec::new(),
            forward_auth: true,
        }
    }

    /// Takes the answer of the current hop (its status and `Location`): the next destination
    /// when it is a redirect to follow, `None` when the answer is the one to relay.
    pub fn next(
        &mut self,
        policy: &Policy,
        status: u16,
        location: Option<&str>,
    ) -> Result<Option<Destination>, RelayError> {
        let Some(location) = location.filter(|_| is_redirect(status)) else {
            return Ok(None);
        };
        let (url, destination) = policy.check_redirect(&self.current, location)?;
        self.hops.push(Hop {
            status,
            url: self.current.to_string(),
        });
        self.visited.push(self.current.clone());
        if self.visited.contains(&url) {
            return Err(RelayError::new(
                RelayErrorKind::RedirectLoop,
                format!(
                    "the registry's redirects loop: {} redirected to {url}, which was already requested",
                    self.current
                ),
            ));
        }
        if self.hops.len() > MAX_REDIRECTS {
            return Err(RelayError::new(
                RelayErrorKind::TooManyRedirects,
                format!(
                    "the registry redirected more than {MAX_REDIRECTS} times: {} redirected once more, to {url}",
                    self.current
                ),
            ));
        }
        self.forward_auth =
            self.forward_auth && url.origin() == self.start.origin() && !policy.is_blob_host(&url);
        self.current = url;
        Ok(Some(destination))
    }

    /// True while `Authorization` may go to the current hop.
    pub fn forward_auth(&self) -> bool {
        self.forward_auth
    }

    /// The walk's result: the URL that answered last and the redirects before it.
    pub fn finish(self) -> (Url, Vec<Hop>) {
        (self.current, self.hops)
    }

    /// A failure to reach the current hop, told as such when it is not the first request.
    pub fn on_hop(&self, error: RelayError) -> RelayError {
        if self.hops.is_empty() {
            return error;
        }
        RelayError::new(
            error.kind(),
            format!(
                "the registry redirected to {}: {}",
                self.current,
                error.message()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::hostmap::HostMap;
    use crate::policy::insecure::InsecureHosts;
    use crate::realms::RealmStore;

    fn policy() -> Policy {
        Policy::new(
            InsecureHosts::new(["127.0.0.1".parse().expect("entry")]),
            HostMap::new(["registry.k8s.io=http://127.0.0.1:5108"
                .parse()
                .expect("mapping")]),
            RealmStore::default(),
        )
    }

    fn walk(policy: &Policy, url: &str) -> Walk {
        Walk::new(&policy.check_target(url).expect("a target"))
    }

    #[test]
    fn follows_redirects_by_the_names_the_page_used() {
        let p = policy();
        let mut walk = walk(&p, "https://registry.k8s.io/v2/pause/manifests/3.9");
        let next = walk
            .next(&p, 307, Some("/v2/x/manifests/3.9"))
            .unwrap()
            .unwrap();
        assert_eq!(
            next.url.as_str(),
            "http://127.0.0.1:5108/v2/x/manifests/3.9"
        );
        assert!(walk.forward_auth(), "same origin");
        assert_eq!(walk.next(&p, 200, Some("/ignored")).unwrap(), None);
        assert_eq!(walk.next(&p, 304, Some("/ignored")).unwrap(), None);
        assert_eq!(walk.next(&p, 307, None).unwrap(), None);
        let (url, hops) = walk.finish();
        assert_eq!(url.as_str(), "https://registry.k8s.io/v2/x/manifests/3.9");
        assert_eq!(
            hops[0].url,
            "https://registry.k8s.io/v2/pause/manifests/3.9"
        );
    }

    #[test]
    fn authorization_is_dropped_for_the_rest_of_the_walk_once_it_left() {
        let p = policy();
        let mut walk = walk(&p, "http://127.0.0.1:5003/v2/a/blobs/sha256:00");
        walk.next(&p, 307, Some("http://127.0.0.1:5004/v2/a/blobs/sha256:00"))
            .unwrap();
        assert!(!walk.forward_auth());
        walk.next(
            &p,
            307,
            Some("http://127.0.0.1:5003/v2/a/blobs/sha256:00?again"),
        )
        .unwrap();
        assert!(!walk.forward_auth(), "not even back on the first origin");
    }

    #[test]
    fn loops_and_long_chains_are_errors_naming_the_target() {
        let p = policy();
        let mut walk = walk(&p, "http://127.0.0.1:5003/v2/a/manifests/1");
        walk.next(&p, 302, Some("/v2/a/manifests/2")).unwrap();
        let error = walk.next(&p, 302, Some("/v2/a/manifests/1")).unwrap_err();
        assert_eq!(error.kind(), RelayErrorKind::RedirectLoop);
        assert!(
            error
                .message()
                .contains("http://127.0.0.1:5003/v2/a/manifests/1")
        );

        let mut walk = self::walk(&p, "http://127.0.0.1:5003/v2/a/manifests/0");
        for n in 1..=MAX_REDIRECTS {
            walk.next(&p, 302, Some(&format!("/v2/a/manifests/{n}")))
                .unwrap();
        }
        let error = walk.next(&p, 302, Some("/v2/a/manifests/99")).unwrap_err();
        assert_eq!(error.kind(), RelayErrorKind::TooManyRedirects);
        assert!(
            error
                .message()
                .ends_with("to http://127.0.0.1:5003/v2/a/manifests/99")
        );
        let refused = walk.on_hop(RelayError::new(RelayErrorKind::UpstreamTimeout, "slow"));
        assert!(
            refused
                .message()
                .starts_with("the registry redirected to http://127.0.0.1:5003/v2/a/manifests/5")
        );
    }

    #[test]
    fn insecure_hosts_are_left_outside_v2_only_for_a_named_blob_host() {
        let p = policy();
        let storage = "http://127.0.0.1:5004/docker/registry/v2/blobs/sha256/00/data";
        // The stack's registry sending a blob to its own storage: refused by default, even
        // though the whole walk stays on the insecure list.
        let mut from_insecure = walk(&p, "http://127.0.0.1:5003/v2/a/blobs/sha256:00");
        let error = from_insecure.next(&p, 307, Some(storage)).unwrap_err();
        assert_eq!(error.kind(), RelayErrorKind::RefusedTarget);
        assert!(error.message().contains(storage), "{error}");
        // A public name sending the relay to an insecure host's other paths.
        let mut from_public = walk(&p, "https://registry.k8s.io/v2/a/blobs/sha256:00");
        let error = from_public.next(&p, 307, Some(storage)).unwrap_err();
        assert_eq!(error.kind(), RelayErrorKind::RefusedTarget);

        // Named with --insecure-blob-host: followed, and never with Authorization.
        let p = policy().with_blob_hosts(InsecureHosts::new(["127.0.0.1:5004"
            .parse()
            .expect("entry")]));
        let mut walk = walk(&p, "http://127.0.0.1:5003/v2/a/blobs/sha256:00");
        assert!(walk.forward_auth());
        let next = walk.next(&p, 307, Some(storage)).unwrap().unwrap();
        assert!(next.insecure);
        assert!(!walk.forward_auth());
        assert!(
            walk.next(&p, 302, Some("http://127.0.0.1:5004/v2/a/blobs/sha256:00"))
                .unwrap()
                .is_some(),
            "registry paths stay allowed"
        );
    }
}
