//! The JSON tab: every document of the view, raw and highlighted.

use yew::Html;

use super::{TabSpec, TabView};
use crate::components::json_view::json_view;

/// The JSON tab.
pub static SPEC: TabSpec = TabSpec {
    name: "json",
    label: "JSON",
    body,
};

fn body(view: &TabView<'_>) -> Html {
    json_view(view.inspection, view.query)
}
