//! The reference box: Enter or the button opens the view of the typed reference.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::{Route, ViewQuery};

/// Props of [`SearchBar`].
#[derive(Properties, PartialEq)]
pub struct SearchBarProps {
    /// The reference currently shown.
    pub value: AttrValue,
}

/// The reference box.
#[component]
pub fn SearchBar(props: &SearchBarProps) -> Html {
    let navigator = use_navigator();
    let input = use_node_ref();
    let onsubmit = {
        let input = input.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(element) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let image = element.value().trim().to_string();
            if let Some(navigator) = &navigator {
                let query = ViewQuery {
                    image: Some(image),
                    ..ViewQuery::default()
                };
                let _ = navigator.push_with_query(&Route::Home, &query);
            }
        })
    };
    html! {
        <form class="search" {onsubmit}>
            <input ref={input} type="text" name="image" aria-label="Image reference"
                placeholder="alpine, ghcr.io/org/app:1.2, host:5000/repo@sha256:…"
                value={props.value.clone()} spellcheck="false" autocomplete="off" />
            <button type="submit">{"Inspect"}</button>
        </form>
    }
}
