//! What the registry tests run against: the running registry stack's token-auth registry,
//! seeded with the `supply/*` images by `tests/stack/up`, and a plain reqwest transport for
//! the core's client.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use regscope_core::{Client, Method, Request, Response, Transport, TransportError};
use serde_json::Value;

/// The test key's public half, as a user would paste it (TEST-ONLY key).
pub const COSIGN_TEST_PUBLIC_KEY: &str =
    include_str!("../../../tests/stack/src/seed/supply/cosign-test-key.pub");

/// The registry the tests read: the running stack's token-auth registry, which
/// `tests/stack/up` seeds with the `supply/*` images (their payloads name this host).
pub const REGISTRY: &str = regscope_stack::facts::REGISTRY;

/// The stack's seeded list (`seeded.json`), one JSON row per reference.
pub fn seeded_rows() -> Vec<Value> {
    let path = regscope_stack::facts::stack_dir().join("seeded.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (start the registry stack: tests/stack/up)",
            path.display()
        )
    });
    serde_json::from_slice(&bytes).expect("seeded JSON")
}

/// The digest seeded for `repository:tag`.
pub fn digest_of(rows: &[Value], repository: &str, tag: &str) -> String {
    rows.iter()
        .find(|r| r["repository"] == repository && r["tag"] == tag)
        .and_then(|r| r["digest"].as_str())
        .unwrap_or_else(|| panic!("{repository}:{tag} was not seeded"))
        .to_string()
}

/// Plain HTTP over reqwest.
pub struct NativeTransport(reqwest::Client);

impl Transport for NativeTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Head => reqwest::Method::HEAD,
        };
        let mut builder = self.0.request(method, &request.url);
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

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A client over plain HTTP.
pub fn client() -> Client<NativeTransport> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("a reqwest client");
    Client::new(NativeTransport(http), now_ms)
}
