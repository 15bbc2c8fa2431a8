//! The overview tab: platforms, layers and what the image runs, at a glance.

use yew::prelude::*;

use super::{TabSpec, TabView};
use crate::components::config_view::config_view;
use crate::components::layers::layers;
use crate::components::platforms::platforms;

/// The overview tab.
pub static SPEC: TabSpec = TabSpec {
    name: "overview",
    label: "Overview",
    body,
};

fn body(view: &TabView<'_>) -> Html {
    html! {
        <>
            { platforms(view.inspection) }
            { layers(view.inspection) }
            { config_view(view.inspection, view.query, false) }
        </>
    }
}
