//! Turning the stack registry's answers into the emulated registry's: kept headers, body
//! bytes unchanged, no CORS headers.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use super::super::errors;
use super::super::upstream::Fetched;

/// The stack registry's answer as it is (kept headers, same status and bytes).
pub fn relayed(fetched: &Fetched) -> Response {
    let mut response = Response::new(Body::from(fetched.body.clone()));
    *response.status_mut() = fetched.status;
    for (name, value) in &fetched.headers {
        response.headers_mut().insert(name, value.clone());
    }
    response
}

/// A JSON list body (`{"name":…,"tags":[…]}` or `{"repositories":[…]}`) with an optional
/// `Link` header.
pub fn list<T: Serialize>(value: &T, link: Option<String>) -> Response {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut response = errors::with_type(StatusCode::OK, format!("{text}\n"), errors::JSON);
    if let Some(value) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LINK, value);
    }
    response
}
