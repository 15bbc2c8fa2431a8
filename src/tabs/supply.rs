//! The supply chain tab: an image's signatures, attestations, provenance and SBOMs, gathered,
//! decoded and verified by the supply module (`src/bin/supply.rs`, `crate::supply_tab`; its
//! code is not in the main bundle), which gets the manifest the view names (pinned by digest:
//! an index, whose platforms it gathers too, or an image) from its host's `data-reference`.

use yew::{Html, html};

use super::{TabSpec, TabView};

/// The tab's name in links (`tab=supply`).
pub const NAME: &str = "supply";

/// The supply chain tab.
pub static SPEC: TabSpec = TabSpec {
    name: NAME,
    label: "Supply chain",
    body,
};

/// The module's host (see `crate::lazy`), keyed by the manifest so another image mounts the
/// module again.
fn body(view: &TabView<'_>) -> Html {
    let reference = view.inspection.top.reference.to_string();
    html! { <div class="lazy-view" data-lazy="supply" key={format!("supply {reference}")} data-reference={reference}></div> }
}
