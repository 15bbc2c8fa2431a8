//! Server-side rendering of shared links: `GET /?image=…` answers with the app's HTML whose
//! body already holds the view, rendered by the app's own components from a flow the relay ran
//! (through its own `/relay` policy), plus the recorded exchanges for the app to reuse.
//!
//! The head of the page is sent at once, so the browser fetches the app while the relay works;
//! the body follows when the view is rendered, or bare after [`Prerender::budget`] (`--prerender-budget`). Every other
//! request, and every page without `image` or `registry` (a registry or repository to browse,
//! whose exchanges go under the lazy module's id), is served as a plain file.
//!
//! The same link asked for JSON (`Accept: application/json` preferred over `text/html`, or
//! `&format=json`; see [`negotiate`]) answers the view as the contract's
//! [`ViewJson`](regscope_core::contract::ViewJson), from the same flow, slots and budget.

mod in_process;
mod json;
pub mod negotiate;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use regscope::prerender::{LAZY_PREFETCH_ID, Rendered, render_pinned};
use regscope_core::contract::{SERVER_VIEW_ID, ViewQuery};
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::assets::{Site, add_common_headers};
use crate::relay::RelayState;
pub use in_process::{Cancel, CancelOnDrop, InProcess};
use negotiate::Wanted;

/// How many pages may be rendered at once (more are sent without a view).
pub const MAX_CONCURRENT: usize = 16;
/// The largest answer the prerendered flow reads (a config or manifest; blobs are not read).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// What the page handler needs.
#[derive(Debug)]
pub struct Prerender {
    /// The relay, through which the flow's requests go.
    pub relay: Arc<RelayState>,
    /// The app's files.
    pub site: Arc<Site>,
    /// The router serving every file (used for everything that is not prerendered).
    pub files: axum::Router,
    /// Render slots.
    pub slots: Arc<Semaphore>,
    /// How long a view may take.
    pub budget: Duration,
}

/// Whether the view is of an image read from a file in a browser (a registry under `.invalid`,
/// see the app's `local_image`): the server cannot have it, so the app renders the view itself.
fn from_a_file(query: &ViewQuery) -> bool {
    let host = query
        .image
        .as_deref()
        .and_then(|i| i.trim().split('/').next());
    host.and_then(|h| h.split(':').next())
        .is_some_and(|h| h.to_ascii_lowercase().ends_with(".invalid"))
}

/// `GET /`: the app's page, with the view of `?image=` rendered in when there is one.
pub async fn page(State(prerender): State<Arc<Prerender>>, request: Request) -> Response {
    let query = ViewQuery::parse(request.uri().query().unwrap_or(""));
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied();
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    if request.method() == Method::GET && negotiate::wanted(&query, accept) == Wanted::Json {
        return json::answer(&prerender, query, client).await;
    }
    let wanted = request.method() == Method::GET
        && (query.image.is_some() || query.registry.is_some())
        && !from_a_file(&query);
    let slot = prerender.slots.clone().try_acquire_owned().ok();
    let (true, Some(slot), Some((html, policy))) =
        (wanted, slot, prerender.site.index_page().await)
    else {
        return files(&prerender, request).await;
    };
    let Some((head, tail)) = split_after_body_tag(&html) else {
        return files(&prerender, request).await;
    };
    let relay = prerender.relay.clone();
    let cancel = Arc::new(Cancel::default());
    let stop = CancelOnDrop(cancel.clone());
    let make_transport =
        move || InProcess::new(relay.clone(), client, MAX_BODY_BYTES).with_cancel(cancel.clone());
    let budget = prerender.budget;
    let tail = tail.to_vec();
    let rest = async move {
        // The render runs on its own thread: when the page goes out (bare after the budget)
        // or its client leaves, dropping `stop` ends the flow's requests.
        let _stop = stop;
        let rendered = tokio::time::timeout(budget, render_pinned(make_transport, query))
            .await
            .ok()
            .flatten();
        drop(slot);
        Ok::<Bytes, Infallible>(Bytes::from(body_rest(rendered.as_ref(), &tail)))
    };
    let head = futures_util::stream::once(std::future::ready(Ok::<Bytes, Infallible>(
        Bytes::from(head.to_vec()),
    )));
    let body = Body::from_stream(head.chain(futures_util::stream::once(rest)));
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // The recorded exchanges hold an anonymous pull token: the page is for this client only.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The same link answers JSON to a client that prefers it.
    headers.insert(header::VARY, HeaderValue::from_static("accept"));
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    add_common_headers(&mut headers);
    (headers, body).into_response()
}

