//! Links between views, built from core references so components never build URLs themselves.

use regscope_core::Reference;
use regscope_core::manifest::Platform;
use regscope_core::media_types as mt;

use crate::route::ViewQuery;

/// The view of `reference` (optionally on one platform).
pub fn view(reference: &Reference, platform: Option<&Platform>) -> ViewQuery {
    ViewQuery {
        image: Some(reference.to_string()),
        platform: platform.map(ToString::to_string),
        ..ViewQuery::default()
    }
}

/// The view of the object with `digest` in the same repository as `reference`
/// (`repo@digest`, without the tag).
pub fn digest_view(reference: &Reference, digest: &str) -> ViewQuery {
    ViewQuery {
        image: Some(pinned_name(&reference.with_digest(digest))),
        ..ViewQuery::default()
    }
}

/// The view of the tag `tag` in `reference`'s repository.
pub fn tag_view(reference: &Reference, tag: &str) -> ViewQuery {
    ViewQuery {
        image: Some(format!(
            "{}/{}:{tag}",
            reference.registry(),
            reference.repository()
        )),
        ..ViewQuery::default()
    }
}

/// The same view as `query`, pinned to `digest` (kept platform and tab), for views reached by tag.
pub fn pinned_view(query: &ViewQuery, reference: &Reference, digest: &str) -> ViewQuery {
    ViewQuery {
        image: Some(reference.with_digest(digest).to_string()),
        ..query.clone()
    }
}

/// The `docker pull` command pinned to `digest`.
pub fn pull_command(reference: &Reference, digest: &str) -> String {
    let pinned = reference.with_digest(digest);
    format!("docker pull {}", pinned_name(&pinned))
}

/// `name@digest` without the tag (what `docker pull` needs for a pinned pull).
pub fn pinned_name(reference: &Reference) -> String {
    let name = format!("{}/{}", reference.registry(), reference.repository());
    match reference.digest() {
        Some(digest) => format!("{name}@{digest}"),
        None => name,
    }
}

/// What a digest found in a document points to, which decides where its link goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestKind {
    /// A manifest or index: its own view.
    Manifest,
    /// An image config: the config document on the JSON tab.
    Config,
    /// A layer (or any other blob): its row in the overview's layer table.
    Blob,
}

/// Classifies the digest under `key` of an object whose `mediaType` is `media_type`.
pub fn digest_kind(media_type: Option<&str>, key: &str) -> DigestKind {
    if key == "vnd.docker.reference.digest" {
        return DigestKind::Manifest;
    }
    match media_type {
        Some(t) if [mt::OCI_CONFIG, mt::DOCKER_CONFIG].contains(&t) => DigestKind::Config,
        Some(t) if mt::MANIFEST_ACCEPT.contains(&t) || t == mt::DOCKER_SCHEMA1 => {
            DigestKind::Manifest
        }
        _ => DigestKind::Blob,
    }
}

/// The anchor id of a document or layer row with `digest`.
pub fn anchor(digest: &str) -> String {
    format!("d-{}", digest.replace(':', "-"))
}

/// `value` when it is an absolute http(s) URL that is safe to put in an `href`, else `None`.
pub fn http_url(value: &str) -> Option<&str> {
    let value = value.trim();
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))?;
    let clean = !rest.is_empty()
        && !rest.starts_with('/')
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
    clean.then_some(value)
}

/// The query string of a view, for `<a href>` links (`?image=…`, relative to the page, so
/// the app also works when served under a sub-path).
pub fn href(query: &ViewQuery) -> String {
    format!("?{}", query.to_query_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_references_readable() {
        let r: Reference = "127.0.0.1:5000/library/alpine:latest".parse().unwrap();
        assert_eq!(
            href(&view(&r, None)),
            "?image=127.0.0.1:5000/library/alpine:latest"
        );
        let digest = format!("sha256:{}", "a".repeat(64));
        assert_eq!(
            pull_command(&r, &digest),
            format!("docker pull 127.0.0.1:5000/library/alpine@{digest}")
        );
        assert_eq!(
            digest_view(&r, &digest).image.unwrap(),
            format!("127.0.0.1:5000/library/alpine@{digest}")
        );
        assert_eq!(
            tag_view(&r, "3.20").image.unwrap(),
            "127.0.0.1:5000/library/alpine:3.20"
        );
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(http_url("https://x.example/a"), Some("https://x.example/a"));
        assert_eq!(http_url(" http://x.example "), Some("http://x.example"));
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "data:text/html,x",
            "https://",
            "https:///x",
            "//x.example",
            "https://x.example/\"onmouseover",
            "ftp://x",
        ] {
            assert_eq!(http_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn digests_are_classified_by_their_media_type() {
        assert_eq!(
            digest_kind(Some(mt::OCI_MANIFEST), "digest"),
            DigestKind::Manifest
        );
        assert_eq!(
            digest_kind(Some(mt::OCI_CONFIG), "digest"),
            DigestKind::Config
        );
        assert_eq!(
            digest_kind(
                Some("application/vnd.oci.image.layer.v1.tar+gzip"),
                "digest"
            ),
            DigestKind::Blob
        );
        assert_eq!(
            digest_kind(None, "vnd.docker.reference.digest"),
            DigestKind::Manifest
        );
    }
}
