//! Redirects, followed as a registry client must. Registries redirect API requests
//! (registry.k8s.io sends every one to a regional Artifact Registry host with its own
//! challenge) and blobs (Docker Hub, Quay and S3-backed registries send them to a CDN).
//!
//! Who walks: the relay walks every relayed request's redirects itself (each hop under its
//! policy) and fetch walks those of direct requests; both report the walk in the contract's
//! walk headers. A transport that hands a redirect back (a plain HTTP client) has it followed
//! here, by [`Walk`]. Either way the client sees one final answer, knows the URL that gave it,
//! records every hop in the trace ([`traced`]), and never sends `Authorization` to another
//! origin, nor anywhere once the walk has left the first request's origin. A 401 from another
//! origin is answered with a token from that origin's own challenge, sent to that origin alone
//! (see [`crate::Client::send_scoped`]).

mod location;
pub mod traced;
#[cfg(feature = "walk-redirects")]
mod walk;

pub use location::resolve;
#[cfg(feature = "walk-redirects")]
pub use walk::{Walk, WalkError};

use crate::url_text::origin;

/// True when two absolute URLs have the same `scheme://host[:port]` (compared without regard
/// to case; an explicit default port counts as another origin, which only ever means
/// `Authorization` is dropped once more than needed).
pub fn same_origin(a: &str, b: &str) -> bool {
    origin(a).eq_ignore_ascii_case(origin(b))
}

/// `host[:port]` of an absolute URL, lowercase: the key of the credentials and tokens that
/// belong to the host that answered.
pub fn authority(url: &str) -> String {
    let origin = origin(url);
    origin
        .split_once("://")
        .map_or(origin, |(_, authority)| authority)
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_authorities() {
        assert!(same_origin(
            "https://Registry.k8s.io/v2/a",
            "https://registry.k8s.io/v2/b?x"
        ));
        assert!(!same_origin(
            "https://registry.k8s.io/v2/a",
            "https://us-west1-docker.pkg.dev/v2/a"
        ));
        assert!(!same_origin("http://h/v2/", "https://h/v2/"));
        assert!(!same_origin(
            "http://127.0.0.1:5003/v2/",
            "http://127.0.0.1:5004/v2/"
        ));
        assert_eq!(authority("http://127.0.0.1:5000/v2/a"), "127.0.0.1:5000");
        assert_eq!(authority("https://Quay.io?x"), "quay.io");
    }
}
