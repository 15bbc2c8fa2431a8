//! URLs of the registry API (`/v2/…`) for a reference, over `http` or `https` as
//! [`Reference::scheme`] picks for the client's plain-http registries.

use crate::contract::PlainHttpHosts;
use crate::reference::Reference;
use crate::url_text::percent_encode;

/// `scheme://api_host`, e.g. `https://registry-1.docker.io`.
pub fn base(plain: &PlainHttpHosts, reference: &Reference) -> String {
    format!("{}://{}", reference.scheme(plain), reference.api_host())
}

/// The manifest URL for a tag or digest.
pub fn manifest(plain: &PlainHttpHosts, reference: &Reference, target: &str) -> String {
    format!(
        "{}/v2/{}/manifests/{}",
        base(plain, reference),
        reference.repository(),
        target
    )
}

/// The blob URL for a digest.
pub fn blob(plain: &PlainHttpHosts, reference: &Reference, digest: &str) -> String {
    format!(
        "{}/v2/{}/blobs/{}",
        base(plain, reference),
        reference.repository(),
        digest
    )
}

/// The tag list URL, optionally paginated with `n` and `last`.
pub fn tags(
    plain: &PlainHttpHosts,
    reference: &Reference,
    n: Option<u32>,
    last: Option<&str>,
) -> String {
    let url = format!(
        "{}/v2/{}/tags/list",
        base(plain, reference),
        reference.repository()
    );
    paginated(url, n, last)
}

/// Appends the pagination parameters `n` and `last` to a listing URL.
fn paginated(mut url: String, n: Option<u32>, last: Option<&str>) -> String {
    let mut separator = '?';
    if let Some(n) = n {
        url.push_str(&format!("{separator}n={n}"));
        separator = '&';
    }
    if let Some(last) = last {
        url.push_str(&format!("{separator}last={}", percent_encode(last)));
    }
    url
}

/// The OCI 1.1 referrers URL for a manifest digest.
pub fn referrers(plain: &PlainHttpHosts, reference: &Reference, digest: &str) -> String {
    format!(
        "{}/v2/{}/referrers/{}",
        base(plain, reference),
        reference.repository(),
        digest
    )
}

/// The catalog URL of the reference's registry, optionally paginated.
pub fn catalog(
    plain: &PlainHttpHosts,
    reference: &Reference,
    n: Option<u32>,
    last: Option<&str>,
) -> String {
    paginated(format!("{}/v2/_catalog", base(plain, reference)), n, last)
}

/// The tag the OCI 1.1 referrers tag schema uses for `digest`: `sha256-<hex>`; `None` for a
/// digest that is not `algorithm:hex`.
pub fn referrers_tag(digest: &str) -> Option<String> {
    let (algorithm, hex) = digest.split_once(':')?;
    Some(format!("{algorithm}-{hex}"))
}

/// The target of a `Link` header's `rel="next"` entry.
pub fn next_link(link_header: &str) -> Option<&str> {
    link_header.split(',').find_map(|entry| {
        let (target, params) = entry.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim();
            p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then_some(target)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub_urls_use_the_api_host_and_library() {
        let none = PlainHttpHosts::default();
        let r: Reference = "alpine".parse().unwrap();
        assert_eq!(
            manifest(&none, &r, "latest"),
            "https://registry-1.docker.io/v2/library/alpine/manifests/latest"
        );
        let local: Reference = "127.0.0.1:5000/a/b:1".parse().unwrap();
        assert_eq!(
            blob(&none, &local, "sha256:00"),
            "http://127.0.0.1:5000/v2/a/b/blobs/sha256:00"
        );
        assert_eq!(
            tags(&none, &local, Some(50), Some("v1")),
            "http://127.0.0.1:5000/v2/a/b/tags/list?n=50&last=v1"
        );
    }

    #[test]
    fn plain_http_registries_are_asked_over_http() {
        let plain = PlainHttpHosts::parse("harbor.local registry.lan:5000");
        let harbor: Reference = "harbor.local/library/alpine".parse().unwrap();
        assert_eq!(
            catalog(&plain, &harbor, None, None),
            "http://harbor.local/v2/_catalog"
        );
        let lan: Reference = "registry.lan:5000/a:1".parse().unwrap();
        assert_eq!(
            referrers(&plain, &lan, "sha256:00"),
            "http://registry.lan:5000/v2/a/referrers/sha256:00"
        );
        let other_port: Reference = "registry.lan:5001/a:1".parse().unwrap();
        assert_eq!(base(&plain, &other_port), "https://registry.lan:5001");
        let hub: Reference = "alpine".parse().unwrap();
        assert_eq!(base(&plain, &hub), "https://registry-1.docker.io");
    }

    #[test]
    fn link_headers() {
        assert_eq!(
            next_link(r#"</v2/_catalog?last=b&n=2>; rel="next""#),
            Some("/v2/_catalog?last=b&n=2")
        );
        assert_eq!(next_link(r#"<https://x/a>; rel="prev""#), None);
        assert_eq!(next_link("garbage"), None);
    }
}
