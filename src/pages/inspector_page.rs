//! The inspector page: reads the view from the URL, runs the inspection (and the list a tab
//! needs), and shows the result on its tabs.

use std::cell::Cell;
use std::rc::Rc;

use regscope_core::trace::Exchange;
use yew::prelude::*;

use crate::components::config_view::config_view;
use crate::components::credentials_form::CredentialsForm;
use crate::components::error_view::{error_view, needs_credentials};
use crate::components::history_view::history_view;
use crate::components::intro::intro;
use crate::components::json_view::json_view;
use crate::components::layers::layers;
use crate::components::platforms::platforms;
use crate::components::progress::Progress;
use crate::components::referrers_view::referrers_view;
use crate::components::search_bar::SearchBar;
use crate::components::summary::summary;
use crate::components::tabs::{tab_panel, tabs};
use crate::components::tags_view::TagsView;
use crate::components::trace_view::TraceView;
use crate::components::view_link::ViewLink;
use crate::prerender;
use crate::route::{Navigation, Tab, ViewQuery};
use crate::services::inspect::{self, Outcome};
use crate::services::listing::{self, Listed, ReferrerLists, Tags};
use crate::services::navigation;
use crate::services::recent;
use crate::services::session::{Session, SharedSession};

/// Where the current view is.
#[derive(Clone, Debug, PartialEq)]
enum ViewState {
    Idle,
    Loading(String),
    Done { run: u64, outcome: Rc<Outcome> },
}

/// A tab's list for one inspection run: `None` inside while it loads.
type TabList<T> = Option<(u64, Option<Rc<Listed<T>>>)>;

/// The page.
#[component]
pub fn InspectorPage() -> Html {
    let query: ViewQuery = use_context::<Navigation>().unwrap_or_default().query;
    // A page the relay rendered: the session first answers from the exchanges it recorded.
    let session: SharedSession = use_memo((), |_| {
        let session = Session::new();
        if let Some(recording) = prerender::take_prefetched() {
            session.client.transport().replay(recording);
        }
        session
    });
    // Rendered on the server, the page shows the view the relay inspected (effects do not run
    // there); in the browser it always starts idle and its effect runs the flow.
    #[cfg(feature = "ssr")]
    let initial = use_context::<crate::prerender::ServerView>().map(|view| view.outcome);
    #[cfg(not(feature = "ssr"))]
    let initial: Option<Rc<Outcome>> = None;
    let generation = use_memo((), |_| Cell::new(u64::from(initial.is_some())));
    let state = use_state(move || match initial {
        Some(outcome) => ViewState::Done { run: 1, outcome },
        None => ViewState::Idle,
    });
    let reload = use_state(|| 0u64);
    let tags = use_state(|| None::<(u64, Option<Rc<Listed<Tags>>>)>);
    let referrers = use_state(|| None::<(u64, Option<Rc<Listed<ReferrerLists>>>)>);
    let recent_list = use_state(recent::list);

    {
        let (state, session, generation, recent_list) = (
            state.clone(),
            session.clone(),
            generation.clone(),
            recent_list.clone(),
        );
        let key = (query.image.clone(), query.platform.clone(), *reload);
        use_effect_with(key, move |(image, platform, _)| {
            let this_run = generation.get() + 1;
            generation.set(this_run);
            match image.clone().filter(|i| !i.trim().is_empty()) {
                None => {
                    navigation::set_title(None);
                    state.set(ViewState::Idle);
                }
                Some(image) => {
                    navigation::set_title(Some(&image));
                    state.set(ViewState::Loading(image.clone()));
                    let platform = platform.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let outcome = inspect::inspect(&session, &image, platform.as_deref()).await;
                        if generation.get() != this_run {
                            return;
                        }
                        if outcome.result.is_ok() {
                            recent::remember(image.trim());
                            recent_list.set(recent::list());
                        }
                        state.set(ViewState::Done {
                            run: this_run,
                            outcome: Rc::new(outcome),
                        });
                    });
                }
            }
        });
    }

    let done = match &*state {
        ViewState::Done { run, outcome } => Some((*run, outcome.clone())),
        _ => None,
    };
    let tab = query.tab();
    {
        let (session, generation, tags, referrers) = (
            session.clone(),
            generation.clone(),
            tags.clone(),
            referrers.clone(),
        );
        let inspected = done.as_ref().and_then(|(run, o)| {
            let inspection = o.result.as_ref().ok()?.clone();
            Some((*run, inspection))
        });
        let key = (tab, inspected.as_ref().map(|(run, _)| *run));
        use_effect_with(key, move |_| {
            let Some((run, inspection)) = inspected else {
                return;
            };
            let reference = inspection.reference.clone();
            match tab {
                Tab::Tags if tags.as_ref().is_none_or(|(r, _)| *r != run) => {
                    tags.set(Some((run, None)));
                    wasm_bindgen_futures::spawn_local(async move {
                        let listed = listing::first_tags(&session, &reference).await;
                        if generation.get() == run {
                            tags.set(Some((run, Some(Rc::new(listed)))));
                        }
                    });
                }
                Tab::Referrers if referrers.as_ref().is_none_or(|(r, _)| *r != run) => {
                    referrers.set(Some((run, None)));
                    let mut subjects = vec![inspection.image().digest.clone()];
                    if inspection.platform.is_some() {
                        subjects.push(inspection.top.digest.clone());
                    }
                    wasm_bindgen_futures::spawn_local(async move {
                        let listed = listing::referrers(&session, &reference, subjects).await;
                        if generation.get() == run {
                            referrers.set(Some((run, Some(Rc::new(listed)))));
                        }
                    });
                }
                _ => {}
            }
        });
    }

    let on_credentials = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    let on_more_tags = {
        let (session, generation, tags) = (session.clone(), generation.clone(), tags.clone());
        let reference = done
            .as_ref()
            .and_then(|(_, o)| o.result.as_ref().ok().map(|i| i.reference.clone()));
        Callback::from(move |()| {
            let Some((run, Some(listed))) = (*tags).clone() else {
                return;
            };
            let (Some(reference), Ok(so_far)) = (reference.clone(), listed.result.clone()) else {
                return;
            };
            let (session, generation, tags) = (session.clone(), generation.clone(), tags.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut more = listing::more_tags(&session, &reference, so_far).await;
                let mut trace = listed.trace.clone();
                trace.append(&mut more.trace);
                more.trace = trace;
                if generation.get() == run {
                    tags.set(Some((run, Some(Rc::new(more)))));
                }
            });
        })
    };

    let body = match &*state {
        ViewState::Idle => intro(&recent_list),
        ViewState::Loading(image) => html! {
            <Progress session={session.clone()} what={image.clone()} key={image.clone()} />
        },
        ViewState::Done { run, outcome } => {
            let tags = for_run(&tags, *run);
            let referrers = for_run(&referrers, *run);
            done_view(
                &query,
                &session,
                outcome,
                tags,
                referrers,
                on_credentials,
                on_more_tags,
            )
        }
    };

    html! {
        <>
            <header class="top">
                <ViewLink to={ViewQuery::default()} class="brand">{"regscope"}</ViewLink>
                <SearchBar value={query.image.clone().unwrap_or_default()} recent={(*recent_list).clone()} />
            </header>
            <main>{ body }</main>
        </>
    }
}

