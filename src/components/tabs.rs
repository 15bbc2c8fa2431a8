//! The tab bar of a view and the panel it controls, as ARIA tabs: each tab is a link (`tab=` in
//! the query, so tabs are shareable) with the role `tab`. Only the active tab is in the Tab
//! order; Left/Right (wrapping), Home and End move the focus along the bar, and Enter or Space
//! follows the focused tab's link.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::context::root::Root;
use crate::links;
use crate::route::{Navigation, Tab, ViewTab};

/// The `id` of the panel; every tab controls it (its content is the active tab's).
const PANEL_ID: &str = "tab-panel";

/// The `id` of `tab`'s element in the bar.
fn tab_id(tab: Tab) -> String {
    format!("tab-{}", tab.name())
}

/// The body of the active tab `tab`, wrapped as the panel the tab bar controls.
pub fn tab_panel(tab: Tab, body: Html) -> Html {
    html! {
        <div class="tab-body" role="tabpanel" id={PANEL_ID} aria-labelledby={tab_id(tab)} tabindex="0"
            data-testid={format!("tab-body-{}", tab.name())}>{ body }</div>
    }
}

/// The tab bar of the view `navigation` shows; the trace tab shows how many `requests` the
/// view made. A plain function, not a component (the page passes the navigation it has), with
/// one handler on the bar for the clicks and keys of every tab.
pub fn tabs(navigation: &Navigation, requests: usize) -> Html {
    let (query, go) = (&navigation.query, navigation.go.clone());
    // Inactive tabs leave the Tab order (the focus then moves with the arrow keys), except on
    // a page rendered on the server: it may be read without JavaScript, where only Tab reaches them.
    let roving = !matches!(navigation.root, Some(Root::Server(_)));
    let active = query.tab();
    let onclick = {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |event: MouseEvent| {
            let modified =
                event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
            if let (false, 0, Some(at)) = (modified, event.button(), tab_of(&event)) {
                event.prevent_default();
                go.emit(query.with_tab(Tab::ALL[at]));
            }
        })
    };
    let onkeydown = {
        let query = query.clone();
        Callback::from(move |event: KeyboardEvent| {
            if let Some((tab, open)) = key_target(&event) {
                event.prevent_default();
                if open {
                    go.emit(query.with_tab(tab));
                } else {
                    focus(tab);
                }
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Views of the image" {onclick} {onkeydown}>
            { for Tab::ALL.into_iter().map(|tab| {
                let selected = tab == active;
                let label = if tab == Tab::Trace { format!("{} ({})", tab.label(), requests) } else { tab.label().to_string() };
                let id = AttrValue::from(tab_id(tab));
                html! {
                    <a href={links::href(&query.with_tab(tab))} role="tab" id={id.clone()} class={if selected { "tab active" } else { "tab" }}
                        aria-selected={if selected { "true" } else { "false" }} aria-controls={PANEL_ID}
                        tabindex={if selected || !roving { "0" } else { "-1" }} data-testid={id}>{ label }</a>
                }
            }) }
        </div>
    }
}

/// The position in [`Tab::ALL`] of the tab an event of the bar happened on (`None` for the bar
/// itself: its tabs have no child elements, so they are the targets).
fn tab_of(event: &Event) -> Option<usize> {
    let id = event.target()?.unchecked_into::<Element>().id();
    Tab::ALL.iter().position(|&tab| tab_id(tab) == id)
}

/// Where a key pressed on a tab leads: the tab, and whether to open it (Space; Enter follows
/// the link natively) or only to focus it (Left/Right, wrapping, Home, End). `None` for other
/// keys, and for keys with a modifier (the browser's: Alt+Left goes back).
fn key_target(event: &KeyboardEvent) -> Option<(Tab, bool)> {
    if event.alt_key() || event.ctrl_key() || event.meta_key() {
        return None;
    }
    let at = tab_of(event)?;
    let last = Tab::ALL.len() - 1;
    let to = match event.key().as_str() {
        "ArrowRight" if at == last => 0,
        "ArrowRight" => at + 1,
        "ArrowLeft" if at == 0 => last,
        "ArrowLeft" => at - 1,
        "Home" => 0,
        "End" => last,
        " " => return Some((Tab::ALL[at], true)),
        _ => return None,
    };
    Some((Tab::ALL[to], false))
}

/// Moves the keyboard focus to `tab` in the bar.
fn focus(tab: Tab) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&tab_id(tab)));
    if let Some(element) = element {
        let _ = element.unchecked_into::<HtmlElement>().focus();
    }
}
