//! The core's [`Transport`] over reqwest, for the test suites that drive the core's client
//! against the stack natively (the core's and the supply-chain engine's): redirects come back
//! as they were sent, so the core walks them itself (hop by hop, into the trace,
//! `Authorization` kept off other origins), exactly as in the browser.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use regscope_core::{Client, Method, Request, Response, Transport, TransportError};

/// reqwest, following no redirect, with a whole-request timeout.
pub struct NativeTransport {
    http: reqwest::Client,
}

impl NativeTransport {
    /// A transport whose requests give up after 20 s.
    pub fn new() -> Self {
        Self::with_timeout(Duration::from_secs(20))
    }

    /// A transport whose requests give up after `timeout`.
    pub fn with_timeout(timeout: Duration) -> Self {
        // A workspace build unifies reqwest with the relay's rustls-no-provider feature: pick
        // the provider first (fails harmlessly when another test installed it).
        let _ = rustls::crypto::ring::default_provider().install_default();
        NativeTransport {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(timeout)
                .build()
                .expect("a reqwest client builds"),
        }
    }
}

impl Default for NativeTransport {
    fn default() -> Self {
        Self::new()
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
        let network = |e: reqwest::Error| TransportError::Network(e.to_string());
        let response = builder.send().await.map_err(network)?;
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
        let body = response.bytes().await.map_err(network)?.to_vec();
        Ok(Response {
            status,
            headers,
            body,
            path: "direct".into(),
        })
    }
}

/// Milliseconds since the Unix epoch: the clock the core's client is given.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The core's client over a [`NativeTransport`] whose requests give up after `timeout`.
pub fn native_client(timeout: Duration) -> Client<NativeTransport> {
    Client::new(NativeTransport::with_timeout(timeout), now_ms)
}
