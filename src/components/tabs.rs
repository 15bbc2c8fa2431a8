//! The tab bar of a view and the panel it controls, as ARIA tabs: each tab is a link (`tab=` in
//! the query, so tabs are shareable) with the role `tab`. Only the active tab is in the Tab
//! order; Left/Right (wrapping), Home and End move the focus along the bar, and Enter or Space
//! follows the focused tab's link.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::class_list::class_list;
use crate::links;
use crate::route::{Navigation, Tab, ViewQuery};

/// The `id` of the panel; every tab controls it (its content is the active tab's).
const PANEL_ID: &str = "tab-panel";

/// Whether inactive tabs leave the Tab order (the focus then moves with the arrow keys). A page
/// rendered on the server may be read without JavaScript, where only Tab can reach them.
const ROVING: bool = cfg!(not(feature = "ssr"));

/// The `id` of `tab`'s element in the bar.
fn tab_id(tab: Tab) -> String {
    format!("tab-{}", tab.name())
}

/// The tab bar of the view `query`; the trace tab shows how many `requests` the view made.
pub fn tabs(query: &ViewQuery, requests: usize) -> Html {
    html! { <TabBar query={query.clone()} {requests} /> }
}

/// The body of the active tab `tab`, wrapped as the panel the tab bar controls.
pub fn tab_panel(tab: Tab, body: Html) -> Html {
    html! {
        <div class="tab-body" role="tabpanel" id={PANEL_ID} aria-labelledby={tab_id(tab)} tabindex="0"
            data-testid={format!("tab-body-{}", tab.name())}>{ body }</div>
    }
}

/// Props of [`TabBar`].
#[derive(Properties, PartialEq)]
struct TabBarProps {
    query: ViewQuery,
    requests: usize,
}

/// The bar itself: a component, for the navigation context its links use.
#[component]
fn TabBar(props: &TabBarProps) -> Html {
    let go = use_context::<Navigation>().unwrap_or_default().go;
    let active = props.query.tab();
    html! {
        <div class="tabs" role="tablist" aria-label="Views of the image" onkeydown={Callback::from(move_focus)}>
            { for Tab::ALL.into_iter().map(|tab| {
                let selected = tab == active;
                let label = if tab == Tab::Trace { format!("{} ({})", tab.label(), props.requests) } else { tab.label().to_string() };
                let to = props.query.with_tab(tab);
                let href = links::href(&to);
                let onclick = {
                    let go = go.clone();
                    Callback::from(move |event: MouseEvent| {
                        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
                        if !modified && event.button() == 0 {
                            event.prevent_default();
                            go.emit(to.clone());
                        }
                    })
                };
                html! {
                    <a {href} role="tab" id={tab_id(tab)} class={class_list(&["tab", if selected { "active" } else { "" }])}
                        aria-selected={if selected { "true" } else { "false" }} aria-controls={PANEL_ID}
                        tabindex={if selected || !ROVING { "0" } else { "-1" }}
                        data-testid={format!("tab-{}", tab.name())} {onclick}>{ label }</a>
                }
            }) }
        </div>
    }
}

/// Keys on a tab: arrows, Home and End focus another tab of the bar; Space follows the link
/// (Enter does natively). Keys with a modifier are left to the browser (Alt+Left goes back).
fn move_focus(event: KeyboardEvent) {
    if event.alt_key() || event.ctrl_key() || event.meta_key() {
        return;
    }
    let Some(tab) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let Some(bar) = tab.parent_element() else {
        return;
    };
    let next = match event.key().as_str() {
        "ArrowRight" => tab
            .next_element_sibling()
            .or_else(|| bar.first_element_child()),
        "ArrowLeft" => tab
            .previous_element_sibling()
            .or_else(|| bar.last_element_child()),
        "Home" => bar.first_element_child(),
        "End" => bar.last_element_child(),
        " " => {
            event.prevent_default();
            tab.click();
            return;
        }
        _ => return,
    };
    if let Some(next) = next.and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
        event.prevent_default();
        let _ = next.focus();
    }
}
