//! The browse page: a registry's catalog (`?registry=HOST`) or one repository's tags
//! (`&repository=REPO`), from the state the browse hooks hold; a registry that lists nothing
//! gets an explanation and a box for a repository name.

use regscope_core::catalog::{catalog_unavailable, registry_reference};
use regscope_core::{Error, Reference};
use yew::prelude::*;

use crate::components::failure_card::failure_card;
use crate::components::progress::list_loading;
use crate::components::trace_view::TraceView;
use crate::hooks::load::Load;
use crate::hooks::use_session::use_session;
use crate::pages::failure_view::failure_view;
use crate::route::Navigation;
use crate::services::fetched::Failure;

use super::catalog_view::CatalogView;
use super::hooks::use_paged;
use super::links;
use super::prefetched::SharedPrefetched;
use super::repository_form::RepositoryForm;
use super::services::{CATALOG, TAGS};
use super::tags_list::TagsList;

/// The page of the view the navigation names.
#[component]
pub fn BrowsePage() -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let query = &navigation.query;
    let host = query
        .registry
        .clone()
        .unwrap_or_default()
        .trim()
        .to_string();
    let title = match &query.repository {
        Some(repository) => format!("{host}/{}", repository.trim()),
        None => host.clone(),
    };
    use_effect_with(title, |title| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{title} · regscope"));
        }
    });
    let n = links::page_size(query);
    match &query.repository {
        None => html! { <CatalogPage key={format!("{host} {n}")} host={host.clone()} {n} /> },
        Some(repository) => {
            let key = format!("{host} {repository} {n}");
            html! { <RepositoryPage {key} host={host.clone()} repository={repository.trim().to_string()} {n} /> }
        }
    }
}

/// Props of the two pages: the registry host, the repository (tags page), entries per page.
#[derive(Properties, PartialEq)]
struct PageProps {
    host: AttrValue,
    #[prop_or_default]
    repository: AttrValue,
    n: u32,
}

/// A registry's catalog.
#[component]
fn CatalogPage(props: &PageProps) -> Html {
    let server = use_context::<SharedPrefetched>().and_then(|p| p.0.catalog.clone());
    let session = use_session();
    let registry = registry_reference(&props.host);
    let catalog = use_paged(registry.clone(), props.n, server, &CATALOG);
    let Some(registry) = registry else {
        return not_a_registry(&props.host);
    };
    let body = match &catalog.load {
        Load::Done(_, fetched) => html! {
            <>
                <CatalogView host={props.host.clone()} catalog={fetched.clone()} on_more={catalog.more.clone()} />
                <RepositoryForm host={props.host.clone()} />
                <TraceView trace={fetched.trace.clone()} />
            </>
        },
        Load::Failed(_, failure) => match catalog_unavailable(&registry, &failure.error) {
            Some(explanation) => html! {
                <>
                    <section class="card" aria-labelledby="no-catalog-heading" data-testid="no-catalog">
                        <h2 id="no-catalog-heading">{ format!("{} has no catalog to browse", props.host) }</h2>
                        <p>{ explanation }</p>
                        <RepositoryForm host={props.host.clone()} />
                    </section>
                    <TraceView trace={failure.trace.clone()} />
                </>
            },
            None => html! {
                <>
                    { failure_view(failure, session.as_deref(), catalog.reload.clone()) }
                    <RepositoryForm host={props.host.clone()} />
                </>
            },
        },
        Load::Idle | Load::Loading(_) => list_loading("Listing the registry's repositories…"),
    };
    html! { <div data-testid="browse-catalog">{ body }</div> }
}

/// A repository's tags.
#[component]
fn RepositoryPage(props: &PageProps) -> Html {
    let server = use_context::<SharedPrefetched>().and_then(|p| p.0.tags.clone());
    let session = use_session();
    let parsed = format!("{}/{}", props.host, props.repository).parse::<Reference>();
    let reference = parsed.as_ref().ok().cloned();
    let tags = use_paged(reference.clone(), props.n, server, &TAGS);
    if registry_reference(&props.host).is_none() {
        return not_a_registry(&props.host);
    }
    let reference = match parsed {
        Ok(reference) => reference,
        Err(error) => {
            return failure_card(&Failure {
                error: Error::Reference(error),
                reference: None,
                existing_tags: None,
                trace: Vec::new(),
            });
        }
    };
    let body = match &tags.load {
        Load::Done(_, fetched) => html! {
            <TagsList host={props.host.clone()} repository={props.repository.clone()} {reference}
                tags={fetched.clone()} on_more={tags.more.clone()} />
        },
        Load::Failed(_, failure) => failure_view(failure, session.as_deref(), tags.reload.clone()),
        Load::Idle | Load::Loading(_) => list_loading("Listing tags…"),
    };
    html! { <div data-testid="browse-repository">{ body }</div> }
}

/// The card for a `registry` value that cannot name a registry.
fn not_a_registry(host: &str) -> Html {
    html! {
        <section class="card error" role="alert" data-testid="not-a-registry">
            <h2>{"Not a registry host"}</h2>
            <p>{ format!("{host:?} cannot name a registry: write a host name with a dot or a port, \
                e.g. registry.example.com or 127.0.0.1:5000.") }</p>
        </section>
    }
}
