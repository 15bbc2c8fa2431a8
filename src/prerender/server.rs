//! The server's side of a rendered page: the relay's flow for the link, through a transport
//! that records every exchange, and the page rendered by its own root, which gives it the view
//! inspected (the page runs no flow on the server, and no browser session exists there). A tab
//! whose body is the browse module's (Tags, Referrers) gets its list fetched too, by a client
//! of its own, recorded apart for the module.

use regscope_core::Client;
use regscope_core::Transport;
use regscope_core::recording::Recorder;
use yew::prelude::*;

use std::rc::Rc;

use crate::browse::prefetched::{Prefetched, SharedPrefetched};
use crate::context::root::Root;
use crate::context::server_view::ServerView;
use crate::pages::inspector_page::InspectorPage;
use crate::route::{Navigation, ViewQuery};
use crate::services::clock::now_ms;
use crate::services::inspect;

/// Props of [`ServerRoot`].
#[derive(Properties, PartialEq)]
struct ServerRootProps {
    /// The view of the link.
    query: ViewQuery,
    /// What the server inspected for it (nothing, for a view that is not an image's).
    view: ServerView,
    /// The lists fetched for the browse module's parts of the page.
    prefetched: SharedPrefetched,
}

/// The app's root as the server renders it: the view of the link, with nothing to navigate
/// (image views, and browse views through [`markup`]).
#[component]
fn ServerRoot(props: &ServerRootProps) -> Html {
    let navigation = Navigation {
        query: props.query.clone(),
        go: Callback::noop(),
        root: Some(Root::Server(props.view.clone())),
    };
    html! {
        <ContextProvider<Navigation> context={navigation}>
            <ContextProvider<SharedPrefetched> context={props.prefetched.clone()}>
                <InspectorPage />
            </ContextProvider<SharedPrefetched>>
        </ContextProvider<Navigation>>
    }
}

/// The page's markup for `query`, from the server's root with `view` and the lists fetched
/// for the browse module's parts (`prefetched`).
pub(crate) async fn markup(query: ViewQuery, view: ServerView, prefetched: Prefetched) -> String {
    let props = ServerRootProps {
        query,
        view,
        prefetched: SharedPrefetched(Rc::new(prefetched)),
    };
    yew::LocalServerRenderer::<ServerRoot>::with_props(props)
        .hydratable(false)
        .render()
        .await
}

/// A view whose module loads on first use (browse, compare), rendered with nothing inspected
/// and no session: the page around it from `prefetched`, and the relay's exchanges
/// (`recording_json`) for the module under [`super::LAZY_PREFETCH_ID`].
pub(crate) async fn module_view(
    query: ViewQuery,
    prefetched: Prefetched,
    recording_json: String,
) -> Rendered {
    let idle = ServerView {
        inspection: crate::hooks::load::Load::Idle,
    };
    Rendered {
        markup: markup(query, idle, prefetched).await,
        recording_json,
        prefetch_id: super::LAZY_PREFETCH_ID,
        lazy_recording_json: None,
    }
}

/// A view rendered on the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The view's markup.
    pub markup: String,
    /// The exchanges, as JSON safe inside a `<script>` element.
    pub recording_json: String,
    /// The id of the element the exchanges go in: [`super::PREFETCH_ID`] for the main app,
    /// [`super::LAZY_PREFETCH_ID`] for a view whose module loads on first use.
    pub prefetch_id: &'static str,
    /// For an image's tab whose body is a module's: that module's exchanges (they go under
    /// [`super::LAZY_PREFETCH_ID`]), as JSON safe inside a `<script>` element.
    pub lazy_recording_json: Option<String>,
}

/// Inspects the view `query` names through a transport `make_transport` makes (anonymously)
/// and renders the page. `None` when the query names no image (a registry to browse is
/// rendered by [`crate::browse::server`]).
pub async fn render<F, T>(make_transport: F, query: ViewQuery) -> Option<Rendered>
where
    F: Fn() -> T,
    T: Transport,
{
    let Some(image) = query.image.clone().filter(|i| !i.trim().is_empty()) else {
        return crate::browse::server::render(make_transport(), query).await;
    };
    if query.compare.is_some() {
        return crate::compare::server::render(make_transport(), query).await;
    }
    let client = Client::new(Recorder::new(make_transport()), now_ms);
    let finished = inspect::inspect_with(&client, &image, query.platform.as_deref()).await;
    let recording_json = client.transport().take_recording().to_html_safe_json();
    let lists = match &finished {
        Ok(fetched) => {
            crate::browse::server::prefetch_image(make_transport(), &query, &fetched.value).await
        }
        Err(_) => None,
    };
    let (prefetched, lazy_recording_json) = match lists {
        Some((prefetched, json)) => (prefetched, Some(json)),
        None => (Prefetched::default(), None),
    };
    let markup = markup(query, ServerView::new(finished), prefetched).await;
    Some(Rendered {
        markup,
        recording_json,
        prefetch_id: super::PREFETCH_ID,
        lazy_recording_json,
    })
}

/// [`render`] on one of Yew's single-threaded workers (the flow and the components are not
/// `Send`), with the transports made there by `make_transport`.
pub async fn render_pinned<F, T>(make_transport: F, query: ViewQuery) -> Option<Rendered>
where
    F: Fn() -> T + Send + 'static,
    T: Transport + 'static,
{
    let (sender, receiver) = futures::channel::oneshot::channel();
    yew::platform::Runtime::default().spawn_pinned(move || async move {
        let _ = sender.send(render(make_transport, query).await);
    });
    receiver.await.ok().flatten()
}
