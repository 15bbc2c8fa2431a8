//! The tags of the repository, a page at a time; each tag links to its view, and the list
//! links to the browse view of the repository (its tags by date, shared digests, its registry).

use std::rc::Rc;

use regscope_core::Reference;
use yew::prelude::*;

use crate::components::view_link::view_link;
use crate::links;
use crate::route::ViewQuery;
use crate::services::fetched::Fetched;
use crate::services::listing::Tags;

/// Tags shown per page.
pub const TAGS_PER_PAGE: usize = 50;

/// Props of [`TagsView`].
#[derive(Properties)]
pub struct TagsProps {
    /// The repository's reference.
    pub reference: Reference,
    /// The tags fetched so far.
    pub tags: Rc<Fetched<Tags>>,
    /// Asks for the registry's next page.
    pub on_more: Callback<()>,
}

/// The list is compared by identity: each fetch makes a new one, and a deep comparison of
/// lists and traces would only add code to the wasm bundle.
impl PartialEq for TagsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.tags, &other.tags)
            && self.reference == other.reference
            && self.on_more == other.on_more
    }
}

/// The tags card.
#[component]
pub fn TagsView(props: &TagsProps) -> Html {
    let page = use_state(|| 0usize);
    let tags = &props.tags.value;
    let pages = tags.tags.len().div_ceil(TAGS_PER_PAGE).max(1);
    let current = (*page).min(pages - 1);
    let shown = tags
        .tags
        .iter()
        .skip(current * TAGS_PER_PAGE)
        .take(TAGS_PER_PAGE);
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };
    let more = props.on_more.reform(|_| ());
    html! {
        <section class="card">
            <h2 data-testid="tags-heading">{ format!("Tags of {}/{} ({}{})", props.reference.registry(), props.reference.repository(),
                tags.tags.len(), if tags.next.is_some() { "+" } else { "" }) }</h2>
            <p>{ view_link(ViewQuery { registry: Some(props.reference.registry().into()), repository: Some(props.reference.repository().into()),
                ..ViewQuery::default() }, Some("browse-repository"), None, "Browse the repository and its registry".into()) }</p>
            <ul class="taglist">
                { for shown.map(|t| html! {
                    <li>{ view_link(links::tag_view(&props.reference, t), Some("tag"), None, t.clone().into()) }</li>
                }) }
            </ul>
            <div class="pager">
                <button type="button" data-testid="tags-prev" disabled={current == 0} onclick={go(current.saturating_sub(1))}>{"← Previous"}</button>
                <span data-testid="tags-page">{ format!(" Page {} of {} ", current + 1, pages) }</span>
                <button type="button" data-testid="tags-next" disabled={current + 1 >= pages} onclick={go(current + 1)}>{"Next →"}</button>
                if tags.next.is_some() {
                    {" "}<button type="button" data-testid="tags-more" onclick={more}>{"Load more from the registry"}</button>
                }
            </div>
        </section>
    }
}
