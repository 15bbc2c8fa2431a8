//! Pages the relay renders on the server: a shared link's view is in the HTML before the app
//! loads, with the exchanges the relay made, so the app shows the same view without a request.
//!
//! The relay runs [`render`] (feature `ssr`) and places [`SERVER_VIEW_ID`] and [`PREFETCH_ID`]
//! in the body. The app, before it mounts, keeps the recording ([`keep_prefetched`]) and
//! removes the server's markup ([`remove_server_view`]); its session takes the recording
//! ([`take_prefetched`]), so the view's flow is answered without a request, before the browser
//! paints again.

use regscope_core::recording::Recording;

/// The `id` of the element holding the server-rendered view.
pub const SERVER_VIEW_ID: &str = "regscope-server-view";
/// The `id` of the `<script type="application/json">` holding the recorded exchanges.
pub const PREFETCH_ID: &str = "regscope-prefetch";

thread_local! {
    /// The recording read from the page before the app mounted (mounting clears the body).
    static PREFETCHED: std::cell::RefCell<Option<Recording>> = const { std::cell::RefCell::new(None) };
}

/// Reads the exchanges the server put in the page and keeps them for [`take_prefetched`];
/// called before the app mounts. Nothing is kept when there are none, when they do not parse,
/// or off the web.
pub fn keep_prefetched() {
    if cfg!(not(target_arch = "wasm32")) {
        return;
    }
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(PREFETCH_ID))
    else {
        return;
    };
    let text = element.text_content().unwrap_or_default();
    element.remove();
    let recording = Recording::from_json(&text).ok();
    PREFETCHED.with(|kept| *kept.borrow_mut() = recording);
}

/// The exchanges [`keep_prefetched`] kept, once.
pub fn take_prefetched() -> Option<Recording> {
    PREFETCHED.with(|kept| kept.borrow_mut().take())
}

/// Removes the server-rendered view (the app renders its own in the same task).
pub fn remove_server_view() {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SERVER_VIEW_ID))
    {
        element.remove();
    }
}

#[cfg(feature = "ssr")]
pub use server::{Rendered, ServerView, render, render_pinned};

#[cfg(feature = "ssr")]
mod server {
    use std::rc::Rc;

    use regscope_core::recording::Recorder;
    use regscope_core::{Client, Transport};
    use yew::prelude::*;

    use crate::components::inspector_page::InspectorPage;
    use crate::fetch_transport::now_ms;
    use crate::route::{Navigation, ViewQuery};
    use crate::services::inspect::{self, Outcome};

    /// The view the relay inspected, provided to the page rendered on the server.
    #[derive(Clone)]
    pub struct ServerView {
        /// What the inspection found.
        pub outcome: Rc<Outcome>,
    }

    /// Compared by identity (one per page).
    impl PartialEq for ServerView {
        fn eq(&self, other: &Self) -> bool {
            Rc::ptr_eq(&self.outcome, &other.outcome)
        }
    }

    #[derive(Properties, PartialEq)]
    struct ServerRootProps {
        query: ViewQuery,
        view: ServerView,
    }

    /// The app's root as the server renders it: the view of the link, with nothing to navigate.
    #[component]
    fn ServerRoot(props: &ServerRootProps) -> Html {
        let navigation = Navigation {
            query: props.query.clone(),
            go: Callback::noop(),
        };
        html! {
            <ContextProvider<Navigation> context={navigation}>
                <ContextProvider<ServerView> context={props.view.clone()}>
                    <InspectorPage />
                </ContextProvider<ServerView>>
            </ContextProvider<Navigation>>
        }
    }

    /// A view rendered on the server.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Rendered {
        /// The view's markup.
        pub markup: String,
        /// The exchanges, as JSON safe inside a `<script>` element.
        pub recording_json: String,
    }

    /// Inspects the view `query` names through `transport` (anonymously) and renders the page.
    /// `None` when the query names no image.
    pub async fn render<T: Transport>(transport: T, query: ViewQuery) -> Option<Rendered> {
        let image = query.image.clone().filter(|i| !i.trim().is_empty())?;
        let client = Client::new(Recorder::new(transport), now_ms);
        let outcome = inspect::inspect_with(&client, &image, query.platform.as_deref()).await;
        let recording_json = client.transport().take_recording().to_html_safe_json();
        let props = ServerRootProps {
            query,
            view: ServerView {
                outcome: Rc::new(outcome),
            },
        };
        let markup = yew::LocalServerRenderer::<ServerRoot>::with_props(props)
            .hydratable(false)
            .render()
            .await;
        Some(Rendered {
            markup,
            recording_json,
        })
    }

    /// [`render`] on one of Yew's single-threaded workers (the flow and the components are not
    /// `Send`), with the transport made there by `make_transport`.
    pub async fn render_pinned<F, T>(make_transport: F, query: ViewQuery) -> Option<Rendered>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Transport + 'static,
    {
        let (sender, receiver) = futures::channel::oneshot::channel();
        yew::platform::Runtime::default().spawn_pinned(move || async move {
            let _ = sender.send(render(make_transport(), query).await);
        });
        receiver.await.ok().flatten()
    }
}
