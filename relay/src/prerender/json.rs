//! A shared link answered as JSON ([`ViewJson`]): the same flow the page runs on the server,
//! through the same in-process transport (the relay's policy, limits and rate limit, charged
//! to the client asking), in one of the same render slots and within the same budget.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use regscope_core::contract::{ViewJson, ViewQuery};
use regscope_core::{Client, inspect_view};

use super::{InProcess, MAX_BODY_BYTES, Prerender};
use crate::assets::add_common_headers;

/// `GET /?image=…` answered as JSON for `client`.
pub async fn answer(
    prerender: &Prerender,
    query: ViewQuery,
    client: Option<ConnectInfo<SocketAddr>>,
) -> Response {
    let Some(image) = query.image.filter(|i| !i.trim().is_empty()) else {
        let view = ViewJson::failed(
            "",
            "no-image",
            "No image named",
            "the link names no image (?image=…); only an image's view answers JSON",
            400,
        );
        return respond(&view);
    };
    let Ok(slot) = prerender.slots.clone().try_acquire_owned() else {
        let view = ViewJson::failed(
            &image,
            "overloaded",
            "The relay is busy",
            "the relay is rendering as many views as it may; try again in a moment",
            503,
        );
        return respond(&view);
    };
    let relay = prerender.relay.clone();
    let budget = prerender.budget;
    let platform = query.platform;
    let given = image.clone();
    // The flow is not `Send` (the client keeps its caches in cells): it runs on a blocking
    // thread, driven by this runtime's handle.
    let handle = tokio::runtime::Handle::current();
    let joined = tokio::task::spawn_blocking(move || {
        handle.block_on(async move {
            let client = Client::new(InProcess::new(relay, client, MAX_BODY_BYTES), now_ms);
            let flow = inspect_view(&client, &image, platform.as_deref());
            let outcome = tokio::time::timeout(budget, flow).await.ok()?;
            Some(ViewJson::from_outcome(&image, &outcome))
        })
    })
    .await;
    drop(slot);
    let view = match joined {
        Ok(Some(view)) => view,
        Ok(None) => ViewJson::failed(
            &given,
            "timeout",
            "Timed out",
            &format!(
                "the view took longer than the relay's budget ({})",
                millis(budget)
            ),
            504,
        ),
        Err(_) => ViewJson::failed(
            &given,
            "relay",
            "The relay failed",
            "the view's flow failed in the relay",
            500,
        ),
    };
    respond(&view)
}

/// The answer for `view`: its status, the JSON, and the page's headers (no caching: the
/// answer reflects the registry now).
fn respond(view: &ViewJson) -> Response {
    let status = StatusCode::from_u16(view.status()).unwrap_or(StatusCode::BAD_GATEWAY);
    let body = serde_json::to_vec_pretty(view).unwrap_or_else(|_| b"{}".to_vec());
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::VARY, HeaderValue::from_static("accept"));
    add_common_headers(&mut headers);
    (status, headers, body).into_response()
}

fn millis(duration: Duration) -> String {
    format!("{} ms", duration.as_millis())
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
