//! Sends one relayed request upstream: forwarded headers, first-byte timeout, and the redirect
//! walk of [`super::redirects`] (each hop checked by the policy, `Authorization` only while
//! the walk stays on the first request's origin).

use axum::http::{HeaderName, HeaderValue, Method, header};
use regscope_core::contract::{Hop, RelayErrorKind};
use tokio::time::Instant;
use url::Url;

use crate::error::RelayError;
use crate::policy::{Destination, Target};
use crate::resolver;

use super::RelayState;
use super::certificate;
use super::redirects::Walk;

/// The upstream answer, the URL that gave it and the redirects before it.
pub struct Upstream {
    /// The response (headers received, body not yet read).
    pub response: reqwest::Response,
    /// The URL requested upstream for this answer (after host mapping).
    pub url: Url,
    /// The URL that gave this answer as the page would name it (before host mapping).
    pub final_url: Url,
    /// The redirects walked before it (empty when the target answered itself).
    pub hops: Vec<Hop>,
}

/// Sends `method` to `target` with `headers`, following redirects, until `deadline`.
pub async fn fetch(
    state: &RelayState,
    method: &Method,
    target: &Target,
    headers: &[(HeaderName, HeaderValue)],
    deadline: Instant,
) -> Result<Upstream, RelayError> {
    let mut walk = Walk::new(target);
    // Only redirect hops allocate: the first request goes to the target as it is.
    let mut hop: Option<Destination> = None;
    loop {
        let destination = hop.as_ref().unwrap_or(&target.destination);
        let response = send_once(
            state,
            method,
            destination,
            headers,
            walk.forward_auth() && !state.policy.is_blob_host(&destination.url),
            deadline,
        )
        .await
        .map_err(|error| walk.on_hop(error))?;
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok());
        match walk.next(&state.policy, response.status().as_u16(), location)? {
            Some(next) => hop = Some(next),
            None => {
                let url = match hop {
                    Some(destination) => destination.url,
                    None => target.destination.url.clone(),
                };
                let (final_url, hops) = walk.finish();
                return Ok(Upstream {
                    response,
                    url,
                    final_url,
                    hops,
                });
            }
        }
    }
}

async fn send_once(
    state: &RelayState,
    method: &Method,
    destination: &Destination,
    headers: &[(HeaderName, HeaderValue)],
    forward_auth: bool,
    deadline: Instant,
) -> Result<reqwest::Response, RelayError> {
    let client = state.clients.for_destination(destination);
    let mut request = client.request(method.clone(), destination.url.clone());
    for (name, value) in headers {
        if *name == header::AUTHORIZATION && !forward_auth {
            continue;
        }
        request = request.header(name, value);
    }
    let wait = deadline.min(Instant::now() + state.limits.first_byte_timeout);
    match tokio::time::timeout_at(wait, request.send()).await {
        Err(_) => Err(timeout(&destination.url)),
        Ok(Err(error)) => Err(classify(&error, &destination.url)),
        Ok(Ok(response)) => Ok(response),
    }
}

fn host(url: &Url) -> String {
    url.host_str().unwrap_or("the registry").to_owned()
}

fn timeout(url: &Url) -> RelayError {
    RelayError::new(
        RelayErrorKind::UpstreamTimeout,
        format!("{} did not answer in time", host(url)),
    )
}

/// Turns a client error into a relay error, without exposing its internals.
fn classify(error: &reqwest::Error, url: &Url) -> RelayError {
    if resolver::is_refused(error) {
        return RelayError::new(
            RelayErrorKind::RefusedTarget,
            format!(
                "{} resolves only to private, loopback or special-purpose addresses",
                host(url)
            ),
        );
    }
    if error.is_timeout() {
        return timeout(url);
    }
    if let Some(problem) = certificate::certificate_error(error) {
        return certificate::refused(problem, url);
    }
    RelayError::new(
        RelayErrorKind::UpstreamUnreachable,
        format!("the relay could not get an answer from {}", host(url)),
    )
}
