//! One line per request on standard output: `TIME HOST METHOD PATH?QUERY STATUS`, the host
//! being the real name the port stands for (never a header value, so no credentials).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Axum middleware that logs every request of the host `host`.
pub async fn requests(State(host): State<&'static str>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let target = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    let response = next.run(request).await;
    println!(
        "{} {host} {method} {target} {}",
        crate::clock::rfc3339(crate::clock::unix_now()),
        response.status().as_u16()
    );
    response
}
