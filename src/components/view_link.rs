//! A link to another view that navigates inside the app (history push, no page reload, so
//! credentials kept in memory survive), while staying a real `<a href>` for new tabs and sharing.

use regscope_core::Reference;
use yew::prelude::*;

use crate::format;

use crate::links;
use crate::route::{Navigation, ViewQuery};

/// Props of [`ViewLink`].
#[derive(Properties, PartialEq)]
pub struct ViewLinkProps {
    /// The view linked to.
    pub to: ViewQuery,
    /// CSS classes (space-separated).
    #[prop_or_default]
    pub class: Option<AttrValue>,
    /// `data-testid`, for tests.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Tooltip.
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// The link's content.
    #[prop_or_default]
    pub children: Html,
}

/// A [`ViewLink`] to `to` with an optional `data-testid` and tooltip. Pages call this instead
/// of writing `<ViewLink …>` in their `html!`: the component's props are then built in one
/// place, not once per use (smaller wasm).
#[inline(never)]
pub fn view_link(
    to: ViewQuery,
    testid: Option<&'static str>,
    title: Option<String>,
    children: Html,
) -> Html {
    html! {
        <ViewLink {to} testid={testid.map(AttrValue::Static)} title={title.map(AttrValue::from)}>
            { children }
        </ViewLink>
    }
}

/// A link to the view of manifest `digest` in `reference`'s repository, showing the short
/// digest in `<code>` and the full one as tooltip.
#[inline(never)]
pub fn short_digest_link(
    reference: &Reference,
    digest: &str,
    testid: Option<&'static str>,
) -> Html {
    view_link(
        links::digest_view(reference, digest),
        testid,
        Some(digest.to_string()),
        html! { <code>{ format::short_digest(digest) }</code> },
    )
}

/// An in-app link.
#[component]
pub fn ViewLink(props: &ViewLinkProps) -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |event: MouseEvent| {
            let modified =
                event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
            if modified || event.button() != 0 {
                return;
            }
            event.prevent_default();
            navigation.go.emit(to.clone());
        })
    };
    html! {
        <a href={links::href(&props.to)} class={props.class.clone()} data-testid={props.testid.clone()}
            title={props.title.clone()} {onclick}>{ props.children.clone() }</a>
    }
}