/// The list of a tab if it belongs to inspection `run`: `None` while loading or not started.
fn for_run<T>(list: &TabList<T>, run: u64) -> Option<Rc<Listed<T>>> {
    match list {
        Some((r, Some(listed))) if *r == run => Some(listed.clone()),
        _ => None,
    }
}

fn done_view(
    query: &ViewQuery,
    session: &SharedSession,
    outcome: &Rc<Outcome>,
    tags: Option<Rc<Listed<Tags>>>,
    referrers: Option<Rc<Listed<ReferrerLists>>>,
    on_credentials: Callback<()>,
    on_more_tags: Callback<()>,
) -> Html {
    let api_host = outcome.reference.as_ref().map(|r| r.api_host().to_string());
    let inspection = match &outcome.result {
        Ok(inspection) => inspection.clone(),
        Err(error) => {
            let offer = needs_credentials(error)
                || api_host
                    .as_deref()
                    .is_some_and(|h| session.user(h).is_some());
            return html! {
                <>
                    { error_view(error, outcome.reference.as_ref(), outcome.existing_tags.as_deref()) }
                    if let (true, Some(host)) = (offer, api_host) {
                        <CredentialsForm session={session.clone()} api_host={host} open=true on_change={on_credentials} />
                    }
                    <TraceView trace={outcome.trace.clone()} />
                </>
            };
        }
    };
    let mut trace: Vec<Exchange> = outcome.trace.clone();
    for extra in [
        tags.as_ref().map(|t| &t.trace),
        referrers.as_ref().map(|r| &r.trace),
    ]
    .into_iter()
    .flatten()
    {
        trace.extend(extra.iter().cloned());
    }
    let reference = inspection.reference.clone();
    let tab_body = match query.tab() {
        Tab::Overview => html! {
            <>
                { platforms(&inspection) }
                { layers(&inspection) }
                { config_view(&inspection, query, false) }
            </>
        },
        Tab::Config => html! {
            <>
                { config_view(&inspection, query, true) }
                { history_view(&inspection) }
            </>
        },
        Tab::Json => json_view(&inspection, query),
        Tab::Tags => {
            html! { <TagsView reference={reference.clone()} listed={tags} on_more={on_more_tags} /> }
        }
        Tab::Referrers => referrers_view(&reference, referrers.as_ref()),
        Tab::Trace => html! { <TraceView trace={trace.clone()} /> },
    };
    html! {
        <>
            { summary(&inspection, query) }
            <CredentialsForm session={session.clone()} api_host={reference.api_host().to_string()} on_change={on_credentials} />
            { tabs(query, trace.len()) }
            { tab_panel(query.tab(), tab_body) }
        </>
    }
}
