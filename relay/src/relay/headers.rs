//! Header hygiene: the only request headers forwarded upstream, and the only response headers
//! passed back to the page. Everything else (cookies, hop-by-hop headers, forwarding headers,
//! the client's Host) is dropped by construction.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
pub use regscope_core::contract::RELAY_HEADER;
use regscope_core::contract::RELAY_HEADER_VALUE;

/// Request headers forwarded upstream.
pub const FORWARDED_REQUEST: [HeaderName; 4] = [
    header::ACCEPT,
    header::AUTHORIZATION,
    header::RANGE,
    header::IF_NONE_MATCH,
];

/// Response headers passed back to the page (`Location` only for redirects not followed).
pub const PASSED_RESPONSE: [&str; 11] = [
    "www-authenticate",
    "docker-content-digest",
    "content-type",
    "content-length",
    "link",
    "location",
    "retry-after",
    "docker-distribution-api-version",
    "docker-ratelimit-source",
    "etag",
    "last-modified",
];

/// Prefix of the rate-limit headers passed back too (`ratelimit-limit`, `-remaining`,
/// `-reset`, `-policy`).
pub const PASSED_RESPONSE_PREFIX: &str = "ratelimit-";

/// Security headers on every `/relay` answer: a relayed body is data, never a document of the
/// relay's origin (a registry could answer with HTML).
pub fn add_security_headers(headers: &mut HeaderMap) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The request headers to send upstream, taken from the page's request.
pub fn forwarded_request(from: &HeaderMap) -> Vec<(HeaderName, HeaderValue)> {
    FORWARDED_REQUEST
        .iter()
        .flat_map(|name| {
            from.get_all(name)
                .iter()
                .map(move |value| (name.clone(), value.clone()))
        })
        .collect()
}

/// True when the response header `name` (lowercase, as `HeaderName`s are) reaches the page.
pub fn is_passed(name: &HeaderName, is_redirect: bool) -> bool {
    let name = name.as_str();
    if name == "location" {
        return is_redirect;
    }
    PASSED_RESPONSE.contains(&name) || name.starts_with(PASSED_RESPONSE_PREFIX)
}

/// Copies the passed response headers from `upstream` into `to`, in one pass over `upstream`.
pub fn copy_response(upstream: &HeaderMap, to: &mut HeaderMap, is_redirect: bool) {
    for (name, value) in upstream {
        if is_passed(name, is_redirect) {
            to.append(name.clone(), value.clone());
        }
    }
    to.insert(RELAY_HEADER, HeaderValue::from_static(RELAY_HEADER_VALUE));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwards_only_the_four_request_headers() {
        let mut from = HeaderMap::new();
        for (k, v) in [
            ("accept", "application/vnd.oci.image.index.v1+json"),
            ("authorization", "Bearer x"),
            ("range", "bytes=0-1"),
            ("if-none-match", "\"e\""),
            ("cookie", "a=b"),
            ("host", "relay.example"),
            ("x-forwarded-for", "1.2.3.4"),
            ("connection", "keep-alive, x-secret"),
            ("te", "trailers"),
            ("origin", "https://app.example"),
        ] {
            from.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        let names: Vec<String> = forwarded_request(&from)
            .into_iter()
            .map(|(n, _)| n.to_string())
            .collect();
        assert_eq!(names, ["accept", "authorization", "range", "if-none-match"]);
    }

    #[test]
    fn passes_only_listed_response_headers() {
        let mut upstream = HeaderMap::new();
        for (k, v) in [
            ("www-authenticate", "Bearer realm=\"https://a/t\""),
            ("docker-content-digest", "sha256:00"),
            ("set-cookie", "s=1"),
            ("location", "https://elsewhere/"),
            ("connection", "close"),
            ("transfer-encoding", "chunked"),
            ("strict-transport-security", "max-age=1"),
            ("link", "</v2/_catalog?last=a>; rel=\"next\""),
            ("ratelimit-reset", "60"),
            ("x-ratelimit-spoof", "1"),
        ] {
            upstream.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        let mut to = HeaderMap::new();
        copy_response(&upstream, &mut to, false);
        let mut names: Vec<&str> = to.keys().map(|k| k.as_str()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "docker-content-digest",
                "link",
                "ratelimit-reset",
                "www-authenticate",
                RELAY_HEADER
            ]
        );
        let mut redirect = HeaderMap::new();
        copy_response(&upstream, &mut redirect, true);
        assert!(redirect.contains_key("location"));
    }
}
