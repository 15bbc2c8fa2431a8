//! The inspector page: reads the view from the URL, runs the inspection, shows the result.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::config_view::ConfigView;
use crate::components::error_view::ErrorView;
use crate::components::json_view::JsonView;
use crate::components::layers::Layers;
use crate::components::platforms::Platforms;
use crate::components::search_bar::SearchBar;
use crate::components::summary::Summary;
use crate::components::trace_view::TraceView;
use crate::route::ViewQuery;
use crate::services::inspect::{self, Outcome};

/// Where the current view is.
#[derive(Clone, Debug, PartialEq)]
enum ViewState {
    Idle,
    Loading(String),
    Done(Rc<Outcome>),
}

/// The page.
#[component]
pub fn InspectorPage() -> Html {
    let location = use_location();
    let query: ViewQuery = location
        .as_ref()
        .and_then(|l| l.query::<ViewQuery>().ok())
        .unwrap_or_default();
    let client = use_memo((), |_| inspect::new_client());
    let generation = use_memo((), |_| Cell::new(0u64));
    let state = use_state(|| ViewState::Idle);

    {
        let state = state.clone();
        let key = (query.image.clone(), query.platform.clone());
        use_effect_with(key, move |(image, platform)| {
            let this_run = generation.get() + 1;
            generation.set(this_run);
            match image.clone().filter(|i| !i.trim().is_empty()) {
                None => state.set(ViewState::Idle),
                Some(image) => {
                    state.set(ViewState::Loading(image.clone()));
                    set_title(&image);
                    let client = Rc::clone(&client);
                    let platform = platform.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let client: &inspect::SharedClient = &client;
                        let outcome = inspect::inspect(client, &image, platform.as_deref()).await;
                        if generation.get() == this_run {
                            state.set(ViewState::Done(Rc::new(outcome)));
                        }
                    });
                }
            }
        });
    }

    html! {
        <>
            <header class="top">
                <a class="brand" href="/">{"regscope"}</a>
                <SearchBar value={query.image.clone().unwrap_or_default()} />
            </header>
            <main>{ body(&state) }</main>
        </>
    }
}

fn body(state: &ViewState) -> Html {
    match state {
        ViewState::Idle => html! {
            <p class="hint">{"Paste an image reference, e.g. "}<code>{"alpine"}</code>{", "}
            <code>{"ghcr.io/org/app:1.2"}</code>{" or "}<code>{"host:5000/team/svc@sha256:…"}</code></p>
        },
        ViewState::Loading(image) => html! {
            <div class="loading" data-testid="loading">
                <div class="progress"><div class="bar"></div></div>
                <p>{"Inspecting "}<code>{image}</code>{"…"}</p>
            </div>
        },
        ViewState::Done(outcome) => match &outcome.result {
            Ok(inspection) => {
                let inspection = Rc::new(inspection.clone());
                html! {
                    <>
                        <Summary inspection={Rc::clone(&inspection)} />
                        <Platforms inspection={Rc::clone(&inspection)} />
                        <Layers inspection={Rc::clone(&inspection)} />
                        <ConfigView inspection={Rc::clone(&inspection)} />
                        <JsonView inspection={inspection} />
                        <TraceView trace={outcome.trace.clone()} />
                    </>
                }
            }
            Err(error) => html! {
                <>
                    <ErrorView error={error.clone()} />
                    <TraceView trace={outcome.trace.clone()} />
                </>
            },
        },
    }
}

fn set_title(image: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{image} · regscope"));
    }
}