async fn files(prerender: &Prerender, request: Request) -> Response {
    match prerender.files.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The page up to and including `<body…>`, and the rest; `None` when it has no body tag.
fn split_after_body_tag(html: &[u8]) -> Option<(&[u8], &[u8])> {
    let start = html
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<body"))?;
    let end = start + html[start..].iter().position(|&b| b == b'>')? + 1;
    Some(html.split_at(end))
}

/// The rest of the page: the rendered view and its exchanges (when there are; a lazily loaded
/// tab body's under their own id), then `tail`.
fn body_rest(rendered: Option<&Rendered>, tail: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(rendered) = rendered {
        out.extend_from_slice(format!("<div id=\"{SERVER_VIEW_ID}\">").as_bytes());
        out.extend_from_slice(rendered.markup.as_bytes());
        out.extend_from_slice(
            format!(
                "</div><script type=\"application/json\" id=\"{}\">",
                rendered.prefetch_id
            )
            .as_bytes(),
        );
        out.extend_from_slice(rendered.recording_json.as_bytes());
        out.extend_from_slice(b"</script>");
        if let Some(lazy) = &rendered.lazy_recording_json {
            out.extend_from_slice(
                format!("<script type=\"application/json\" id=\"{LAZY_PREFETCH_ID}\">").as_bytes(),
            );
            out.extend_from_slice(lazy.as_bytes());
            out.extend_from_slice(b"</script>");
        }
    }
    out.extend_from_slice(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regscope_core::contract::PREFETCH_ID;

    #[test]
    fn views_of_files_are_left_to_the_app() {
        let view = |q: &str| from_a_file(&ViewQuery::parse(q));
        assert!(view("image=file.invalid/app.tar/example.com/app:1.0"));
        assert!(view("image=FILE.INVALID:5000/a:1"));
        assert!(!view("image=127.0.0.1:5000/library/alpine:latest"));
        assert!(!view("image=invalid/app:1"));
        assert!(!view("registry=file.invalid"));
    }

    #[test]
    fn splits_after_the_body_tag() {
        let html = b"<html><head></head><BODY class=x></body></html>";
        let (head, tail) = split_after_body_tag(html).expect("has a body");
        assert_eq!(head, b"<html><head></head><BODY class=x>");
        assert_eq!(tail, b"</body></html>");
        assert!(split_after_body_tag(b"<html></html>").is_none());
        assert!(split_after_body_tag(b"<body").is_none());
    }

    #[test]
    fn places_the_view_before_the_tail() {
        let rendered = Rendered {
            markup: "<main>m</main>".into(),
            recording_json: "{\"entries\":[]}".into(),
            prefetch_id: PREFETCH_ID,
            lazy_recording_json: None,
        };
        let page = String::from_utf8(body_rest(Some(&rendered), b"</body>")).expect("utf-8");
        assert_eq!(
            page,
            format!(
                "<div id=\"{SERVER_VIEW_ID}\"><main>m</main></div><script type=\"application/json\" id=\"{PREFETCH_ID}\">{{\"entries\":[]}}</script></body>"
            )
        );
        assert_eq!(body_rest(None, b"</body>"), b"</body>");
        let with_lazy = Rendered {
            lazy_recording_json: Some("{\"entries\":[1]}".into()),
            ..rendered
        };
        let page = String::from_utf8(body_rest(Some(&with_lazy), b"")).expect("utf-8");
        assert!(page.ends_with(&format!(
            "<script type=\"application/json\" id=\"{LAZY_PREFETCH_ID}\">{{\"entries\":[1]}}</script>"
        )));
    }
}
