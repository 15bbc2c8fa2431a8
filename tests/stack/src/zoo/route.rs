//! Which registry API endpoint a request path names (distribution's `/v2/` routes).

/// A registry API endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/v2/` (also `/v2`).
    Base,
    /// `/v2/_catalog`.
    Catalog,
    /// `/v2/<name>/tags/list`.
    Tags {
        /// Repository name.
        name: String,
    },
    /// `/v2/<name>/manifests/<reference>`.
    Manifest {
        /// Repository name.
        name: String,
        /// Tag or digest.
        reference: String,
    },
    /// `/v2/<name>/blobs/<digest>`.
    Blob {
        /// Repository name.
        name: String,
        /// Blob digest.
        digest: String,
    },
}

impl Route {
    /// The route of `path`, or `None` when it is not a (valid) registry API path.
    pub fn parse(path: &str) -> Option<Self> {
        let rest = match path {
            "/v2" | "/v2/" => return Some(Self::Base),
            "/v2/_catalog" => return Some(Self::Catalog),
            _ => path.strip_prefix("/v2/")?,
        };
        if let Some(name) = rest.strip_suffix("/tags/list") {
            return valid_name(name).then(|| Self::Tags { name: name.into() });
        }
        if let Some((name, reference)) = rest.rsplit_once("/manifests/") {
            return (valid_name(name) && (is_tag(reference) || is_digest(reference))).then(|| {
                Self::Manifest {
                    name: name.into(),
                    reference: reference.into(),
                }
            });
        }
        let (name, digest) = rest.rsplit_once("/blobs/")?;
        (valid_name(name) && is_digest(digest)).then(|| Self::Blob {
            name: name.into(),
            digest: digest.into(),
        })
    }

    /// The repository the route is about, if any.
    pub fn repository(&self) -> Option<&str> {
        match self {
            Self::Base | Self::Catalog => None,
            Self::Tags { name } | Self::Manifest { name, .. } | Self::Blob { name, .. } => {
                Some(name)
            }
        }
    }
}

/// A repository name: `/`-separated components of `[a-z0-9]+([._-]|__)…`, as distribution
/// accepts them.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 255 && name.split('/').all(valid_component)
}

fn valid_component(part: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !part.starts_with(alnum) || !part.ends_with(alnum) {
        return false;
    }
    // Between alphanumeric runs: `.`, `_`, `__`, or one or more `-`.
    part.split(alnum)
        .filter(|run| !run.is_empty())
        .all(|run| matches!(run, "." | "_" | "__") || run.bytes().all(|b| b == b'-'))
}

/// A tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
pub fn is_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    bytes.len() <= 128
        && bytes.first().is_some_and(word)
        && bytes.iter().all(|b| word(b) || *b == b'.' || *b == b'-')
}

/// A digest: `algorithm:encoded`, e.g. `sha256:` and 64 hex digits.
pub fn is_digest(text: &str) -> bool {
    let Some((algorithm, encoded)) = text.split_once(':') else {
        return false;
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b));
    let encoded_ok = encoded.len() >= 32
        && encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=_-".contains(&b));
    algorithm_ok && encoded_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn parses_every_endpoint() {
        assert_eq!(Route::parse("/v2/"), Some(Route::Base));
        assert_eq!(Route::parse("/v2"), Some(Route::Base));
        assert_eq!(Route::parse("/v2/_catalog"), Some(Route::Catalog));
        assert_eq!(
            Route::parse("/v2/library/alpine/tags/list"),
            Some(Route::Tags {
                name: "library/alpine".into()
            })
        );
        assert_eq!(
            Route::parse("/v2/k8s-artifacts-prod/images/pause/manifests/3.9"),
            Some(Route::Manifest {
                name: "k8s-artifacts-prod/images/pause".into(),
                reference: "3.9".into()
            })
        );
        let blob = Route::parse(&format!("/v2/a/b/blobs/{DIGEST}")).expect("blob");
        assert_eq!(blob.repository(), Some("a/b"));
        assert!(matches!(
            Route::parse(&format!("/v2/a/manifests/{DIGEST}")),
            Some(Route::Manifest { .. })
        ));
    }

    #[test]
    fn refuses_bad_names_references_and_paths() {
        for bad in [
            "/v1/",
            "/v2/UPPER/tags/list",
            "/v2//tags/list",
            "/v2/a/../b/tags/list",
            "/v2/a/manifests/",
            "/v2/a/manifests/bad/tag",
            "/v2/a/manifests/-lead",
            "/v2/a/blobs/latest",
            "/v2/a/blobs/sha256:short",
            "/v2/a/unknown",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
        assert!(valid_name("docker/library/alpine"));
        assert!(valid_name("a__b/c-d.e"));
        assert!(!valid_name("a./b"));
        assert!(!valid_name("a._b"));
        assert!(valid_name("a---b"));
        assert!(is_tag("sha256-abc.sig"));
        assert!(!is_tag(&"x".repeat(129)));
    }
}
