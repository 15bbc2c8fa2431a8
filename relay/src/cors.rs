//! CORS for `/relay`: the relay's own origin needs nothing, origins given with `--allow-origin`
//! get `Access-Control-Allow-Origin` and the expose list, every other origin is refused.
//! Never `*`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use regscope_core::contract::RelayErrorKind;
use url::Url;

use crate::error::RelayError;

/// Response headers the page may read, as listed in `Access-Control-Expose-Headers`.
pub const EXPOSE_HEADERS: &str = "WWW-Authenticate, Docker-Content-Digest, Content-Type, \
Content-Length, Content-Range, Accept-Ranges, Link, Location, ratelimit-limit, ratelimit-remaining, ratelimit-reset, \
ratelimit-policy, docker-ratelimit-source, Retry-After, Docker-Distribution-Api-Version, ETag, \
Last-Modified, X-Regscope-Relay, X-Regscope-Relay-Error, X-Regscope-Final-Url, X-Regscope-Hops, X-Regscope-Realm-Ticket";

/// Request headers the page may send through the relay.
pub const ALLOW_HEADERS: &str =
    "Accept, Authorization, Range, If-Range, If-None-Match, X-Regscope-Realm-Ticket";

/// How long a browser may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// The allowed cross-origin page origins, normalized (`scheme://host[:port]`).
#[derive(Debug, Clone, Default)]
pub struct AllowedOrigins {
    origins: Vec<String>,
}

/// Why an `--allow-origin` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid allowed origin {0:?}: expected scheme://host[:port], never *")]
pub struct OriginError(String);

/// The outcome of looking at a request's `Origin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginCheck {
    /// No `Origin`, or the relay's own origin: no CORS headers needed.
    SameOrNone,
    /// An allowed cross origin, to echo in `Access-Control-Allow-Origin`.
    Allowed(HeaderValue),
    /// An origin not allowed to use the relay.
    Refused,
}

impl AllowedOrigins {
    /// Normalizes and checks the configured origins.
    pub fn new<S: AsRef<str>>(origins: &[S]) -> Result<Self, OriginError> {
        let origins = origins
            .iter()
            .map(|o| {
                let o = o.as_ref().trim();
                normalize(o).ok_or_else(|| OriginError(o.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { origins })
    }

    /// Classifies the request's `Origin` against the allowed list and the request's `Host`.
    pub fn check(&self, headers: &HeaderMap) -> OriginCheck {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return OriginCheck::SameOrNone;
        };
        let Some(normalized) = origin.to_str().ok().and_then(normalize) else {
            return OriginCheck::Refused;
        };
        if self.origins.contains(&normalized) {
            return OriginCheck::Allowed(origin.clone());
        }
        if is_same_origin(&normalized, headers.get(header::HOST)) {
            return OriginCheck::SameOrNone;
        }
        OriginCheck::Refused
    }
}

/// `scheme://host[:port]` of an origin, or `None` for `null`, `*` and non-http origins.
fn normalize(origin: &str) -> Option<String> {
    let url = Url::parse(origin).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    if url.path() != "/" || url.query().is_some() || !url.username().is_empty() {
        return None;
    }
    Some(url.origin().ascii_serialization())
}

/// True when the origin's host and port are the `Host` the request was sent to.
fn is_same_origin(origin: &str, host: Option<&HeaderValue>) -> bool {
    let (Ok(origin), Some(host)) = (Url::parse(origin), host.and_then(|h| h.to_str().ok())) else {
        return false;
    };
    let Ok(own) = Url::parse(&format!("{}://{host}/", origin.scheme())) else {
        return false;
    };
    own.host_str() == origin.host_str()
        && own.port_or_known_default() == origin.port_or_known_default()
}

/// Adds the CORS response headers for an allowed cross origin.
pub fn decorate(headers: &mut HeaderMap, check: &OriginCheck) {
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let OriginCheck::Allowed(origin) = check {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
    }
}

/// The answer to `OPTIONS /relay`.
pub fn preflight(check: &OriginCheck) -> Response {
    if *check == OriginCheck::Refused {
        return RelayError::new(
            RelayErrorKind::RefusedOrigin,
            "this page origin is not allowed to use the relay",
        )
        .into_response();
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    if let OriginCheck::Allowed(_) = check {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(PREFLIGHT_MAX_AGE),
        );
    }
    decorate(headers, check);
    response
}

#[cfg(test)]
mod tests {
    use regscope_core::contract::{RELAY_ERROR_HEADER, RELAY_HEADER};

    use super::*;

    #[test]
    fn the_page_may_read_the_contract_headers() {
        let exposed: Vec<String> = EXPOSE_HEADERS
            .split(',')
            .map(|name| name.trim().to_ascii_lowercase())
            .collect();
        for name in [
            RELAY_HEADER,
            RELAY_ERROR_HEADER,
            "content-range",
            "accept-ranges",
        ] {
            assert!(exposed.iter().any(|e| e == name), "{name}");
        }
    }

    fn headers(origin: Option<&str>, host: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
        }
        if let Some(host) = host {
            h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        }
        h
    }

    #[test]
    fn classifies_origins() {
        let allowed =
            AllowedOrigins::new(&["https://app.example", "http://localhost:3000/"]).unwrap();
        let rows: &[(Option<&str>, Option<&str>, &str)] = &[
            (None, Some("relay.example"), "same"),
            (
                Some("https://app.example"),
                Some("relay.example"),
                "allowed",
            ),
            (
                Some("https://APP.example:443"),
                Some("relay.example"),
                "allowed",
            ),
            (Some("http://localhost:3000"), None, "allowed"),
            (Some("https://relay.example"), Some("relay.example"), "same"),
            (
                Some("http://127.0.0.1:8080"),
                Some("127.0.0.1:8080"),
                "same",
            ),
            (
                Some("http://127.0.0.1:8081"),
                Some("127.0.0.1:8080"),
                "refused",
            ),
            (
                Some("https://evil.example"),
                Some("relay.example"),
                "refused",
            ),
            (Some("null"), Some("relay.example"), "refused"),
            (Some("*"), Some("relay.example"), "refused"),
        ];
        for (origin, host, expected) in rows {
            let got = match allowed.check(&headers(*origin, *host)) {
                OriginCheck::SameOrNone => "same",
                OriginCheck::Allowed(_) => "allowed",
                OriginCheck::Refused => "refused",
            };
            assert_eq!(got, *expected, "{origin:?} {host:?}");
        }
    }

    #[test]
    fn refuses_wildcards_and_garbage_in_config() {
        for bad in [
            "*",
            "null",
            "app.example",
            "https://app.example/path",
            "ftp://x",
        ] {
            assert!(AllowedOrigins::new(&[bad]).is_err(), "{bad}");
        }
    }
}
