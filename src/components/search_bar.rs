//! The reference box: Enter or the button opens the view of the typed reference; recent
//! references are offered as suggestions.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::route::{Navigation, ViewQuery};

/// Props of [`SearchBar`].
#[derive(Properties, PartialEq)]
pub struct SearchBarProps {
    /// The reference currently shown.
    pub value: AttrValue,
    /// Recently inspected references, newest first.
    #[prop_or_default]
    pub recent: Vec<String>,
}

/// The reference box.
#[component]
pub fn SearchBar(props: &SearchBarProps) -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let input = use_node_ref();
    {
        // Back/forward changes the reference shown: keep the box in step.
        let input = input.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(element) = input.cast::<HtmlInputElement>() {
                element.set_value(value);
            }
        });
    }
    let onsubmit = {
        let input = input.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(element) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let image = element.value().trim().to_string();
            if image.is_empty() {
                return;
            }
            navigation.go.emit(ViewQuery {
                image: Some(image),
                ..ViewQuery::default()
            });
        })
    };
    html! {
        <form class="search" role="search" {onsubmit}>
            <input ref={input} type="text" name="image" aria-label="Image reference" data-testid="image-input"
                placeholder="alpine, ghcr.io/org/app:1.2, host:5000/repo@sha256:…" list="recent-images"
                value={props.value.clone()} spellcheck="false" autocomplete="off" autocapitalize="off" />
            <datalist id="recent-images">
                { for props.recent.iter().map(|r| html! { <option value={r.clone()} /> }) }
            </datalist>
            <button type="submit" data-testid="inspect">{"Inspect"}</button>
        </form>
    }
}
