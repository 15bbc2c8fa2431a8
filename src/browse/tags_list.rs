//! A repository's tags as the browse view lists them: by name (version-aware) or by creation
//! date, with the digest each points to and the tags that share it, fetched on request; in an
//! image's Tags tab, the tag being viewed is marked.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use regscope_core::Reference;
use regscope_core::tag_order::natural_cmp;
use yew::prelude::*;

use super::services::Tags;
use crate::components::trace_view::TraceView;
use crate::components::view_link::view_link;
use crate::format;
use crate::route::Navigation;
use crate::services::fetched::Fetched;

use super::hooks::{CONCURRENT, Detail, use_tag_details};
use super::links;
use super::services::TagInfo;

/// Props of [`TagsList`].
#[derive(Properties)]
pub struct TagsListProps {
    /// The registry host, as in the view.
    pub host: AttrValue,
    /// The repository, as in the view.
    pub repository: AttrValue,
    /// The repository's reference (for the requests).
    pub reference: Reference,
    /// The tags fetched so far.
    pub tags: Rc<Fetched<Tags>>,
    /// Asks for the registry's next page.
    pub on_more: Callback<()>,
    /// The tag being viewed (in an image's Tags tab).
    #[prop_or_default]
    pub current: Option<AttrValue>,
}

/// Compared by identity: each fetch makes a new list.
impl PartialEq for TagsListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.tags, &other.tags)
            && self.reference == other.reference
            && self.on_more == other.on_more
            && self.current == other.current
    }
}

