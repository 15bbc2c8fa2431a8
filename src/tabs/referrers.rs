//! The referrers tab: signatures, SBOMs and attestations that name the manifests shown as
//! their subject.

use yew::Html;

use super::{Data, TabSpec, TabView};
use crate::components::failure_card::failure_card;
use crate::components::progress::list_loading;
use crate::components::referrers_view::referrers_view;
use crate::hooks::load::Load;

/// The referrers tab.
pub static SPEC: TabSpec = TabSpec {
    name: "referrers",
    label: "Referrers",
    needs: &[Data::Referrers],
    body,
};

fn body(view: &TabView<'_>) -> Html {
    match &view.referrers.load {
        Load::Done(_, lists) => referrers_view(&view.inspection.reference, &lists.value),
        Load::Failed(_, failure) => failure_card(failure),
        Load::Idle | Load::Loading(_) => list_loading("Looking for referrers…"),
    }
}
