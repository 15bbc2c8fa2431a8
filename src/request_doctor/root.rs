//! The doctor module's root in the browser: it shows the view it was mounted for (the main app
//! unmounts it when the view changes) and navigates by pushing a history entry and telling every
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
    let go = Callback::from(navigation::push_and_announce);
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
