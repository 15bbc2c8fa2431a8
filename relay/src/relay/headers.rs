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
pub const FORWARDED_REQUEST: [HeaderName; 3] =
    [header::ACCEPT, header::AUTHORIZATION, header::IF_NONE_MATCH];

/// Request headers forwarded upstream for blob requests only: a partial read of a layer (the
/// table of contents at the end of an eStargz or zstd:chunked layer). The registry's `206`,
/// `Content-Range` and `Accept-Ranges` come back, and so does a `200` with the whole body
/// from a registry that ignores ranges, or its `416`.
pub const FORWARDED_BLOB_REQUEST: [HeaderName; 2] = [header::RANGE, header::IF_RANGE];

/// Response headers passed back to the page (`Location` only on a 3xx the relay does not
/// follow: one without a `Location`, or a status that is no redirect, such as 300 or 304).
pub const PASSED_RESPONSE: [&str; 13] = [
    "www-authenticate",
    "docker-content-digest",
    "content-type",
    "content-length",
    "content-range",
    "accept-ranges",
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

/// Where a `Basic` challenge withheld from a navigation goes (browsers show no login prompt for
/// it; a person reading the answer still sees what the registry asked for).
pub const WITHHELD_CHALLENGE: &str = "x-regscope-withheld-www-authenticate";

/// True when a request to `/relay` is a navigation (a browser would answer a `Basic` challenge
/// with a login prompt under the relay's origin): `Sec-Fetch-Mode: navigate`, a `document` or
/// frame destination, or, from a browser that sends no fetch metadata, an `Accept` of HTML.
pub fn is_navigation(request: &HeaderMap) -> bool {
    let is = |name: &str, values: &[&str]| {
        request
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| values.iter().any(|want| v.eq_ignore_ascii_case(want)))
    };
    if is("sec-fetch-mode", &["navigate", "nested-navigate"])
        || is(
            "sec-fetch-dest",
            &["document", "iframe", "frame", "embed", "object"],
        )
    {
        return true;
    }
    !request.contains_key("sec-fetch-mode")
        && request
            .get_all(header::ACCEPT)
            .iter()
            .any(|v| String::from_utf8_lossy(v.as_bytes()).contains("text/html"))
}

/// Moves every `WWW-Authenticate` value holding a `Basic` challenge to [`WITHHELD_CHALLENGE`]
/// (the others stay), so that no browser shows a login prompt for it.
pub fn withhold_basic_challenge(response: &mut HeaderMap) {
    let values: Vec<HeaderValue> = response
        .get_all(header::WWW_AUTHENTICATE)
        .iter()
        .cloned()
        .collect();
    let is_basic = |value: &HeaderValue| {
        let text = String::from_utf8_lossy(value.as_bytes()).to_ascii_lowercase();
        // A scheme token starts the value or follows a comma: `Basic realm=…`, `Bearer …, basic …`.
        text.split(',')
            .any(|part| part.trim_start().starts_with("basic"))
    };
    if !values.iter().any(is_basic) {
        return;
    }
    response.remove(header::WWW_AUTHENTICATE);
    for value in values {
        if is_basic(&value) {
            response.append(WITHHELD_CHALLENGE, value);
        } else {
            response.append(header::WWW_AUTHENTICATE, value);
        }
    }
}

/// The request headers to send upstream, taken from the page's request (`Range` and
/// `If-Range` only for a blob).
pub fn forwarded_request(from: &HeaderMap, blob: bool) -> Vec<(HeaderName, HeaderValue)> {
    let ranges: &[HeaderName] = if blob { &FORWARDED_BLOB_REQUEST } else { &[] };
    FORWARDED_REQUEST
        .iter()
        .chain(ranges)
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
    fn forwards_only_the_listed_request_headers_and_ranges_for_blobs() {
        let mut from = HeaderMap::new();
        for (k, v) in [
            ("accept", "application/vnd.oci.image.index.v1+json"),
            ("authorization", "Bearer x"),
            ("range", "bytes=0-1"),
            ("if-range", "\"sha256:00\""),
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
        let names = |blob| -> Vec<String> {
            forwarded_request(&from, blob)
                .into_iter()
                .map(|(n, _)| n.to_string())
                .collect()
        };
        assert_eq!(names(false), ["accept", "authorization", "if-none-match"]);
        assert_eq!(
            names(true),
            [
                "accept",
                "authorization",
                "if-none-match",
                "range",
                "if-range"
            ]
        );
    }

    #[test]
    fn passes_only_listed_response_headers() {
        let mut upstream = HeaderMap::new();
        for (k, v) in [
            ("www-authenticate", "Bearer realm=\"https://a/t\""),
            ("docker-content-digest", "sha256:00"),
            ("set-cookie", "s=1"),
            ("content-range", "bytes 0-9/100"),
            ("accept-ranges", "bytes"),
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
                "accept-ranges",
                "content-range",
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
    fn navigations_never_get_a_basic_challenge() {
        let request = |pairs: &[(&'static str, &'static str)]| {
            let mut headers = HeaderMap::new();
            for (k, v) in pairs {
                headers.append(HeaderName::from_static(k), HeaderValue::from_static(v));
            }
            headers
        };
        assert!(is_navigation(&request(&[("sec-fetch-mode", "navigate")])));
        assert!(is_navigation(&request(&[("sec-fetch-dest", "iframe")])));
        assert!(is_navigation(&request(&[("accept", "text/html,*/*")])));
        assert!(!is_navigation(&request(&[
            ("sec-fetch-mode", "cors"),
            ("sec-fetch-dest", "empty"),
            ("accept", "text/html")
        ])));
        assert!(!is_navigation(&request(&[(
            "accept",
            "application/vnd.oci.image.index.v1+json"
        )])));

        let mut response = HeaderMap::new();
        response.append(
            "www-authenticate",
            HeaderValue::from_static("Basic realm=\"r\""),
        );
        response.append(
            "www-authenticate",
            HeaderValue::from_static("Bearer realm=\"https://a/t\""),
        );
        withhold_basic_challenge(&mut response);
        let left: Vec<_> = response.get_all("www-authenticate").iter().collect();
        assert_eq!(left, ["Bearer realm=\"https://a/t\""]);
        assert_eq!(response[WITHHELD_CHALLENGE], "Basic realm=\"r\"");
        let mut bearer_only = HeaderMap::new();
        bearer_only.insert("www-authenticate", HeaderValue::from_static("Bearer x"));
        withhold_basic_challenge(&mut bearer_only);
        assert_eq!(bearer_only["www-authenticate"], "Bearer x");
        assert!(!bearer_only.contains_key(WITHHELD_CHALLENGE));
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
