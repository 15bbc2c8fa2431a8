//! Links between views, built from core references so components never build URLs themselves.

use regscope_core::Reference;
use regscope_core::manifest::Platform;

use crate::route::ViewQuery;

/// The view of `reference` (optionally on one platform).
pub fn view(reference: &Reference, platform: Option<&Platform>) -> ViewQuery {
    ViewQuery {
        image: Some(reference.to_string()),
        platform: platform.map(ToString::to_string),
        tab: None,
    }
}

/// The view of the object with `digest` in the same repository as `reference`.
pub fn digest_view(reference: &Reference, digest: &str) -> ViewQuery {
    view(&reference.with_digest(digest), None)
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

/// The query string of a view, for plain `<a href>` links (`?image=…`).
pub fn href(query: &ViewQuery) -> String {
    let mut parts = Vec::new();
    for (name, value) in [
        ("image", &query.image),
        ("platform", &query.platform),
        ("tab", &query.tab),
    ] {
        if let Some(value) = value {
            parts.push(format!("{name}={}", encode_query_value(value)));
        }
    }
    format!("/?{}", parts.join("&"))
}

/// Encodes a query value, keeping `/`, `:` and `@` readable as browsers allow in queries.
fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_references_readable() {
        let r: Reference = "127.0.0.1:5000/library/alpine:latest".parse().unwrap();
        assert_eq!(
            href(&view(&r, None)),
            "/?image=127.0.0.1:5000/library/alpine:latest"
        );
        let digest = format!("sha256:{}", "a".repeat(64));
        assert_eq!(
            pull_command(&r, &digest),
            format!("docker pull 127.0.0.1:5000/library/alpine@{digest}")
        );
    }
}
