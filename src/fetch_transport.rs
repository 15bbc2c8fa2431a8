//! The browser's [`Transport`]: fetch through the relay (same origin by default).
//!
//! The relay answers its own failures with `X-Regscope-Relay-Error` and a JSON body; those
//! become [`TransportError::Relay`] so the page can tell them from the registry's answers.

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use regscope_core::token::percent_encode;
use regscope_core::{Method, Request, Response, Transport, TransportError};

/// Largest body the page reads (manifests, configs, tokens are far smaller).
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// Sends registry requests through the relay at `relay_base` (empty: this page's origin).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchTransport {
    relay_base: String,
}

impl FetchTransport {
    /// A transport through the relay at `relay_base` (`""` for the page's own origin).
    pub fn via_relay(relay_base: impl Into<String>) -> Self {
        FetchTransport {
            relay_base: relay_base.into(),
        }
    }

    fn relay_url(&self, target: &str) -> String {
        format!("{}/relay?url={}", self.relay_base, percent_encode(target))
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => HttpMethod::GET,
            Method::Head => HttpMethod::HEAD,
        };
        let mut builder = RequestBuilder::new(&self.relay_url(&request.url)).method(method);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?;
        let headers: Vec<(String, String)> = response.headers().entries().collect();
        if let Some(kind) = response.headers().get("x-regscope-relay-error") {
            let body = response.text().await.unwrap_or_default();
            return Err(TransportError::Relay {
                kind,
                message: relay_message(&body),
            });
        }
        let announced = response
            .headers()
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok());
        if announced.is_some_and(|n| n > MAX_BODY_BYTES) {
            return Err(TransportError::TooLarge {
                limit: MAX_BODY_BYTES,
            });
        }
        let body = if request.method == Method::Head {
            Vec::new()
        } else {
            response
                .binary()
                .await
                .map_err(|e| TransportError::Network(e.to_string()))?
        };
        Ok(Response {
            status: response.status(),
            headers,
            body,
            path: "relay".into(),
        })
    }
}

/// The sentence of a relay error body `{"relay_error":{"kind","message"}}`.
fn relay_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["relay_error"]["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| "the relay gave no reason".into())
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}
