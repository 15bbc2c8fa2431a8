//! Support for the tests against the zoo (the stack's emulated public registries): a relay on
//! a real loopback socket whose `--map-host` mappings point every real host name at the zoo
//! (or, for one host, at a capture server in front of it), the app's relay path as a core
//! [`Transport`], and capture servers recording which requests carried `Authorization`.

#![allow(dead_code)]

pub use regscope_stack::capture;

use std::net::SocketAddr;
use std::time::Duration;

use regscope_core::contract::{PlainHttpHosts, RELAY_ERROR_HEADER, RelayErrorBody, relay_url};
use regscope_core::{Client, Method, Request, Response, Transport, TransportError};
use regscope_relay::policy::hostmap::HostMapping;
use regscope_relay::{Config, Limits, app};
use regscope_stack::zoo_map::zoo_bases;

pub use regscope_stack::zoo_map::{has_authorization, zoo_base as zoo};

/// Every zoo host mapped as `regscope-stack facts --map-hosts` prints, with `overrides`
/// (host, base) replacing some.
pub fn zoo_mappings(overrides: &[(&str, &str)]) -> Vec<HostMapping> {
    zoo_bases(overrides)
        .into_iter()
        .map(|(host, base)| format!("{host}={base}").parse().expect("a host mapping"))
        .collect()
}

/// A relay config for the zoo: the mappings, loopback insecure (the zoo is plain http on
/// 127.0.0.1), and a rate limit these tests cannot hit.
pub fn zoo_config(overrides: &[(&str, &str)]) -> Config {
    Config {
        insecure_registries: vec!["127.0.0.1".parse().expect("entry")],
        host_mappings: zoo_mappings(overrides),
        limits: Limits {
            rate_per_sec: 10_000.0,
            rate_burst: 10_000.0,
            ..Limits::default()
        },
        prerender: false,
        ..Config::default()
    }
}

/// Serves the relay for `config` on 127.0.0.1:0; returns its base URL.
pub async fn start_relay(config: Config) -> String {
    let router = app(config).expect("the relay builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    format!("http://{address}")
}

/// The app's relay path: every request to `/relay?url=…` on a real socket, the relay's own
/// errors as [`TransportError::Relay`], every other answer as it came (with the walk headers).
pub struct RelayTransport {
    relay: String,
    http: reqwest::Client,
    plain_http: PlainHttpHosts,
}

impl RelayTransport {
    /// Through the relay at `relay` (`http://host:port`).
    pub fn new(relay: &str) -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        RelayTransport {
            relay: relay.to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .expect("a reqwest client builds"),
            plain_http: PlainHttpHosts::default(),
        }
    }

    /// The same, asking `plain_http` over `http://` (the list the app reads from the page).
    pub fn with_plain_http(mut self, plain_http: PlainHttpHosts) -> Self {
        self.plain_http = plain_http;
        self
    }
}

impl Transport for RelayTransport {
    fn plain_http(&self) -> PlainHttpHosts {
        self.plain_http.clone()
    }

    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Head => reqwest::Method::HEAD,
        };
        let mut builder = self
            .http
            .request(method, relay_url(&self.relay, &request.url));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let answer = builder
            .send()
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?;
        let status = answer.status().as_u16();
        let headers: Vec<(String, String)> = answer
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let body = answer
            .bytes()
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?
            .to_vec();
        if let Some((_, kind)) = headers.iter().find(|(n, _)| n == RELAY_ERROR_HEADER) {
            return Err(TransportError::Relay {
                kind: kind.clone(),
                message: RelayErrorBody::message_of(&body),
            });
        }
        Ok(Response {
            status,
            headers,
            body,
            path: "relay".into(),
        })
    }
}

/// A client whose every request goes through the relay at `relay`.
pub fn client(relay: &str) -> Client<RelayTransport> {
    Client::new(RelayTransport::new(relay), || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    })
}

/// The seeded row of `repository:tag`; panics with the fix when the stack is down.
pub fn seeded(repository: &str, tag: &str) -> regscope_stack::facts::Seeded {
    regscope_stack::zoo_map::seeded_row(repository, tag)
}
