//! The compare module's root in the browser: it keeps the view named by the address bar,
//! makes its own registry session over the exchanges the server recorded, and navigates by
//! pushing a history entry and telling every listener (the main app too).

use regscope_core::recording::Recording;
use yew::prelude::*;

use crate::hooks::use_module_navigation::use_module_navigation;
use crate::route::{Navigation, ViewQuery};

use super::page::ComparePage;

/// Props of [`CompareRoot`].
#[derive(Properties, PartialEq)]
pub struct CompareRootProps {
    /// The view to show first.
    pub query: ViewQuery,
    /// The exchanges the relay made while it rendered this view (its session answers from them).
    #[prop_or_default]
    pub recording: Recording,
}

/// The root of the comparison view.
#[component]
pub fn CompareRoot(props: &CompareRootProps) -> Html {
    let navigation = use_module_navigation(&props.query, &props.recording);
    html! {
        <ContextProvider<Navigation> context={navigation}>
            <ComparePage />
        </ContextProvider<Navigation>>
    }
}
