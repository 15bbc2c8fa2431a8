//! Pages the relay renders on the server: a shared link's view is in the HTML before the app
//! loads, with the exchanges the relay made, so the app shows the same view without a request.
//!
//! The relay runs [`render`] (feature `ssr`) and places [`SERVER_VIEW_ID`] and [`PREFETCH_ID`]
//! in the body; the app, on start, takes the recording ([`take_prefetched`]), runs its flow
//! against it, and replaces the server's markup with its own ([`remove_server_view`]).

use std::rc::Rc;

use crate::route::ViewQuery;
use crate::services::inspect::Outcome;
use crate::services::session::SharedSession;

/// The `id` of the element holding the server-rendered view.
pub const SERVER_VIEW_ID: &str = "regscope-server-view";
/// The `id` of the `<script type="application/json">` holding the recorded exchanges.
pub const PREFETCH_ID: &str = "regscope-prefetch";

/// A view the app starts on, already inspected.
#[derive(Clone)]
pub struct Start {
    /// The view.
    pub query: ViewQuery,
    /// The session the inspection ran in (its tokens and objects are reused).
    pub session: SharedSession,
    /// What the inspection found.
    pub outcome: Rc<Outcome>,
}

/// Compared by identity: a start is made once, and deep comparison of an inspection would add
/// its own code to the bundle for nothing.
impl PartialEq for Start {
    fn eq(&self, other: &Self) -> bool {
        self.query == other.query
            && Rc::ptr_eq(&self.session, &other.session)
            && Rc::ptr_eq(&self.outcome, &other.outcome)
    }
}

/// The recorded exchanges the server put in the page, read once (the element is removed).
/// `None` when there are none or they do not parse.
pub fn take_prefetched() -> Option<regscope_core::recording::Recording> {
    let document = web_sys::window()?.document()?;
    let element = document.get_element_by_id(PREFETCH_ID)?;
    let text = element.text_content().unwrap_or_default();
    element.remove();
    regscope_core::recording::Recording::from_json(&text).ok()
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
pub use server::{Rendered, render, render_pinned};

#[cfg(feature = "ssr")]
mod server {
    use std::rc::Rc;

    use regscope_core::recording::Recorder;
    use regscope_core::{Client, Transport};

    use super::Start;
    use crate::components::app::{App, AppProps};
    use crate::fetch_transport::now_ms;
    use crate::route::ViewQuery;
    use crate::services::inspect;
    use crate::services::session::Session;

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
        let start = Start {
            query,
            session: Rc::new(Session::new()),
            outcome: Rc::new(outcome),
        };
        let markup = yew::LocalServerRenderer::<App>::with_props(AppProps { start: Some(start) })
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
