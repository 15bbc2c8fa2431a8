//! Sends one relayed request upstream: forwarded headers, first-byte timeout, and for blobs
//! the server-side redirect walk (each hop checked by the policy, `Authorization` only to the
//! origin it was meant for).

use axum::http::{HeaderName, HeaderValue, Method, header};
use regscope_core::contract::RelayErrorKind;
use tokio::time::Instant;
use url::Url;

use crate::config::MAX_REDIRECTS;
use crate::error::RelayError;
use crate::policy::{ApiPath, Destination, Purpose, Target};
use crate::resolver;

use super::RelayState;

/// The upstream answer and the URL that gave it.
pub struct Upstream {
    /// The response (headers received, body not yet read).
    pub response: reqwest::Response,
    /// The URL that answered (the last hop of a redirect walk).
    pub url: Url,
}

/// Sends `method` to `target` with `headers`, following blob redirects, until `deadline`.
pub async fn fetch(
    state: &RelayState,
    method: &Method,
    target: &Target,
    headers: &[(HeaderName, HeaderValue)],
    deadline: Instant,
) -> Result<Upstream, RelayError> {
    // HEAD is followed too: a browser would otherwise follow the Location itself, to an
    // origin without CORS.
    let follow = (*method == Method::GET || *method == Method::HEAD)
        && target.purpose == Purpose::Registry(ApiPath::Blob);
    // Only redirect hops allocate: the first request goes to the target as it is.
    let mut hop: Option<Destination> = None;
    let mut forward_auth = true;
    let mut hops = 0;
    loop {
        let destination = hop.as_ref().unwrap_or(&target.destination);
        let response =
            send_once(state, method, destination, headers, forward_auth, deadline).await?;
        let redirect = matches!(response.status().as_u16(), 301 | 302 | 303 | 307 | 308);
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok());
        match location {
            Some(location) if follow && redirect => {
                if hops == MAX_REDIRECTS {
                    return Err(RelayError::new(
                        RelayErrorKind::TooManyRedirects,
                        format!("the registry redirected more than {MAX_REDIRECTS} times"),
                    ));
                }
                hops += 1;
                let next = state.policy.check_redirect(&destination.url, location)?;
                // Authorization goes only to the origin it was meant for.
                forward_auth = next.url.origin() == target.destination.url.origin();
                hop = Some(next);
            }
            _ => {
                let url = match hop {
                    Some(destination) => destination.url,
                    None => target.destination.url.clone(),
                };
                return Ok(Upstream { response, url });
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
    RelayError::new(
        RelayErrorKind::UpstreamUnreachable,
        format!("the relay could not get an answer from {}", host(url)),
    )
}
