//! Support for the integration tests: a native [`Transport`] over reqwest, the seeded digests
//! written by `tests/stack/up`, and a transport that alters a byte (for the digest-mismatch
//! test: a fault a real registry cannot be made to produce); `zoo` reaches the zoo's emulated
//! registries by their real names, `capture` records what a loopback server received.

#![allow(dead_code)]

#[allow(unused_imports)]
pub use regscope_stack::capture;
pub mod zoo;

use regscope_core::{Client, Request, Response, Transport, TransportError};

// Each test binary uses a subset of the stack's addresses.
#[allow(unused_imports)]
pub use regscope_stack::facts::{BASIC_REGISTRY, CORS_REGISTRY, REDIRECT_REGISTRY, REGISTRY};

/// The token server's base URL (`http://host:port`).
pub fn token_server() -> String {
    format!("http://{}", regscope_stack::facts::TOKEN_SERVER)
}

pub use regscope_stack::native_transport::{NativeTransport, now_ms};

/// Adds one byte to every successful manifest body: what a corrupting proxy would do.
pub struct CorruptingTransport(pub NativeTransport);

impl Transport for CorruptingTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let mut response = self.0.send(request.clone()).await?;
        if response.is_success() && request.url.contains("/manifests/") {
            // One added space keeps the JSON valid, so only the digest check can notice.
            if let Some(last) = response.body.iter().rposition(|b| *b == b'}') {
                response.body.insert(last, b' ');
            }
        }
        Ok(response)
    }
}

pub fn client() -> Client<NativeTransport> {
    Client::new(NativeTransport::new(), now_ms)
}

#[allow(unused_imports)]
pub use regscope_stack::facts::Seeded;

/// The row the stack seeded for `repository:tag`. Panics with the fix when the stack is down.
pub fn seeded(repository: &str, tag: &str) -> Seeded {
    regscope_stack::zoo_map::seeded_row(repository, tag)
}
