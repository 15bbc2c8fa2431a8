//! The view of an inspected image: its headline, the registry's credentials, the tab bar and
//! the active tab's body (through the tab list).

use regscope_core::Inspection;
use regscope_core::trace::Exchange;
use yew::prelude::*;

use crate::components::credentials_form::CredentialsForm;
use crate::components::summary::summary;
use crate::components::tabs::{tab_panel, tabs};
use crate::route::{Navigation, ViewTab};
use crate::services::fetched::Fetched;
use crate::tabs::TabView;

/// The view `navigation` names of `inspection`; `on_credentials` runs the inspection again
/// after the credentials changed.
pub fn image_view(
    navigation: &Navigation,
    inspection: &Fetched<Inspection>,
    on_credentials: Callback<()>,
) -> Html {
    let trace: &[Exchange] = &inspection.trace;
    let query = &navigation.query;
    let shown = &inspection.value;
    let tab = query.tab();
    let view = TabView {
        query,
        inspection: shown,
        trace,
    };
    html! {
        <>
            { summary(shown, query) }
            <CredentialsForm api_host={shown.reference.api_host().to_string()} on_change={on_credentials} />
            { tabs(navigation, trace.len()) }
            { tab_panel(tab, tab.body(&view)) }
        </>
    }
}
