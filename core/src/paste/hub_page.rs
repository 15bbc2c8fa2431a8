//! Docker Hub web pages that name an image: `hub.docker.com/_/alpine`, `/r/org/app`, their
//! `/tags` pages, `/layers/NAMESPACE/NAME/TAG/images/sha256-…`, and the website's own
//! `/v2/repositories/…` API.

use super::image::{ImageSource, PastedImage};
use super::url_parts::UrlParts;
use crate::url_text::query_pairs;

/// Docker Hub's web host.
const HUB_WEB_HOSTS: [&str; 2] = ["hub.docker.com", "www.hub.docker.com"];

/// The image a Docker Hub page shows: `None` when the URL is not on Docker Hub's web host,
/// `Some(Err(reason))` when it is but names no image.
pub(crate) fn read(parts: &UrlParts) -> Option<Result<PastedImage, String>> {
    if !HUB_WEB_HOSTS.contains(&parts.host.as_str()) {
        return None;
    }
    let segments: Vec<&str> = parts
        .path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    let tag_filter = parts
        .query
        .as_deref()
        .and_then(|q| query_pairs(q).find(|(name, _)| name == "name"))
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty());
    let page = match segments.as_slice() {
        ["_", name, rest @ ..] => repository_page(format!("library/{name}"), rest, tag_filter),
        ["r", namespace, name, rest @ ..] => {
            repository_page(format!("{namespace}/{name}"), rest, tag_filter)
        }
        ["layers", rest @ ..] => layers_page(rest),
        ["v2", "repositories", namespace, name, rest @ ..] => {
            let tag = match rest {
                ["tags", tag, ..] => Some(*tag),
                _ => None,
            };
            let tags_page = matches!(rest, ["tags"]);
            Some((
                format!("{namespace}/{name}"),
                tag.map(|t| format!(":{t}")),
                tags_page,
                tag_filter,
            ))
        }
        _ => None,
    };
    let Some((repository, suffix, tags_page, tag_filter)) = page else {
        return Some(Err(format!(
            "this Docker Hub page ({}) shows no image: paste the page of a repository, such as https://hub.docker.com/_/alpine or https://hub.docker.com/r/NAMESPACE/NAME",
            if parts.path.is_empty() {
                "/"
            } else {
                &parts.path
            }
        )));
    };
    let text = format!("docker.io/{repository}{}", suffix.unwrap_or_default());
    Some(
        text.parse()
            .map(|reference| PastedImage {
                reference,
                platform: None,
                source: ImageSource::HubPage {
                    tags_page,
                    tag_filter,
                },
            })
            .map_err(|e| {
                format!("this Docker Hub page names {text:?}, which is not an image: {e}")
            }),
    )
}

type Page = (String, Option<String>, bool, Option<String>);

/// A repository page (`…/NAME`, `…/NAME/tags`, `…/NAME/tags?name=…`).
fn repository_page(repository: String, rest: &[&str], filter: Option<String>) -> Option<Page> {
    match rest {
        [] => Some((repository, None, false, None)),
        ["tags", ..] => Some((repository, None, true, filter)),
        _ => Some((repository, None, false, None)),
    }
}

/// `layers/NAMESPACE/NAME/TAG/images/sha256-HEX`, and the older
/// `layers/NAME/NAMESPACE/NAME/TAG/images/sha256-HEX`.
fn layers_page(rest: &[&str]) -> Option<Page> {
    let images = rest.iter().position(|s| *s == "images")?;
    let (name_and_tag, after) = rest.split_at(images);
    let (tag, name) = name_and_tag.split_last()?;
    let name = match name {
        [first, namespace, last] if first == last => vec![*namespace, *last],
        other => other.to_vec(),
    };
    if name.is_empty() {
        return None;
    }
    let mut suffix = format!(":{tag}");
    if let Some(digest) = after.get(1) {
        let digest = match digest.split_once('-') {
            Some((algorithm, hex)) => format!("{algorithm}:{hex}"),
            None => digest.to_string(),
        };
        suffix.push('@');
        suffix.push_str(&digest);
    }
    Some((name.join("/"), Some(suffix), false, None))
}
