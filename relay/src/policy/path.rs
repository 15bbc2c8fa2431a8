//! Path rules: only registry API paths (`/v2/…`) pass, with no dot segments (`..`, `%2e%2e`,
//! `.%2E`, …, at any depth of percent-encoding), no `;` path parameters (Tomcat-based
//! registries such as Nexus resolve `..;` as `..`), no encoded slashes, backslashes, NULs or
//! control characters in the raw or decoded path; and the kind of registry request, which sets
//! the size and time limits of its answer.

/// What a registry API path asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiPath {
    /// `/v2/<name>/blobs/<digest>`: large, streamed, may redirect to storage.
    Blob,
    /// `/v2/<name>/manifests/<reference>`.
    Manifest,
    /// Any other `/v2/…` path (the `/v2/` ping, tags, catalog, referrers).
    Other,
}

/// Why a raw URL's path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRefusal {
    /// A backslash anywhere in the URL.
    Backslash,
    /// A NUL byte, raw or encoded.
    Nul,
    /// A `.` or `..` segment, raw or percent-encoded.
    DotSegment,
    /// An encoded `/` or `\` inside a segment.
    EncodedSeparator,
    /// A `;` (path parameter), raw or percent-encoded.
    PathParameter,
    /// A control character (tab, line feed, …), which URL parsers drop silently.
    Control,
    /// Percent-encoding nested deeper than any registry path needs.
    NestedEncoding,
}

impl PathRefusal {
    /// A human sentence for this refusal.
    pub fn message(self) -> &'static str {
        match self {
            Self::Backslash => "the target URL contains a backslash",
            Self::Nul => "the target URL contains a NUL character",
            Self::DotSegment => "the target path contains a '.' or '..' segment",
            Self::EncodedSeparator => "the target path contains an encoded '/' or '\\'",
            Self::PathParameter => {
                "the target path contains a ';' path parameter (servers such as Tomcat resolve '..;' as '..')"
            }
            Self::Control => "the target URL contains a control character",
            Self::NestedEncoding => "the target path is percent-encoded too many times over",
        }
    }
}

/// How many rounds of percent-decoding are checked for hidden dot segments, parameters and
/// separators; a segment that still decodes further after them is refused.
const DECODE_ROUNDS: usize = 4;

/// Checks the raw (not yet parsed) target URL text: the `url` crate would silently resolve dot
/// segments, drop tabs and line feeds and turn backslashes into slashes, so these are refused
/// before parsing.
pub fn check_raw(raw: &str) -> Result<(), PathRefusal> {
    if raw.contains('\\') {
        return Err(PathRefusal::Backslash);
    }
    if raw.contains('\0') {
        return Err(PathRefusal::Nul);
    }
    if raw.chars().any(char::is_control) {
        return Err(PathRefusal::Control);
    }
    check_path(raw_path(raw))
}

/// Checks a path (raw or as parsed) segment by segment, at every depth of percent-encoding.
pub fn check_path(path: &str) -> Result<(), PathRefusal> {
    for segment in path.split('/') {
        let mut current = segment.as_bytes().to_vec();
        let mut rounds = 0;
        loop {
            check_segment(&current)?;
            let decoded = percent_decode(&current);
            if decoded == current {
                break;
            }
            if decoded.contains(&b'/') || decoded.contains(&b'\\') {
                return Err(PathRefusal::EncodedSeparator);
            }
            rounds += 1;
            if rounds > DECODE_ROUNDS {
                return Err(PathRefusal::NestedEncoding);
            }
            current = decoded;
        }
    }
    Ok(())
}

/// The rules on one segment at one depth of decoding.
fn check_segment(segment: &[u8]) -> Result<(), PathRefusal> {
    if segment.contains(&0) {
        return Err(PathRefusal::Nul);
    }
    if segment.contains(&b';') {
        return Err(PathRefusal::PathParameter);
    }
    if segment.iter().any(|b| b.is_ascii_control()) {
        return Err(PathRefusal::Control);
    }
    if segment == b"." || segment == b".." {
        return Err(PathRefusal::DotSegment);
    }
    Ok(())
}

/// The path part of a raw absolute URL: from the first `/` after the authority up to `?`/`#`.
fn raw_path(raw: &str) -> &str {
    let after_scheme = raw.split_once("://").map_or(raw, |(_, rest)| rest);
    let end_of_authority = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let rest = &after_scheme[end_of_authority..];
    let end_of_path = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end_of_path]
}

fn percent_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%'
            && i + 2 < input.len()
            && let (Some(hi), Some(lo)) = (hex(input[i + 1]), hex(input[i + 2]))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(input[i]);
        i += 1;
    }
    out
}

