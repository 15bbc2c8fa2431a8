//! Support for the comparison tests: plain HTTP/1.1 over a loopback socket as the core's
//! `Transport` (manifests and configs go through the core's client), a blob GET streamed into
//! `LayerStream` that counts the bytes it downloaded, and the seeded registry to read from.

#![allow(dead_code)]

#[path = "../loopback_http/mod.rs"]
mod loopback_http;
pub use loopback_http::get;

use regscope_core::{Client, Reference, Request, Response, Transport, TransportError};
use regscope_layers::compare::LayerRef;
use regscope_layers::stream::{Compression, HashedListing, LayerStream, Limits};
use regscope_stack::facts;

/// `REGSCOPE_COMPARE_REGISTRY` (`HOST:PORT` of a registry seeded with `compare/*`, its
/// `seeded.json` in `REGSCOPE_STACK_DIR`), else the running stack's no-auth CORS registry.
pub fn registry() -> String {
    std::env::var("REGSCOPE_COMPARE_REGISTRY").unwrap_or_else(|_| facts::CORS_REGISTRY.to_owned())
}

/// Asserts that the seeded list holds the comparison pairs, with what to do when it does not.
pub fn require_pairs() {
    let seeded = facts::seeded_in(&facts::stack_dir()).expect("the stack is seeded");
    assert!(
        seeded.iter().any(|s| s.repository.starts_with("compare/")),
        "{} holds no compare/* image: reseed the stack (regscope-stack seed --only compare/)",
        facts::stack_dir().display()
    );
}

/// The seeded manifest digest of `repository:tag`.
pub fn seeded_digest(repository: &str, tag: &str) -> String {
    facts::seeded_in(&facts::stack_dir())
        .expect("the stack is seeded")
        .into_iter()
        .find(|s| s.repository == repository && s.tag.as_deref() == Some(tag))
        .unwrap_or_else(|| panic!("{repository}:{tag} is not in seeded.json"))
        .digest
}

/// The core's `Transport` over [`get`] (HEAD is not needed by these tests).
pub struct SocketTransport;

impl Transport for SocketTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let mut bytes = Vec::new();
        let (status, headers) = get(&request.url, &request.headers, |b| {
            bytes.extend_from_slice(b)
        });
        Ok(Response {
            status,
            headers,
            body: bytes,
            path: "direct".into(),
        })
    }
}

/// A client of the core over the socket transport.
pub fn client() -> Client<SocketTransport> {
    Client::new(SocketTransport, || 0)
}

/// `repository:tag` on the registry read from.
pub fn reference(repository: &str) -> Reference {
    format!("{}/{repository}:latest", registry())
        .parse()
        .expect("a reference")
}

/// Streams one layer blob from the registry into a `LayerStream` in compare mode (content
/// digests on), verifying both digests; adds the blob bytes received to `downloaded`.
pub fn read_layer(repository: &str, layer: &LayerRef, downloaded: &mut u64) -> HashedListing {
    let compression = Compression::from_media_type(&layer.media_type).expect("a layer media type");
    let mut stream = LayerStream::new(compression, Limits::default());
    let mut listing = HashedListing::new();
    let mut received = 0u64;
    let url = format!(
        "http://{}/v2/{repository}/blobs/{}",
        registry(),
        layer.digest
    );
    let (status, _) = get(&url, &[], |bytes| {
        received += bytes.len() as u64;
        stream
            .push_hashed(bytes, &mut listing)
            .expect("the layer reads");
    });
    assert_eq!(status, 200, "GET {url}");
    let digests = stream
        .finish_hashed(&mut listing)
        .expect("the layer ends cleanly");
    assert_eq!(digests.compressed, layer.digest);
    assert_eq!(Some(&digests.uncompressed), layer.diff_id.as_ref());
    *downloaded += received;
    listing
}
