//! `/relay?url=…`: checks the origin, rate and policy, sends the request upstream and streams
//! the answer back with only the allowed headers.

mod body;
mod certificate;
pub mod headers;
mod log;
mod redirects;
mod upstream;

use std::net::IpAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use regscope_core::contract::{REALM_TICKET_HEADER, RelayErrorKind, ticket_entry};
use tokio::time::Instant;

use crate::client::Clients;
use crate::config::Limits;
use crate::cors::{self, AllowedOrigins, OriginCheck};
use crate::error::RelayError;
use crate::policy::{ApiPath, Policy, Purpose, Target};
use crate::ratelimit::RateLimiter;
use crate::slots::{Busy, Slot, Slots};
use body::{BodyLimits, primed_body};
use log::RequestLog;
use upstream::Upstream;

/// Everything the relay handler shares between requests.
#[derive(Debug)]
pub struct RelayState {
    /// The target policy and the realms seen.
    pub policy: Policy,
    /// The upstream clients.
    pub clients: Clients,
    /// Timeouts, caps and rates.
    pub limits: Limits,
    /// Allowed cross-origin pages.
    pub origins: AllowedOrigins,
    /// Per-client rate limit.
    pub limiter: RateLimiter,
    /// Global and per-client in-flight limits.
    pub in_flight: Slots,
}

/// The `/relay` handler for every method.
pub async fn handle(State(state): State<Arc<RelayState>>, request: Request) -> Response {
    let origin = state.origins.check(request.headers());
    let mut response = if request.method() == Method::OPTIONS {
        cors::preflight(&origin)
    } else {
        let mut response = if origin == OriginCheck::Refused {
            let error = RelayError::new(
                RelayErrorKind::RefusedOrigin,
                "this page origin is not allowed to use the relay",
            );
            RequestLog::new(request.method(), std::time::Instant::now()).finish_error(&error);
            error.into_response()
        } else {
            relay(&state, request).await
        };
        cors::decorate(response.headers_mut(), &origin);
        response
    };
    headers::add_security_headers(response.headers_mut());
    response
}

/// An accepted, sent request whose answer is ready to stream.
struct Prepared {
    upstream: Upstream,
    body: BodyLimits,
    permit: Slot,
    /// Realm tickets for the realms a 401 named.
    tickets: Option<HeaderValue>,
}

async fn relay(state: &RelayState, request: Request) -> Response {
    let started = std::time::Instant::now();
    // Only the head is needed (GET and HEAD carry no body), and it can be shared across awaits.
    let (request, _body) = request.into_parts();
    let mut log = RequestLog::new(&request.method, started);
    match prepare(state, &request, &mut log).await {
        Err(error) => {
            log.finish_error(&error);
            error.into_response()
        }
        Ok(prepared) => respond(&request.method, prepared, log).await,
    }
}

async fn prepare(
    state: &RelayState,
    request: &Parts,
    log: &mut RequestLog,
) -> Result<Prepared, RelayError> {
    let method = &request.method;
    if *method != Method::GET && *method != Method::HEAD {
        return Err(RelayError::new(
            RelayErrorKind::MethodNotAllowed,
            "the relay only answers GET, HEAD and OPTIONS",
        ));
    }
    let client = client_ip(state, request);
    if !state.limiter.try_acquire(client) {
        return Err(RelayError::new(
            RelayErrorKind::RateLimited,
            "too many requests from this client; slow down",
        ));
    }
    let permit = state
        .in_flight
        .try_acquire(client)
        .map_err(|busy| match busy {
            Busy::Client => RelayError::new(
                RelayErrorKind::RateLimited,
                "this client has too many requests in flight; wait for some to finish",
            ),
            Busy::Everyone => RelayError::new(
                RelayErrorKind::Overloaded,
                "the relay is handling too many requests; try again shortly",
            ),
        })?;
    let raw = target_param(request.uri.query())?;
    let ticket = request
        .headers
        .get(REALM_TICKET_HEADER)
        .and_then(|v| v.to_str().ok());
    let target = state
        .policy
        .check_target_with(&raw, ticket)
        .inspect_err(|_| {
            if let Ok(requested) = url::Url::parse(&raw) {
                log.set_target(&requested);
            }
        })?;
    log.set_target(&target.destination.url);

    let blob = target.purpose == Purpose::Registry(ApiPath::Blob);
    let started = Instant::now();
    let deadline = started
        + if blob {
            state.limits.blob_timeout
        } else {
            state.limits.total_timeout
        };
    let forwarded = headers::forwarded_request(&request.headers, blob);
    let upstream = upstream::fetch(state, method, &target, &forwarded, deadline).await?;
    if upstream.url != target.destination.url {
        log.set_target(&upstream.url);
    }

    let tickets = match target.purpose {
        Purpose::Registry(_) => record_realms(
            &state.policy,
            &target.requested,
            client,
            upstream.response.headers(),
        ),
        Purpose::Token => None,
    };
    let cap = body_cap(&state.limits, &target, upstream.response.status());
    let declared = upstream
        .response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let (Some(cap), Some(declared)) = (cap, declared)
        && declared > cap
    {
        return Err(RelayError::new(
            RelayErrorKind::TooLarge,
            format!(
                "the upstream answer is {declared} bytes, over the relay's limit of {cap} bytes"
            ),
        ));
    }
    let idle = if blob {
        state.limits.blob_idle_timeout
    } else {
        state.limits.total_timeout
    };
    Ok(Prepared {
        upstream,
        body: BodyLimits {
            cap,
            deadline,
            idle,
            expected: declared,
        },
        permit,
        tickets,
    })
}

