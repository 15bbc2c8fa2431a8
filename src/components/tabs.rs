//! The tab bar of a view: each tab is a link (`tab=` in the query), so tabs are shareable.

use yew::prelude::*;

use crate::components::class_list::class_list;
use crate::components::view_link::ViewLink;
use crate::route::{Tab, ViewQuery};

/// The tab bar of the view `query`; the trace tab shows how many `requests` the view made.
pub fn tabs(query: &ViewQuery, requests: usize) -> Html {
    let active = query.tab();
    html! {
        <nav class="tabs" role="tablist">
            { for Tab::ALL.into_iter().map(|tab| {
                let label = if tab == Tab::Trace { format!("{} ({})", tab.label(), requests) } else { tab.label().to_string() };
                let class = class_list(&["tab", if tab == active { "active" } else { "" }]);
                html! {
                    <ViewLink to={query.with_tab(tab)} {class} testid={format!("tab-{}", tab.name())}>{ label }</ViewLink>
                }
            }) }
        </nav>
    }
}

/// The body of the active tab `tab`, wrapped as the panel the tab bar controls.
pub fn tab_panel(tab: Tab, body: Html) -> Html {
    html! {
        <div class="tab-body" data-testid={format!("tab-body-{}", tab.name())}>{ body }</div>
    }
}