/// The tags card, with its own exchanges (the list's and the details').
#[component]
pub fn TagsList(props: &TagsListProps) -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let by_date = links::by_date(&navigation.query);
    let digests_asked = use_state(|| false);
    let wanted = match (by_date, *digests_asked) {
        (true, _) => Detail::Date,
        (false, true) => Detail::Digest,
        (false, false) => Detail::Nothing,
    };
    let names = use_memo(props.tags.value.tags.clone(), Clone::clone);
    let details = use_tag_details(Some(props.reference.clone()), names.clone(), wanted);
    let mut order: Vec<&String> = names.iter().collect();
    if by_date {
        order.sort_by(|a, b| newest_first(details.info.get(*a), details.info.get(*b), a, b));
    }
    let shared = sharing(&details.info);
    let tags = &props.tags.value;
    let (host, repository) = (props.host.to_string(), props.repository.to_string());
    let ask_digests = {
        let digests_asked = digests_asked.clone();
        Callback::from(move |_| digests_asked.set(true))
    };
    let sort_link = |date: bool, label: &'static str, testid: &'static str| {
        if date == by_date {
            html! { <strong aria-current="true">{ label }</strong> }
        } else {
            view_link(
                links::sorted_view(&navigation.query, date),
                Some(testid),
                None,
                label.into(),
            )
        }
    };
    let mut trace = props.tags.trace.clone();
    trace.extend_from_slice(&details.trace);
    html! {
        <>
        <section class="card browse" aria-labelledby="repository-heading">
            <h2 id="repository-heading" data-testid="repository-heading">
                { format!("Tags of {host}/{repository} ({}{})", tags.tags.len(), if tags.next.is_some() { "+" } else { "" }) }</h2>
            <p class="hint">
                { view_link(links::catalog_view(&navigation.query, &host), Some("catalog-link"), None,
                    html! { {format!("All repositories of {host}")} }) }</p>
            <p class="sorting">{"Order: "}{ sort_link(false, "by name", "sort-name") }{" · "}
                { sort_link(true, "by creation date", "sort-date") }
                if wanted == Detail::Nothing {
                    {" · "}<button type="button" data-testid="show-digests" onclick={ask_digests}>{"Show shared digests"}</button>
                }
            </p>
            <p class="hint" data-testid="details-cost">{ cost(wanted, names.len()) }
                if details.pending > 0 {
                    <span role="status" data-testid="details-pending">{ format!(" {} tags to go…", details.pending) }</span>
                }
            </p>
            <table class="tags-table" data-testid="tags-table">
                <thead><tr><th scope="col">{"Tag"}</th><th scope="col">{"Digest"}</th><th scope="col">{"Created"}</th></tr></thead>
                <tbody>
                { for order.into_iter().map(|tag| {
                    let info = details.info.get(tag);
                    let others: Vec<&String> = info
                        .and_then(|i| i.digest.as_ref())
                        .and_then(|d| shared.get(d))
                        .map(|all| all.iter().copied().filter(|t| *t != tag).collect())
                        .unwrap_or_default();
                    let viewed = props.current.as_deref() == Some(tag.as_str());
                    html! {
                        <tr data-tag={tag.clone()} class={viewed.then_some("current")} aria-current={viewed.then_some("true")}>
                            <td>{ view_link(links::tag_view(&host, &repository, tag), Some("tag"), None, html! { <code>{ tag.clone() }</code> }) }
                                if viewed { <span class="hint" data-testid="tag-viewed">{" (this image)"}</span> }</td>
                            <td data-testid="tag-digest">{ digest_cell(info, &others) }</td>
                            <td data-testid="tag-created">{ info.and_then(|i| i.created.clone()).unwrap_or_default() }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            if tags.next.is_some() {
                <div class="pager">
                    <button type="button" data-testid="tags-more" onclick={props.on_more.reform(|_| ())}>{"Load more"}</button>
                    <span class="hint">{" The registry has more tags."}</span>
                </div>
            }
        </section>
        <TraceView {trace} />
        </>
    }
}

/// What the details cost, in words.
fn cost(wanted: Detail, tags: usize) -> String {
    match wanted {
        Detail::Nothing => {
            "Digests and dates are not fetched until asked: the list alone is one request per page."
                .into()
        }
        Detail::Digest => format!(
            "Digests: one HEAD request per tag ({tags}), {CONCURRENT} at a time; registries do not count them as pulls."
        ),
        Detail::Date => format!(
            "Dates: each tag's manifest, its platform's manifest for an index, and its config (2 to 3 requests per tag, {tags} tags, {CONCURRENT} at a time; nothing fetched twice)."
        ),
    }
}

/// The short digest of a tag, and the tags that point to the same manifest.
fn digest_cell(info: Option<&TagInfo>, others: &[&String]) -> Html {
    let Some(info) = info else {
        return Html::default();
    };
    if let Some(failed) = &info.failed {
        return html! { <span class="hint" title={failed.clone()}>{"unreadable"}</span> };
    }
    let Some(digest) = &info.digest else {
        return Html::default();
    };
    html! {
        <>
            <code title={digest.clone()}>{ format::short_digest(digest) }</code>
            if !others.is_empty() {
                <span class="shared" data-testid="shared-with">{ format!(" same as {}", others.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")) }</span>
            }
        </>
    }
}

/// The tags of each digest.
fn sharing(info: &HashMap<String, TagInfo>) -> HashMap<&String, Vec<&String>> {
    let mut by_digest: HashMap<&String, Vec<&String>> = HashMap::new();
    for (tag, info) in info {
        if let Some(digest) = &info.digest {
            by_digest.entry(digest).or_default().push(tag);
        }
    }
    for tags in by_digest.values_mut() {
        tags.sort_by(|a, b| natural_cmp(a, b));
    }
    by_digest
}

/// Newest first; tags without a date after, by name.
fn newest_first(a: Option<&TagInfo>, b: Option<&TagInfo>, name_a: &str, name_b: &str) -> Ordering {
    let date = |i: Option<&TagInfo>| i.and_then(|i| i.created.clone());
    match (date(a), date(b)) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| natural_cmp(name_a, name_b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => natural_cmp(name_a, name_b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(created: &str) -> TagInfo {
        TagInfo {
            created: Some(created.into()),
            ..TagInfo::default()
        }
    }

    #[test]
    fn newest_first_then_undated_by_name() {
        let (old, new) = (dated("2020-01-01T00:00:00Z"), dated("2024-01-01T00:00:00Z"));
        assert_eq!(
            newest_first(Some(&new), Some(&old), "a", "b"),
            Ordering::Less
        );
        assert_eq!(newest_first(None, Some(&old), "a", "b"), Ordering::Greater);
        assert_eq!(newest_first(None, None, "v10", "v9"), Ordering::Greater);
    }

    #[test]
    fn tags_sharing_a_digest_are_grouped() {
        let mut info = HashMap::new();
        for (tag, digest) in [
            ("latest", "sha256:a"),
            ("3.20", "sha256:a"),
            ("edge", "sha256:b"),
        ] {
            info.insert(
                tag.to_string(),
                TagInfo {
                    digest: Some(digest.into()),
                    ..TagInfo::default()
                },
            );
        }
        let groups = sharing(&info);
        let a = "sha256:a".to_string();
        assert_eq!(groups[&a], [&"3.20".to_string(), &"latest".to_string()]);
    }
}
