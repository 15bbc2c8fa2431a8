//! The root component: keeps the view named by the address bar, follows back/forward, and
//! provides [`Navigation`] to the page.

use yew::prelude::*;

use crate::components::inspector_page::InspectorPage;
use crate::route::{Navigation, ViewQuery};
use crate::services::navigation::{self, PopListener};

/// The whole app.
#[component]
pub fn App() -> Html {
    let query = use_state(navigation::current);
    {
        let query = query.clone();
        use_effect_with((), move |_| {
            let listener = PopListener::new(move || query.set(navigation::current()));
            move || drop(listener)
        });
    }
    let go = {
        let query = query.clone();
        Callback::from(move |to: ViewQuery| {
            navigation::push(&to);
            query.set(to);
        })
    };
    let context = Navigation {
        query: (*query).clone(),
        go,
    };
    html! {
        <ContextProvider<Navigation> {context}>
            <InspectorPage />
        </ContextProvider<Navigation>>
    }
}
