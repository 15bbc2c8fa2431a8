//! Header hygiene: the only request headers forwarded upstream, and the only response headers
//! passed back to the page. Everything else (cookies, hop-by-hop headers, forwarding headers,
//! the client's Host, and walk headers an upstream made up) is dropped by construction; the
//! relay adds its own: `X-Regscope-Relay`, and the walk headers when it followed redirects.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
pub use regscope_core::contract::RELAY_HEADER;
use regscope_core::contract::{
    FINAL_URL_HEADER, HOPS_HEADER, Hop, RELAY_HEADER_VALUE, format_hops,
};
use url::Url;

/// Request headers forwarded upstream.
pub const FORWARDED_REQUEST: [HeaderName; 4] = [
    header::ACCEPT,
    header::AUTHORIZATION,
    header::RANGE,
    header::IF_NONE_MATCH,
];

/// Response headers passed back to the page (`Location` only on a 3xx the relay does not
/// follow: one without a `Location`, or a status that is no redirect, such as 300 or 304).
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

/// Tells the page about the redirects the relay walked: the URL that answered and the hops
/// before it (nothing when the target answered itself).
pub fn add_walk(to: &mut HeaderMap, final_url: &Url, hops: &[Hop]) {
    if hops.is_empty() {
        return;
    }
    let values = (
        HeaderValue::from_str(final_url.as_str()),
        HeaderValue::from_str(&format_hops(hops)),
    );
    if let (Ok(final_url), Ok(hops)) = values {
        to.insert(FINAL_URL_HEADER, final_url);
        to.insert(HOPS_HEADER, hops);
    }
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
            ("x-regscope-final-url", "https://spoofed.example/"),
            ("x-regscope-hops", "307 https://spoofed.example/"),
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

    #[test]
    fn the_walk_is_told_only_when_there_was_one() {
        let url = Url::parse("https://us-west1-docker.pkg.dev/v2/x/manifests/1").unwrap();
        let mut none = HeaderMap::new();
        add_walk(&mut none, &url, &[]);
        assert!(none.is_empty());
        let mut walked = HeaderMap::new();
        let hop = Hop {
            status: 307,
            url: "https://registry.k8s.io/v2/x/manifests/1".into(),
        };
        add_walk(&mut walked, &url, &[hop]);
        assert_eq!(walked[FINAL_URL_HEADER], url.as_str());
        assert_eq!(
            walked[HOPS_HEADER],
            "307 https://registry.k8s.io/v2/x/manifests/1"
        );
    }
}
