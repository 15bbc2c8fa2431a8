//! The inspector page: the header, and the view the address bar names, from the state its
//! hooks own (the inspection); views whose code is a module of their own get their host.

use yew::prelude::*;

use crate::components::progress::Progress;
use crate::components::search_bar::SearchBar;
use crate::components::view_link::ViewLink;
use crate::hooks::load::Load;
use crate::hooks::use_inspection::use_inspection;
use crate::hooks::use_recent::use_recent;
use crate::hooks::use_session::use_session;
use crate::lazy::lazy_view;
use crate::pages::failure_view::failure_view;
use crate::pages::image_view::image_view;
use crate::pages::intro::intro;
use crate::route::{Navigation, ViewQuery};
use crate::services::doctor_handoff::DOCTOR;

/// The page.
#[component]
pub fn InspectorPage() -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let query = &navigation.query;
    let session = use_session();
    let recent = use_recent();
    let inspection = use_inspection(query, &recent);
    let body = match &inspection.load {
        Load::Idle if query.registry.is_some() => lazy_view("browse"),
        Load::Idle if query.compare.is_some() => lazy_view("compare"),
        Load::Idle if query.tool.as_deref() == Some(DOCTOR) => lazy_view(DOCTOR),
        Load::Idle => intro(recent.list()),
        Load::Loading(_) => {
            let image = query.image.clone().unwrap_or_default();
            html! { <Progress what={image.clone()} key={image} /> }
        }
        Load::Done(_, fetched) => image_view(&navigation, fetched, inspection.reload),
        Load::Failed(_, failure) => failure_view(failure, session.as_deref(), inspection.reload),
    };
    html! {
        <>
            <header class="top">
                <ViewLink to={ViewQuery::default()} class="brand">{"regscope"}</ViewLink>
                <SearchBar value={query.image.clone().unwrap_or_default()} recent={recent.list().to_vec()} />
            </header>
            <main>{ body }</main>
        </>
    }
}
