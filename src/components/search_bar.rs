//! The search box: Enter or the button opens the view of the typed reference; any other text
//! (a pull line, a URL, curl commands…) goes to the request doctor, and so does a pasted text of
//! several lines, at once (a text box would join its lines). Recent references are offered as
//! suggestions.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::route::Navigation;
use crate::services::doctor_handoff::search_target;

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
        let go = navigation.go.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(element) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let text = element.value();
            if !text.trim().is_empty() {
                go.emit(search_target(&text));
            }
        })
    };
    let onpaste = {
        let go = navigation.go;
        Callback::from(move |event: Event| {
            let pasted = event
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|e| e.clipboard_data())
                .and_then(|data| data.get_data("text").ok())
                .filter(|text| text.trim().contains('\n'));
            if let Some(text) = pasted {
                event.prevent_default();
                go.emit(search_target(&text));
            }
        })
    };
    html! {
        <form class="search" role="search" {onsubmit}>
            <input ref={input} type="text" name="image" aria-label="Image reference" data-testid="image-input"
                placeholder="alpine, ghcr.io/org/app:1.2, host:5000/repo@sha256:…" list="recent-images"
                value={props.value.clone()} {onpaste} spellcheck="false" autocomplete="off" autocapitalize="off" />
            <datalist id="recent-images">
                { for props.recent.iter().map(|r| html! { <option value={r.clone()} /> }) }
            </datalist>
            <button type="submit" data-testid="inspect">{"Inspect"}</button>
        </form>
    }
}
