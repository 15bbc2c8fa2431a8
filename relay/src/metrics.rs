//! `/metrics` in the Prometheus text format, written by hand (a few counters need no library):
//! requests by kind and outcome, the time until a relayed answer's head was ready, bytes
//! relayed, requests in flight, and shared-link renders by outcome.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use regscope_core::contract::{RELAY_ERROR_HEADER, RELAY_PATH, SERVER_VIEW_ID};

/// Upper bounds (seconds) of the relay latency histogram's buckets (`+Inf` follows).
pub const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The Content-Type of the exposition.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The kind of a request, a label of `regscope_relay_requests_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `/relay`.
    Relay,
    /// The app's page (`/`, `/index.html`) without a shared link to render.
    Page,
    /// `/` with a shared link (`?image=` or `?registry=`), rendered on the server.
    Render,
    /// A shared link answered as JSON (`Accept: application/json` or `format=json`): not a
    /// render, so not in `regscope_relay_renders_total`.
    Json,
    /// Every other file of the app.
    Static,
}

impl Kind {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relay => "relay",
            Self::Page => "page",
            Self::Render => "render",
            Self::Json => "json",
            Self::Static => "static",
        }
    }

    /// The kind of a request for `path` with `query`; `None` for the probes and `/metrics`.
    pub fn of(path: &str, query: Option<&str>, prerender: bool) -> Option<Self> {
        if crate::guard::OPEN_PATHS.contains(&path) {
            return None;
        }
        if path == RELAY_PATH {
            return Some(Self::Relay);
        }
        if path == "/" || path == "/index.html" {
            let shared = query.unwrap_or("").split('&').any(|pair| {
                let key = pair.split('=').next().unwrap_or("");
                key == "image" || key == "registry"
            });
            return Some(if shared && prerender && path == "/" {
                Self::Render
            } else {
                Self::Page
            });
        }
        Some(Self::Static)
    }
}

/// Every counter, shared by the middleware and `/metrics`.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, String), u64>>,
    renders: Mutex<BTreeMap<&'static str, u64>>,
    latency_buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    latency_count: AtomicU64,
    latency_micros: AtomicU64,
    bytes_relayed: AtomicU64,
    in_flight: AtomicI64,
    prerender: bool,
}

impl Metrics {
    /// Empty counters; `prerender` says whether `/?image=…` is rendered on the server.
    pub fn new(prerender: bool) -> Self {
        Self {
            prerender,
            ..Self::default()
        }
    }

    /// Counts one finished request of `kind` with `outcome`.
    pub fn count(&self, kind: Kind, outcome: &str) {
        if let Ok(mut map) = self.requests.lock() {
            *map.entry((kind.as_str(), outcome.to_owned())).or_default() += 1;
        }
    }

    /// Counts one render that ended `outcome` (`rendered`, or `bare` when sent without a view).
    pub fn count_render(&self, outcome: &'static str) {
        if let Ok(mut map) = self.renders.lock() {
            *map.entry(outcome).or_default() += 1;
        }
    }

    /// Records the time until a relayed answer's head was ready.
    pub fn observe_latency(&self, seconds: f64) {
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.latency_buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        let micros = (seconds * 1e6).clamp(0.0, u64::MAX as f64) as u64;
        self.latency_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP regscope_relay_requests_total Requests answered, by kind (relay, page, static, render) and outcome (ok, a relay error kind, client-error, server-error).\n");
        out.push_str("# TYPE regscope_relay_requests_total counter\n");
        if let Ok(map) = self.requests.lock() {
            for ((kind, outcome), n) in map.iter() {
                let _ = writeln!(
                    out,
                    "regscope_relay_requests_total{{kind=\"{kind}\",outcome=\"{}\"}} {n}",
                    escape(outcome)
                );
            }
        }
        out.push_str("# HELP regscope_relay_upstream_seconds Time until a relayed answer's head was ready (policy, connect, upstream first byte).\n");
        out.push_str("# TYPE regscope_relay_upstream_seconds histogram\n");
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.latency_buckets) {
            let _ = writeln!(
                out,
                "regscope_relay_upstream_seconds_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "regscope_relay_upstream_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.latency_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "regscope_relay_upstream_seconds_sum {sum}");
        let _ = writeln!(out, "regscope_relay_upstream_seconds_count {count}");
        out.push_str("# HELP regscope_relay_bytes_relayed_total Body bytes of relayed answers sent to clients.\n");
        out.push_str("# TYPE regscope_relay_bytes_relayed_total counter\n");
        let _ = writeln!(
            out,
            "regscope_relay_bytes_relayed_total {}",
            self.bytes_relayed.load(Ordering::Relaxed)
        );
        out.push_str("# HELP regscope_relay_in_flight Requests being answered now (bodies still streaming included).\n");
        out.push_str("# TYPE regscope_relay_in_flight gauge\n");
        let _ = writeln!(
            out,
            "regscope_relay_in_flight {}",
            self.in_flight.load(Ordering::Relaxed).max(0)
        );
        out.push_str("# HELP regscope_relay_renders_total Shared-link pages rendered on the server, by outcome (rendered, bare).\n");
        out.push_str("# TYPE regscope_relay_renders_total counter\n");
        if let Ok(map) = self.renders.lock() {
            for (outcome, n) in map.iter() {
                let _ = writeln!(
                    out,
                    "regscope_relay_renders_total{{outcome=\"{outcome}\"}} {n}"
                );
            }
        }
        out
    }
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The outcome of an answer: the relay error kind it carries, else `ok` for a relayed answer
/// (whatever the registry's status) or a file below 400, else `client-error` or `server-error`.
fn outcome(kind: Kind, response: &Response) -> String {
    if let Some(kind) = response.headers().get(RELAY_ERROR_HEADER) {
        let kind = String::from_utf8_lossy(kind.as_bytes());
        return kind.chars().take(40).collect();
    }
    let status = response.status();
    if kind == Kind::Relay {
        "ok".to_owned()
    } else if status.is_server_error() {
        "server-error".to_owned()
    } else if status.is_client_error() {
        "client-error".to_owned()
    } else {
        "ok".to_owned()
    }
}

/// `GET /metrics`.
pub async fn handler(State(metrics): State<Arc<Metrics>>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))],
        metrics.render(),
    )
        .into_response()
}

/// Middleware: counts every request (but the probes), times relayed answers, and wraps the
/// body to count relayed bytes, keep the in-flight gauge until it ends, and tell renders apart.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let Some(kind) = Kind::of(
        request.uri().path(),
        request.uri().query(),
        metrics.prerender,
    ) else {
        return next.run(request).await;
    };
    metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let started = Instant::now();
    let response = next.run(request).await;
    let kind = match kind {
        Kind::Render if is_json(&response) => Kind::Json,
        other => other,
    };
    let outcome = outcome(kind, &response);
    if kind == Kind::Relay && outcome == "ok" {
        metrics.observe_latency(started.elapsed().as_secs_f64());
    }
    metrics.count(kind, &outcome);
    let (parts, body) = response.into_parts();
    let watched = Watched {
        inner: body.into_data_stream(),
        metrics,
        kind,
        seen: Vec::new(),
        rendered: false,
        done: false,
    };
    Response::from_parts(parts, Body::from_stream(watched))
}

/// Whether `response` is a JSON answer (a shared link asked for as JSON).
fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// A body that counts relayed bytes, looks for the server view in a render, and ends its
/// request's in-flight count when it ends or is dropped.
struct Watched {
    inner: axum::body::BodyDataStream,
    metrics: Arc<Metrics>,
    kind: Kind,
    /// The last bytes of a render's body (the marker may straddle two chunks).
    seen: Vec<u8>,
    rendered: bool,
    done: bool,
}

impl Watched {
    fn look_for_view(&mut self, chunk: &Bytes) {
        if self.kind != Kind::Render || self.rendered {
            return;
        }
        let marker = format!("id=\"{SERVER_VIEW_ID}\"");
        self.seen.extend_from_slice(chunk);
        if self
            .seen
            .windows(marker.len())
            .any(|w| w == marker.as_bytes())
        {
            self.rendered = true;
            self.seen.clear();
        } else {
            let keep = self.seen.len().saturating_sub(marker.len());
            self.seen.drain(..keep);
        }
    }

    fn finish(&mut self) {
        if self.done {
            return;
        }
        self.done = true;
        self.metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
        if self.kind == Kind::Render {
            self.metrics
                .count_render(if self.rendered { "rendered" } else { "bare" });
        }
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Stream for Watched {
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_next(cx);
        match &polled {
            Poll::Ready(Some(Ok(data))) => {
                if this.kind == Kind::Relay {
                    this.metrics
                        .bytes_relayed
                        .fetch_add(data.len() as u64, Ordering::Relaxed);
                }
                let data = data.clone();
                this.look_for_view(&data);
            }
            Poll::Ready(None) | Poll::Ready(Some(Err(_))) => this.finish(),
            Poll::Pending => {}
        }
        polled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_path_and_query() {
        assert_eq!(Kind::of("/relay", Some("url=x"), true), Some(Kind::Relay));
        assert_eq!(Kind::of("/", None, true), Some(Kind::Page));
        assert_eq!(Kind::of("/", Some("image=a/b:1"), true), Some(Kind::Render));
        assert_eq!(
            Kind::of("/", Some("x=1&registry=r"), true),
            Some(Kind::Render)
        );
        assert_eq!(Kind::of("/", Some("image=a/b:1"), false), Some(Kind::Page));
        assert_eq!(Kind::of("/", Some("images=1"), true), Some(Kind::Page));
        assert_eq!(Kind::of("/app.wasm", None, true), Some(Kind::Static));
        assert_eq!(Kind::of("/healthz", None, true), None);
        assert_eq!(Kind::of("/metrics", None, true), None);
    }

    #[test]
    fn exposition_is_prometheus_text() {
        let metrics = Metrics::new(true);
        metrics.count(Kind::Relay, "ok");
        metrics.count(Kind::Relay, "ok");
        metrics.count(Kind::Relay, "refused-\"target\"");
        metrics.count_render("bare");
        metrics.observe_latency(0.02);
        metrics.observe_latency(30.0);
        let text = metrics.render();
        assert!(text.contains("regscope_relay_requests_total{kind=\"relay\",outcome=\"ok\"} 2\n"));
        assert!(
            text.contains("outcome=\"refused-\\\"target\\\"\"} 1\n"),
            "{text}"
        );
        assert!(text.contains("regscope_relay_upstream_seconds_bucket{le=\"0.01\"} 0\n"));
        assert!(text.contains("regscope_relay_upstream_seconds_bucket{le=\"0.025\"} 1\n"));
        assert!(text.contains("regscope_relay_upstream_seconds_bucket{le=\"10\"} 1\n"));
        assert!(text.contains("regscope_relay_upstream_seconds_bucket{le=\"+Inf\"} 2\n"));
        assert!(text.contains("regscope_relay_upstream_seconds_count 2\n"));
        assert!(text.contains("regscope_relay_renders_total{outcome=\"bare\"} 1\n"));
        assert!(text.contains("regscope_relay_in_flight 0\n"));
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let value = line.rsplit(' ').next().unwrap_or("");
            assert!(value.parse::<f64>().is_ok(), "{line}");
        }
    }
}
