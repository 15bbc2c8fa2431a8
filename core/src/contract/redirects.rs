//! Redirects in the app-relay contract. The relay walks a registry's redirects itself, each hop
//! under its policy, and never answers a 3xx that the browser would follow out of the relay;
//! it says where the walk ended and which hops it took in two response headers. Every
//! transport that follows redirects on its own (the relay, the browser's fetch) reports its
//! walk in the same two headers of the [`Response`](crate::Response) it returns, so the core
//! reads one shape whatever walked.
//!
//! A transport must never pass these headers on from upstream: the relay's header allowlist
//! drops them, and a transport reading an answer straight from a registry replaces them with
//! [`set_final_url`].

/// The URL that finally answered (absent when nothing was walked).
pub const FINAL_URL_HEADER: &str = "x-regscope-final-url";

/// The redirects walked before the final answer, oldest first: `STATUS URL` entries joined by
/// `, ` (e.g. `307 https://registry.k8s.io/v2/pause/manifests/3.9`).
pub const HOPS_HEADER: &str = "x-regscope-hops";

/// The most redirects followed for one request, by the relay's walk and by the core's.
pub const MAX_REDIRECTS: usize = 5;

/// The most hop entries read from a [`HOPS_HEADER`] value; the rest is ignored.
const MAX_HOPS_READ: usize = 16;

/// True for the statuses that redirect a GET or HEAD: 301, 302, 303, 307 and 308.
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// One redirect of a walk: the URL requested and the redirect status it answered with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The redirect status (301, 302, 303, 307 or 308).
    pub status: u16,
    /// The URL that answered with it.
    pub url: String,
}

/// The [`HOPS_HEADER`] value for `hops`. Whitespace, control characters, commas and
/// non-ASCII bytes in a URL are percent-encoded, so entries always split back apart.
pub fn format_hops(hops: &[Hop]) -> String {
    hops.iter()
        .map(|hop| format!("{} {}", hop.status, header_safe(&hop.url)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The hops named in a [`HOPS_HEADER`] value; malformed entries are skipped, and at most 16
/// entries are read.
pub fn parse_hops(value: &str) -> Vec<Hop> {
    value
        .split(", ")
        .filter_map(|entry| {
            let (status, url) = entry.trim().split_once(' ')?;
            let status = status.parse::<u16>().ok().filter(|s| is_redirect(*s))?;
            let url = url.trim();
            let absolute = url.starts_with("http://") || url.starts_with("https://");
            (absolute && !url.contains(char::is_whitespace)).then(|| Hop {
                status,
                url: url.to_string(),
            })
        })
        .take(MAX_HOPS_READ)
        .collect()
}

/// Writes a walk into a response's header list: removes any [`FINAL_URL_HEADER`] and
/// [`HOPS_HEADER`] already there, then names `final_url` and, when there were some, `hops`.
pub fn set_walk(headers: &mut Vec<(String, String)>, final_url: &str, hops: &[Hop]) {
    headers.retain(|(name, _)| !is_walk_header(name));
    headers.push((FINAL_URL_HEADER.to_string(), header_safe(final_url)));
    if !hops.is_empty() {
        headers.push((HOPS_HEADER.to_string(), format_hops(hops)));
    }
}

/// For a transport that followed redirects without seeing them (the browser's fetch): drops
/// any walk headers the server itself sent and, when the request was redirected (fetch's
/// `response.redirected`), names the URL that finally answered (fetch's `response.url`).
pub fn set_final_url(headers: &mut Vec<(String, String)>, final_url: Option<&str>) {
    match final_url {
        Some(url) => set_walk(headers, url, &[]),
        None => headers.retain(|(name, _)| !is_walk_header(name)),
    }
}

/// True for [`FINAL_URL_HEADER`] and [`HOPS_HEADER`], in any case.
pub fn is_walk_header(name: &str) -> bool {
    name.eq_ignore_ascii_case(FINAL_URL_HEADER) || name.eq_ignore_ascii_case(HOPS_HEADER)
}

/// `url` with the bytes a header list entry cannot separate safely percent-encoded.
fn header_safe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_graphic() && byte != b',' {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(status: u16, url: &str) -> Hop {
        Hop {
            status,
            url: url.into(),
        }
    }

    #[test]
    fn hops_read_back_as_written() {
        let hops = [
            hop(307, "https://registry.k8s.io/v2/pause/manifests/3.9"),
            hop(302, "https://quay.io/v2/a/blobs/sha256:00?x=1,2"),
        ];
        let value = format_hops(&hops);
        assert_eq!(
            value,
            "307 https://registry.k8s.io/v2/pause/manifests/3.9, 302 https://quay.io/v2/a/blobs/sha256:00?x=1%2C2"
        );
        let back = parse_hops(&value);
        assert_eq!(back[0], hops[0]);
        assert_eq!(back[1].url, "https://quay.io/v2/a/blobs/sha256:00?x=1%2C2");
        assert_eq!(
            format_hops(&[hop(301, "http://h/a b\u{e9}")]),
            "301 http://h/a%20b%C3%A9"
        );
    }

    #[test]
    fn malformed_entries_are_skipped_and_the_list_is_bounded() {
        let value =
            "307 https://a/x, 200 https://b/y, 302 ftp://c/z, nonsense, 308, 301 https://d/w";
        let urls: Vec<String> = parse_hops(value).into_iter().map(|h| h.url).collect();
        assert_eq!(urls, ["https://a/x", "https://d/w"]);
        let long = vec!["307 https://a/x"; 100].join(", ");
        assert_eq!(parse_hops(&long).len(), MAX_HOPS_READ);
        assert!(parse_hops("").is_empty());
    }

    #[test]
    fn set_walk_replaces_what_was_there() {
        let mut headers = vec![
            ("Content-Type".to_string(), "x".to_string()),
            (
                "X-Regscope-Final-Url".to_string(),
                "https://spoofed/".to_string(),
            ),
            (
                "x-regscope-hops".to_string(),
                "307 https://spoofed/".to_string(),
            ),
        ];
        let mut unredirected = headers.clone();
        set_final_url(&mut unredirected, None);
        assert_eq!(
            unredirected,
            [("Content-Type".to_string(), "x".to_string())]
        );
        set_final_url(&mut headers, Some("https://real/v2/"));
        assert_eq!(
            headers,
            [
                ("Content-Type".to_string(), "x".to_string()),
                (FINAL_URL_HEADER.to_string(), "https://real/v2/".to_string()),
            ]
        );
        set_walk(&mut headers, "https://b/", &[hop(307, "https://a/")]);
        assert_eq!(headers.len(), 3);
        assert!(headers.contains(&(HOPS_HEADER.to_string(), "307 https://a/".to_string())));
    }

    #[test]
    fn redirect_statuses() {
        for status in [301, 302, 303, 307, 308] {
            assert!(is_redirect(status));
        }
        for status in [200, 300, 304, 305, 306, 401] {
            assert!(!is_redirect(status));
        }
    }
}
