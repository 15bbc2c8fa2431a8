//! A link to another view that navigates inside the app (history push, no page reload, so
//! credentials kept in memory survive), while staying a real `<a href>` for new tabs and sharing.

use yew::prelude::*;

use crate::links;
use crate::route::{Navigation, ViewQuery};

/// Props of [`ViewLink`].
#[derive(Properties, PartialEq)]
pub struct ViewLinkProps {
    /// The view linked to.
    pub to: ViewQuery,
    /// CSS classes.
    #[prop_or_default]
    pub class: Classes,
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
