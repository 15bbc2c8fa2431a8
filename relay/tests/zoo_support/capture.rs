//! A loopback server standing in front of a zoo host: it records each request it received
//! (method, path and query, whether `Authorization` came) and forwards it to the zoo,
//! answering what the zoo answered. What a host received, seen from the host's side.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;

/// One request the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// `GET` or `HEAD`.
    pub method: String,
    /// Path and query.
    pub target: String,
    /// True when it carried `Authorization`.
    pub authorization: bool,
}

#[derive(Clone)]
struct Shared {
    upstream: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    http: reqwest::Client,
}

/// A running capture server.
pub struct Capture {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Capture {
    /// Starts a server forwarding to `upstream` (`http://host:port`).
    pub async fn forwarding(upstream: &str) -> Capture {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            upstream: upstream.to_string(),
            seen: seen.clone(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a reqwest client builds"),
        };
        let router = Router::new().fallback(forward).with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address: SocketAddr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Capture {
            base: format!("http://{address}"),
            seen,
        }
    }

    /// Everything received so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

async fn forward(State(shared): State<Shared>, request: Request) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or("/".to_string(), |p| p.to_string());
    shared
        .seen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Seen {
            method: request.method().to_string(),
            target: target.clone(),
            authorization: request.headers().contains_key("authorization"),
        });
    let mut outgoing = shared.http.request(
        request.method().clone(),
        format!("{}{target}", shared.upstream),
    );
    for (name, value) in request.headers() {
        if name != "host" {
            outgoing = outgoing.header(name, value);
        }
    }
    let Ok(upstream) = outgoing.send().await else {
        return failed();
    };
    let status =
        StatusCode::from_u16(upstream.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let headers = upstream.headers().clone();
    let Ok(body) = upstream.bytes().await else {
        return failed();
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    for (name, value) in &headers {
        if name != "transfer-encoding" && name != "connection" {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

fn failed() -> Response {
    let mut response = Response::new(Body::from("the capture server could not forward"));
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response
}
