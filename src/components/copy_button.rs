//! A small button that copies a text (a digest, a reference, a pull command).

use yew::prelude::*;

use crate::services::clipboard;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The text copied.
    pub text: AttrValue,
    /// What is copied, for the button's accessible label ("digest", "pull command"…).
    #[prop_or(AttrValue::Static("text"))]
    pub what: AttrValue,
}

/// A [`CopyButton`] for `text`, built in one place instead of once per use (smaller wasm).
#[inline(never)]
pub fn copy_button(text: String, what: &'static str) -> Html {
    html! { <CopyButton text={text} what={what} /> }
}

/// The copy button; says "copied" for a moment after a click.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| None::<bool>);
    let onclick = {
        let text = props.text.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            let text = text.clone();
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(clipboard::copy(&text).await));
            });
        })
    };
    let label = match *copied {
        None => "copy",
        Some(true) => "copied",
        Some(false) => "copy failed",
    };
    html! {
        <button type="button" class="copy" data-testid="copy" data-copy={props.text.clone()}
            aria-label={format!("Copy the {}", props.what)} title={format!("Copy the {}", props.what)}
            {onclick}>{ label }</button>
    }
}