async fn respond(method: &Method, prepared: Prepared, mut log: RequestLog) -> Response {
    let Prepared {
        upstream,
        body,
        permit,
        tickets,
    } = prepared;
    let status = upstream.response.status();
    log.set_status(status.as_u16());
    let mut headers = HeaderMap::new();
    headers::copy_response(
        upstream.response.headers(),
        &mut headers,
        status.is_redirection(),
    );
    headers::add_walk(&mut headers, &upstream.final_url, &upstream.hops);
    if let Some(tickets) = tickets {
        headers.insert(REALM_TICKET_HEADER, tickets);
    }
    // A 416 says all in its status and `Content-Range`; its body is dropped (CNCF distribution
    // declares the blob's length and sends a shorter error text).
    let unsatisfiable = status == StatusCode::RANGE_NOT_SATISFIABLE;
    if unsatisfiable {
        headers.remove(header::CONTENT_LENGTH);
    }
    let body = if *method == Method::HEAD || status == StatusCode::NO_CONTENT || unsatisfiable {
        log.set_outcome("ok");
        drop(log);
        drop(permit);
        Body::empty()
    } else {
        let stream = Box::pin(upstream.response.bytes_stream());
        match primed_body(stream, body, log, Some(permit)).await {
            Ok(body) => body,
            Err(error) => return error.into_response(),
        }
    };
    let mut response = (status, body).into_response();
    *response.headers_mut() = headers;
    response
}

/// The body cap for an answer: error bodies, tokens and API answers are capped; blobs are not.
fn body_cap(limits: &Limits, target: &Target, status: StatusCode) -> Option<u64> {
    if !status.is_success() {
        return Some(limits.max_error_bytes);
    }
    match target.purpose {
        Purpose::Registry(ApiPath::Blob) => None,
        Purpose::Registry(_) => Some(limits.max_manifest_bytes),
        Purpose::Token => Some(limits.max_token_bytes),
    }
}

/// Remembers the Bearer realms a registry's answer named and signs a ticket for each: the
/// [`REALM_TICKET_HEADER`] value for the page (none when no realm was named).
fn record_realms(
    policy: &Policy,
    requested: &url::Url,
    client: Option<IpAddr>,
    headers: &HeaderMap,
) -> Option<HeaderValue> {
    let registry = requested.origin().ascii_serialization();
    let mut entries = Vec::new();
    for value in headers.get_all(header::WWW_AUTHENTICATE) {
        if let Ok(text) = value.to_str() {
            let challenges = regscope_core::challenge::parse(text).unwrap_or_default();
            for realm in challenges
                .iter()
                .filter(|c| c.is_bearer())
                .filter_map(|c| c.realm())
            {
                policy.realms().record(realm, &registry, client);
                if let Some(entry) = policy
                    .realm_keys()
                    .issue(&registry, realm)
                    .and_then(|ticket| ticket_entry(realm, &ticket))
                {
                    entries.push(entry);
                }
            }
        }
    }
    if entries.is_empty() {
        return None;
    }
    HeaderValue::from_str(&entries.join(", ")).ok()
}

/// The single `url` query parameter, percent-decoded.
fn target_param(query: Option<&str>) -> Result<String, RelayError> {
    let mut found = url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .filter(|(k, _)| k == "url")
        .map(|(_, v)| v.into_owned());
    let bad = |m: &str| RelayError::new(RelayErrorKind::BadRequest, m);
    let first = found
        .next()
        .ok_or_else(|| bad("the relay needs a url parameter: /relay?url=<percent-encoded URL>"))?;
    if found.next().is_some() {
        return Err(bad("the relay takes exactly one url parameter"));
    }
    Ok(first)
}

fn client_ip(state: &RelayState, request: &Parts) -> Option<IpAddr> {
    crate::slots::client_of(
        &request.headers,
        &request.extensions,
        state.limits.trust_forwarded,
    )
}
