//! The comparison page (`?image=A&compare=B`): both images' heading and verdict, the configs,
//! the layers aligned, the files (on request), the histories aligned, and the exchanges that
//! fetched them.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::progress::Progress;
use crate::components::trace_view::TraceView;
use crate::hooks::load::Load;
use crate::hooks::use_session::use_session;
use crate::pages::failure_view::failure_view;
use crate::route::Navigation;

use super::config_view::config_view;
use super::files_view::FilesCompare;
use super::history_view::history_view;
use super::hooks::use_comparison;
use super::layers_view::layers_view;
use super::summary::summary;

/// The page of the comparison the navigation names.
#[component]
pub fn ComparePage() -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let old = navigation.query.image.clone().unwrap_or_default();
    let new = navigation.query.compare.clone().unwrap_or_default();
    let session = use_session();
    let load = use_comparison(&old, &new);
    let title = format!("{} ↔ {}", old.trim(), new.trim());
    use_effect_with(title.clone(), |title| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{title} · regscope"));
        }
    });
    match &load {
        Load::Idle | Load::Loading(_) => html! { <Progress what={title.clone()} key={title} /> },
        Load::Failed(_, failure) => failure_view(failure, session.as_deref(), Callback::noop()),
        Load::Done(_, fetched) => {
            let compared = &fetched.value;
            html! {
                <div class="compare" data-testid="compare-view">
                    { summary(compared) }
                    { config_view(&compared.config) }
                    { layers_view(compared) }
                    <FilesCompare compared={Rc::new(compared.clone())} />
                    { history_view(&compared.config.history) }
                    <TraceView trace={fetched.trace.clone()} />
                </div>
            }
        }
    }
}
