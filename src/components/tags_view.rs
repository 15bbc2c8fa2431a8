//! The tags of the repository, a page at a time; each tag links to its view.

use regscope_core::Reference;
use yew::prelude::*;

use crate::components::error_view::error_view;
use crate::components::progress::list_loading;
use crate::components::view_link::view_link;
use crate::links;
use crate::services::listing::{Listed, Tags};

/// Tags shown per page.
pub const TAGS_PER_PAGE: usize = 50;

/// Props of [`TagsView`].
#[derive(Properties)]
pub struct TagsProps {
    /// The repository's reference.
    pub reference: Reference,
    /// The tags fetched so far; `None` while the first page loads.
    pub listed: Option<std::rc::Rc<Listed<Tags>>>,
    /// Asks for the registry's next page.
    pub on_more: Callback<()>,
}

/// The list is compared by identity: each fetch makes a new one, and a deep comparison of
/// lists, errors and traces would only add code to the wasm bundle.
impl PartialEq for TagsProps {
    fn eq(&self, other: &Self) -> bool {
        let same_list = match (&self.listed, &other.listed) {
            (Some(a), Some(b)) => std::rc::Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_list && self.reference == other.reference && self.on_more == other.on_more
    }
}

/// The tags card.
#[component]
pub fn TagsView(props: &TagsProps) -> Html {
    let page = use_state(|| 0usize);
    let Some(listed) = &props.listed else {
        return list_loading("Listing tags…");
    };
    let tags = match &listed.result {
        Ok(tags) => tags,
        Err(error) => {
            return error_view(error, Some(&props.reference), None);
        }
    };
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
