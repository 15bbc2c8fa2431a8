//! Registry API URLs (`/v2/…`): the registry, the repository, the tag or digest, and what kind
//! of request the path makes.

use std::fmt;

use super::url_parts::UrlParts;
use crate::reference::Reference;

/// Docker Hub's registry name, as image references write it.
pub(crate) const DOCKER_HUB: &str = "docker.io";
/// Hosts that serve Docker Hub's registry API.
pub(crate) const DOCKER_HUB_API_HOSTS: [&str; 2] = ["registry-1.docker.io", "index.docker.io"];

/// What a `/v2/…` path asks the registry for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// `/v2/`: the API's base, answered with 200 or with the registry's challenge.
    Base,
    /// `/v2/_catalog`: the repository list.
    Catalog,
    /// `/v2/NAME/manifests/REFERENCE`.
    Manifest,
    /// `/v2/NAME/blobs/DIGEST`.
    Blob,
    /// `/v2/NAME/blobs/uploads/…`: a push.
    BlobUpload,
    /// `/v2/NAME/tags/list`.
    Tags,
    /// `/v2/NAME/referrers/DIGEST` (OCI 1.1).
    Referrers,
}

impl RequestKind {
    /// The kind in words, such as "manifest request".
    pub fn describe(self) -> &'static str {
        match self {
            RequestKind::Base => "API base (version check and challenge)",
            RequestKind::Catalog => "catalog (repository list)",
            RequestKind::Manifest => "manifest request",
            RequestKind::Blob => "blob request",
            RequestKind::BlobUpload => "blob upload (push)",
            RequestKind::Tags => "tag list",
            RequestKind::Referrers => "referrers list",
        }
    }
}

impl fmt::Display for RequestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A registry API URL, read from its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiUrl {
    /// Whether the URL says `http://` (the registry is reached over plain HTTP).
    pub plain_http: bool,
    /// `host[:port]` the URL names, lower-cased.
    pub host: String,
    /// The registry's name: `docker.io` for Docker Hub's API hosts, else [`Self::host`].
    pub registry: String,
    /// The path as written, such as `/v2/library/alpine/manifests/latest` or `/v2`.
    pub path: String,
    /// The repository as written in the path (no `library/` added); `None` for the base and
    /// the catalog.
    pub repository: Option<String>,
    /// What the request asks for.
    pub kind: RequestKind,
    /// The tag or digest of a manifest, blob or referrers request.
    pub target: Option<String>,
    /// The query, without its `?`.
    pub query: Option<String>,
}

impl ApiUrl {
    /// Reads a `/v2` URL (with or without a scheme); `None` when the path is not one of the
    /// registry API's endpoints.
    pub fn parse(text: &str) -> Option<ApiUrl> {
        Self::from_parts(&UrlParts::parse(text)?)
    }

    pub(crate) fn from_parts(parts: &UrlParts) -> Option<ApiUrl> {
        let rest = match parts.path.strip_prefix("/v2") {
            Some("") => "",
            Some(rest) => rest.strip_prefix('/')?,
            None => return None,
        };
        let (kind, repository, target) = read_endpoint(rest)?;
        let registry = if DOCKER_HUB_API_HOSTS.contains(&parts.host.as_str()) {
            DOCKER_HUB.to_string()
        } else {
            parts.host.clone()
        };
        Some(ApiUrl {
            plain_http: parts.plain_http(),
            host: parts.host.clone(),
            registry,
            path: parts.path.clone(),
            repository,
            kind,
            target,
            query: parts.query.clone(),
        })
    }

    /// Whether the URL is Docker Hub's registry API.
    pub fn is_docker_hub(&self) -> bool {
        self.registry == DOCKER_HUB
    }

    /// Whether the target is written as a digest (`algorithm:encoded`).
    pub fn target_is_digest(&self) -> bool {
        self.target.as_deref().is_some_and(looks_like_digest)
    }

    /// The image the URL is about, as an image reference (Docker Hub names normalised, a
    /// manifest's tag or digest kept); `None` when the path names no repository or the host
    /// cannot be written in a reference.
    pub fn image(&self) -> Option<Reference> {
        let repository = self.repository.as_deref()?;
        let host_is_registry =
            self.is_docker_hub() || self.host.contains(['.', ':']) || self.host == "localhost";
        if !host_is_registry {
            return None;
        }
        let mut text = format!("{}/{repository}", self.registry);
        match (self.kind, &self.target) {
            (RequestKind::Manifest | RequestKind::Referrers, Some(t)) if looks_like_digest(t) => {
                text.push('@');
                text.push_str(t);
            }
            (RequestKind::Manifest, Some(tag)) => {
                text.push(':');
                text.push_str(tag);
            }
            _ => {}
        }
        text.parse().ok()
    }
}

/// Whether `text` has the shape of a digest: `algorithm:encoded`, both non-empty, the
/// algorithm made of letters, digits and `+._-`, the encoded part of letters, digits, `=_-`.
pub(crate) fn looks_like_digest(text: &str) -> bool {
    text.split_once(':').is_some_and(|(algorithm, encoded)| {
        !algorithm.is_empty()
            && !encoded.is_empty()
            && algorithm
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+._-".contains(&b))
            && encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=_-".contains(&b))
    })
}

/// Kind, repository and target of the path after `/v2/`.
fn read_endpoint(rest: &str) -> Option<(RequestKind, Option<String>, Option<String>)> {
    if rest.is_empty() {
        return Some((RequestKind::Base, None, None));
    }
    let rest = rest.trim_end_matches('/');
    if rest == "_catalog" {
        return Some((RequestKind::Catalog, None, None));
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let name = |end: usize| -> Option<String> {
        let name = segments.get(..end)?.join("/");
        (!name.is_empty() && end > 0).then_some(name)
    };
    if let Some(at) = (1..segments.len().saturating_sub(1))
        .find(|&i| segments[i] == "blobs" && segments[i + 1] == "uploads")
    {
        return Some((RequestKind::BlobUpload, Some(name(at)?), None));
    }
    let n = segments.len();
    if n >= 3 && segments[n - 2] == "tags" && segments[n - 1] == "list" {
        return Some((RequestKind::Tags, Some(name(n - 2)?), None));
    }
    if n >= 3 {
        let kind = match segments[n - 2] {
            "manifests" => RequestKind::Manifest,
            "blobs" => RequestKind::Blob,
            "referrers" => RequestKind::Referrers,
            _ => return None,
        };
        let target = segments[n - 1];
        if target.is_empty() {
            return None;
        }
        return Some((kind, Some(name(n - 2)?), Some(target.to_string())));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_read_from_the_end_of_the_path() {
        let u = ApiUrl::parse("https://registry-1.docker.io/v2/alpine/manifests/3.20").unwrap();
        assert_eq!(
            (u.registry.as_str(), u.repository.as_deref(), u.kind),
            ("docker.io", Some("alpine"), RequestKind::Manifest)
        );
        assert_eq!(
            u.image().unwrap().to_string(),
            "docker.io/library/alpine:3.20"
        );
        let up = ApiUrl::parse("h.io/v2/a/blobs/uploads/x").unwrap();
        assert_eq!(
            (up.kind, up.repository.as_deref()),
            (RequestKind::BlobUpload, Some("a"))
        );
        assert_eq!(ApiUrl::parse("h.io/v2/a/b"), None);
        assert_eq!(ApiUrl::parse("h.io/v2/manifests/x"), None);
        assert_eq!(ApiUrl::parse("h.io/v3/"), None);
        assert_eq!(ApiUrl::parse("h.io/v2x"), None);
    }
}
