//! The root component: the router around the inspector page.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::inspector_page::InspectorPage;
use crate::route::Route;

/// The whole app.
#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <Switch<Route> render={switch} />
        </BrowserRouter>
    }
}

fn switch(_route: Route) -> Html {
    html! { <InspectorPage /> }
}
