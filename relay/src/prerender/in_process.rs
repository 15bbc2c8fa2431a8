//! The transport of server-side rendering: each request goes through the relay's own
//! `/relay` handler in process, so the prerendered flow obeys exactly the policy, limits, rate
//! and logs of relayed requests, charged to the client whose page is being rendered.
//!
//! A render that ran out of its budget is [`Cancel`]led: its request in flight is dropped and
//! every later one fails at once, so the flow left running on its render thread sends nothing
//! more upstream after the page went out without its view.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderName, HeaderValue, Method as HttpMethod, Request as HttpRequest};
use regscope_core::contract::{PlainHttpHosts, RELAY_ERROR_HEADER, RelayErrorBody, relay_url};
use regscope_core::{Method, Request, Response, Transport, TransportError};

use tokio::sync::Notify;

use crate::relay::{self, RelayState};

/// A flag telling the transports of one render to stop.
#[derive(Debug, Default)]
pub struct Cancel {
    cancelled: AtomicBool,
    notify: Notify,
}

impl Cancel {
    /// Stops the render: requests in flight are dropped, later ones fail.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// True once [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// Completes when the render is cancelled.
    async fn cancelled(&self) {
        loop {
            let notified = self.notify.notified();
            let mut notified = std::pin::pin!(notified);
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// Cancels its render when dropped (the page's body was sent, or its client went away).
#[derive(Debug)]
pub struct CancelOnDrop(pub Arc<Cancel>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Sends requests through the relay handler, as if the page at `client` had.
#[derive(Debug, Clone)]
pub struct InProcess {
    state: Arc<RelayState>,
    client: Option<ConnectInfo<SocketAddr>>,
    body_cap: usize,
    cancel: Arc<Cancel>,
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
            cancel: Arc::default(),
        }
    }

    /// The same transport, stopped by `cancel`.
    pub fn with_cancel(mut self, cancel: Arc<Cancel>) -> Self {
        self.cancel = cancel;
        self
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
        let stopped = || TransportError::Network("the render was cancelled".into());
        if self.cancel.is_cancelled() {
            return Err(stopped());
        }
        tokio::select! {
            answer = self.send_now(request) => answer,
            () = self.cancel.cancelled() => Err(stopped()),
        }
    }
}

impl InProcess {
    async fn send_now(&self, request: Request) -> Result<Response, TransportError> {
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
