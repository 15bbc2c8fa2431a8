//! The transport of server-side rendering: each request goes through the relay's own
//! `/relay` handler in process, so the prerendered flow obeys exactly the policy, limits, rate
//! and logs of relayed requests, charged to the client whose page is being rendered.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderName, HeaderValue, Method as HttpMethod, Request as HttpRequest};
use regscope_core::contract::{PlainHttpHosts, RELAY_ERROR_HEADER, RelayErrorBody, relay_url};
use regscope_core::{Method, Request, Response, Transport, TransportError};

use crate::relay::{self, RelayState};

/// Sends requests through the relay handler, as if the page at `client` had.
#[derive(Debug, Clone)]
pub struct InProcess {
    state: Arc<RelayState>,
    client: Option<ConnectInfo<SocketAddr>>,
    body_cap: usize,
}

impl InProcess {
    /// Requests on behalf of `client`, reading at most `body_cap` bytes of each answer.
    pub fn new(
        state: Arc<RelayState>,
        client: Option<ConnectInfo<SocketAddr>>,
        body_cap: usize,
    ) -> Self {
        InProcess {
            state,
            client,
            body_cap,
        }
    }

    fn http_request(&self, request: &Request) -> Result<HttpRequest<Body>, TransportError> {
        let method = match request.method {
            Method::Get => HttpMethod::GET,
            Method::Head => HttpMethod::HEAD,
        };
        let mut built = HttpRequest::builder()
            .method(method)
            .uri(relay_url("", &request.url))
            .body(Body::empty())
            .map_err(|e| TransportError::Network(e.to_string()))?;
        for (name, value) in &request.headers {
            let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) else {
                return Err(TransportError::Network(format!(
                    "the request header {name} cannot be sent"
                )));
            };
            built.headers_mut().append(name, value);
        }
        if let Some(client) = self.client {
            built.extensions_mut().insert(client);
        }
        Ok(built)
    }
}

impl Transport for InProcess {
    fn plain_http(&self) -> PlainHttpHosts {
        PlainHttpHosts::parse(&self.state.policy.insecure().plain_http_content())
    }

    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let http = self.http_request(&request)?;
        let answer = relay::handle(State(self.state.clone()), http).await;
        let (parts, body) = answer.into_parts();
        let body = axum::body::to_bytes(body, self.body_cap)
            .await
            .map_err(|_| TransportError::TooLarge {
                limit: self.body_cap as u64,
            })?;
        if let Some(kind) = parts.headers.get(RELAY_ERROR_HEADER) {
            return Err(TransportError::Relay {
                kind: kind.to_str().unwrap_or("unknown").to_string(),
                message: RelayErrorBody::message_of(&body),
            });
        }
        let headers = parts
            .headers
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
            .collect();
        Ok(Response {
            status: parts.status.as_u16(),
            headers,
            body: if request.method == Method::Head {
                Vec::new()
            } else {
                body.to_vec()
            },
            path: "relay".into(),
        })
    }
}
