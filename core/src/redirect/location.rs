//! Where a `Location` (or a `Link` target) points: the reference resolved against the URL that
//! answered, as RFC 3986 §5.2 resolves references, for `http` and `https` only. Fragments are
//! dropped (a registry request never has one), and bytes that cannot stand in a URL as written
//! (spaces, control characters, non-ASCII) are percent-encoded.

/// An absolute `http(s)` URL taken apart: scheme, authority, path and query (without `?`).
struct Parts<'a> {
    scheme: &'a str,
    authority: &'a str,
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> Parts<'a> {
    /// `scheme://authority/path?query`; `None` when `url` is not of that form.
    fn of(url: &'a str) -> Option<Parts<'a>> {
        let url = without_fragment(url);
        let (scheme, rest) = url.split_once("://")?;
        if !is_http(scheme) {
            return None;
        }
        let (authority, path, query) = split_after_scheme(rest);
        Some(Parts {
            scheme,
            authority,
            path,
            query,
        })
    }
}

/// Resolves `reference` against `base` (an absolute `http(s)` URL). `None` when either is not
/// usable: another scheme, no host, credentials in the authority.
pub fn resolve(base: &str, reference: &str) -> Option<String> {
    let base = Parts::of(base)?;
    let reference = without_fragment(reference.trim());
    let (scheme, authority, path, query) = if let Some((scheme, rest)) = split_scheme(reference) {
        let rest = rest.strip_prefix("//")?;
        if !is_http(scheme) {
            return None;
        }
        let (authority, path, query) = split_after_scheme(rest);
        (scheme, authority, remove_dots(path), query)
    } else if let Some(rest) = reference.strip_prefix("//") {
        let (authority, path, query) = split_after_scheme(rest);
        (base.scheme, authority, remove_dots(path), query)
    } else {
        let (path, query) = match reference.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (reference, None),
        };
        if path.is_empty() {
            (
                base.scheme,
                base.authority,
                base.path.to_string(),
                query.or(base.query),
            )
        } else if path.starts_with('/') {
            (base.scheme, base.authority, remove_dots(path), query)
        } else {
            // RFC 3986 §5.2.3: the base path up to its last `/`, or `/` for an empty one.
            let directory = &base.path[..base.path.rfind('/').map_or(0, |i| i + 1)];
            let directory = if directory.is_empty() { "/" } else { directory };
            let merged = format!("{directory}{path}");
            (base.scheme, base.authority, remove_dots(&merged), query)
        }
    };
    let host_ok = !authority.is_empty()
        && !authority.contains('@')
        && !authority.starts_with(':')
        && authority.bytes().all(|b| b.is_ascii_graphic());
    if !host_ok {
        return None;
    }
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        path
    };
    let mut url = format!("{}://{authority}{path}", scheme.to_ascii_lowercase());
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    Some(escape(&url))
}

fn is_http(scheme: &str) -> bool {
    scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

fn without_fragment(text: &str) -> &str {
    text.split_once('#').map_or(text, |(before, _)| before)
}

/// The scheme of a reference that has one (`letter *(letter / digit / + / - / .)` then `:`),
/// and what follows the `:`.
fn split_scheme(reference: &str) -> Option<(&str, &str)> {
    let colon = reference.find(':')?;
    let scheme = &reference[..colon];
    let mut bytes = scheme.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphabetic());
    let rest_ok = bytes.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    (first_ok && rest_ok).then(|| (scheme, &reference[colon + 1..]))
}

/// `authority`, `path` and `query` of what follows `scheme://`.
fn split_after_scheme(rest: &str) -> (&str, &str, Option<&str>) {
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(end);
    match rest.split_once('?') {
        Some((path, query)) => (authority, path, Some(query)),
        None => (authority, rest, None),
    }
}

/// RFC 3986 §5.2.4: `.` and `..` segments applied to an absolute path (empty segments are
/// segments too: `//` stays).
fn remove_dots(path: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut trailing_slash = false;
    for (index, segment) in segments.iter().enumerate() {
        trailing_slash = false;
        match *segment {
            "." => trailing_slash = index == last,
            ".." => {
                kept.pop();
                trailing_slash = index == last;
            }
            other => kept.push(other),
        }
    }
    let mut out = format!("/{}", kept.join("/"));
    if trailing_slash && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Percent-encodes the bytes that are not visible ASCII.
fn escape(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_graphic() {
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

    #[test]
    fn the_rfc_3986_examples() {
        // RFC 3986 §5.4.1 and §5.4.2, with an http base (an empty path is written `/`).
        let base = "http://a/b/c/d;p?q";
        let rows = [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g/"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q"),
            ("g#s", "http://a/b/c/g"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g?y/./x", "http://a/b/c/g?y/./x"),
            ("/a//../b", "http://a/a/b"),
            ("//h//x/./y", "http://h//x/y"),
        ];
        for (reference, expected) in rows {
            assert_eq!(
                resolve(base, reference).as_deref(),
                Some(expected),
                "{reference:?}"
            );
        }
    }

    #[test]
    fn registry_redirects() {
        let base = "https://registry.k8s.io/v2/pause/manifests/3.9";
        assert_eq!(
            resolve(
                base,
                "https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.9"
            )
            .as_deref(),
            Some(
                "https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.9"
            )
        );
        assert_eq!(
            resolve(
                "http://127.0.0.1:5003/v2/a/blobs/sha256:00",
                "HTTPS://Cdn.example/x?s=1 2"
            )
            .as_deref(),
            Some("https://Cdn.example/x?s=1%202")
        );
        assert_eq!(
            resolve(
                "https://quay.io/v2/a/tags/list",
                "/v2/a/tags/list?n=2&last=x"
            )
            .as_deref(),
            Some("https://quay.io/v2/a/tags/list?n=2&last=x")
        );
    }

    #[test]
    fn unusable_references_and_bases() {
        let base = "https://r.example/v2/";
        for reference in [
            "ftp://x/y",
            "javascript:alert(1)",
            "http:relative",
            "https://user:pw@evil/",
            "https://",
            "//",
            "https://:443/x",
        ] {
            assert_eq!(resolve(base, reference), None, "{reference:?}");
        }
        assert_eq!(resolve("not a url", "/x"), None);
        assert_eq!(resolve("file:///etc/passwd", "/x"), None);
    }
}
