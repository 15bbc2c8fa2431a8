//! The requests tab: every HTTP exchange of the view, with the curl that replays it.

use yew::prelude::*;

use super::{TabSpec, TabView};
use crate::components::trace_view::TraceView;

/// The requests tab.
pub static SPEC: TabSpec = TabSpec {
    name: "trace",
    label: "Requests",
    body,
};

fn body(view: &TabView<'_>) -> Html {
    html! { <TraceView trace={view.trace.to_vec()} /> }
}
