//! Path rules: only registry API paths (`/v2/…`) pass, with no dot segments, encoded slashes,
//! backslashes or NULs in the raw or decoded path; and the kind of registry request, which sets
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
}

impl PathRefusal {
    /// A human sentence for this refusal.
    pub fn message(self) -> &'static str {
        match self {
            Self::Backslash => "the target URL contains a backslash",
            Self::Nul => "the target URL contains a NUL character",
            Self::DotSegment => "the target path contains a '.' or '..' segment",
            Self::EncodedSeparator => "the target path contains an encoded '/' or '\\'",
        }
    }
}

/// How many rounds of percent-decoding are checked for hidden dot segments and separators.
const DECODE_ROUNDS: usize = 3;

/// Checks the raw (not yet parsed) target URL text: the `url` crate would silently resolve dot
/// segments and turn backslashes into slashes, so these are refused before parsing.
pub fn check_raw(raw: &str) -> Result<(), PathRefusal> {
    if raw.contains('\\') {
        return Err(PathRefusal::Backslash);
    }
    if raw.contains('\0') {
        return Err(PathRefusal::Nul);
    }
    check_path(raw_path(raw))
}

/// Checks a path (raw or as parsed) segment by segment.
pub fn check_path(path: &str) -> Result<(), PathRefusal> {
    for segment in path.split('/') {
        let mut current = segment.as_bytes().to_vec();
        for _ in 0..DECODE_ROUNDS {
            if current.contains(&0) {
                return Err(PathRefusal::Nul);
            }
            if current == b"." || current == b".." {
                return Err(PathRefusal::DotSegment);
            }
            let decoded = percent_decode(&current);
            if decoded.contains(&b'/') || decoded.contains(&b'\\') {
                return Err(PathRefusal::EncodedSeparator);
            }
            if decoded == current {
                break;
            }
            current = decoded;
        }
        if current.contains(&0) {
            return Err(PathRefusal::Nul);
        }
        if current == b"." || current == b".." {
            return Err(PathRefusal::DotSegment);
        }
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
