//! The root component: keeps the view named by the address bar, follows back/forward, and
//! provides [`Navigation`] to the page.

use yew::prelude::*;

use crate::components::inspector_page::InspectorPage;
use crate::prerender::Start;
use crate::route::{Navigation, ViewQuery};
use crate::services::navigation::{self, PopListener};

/// What the app starts with.
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// A view already inspected (a page the relay rendered); else the address bar's view.
    #[prop_or_default]
    pub start: Option<Start>,
}

/// The whole app.
#[component]
pub fn App(props: &AppProps) -> Html {
    let query = {
        let start = props.start.as_ref().map(|s| s.query.clone());
        use_state(move || start.unwrap_or_else(navigation::current))
    };
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
            <InspectorPage start={props.start.clone()} />
        </ContextProvider<Navigation>>
    }
}
