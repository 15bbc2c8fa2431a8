//! A loopback server that records what it received (method, path and query, whether
//! `Authorization` came) and then either forwards the request to a real upstream (a zoo host,
//! a stack registry) or answers a redirect: the way the core's and the relay's tests check on
//! the server side which requests carried credentials, and make the redirect faults no real
//! registry makes.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
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

/// What to do with the `n`th request (from 0) for a path and query.
pub enum Reply {
    /// Send it on to `base` (`http://host:port`) and answer what came back, redirects as they are.
    Forward(String),
    /// Answer this status with this `Location`.
    Redirect(u16, String),
}

type Rule = dyn Fn(usize, &str) -> Reply + Send + Sync;

#[derive(Clone)]
struct Shared {
    seen: Arc<Mutex<Vec<Seen>>>,
    rule: Arc<Rule>,
    http: reqwest::Client,
}

/// A running capture server.
pub struct Capture {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Capture {
    /// Starts a server answering by `rule`.
    pub async fn start(rule: impl Fn(usize, &str) -> Reply + Send + Sync + 'static) -> Capture {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            seen: seen.clone(),
            rule: Arc::new(rule),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a reqwest client builds"),
        };
        let router = Router::new().fallback(answer).with_state(shared);
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

    /// A server forwarding everything to `upstream` (`http://host:port`).
    pub async fn forwarding(upstream: &str) -> Capture {
        let upstream = upstream.to_string();
        Capture::start(move |_, _| Reply::Forward(upstream.clone())).await
    }

    /// Everything received so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

async fn answer(State(shared): State<Shared>, request: Request) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or("/".to_string(), |p| p.to_string());
    let visit = {
        let mut seen = shared.seen.lock().unwrap_or_else(|e| e.into_inner());
        let visit = seen.iter().filter(|s| s.target == target).count();
        seen.push(Seen {
            method: request.method().to_string(),
            target: target.clone(),
            authorization: request.headers().contains_key("authorization"),
        });
        visit
    };
    match (shared.rule)(visit, &target) {
        Reply::Redirect(status, location) => Response::builder()
            .status(status)
            .header("location", location)
            .body(Body::empty())
            .unwrap_or_default(),
        Reply::Forward(base) => forward(&shared.http, &base, &target, request).await,
    }
}

async fn forward(http: &reqwest::Client, base: &str, target: &str, request: Request) -> Response {
    let mut outgoing = http.request(request.method().clone(), format!("{base}{target}"));
    for (name, value) in request.headers() {
        if name != "host" {
            outgoing = outgoing.header(name, value);
        }
    }
    let Ok(upstream) = outgoing.send().await else {
        return bad_gateway();
    };
    let status = upstream.status().as_u16();
    let headers: Vec<(HeaderName, HeaderValue)> = upstream
        .headers()
        .iter()
        .filter(|(name, _)| *name != "transfer-encoding" && *name != "connection")
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    let Ok(body) = upstream.bytes().await else {
        return bad_gateway();
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    for (name, value) in headers {
        response.headers_mut().append(name, value);
    }
    response
}

fn bad_gateway() -> Response {
    let mut response = Response::new(Body::from("the capture server could not forward"));
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response
}
