//! The doctor module's root in the browser: it follows the address bar (`popstate`, as the main
//! app does) only to know the view, and navigates by pushing a history entry and telling every
//! listener (the main app too) with a `popstate` event. It makes no registry request.

use yew::prelude::*;

use crate::route::{Navigation, ViewQuery};
use crate::services::navigation;

use super::page::DoctorPage;

/// Props of [`DoctorRoot`].
#[derive(Properties, PartialEq)]
pub struct DoctorRootProps {
    /// The view shown when mounted.
    pub query: ViewQuery,
}

/// The root of the request doctor.
#[component]
pub fn DoctorRoot(props: &DoctorRootProps) -> Html {
    let go = Callback::from(|to: ViewQuery| {
        navigation::push(&to);
        navigation::announce();
    });
    let navigation = Navigation {
        query: props.query.clone(),
        go,
        root: None,
    };
    html! {
        <ContextProvider<Navigation> context={navigation}>
            <DoctorPage />
        </ContextProvider<Navigation>>
    }
}
