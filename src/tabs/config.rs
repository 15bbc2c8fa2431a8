//! The config tab: the whole config, its raw JSON unfolded, and the build history.

use yew::prelude::*;

use super::{TabSpec, TabView};
use crate::components::config_view::config_view;
use crate::components::history_view::history_view;

/// The config tab.
pub static SPEC: TabSpec = TabSpec {
    name: "config",
    label: "Config",
    body,
};

fn body(view: &TabView<'_>) -> Html {
    html! {
        <>
            { config_view(view.inspection, view.query, true) }
            { history_view(view.inspection) }
        </>
    }
}
