//! The tags tab: the repository's tags, a page at a time, more fetched on request.

use yew::prelude::*;

use super::{Data, TabSpec, TabView};
use crate::components::failure_card::failure_card;
use crate::components::progress::list_loading;
use crate::components::tags_view::TagsView;
use crate::hooks::load::Load;

/// The tags tab.
pub static SPEC: TabSpec = TabSpec {
    name: "tags",
    label: "Tags",
    needs: &[Data::Tags],
    body,
};

fn body(view: &TabView<'_>) -> Html {
    match &view.tags.load {
        Load::Done(_, tags) => html! {
            <TagsView reference={view.inspection.reference.clone()} tags={tags.clone()}
                on_more={view.tags.more()} />
        },
        Load::Failed(_, failure) => failure_card(failure),
        Load::Idle | Load::Loading(_) => list_loading("Listing tags…"),
    }
}
