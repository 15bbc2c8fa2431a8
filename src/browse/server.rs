//! The server's side of a browse view (feature `ssr`): the relay fetches the catalog or the
//! tag list through a transport that records every exchange, and renders the whole page
//! (header and browse view, the same components the module runs) with what it fetched. The
//! recording goes in the page under [`crate::prerender::LAZY_PREFETCH_ID`], for the module.

use std::rc::Rc;

use regscope_core::Reference;
use regscope_core::catalog::registry_reference;
use regscope_core::recording::Recorder;
use regscope_core::{Client, Transport};
use yew::prelude::*;

use crate::context::root::Root;
use crate::context::server_view::ServerView;
use crate::hooks::load::{Load, next_run};
use crate::pages::inspector_page::InspectorPage;
use crate::prerender::{LAZY_PREFETCH_ID, Rendered};
use crate::route::{Navigation, ViewQuery};
use crate::services::clock::now_ms;

use super::links;
use super::prefetched::{Prefetched, SharedPrefetched};
use super::services;

#[derive(Properties, PartialEq)]
struct BrowseServerProps {
    query: ViewQuery,
    prefetched: SharedPrefetched,
}

/// The page as the server renders a browse view: nothing to navigate, no session.
#[component]
fn BrowseServerRoot(props: &BrowseServerProps) -> Html {
    let navigation = Navigation {
        query: props.query.clone(),
        go: Callback::noop(),
        root: Some(Root::Server(ServerView {
            inspection: Load::Idle,
        })),
    };
    html! {
        <ContextProvider<Navigation> context={navigation}>
            <ContextProvider<SharedPrefetched> context={props.prefetched.clone()}>
                <InspectorPage />
            </ContextProvider<SharedPrefetched>>
        </ContextProvider<Navigation>>
    }
}

/// Fetches the list the browse view `query` names through `transport` (anonymously) and
/// renders the page; `None` when the query names no registry.
pub async fn render<T: Transport>(transport: T, query: ViewQuery) -> Option<Rendered> {
    let host = query.registry.clone()?.trim().to_string();
    let client = Client::new(Recorder::new(transport), now_ms);
    let n = links::page_size(&query);
    let mut prefetched = Prefetched::default();
    match &query.repository {
        None => {
            if let Some(registry) = registry_reference(&host) {
                let finished = services::first_catalog_with(&client, &registry, n).await;
                prefetched.catalog = Some(Load::finished(next_run(), finished));
            }
        }
        Some(repository) => {
            let parsed = format!("{host}/{}", repository.trim()).parse::<Reference>();
            if let (Ok(reference), Some(_)) = (parsed, registry_reference(&host)) {
                let finished = services::first_tags_with(&client, &reference, n).await;
                prefetched.tags = Some(Load::finished(next_run(), finished));
            }
        }
    }
    let recording_json = client.transport().take_recording().to_html_safe_json();
    let props = BrowseServerProps {
        query,
        prefetched: SharedPrefetched(Rc::new(prefetched)),
    };
    let markup = yew::LocalServerRenderer::<BrowseServerRoot>::with_props(props)
        .hydratable(false)
        .render()
        .await;
    Some(Rendered {
        markup,
        recording_json,
        prefetch_id: LAZY_PREFETCH_ID,
    })
}
