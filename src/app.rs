//! The browser's root: keeps the view named by the address bar and follows back/forward, makes
//! the registry session (answering first from the exchanges the relay recorded, when it
//! rendered this page), and gives both to the page.

use regscope_core::recording::Recording;
use yew::prelude::*;

use crate::context::root::Root;
use crate::hooks::use_address_bar::use_address_bar;
use crate::pages::inspector_page::InspectorPage;
use crate::route::{Navigation, ViewQuery};
use crate::services::navigation;
use crate::services::session::{Session, SharedSession};

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The exchanges the relay made while it rendered this page (empty for a page it did not
    /// render): the session answers those requests from them.
    #[prop_or_default]
    pub recording: Recording,
}

/// The whole app.
#[component]
pub fn App(props: &AppProps) -> Html {
    let query = use_address_bar(navigation::current);
    let go = {
        let query = query.clone();
        Callback::from(move |to: ViewQuery| {
            navigation::push(&to);
            query.set(to);
        })
    };
    let session: SharedSession = use_memo((), |_| Session::new(props.recording.clone()));
    let navigation = Navigation {
        query: (*query).clone(),
        go,
        root: Some(Root::Browser(session)),
    };
    html! {
        <ContextProvider<Navigation> context={navigation}>
            <InspectorPage />
        </ContextProvider<Navigation>>
    }
}