fn hex(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Classifies a parsed path: `None` when it is not a registry API path.
pub fn classify(path: &str) -> Option<ApiPath> {
    if path == "/v2/" {
        return Some(ApiPath::Other);
    }
    let rest = path.strip_prefix("/v2/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    // A repository name has at least one segment before `blobs`/`manifests`, and a reference
    // follows it.
    if segments.len() >= 3 {
        let kind_at = segments.len() - 2;
        let reference = segments[segments.len() - 1];
        let name_ok = segments[..kind_at].iter().all(|s| !s.is_empty());
        if name_ok && !reference.is_empty() {
            match segments[kind_at] {
                "blobs" if reference != "uploads" => return Some(ApiPath::Blob),
                "manifests" => return Some(ApiPath::Manifest),
                _ => {}
            }
        }
    }
    Some(ApiPath::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes_in_raw_urls() {
        let rows: &[(&str, PathRefusal)] = &[
            ("https://r.io/v2/../etc/passwd", PathRefusal::DotSegment),
            ("https://r.io/v2/./x", PathRefusal::DotSegment),
            ("https://r.io/v2/%2e%2e/admin", PathRefusal::DotSegment),
            ("https://r.io/v2/%2E%2E/admin", PathRefusal::DotSegment),
            ("https://r.io/v2/.%2e/admin", PathRefusal::DotSegment),
            ("https://r.io/v2/%2e/admin", PathRefusal::DotSegment),
            ("https://r.io/v2/%252e%252e/admin", PathRefusal::DotSegment),
            (
                "https://r.io/v2/a%2fb/manifests/x",
                PathRefusal::EncodedSeparator,
            ),
            (
                "https://r.io/v2/a%2Fb/manifests/x",
                PathRefusal::EncodedSeparator,
            ),
            (
                "https://r.io/v2/a%5cb/manifests/x",
                PathRefusal::EncodedSeparator,
            ),
            (
                "https://r.io/v2/a%252fb/manifests/x",
                PathRefusal::EncodedSeparator,
            ),
            ("https://r.io/v2\\..\\x", PathRefusal::Backslash),
            ("https://r.io\\@evil/v2/", PathRefusal::Backslash),
            ("https://r.io/v2/a%00b", PathRefusal::Nul),
            ("https://r.io/v2/a\0b", PathRefusal::Nul),
            ("https://r.io/v2/x/..", PathRefusal::DotSegment),
            ("https://r.io/v2/%2e./admin", PathRefusal::DotSegment),
            ("https://r.io/v2/%2E./admin", PathRefusal::DotSegment),
            ("https://r.io/v2/.%2E/admin", PathRefusal::DotSegment),
            ("https://r.io/v2/%2e%2E/admin", PathRefusal::DotSegment),
            ("https://r.io/v2/%252E%252e/admin", PathRefusal::DotSegment),
            (
                "https://r.io/v2/%25252e%25252e/admin",
                PathRefusal::DotSegment,
            ),
            (
                "https://r.io/v2/%2e%2e%2fadmin",
                PathRefusal::EncodedSeparator,
            ),
            ("https://r.io/v2/..%2Fadmin", PathRefusal::EncodedSeparator),
            (
                "https://r.io/v2/%2e%2e%5Cadmin",
                PathRefusal::EncodedSeparator,
            ),
            ("https://r.io/v2/..;/admin", PathRefusal::PathParameter),
            (
                "https://r.io/v2/..;jsessionid=1/admin",
                PathRefusal::PathParameter,
            ),
            (
                "https://r.io/v2/a;x/manifests/1",
                PathRefusal::PathParameter,
            ),
            (
                "https://r.io/v2/%2e%2e%3b/admin",
                PathRefusal::PathParameter,
            ),
            ("https://r.io/v2/..%3B/admin", PathRefusal::PathParameter),
            ("https://r.io/v2/..%253b/admin", PathRefusal::PathParameter),
            ("https://r.io/v2/.\t./admin", PathRefusal::Control),
            ("https://r.io/v2/.\n./admin", PathRefusal::Control),
            ("https://r.io/v2/a%09b", PathRefusal::Control),
            (
                "https://r.io/v2/%252525252e%252525252e/admin",
                PathRefusal::NestedEncoding,
            ),
        ];
        for (raw, expected) in rows {
            assert_eq!(check_raw(raw), Err(*expected), "{raw}");
        }
    }

    #[test]
    fn accepts_plain_registry_urls() {
        for raw in [
            "https://r.io/v2/",
            "https://r.io/v2/library/alpine/manifests/3.20",
            "https://r.io/v2/a/b/c/blobs/sha256:abcd",
            "https://r.io/v2/a/manifests/sha256%3Aabcd",
            "https://r.io/v2/_catalog?n=10&last=a/b",
            "https://r.io/token?scope=repository:a/b:pull&x=..",
            "https://r.io",
            "https://r.io/v2/a.b/..c/manifests/v1.2.3",
            "https://r.io/v2/a/manifests/...",
            "https://r.io/v2/a/manifests/%2e%2e%2e",
            "https://r.io/token?scope=a;b",
        ] {
            assert_eq!(check_raw(raw), Ok(()), "{raw}");
        }
    }

    #[test]
    fn classifies_registry_paths() {
        let rows: &[(&str, Option<ApiPath>)] = &[
            ("/v2/", Some(ApiPath::Other)),
            ("/v2", None),
            ("/", None),
            ("/v1/x", None),
            ("/v2x/", None),
            ("/token", None),
            ("/v2/library/alpine/manifests/3", Some(ApiPath::Manifest)),
            ("/v2/a/b/c/manifests/sha256:ab", Some(ApiPath::Manifest)),
            ("/v2/library/alpine/blobs/sha256:ab", Some(ApiPath::Blob)),
            ("/v2/library/alpine/blobs/uploads", Some(ApiPath::Other)),
            ("/v2/library/alpine/tags/list", Some(ApiPath::Other)),
            ("/v2/_catalog", Some(ApiPath::Other)),
            ("/v2/blobs/x", Some(ApiPath::Other)),
            ("/v2//blobs/x", Some(ApiPath::Other)),
        ];
        for (path, expected) in rows {
            assert_eq!(classify(path), *expected, "{path}");
        }
    }
}
