//! Support for the integration tests: a native [`Transport`] over reqwest, the seeded digests
//! written by `tests/stack/up`, and a transport that alters a byte (for the digest-mismatch
//! test: a fault a real registry cannot be made to produce); `zoo` reaches the zoo's emulated
//! registries by their real names, `capture` records what a loopback server received.

#![allow(dead_code)]

#[allow(unused_imports)]
pub use regscope_stack::capture;
pub mod zoo;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use regscope_core::{Client, Method, Request, Response, Transport, TransportError};

// Each test binary uses a subset of the stack's addresses.
#[allow(unused_imports)]
pub use regscope_stack::facts::{BASIC_REGISTRY, CORS_REGISTRY, REDIRECT_REGISTRY, REGISTRY};

/// The token server's base URL (`http://host:port`).
pub fn token_server() -> String {
    format!("http://{}", regscope_stack::facts::TOKEN_SERVER)
}

/// reqwest, following no redirect: a redirect comes back as it was sent and the core walks it
/// (hop by hop, into the trace, `Authorization` kept off other origins).
pub struct NativeTransport {
    http: reqwest::Client,
}

impl NativeTransport {
    pub fn new() -> Self {
        // Fails harmlessly when another test installed it first.
        let _ = rustls::crypto::ring::default_provider().install_default();
        NativeTransport {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(20))
                .build()
                .expect("a reqwest client builds"),
        }
    }
}

impl Transport for NativeTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Head => reqwest::Method::HEAD,
        };
        let mut builder = self.http.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .bytes()
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?
            .to_vec();
        Ok(Response {
            status,
            headers,
            body,
            path: "direct".into(),
        })
    }
}

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

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
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
