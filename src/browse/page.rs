//! The browse page: a registry's catalog (`?registry=HOST`) or one repository's tags
//! (`&repository=REPO`), from the state the browse hooks hold; a registry that lists nothing
//! gets an explanation and a box for a repository name. In an image's view, the body of its
//! Tags tab (the tags of its repository, the tag viewed marked) or its Referrers tab.

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
use super::image_host::ImageHost;
use super::links;
use super::prefetched::SharedPrefetched;
use super::referrers_view::ReferrersPage;
use super::repository_form::RepositoryForm;
use super::services::{CATALOG, TAGS};
use super::tags_list::TagsList;

/// Props of [`BrowsePage`].
#[derive(Properties, PartialEq, Default)]
pub struct BrowsePageProps {
    /// In an image's view: the image, as the main app wrote it on the host.
    #[prop_or_default]
    pub image: ImageHost,
}

/// The page of the view the navigation names.
#[component]
pub fn BrowsePage(props: &BrowsePageProps) -> Html {
    let navigation = use_context::<Navigation>().unwrap_or_default();
    let query = &navigation.query;
    let in_image = query.image.is_some();
    let host = query
        .registry
        .clone()
        .unwrap_or_default()
        .trim()
        .to_string();
    let title = match &query.repository {
        _ if in_image => None,
        Some(repository) => Some(format!("{host}/{}", repository.trim())),
        None => Some(host.clone()),
    };
    use_effect_with(title, |title| {
        let document = web_sys::window().and_then(|w| w.document());
        if let (Some(title), Some(document)) = (title, document) {
            document.set_title(&format!("{title} · regscope"));
        }
    });
    let n = links::page_size(query);
    if in_image {
        return image_lists(query.tab.as_deref(), &props.image, n);
    }
    match &query.repository {
        None => html! { <CatalogPage key={format!("{host} {n}")} host={host.clone()} {n} /> },
        Some(repository) => {
            let key = format!("{host} {repository} {n}");
            html! { <RepositoryPage {key} host={host.clone()} repository={repository.trim().to_string()} {n} /> }
        }
    }
}

/// The body of an image's `tab`: the tags of its repository, or its referrers.
fn image_lists(tab: Option<&str>, image: &ImageHost, n: u32) -> Html {
    let reference = image.reference();
    match (tab.map(str::trim), reference) {
        (Some(crate::tabs::tags::NAME), Some(reference)) => {
            let (host, repository) = (reference.registry(), reference.repository());
            let key = format!("{host} {repository} {n}");
            html! { <RepositoryPage {key} host={host.to_string()} repository={repository.to_string()} {n}
            current={image.tag().map(AttrValue::from)} /> }
        }
        (Some(crate::tabs::referrers::NAME), Some(_)) => {
            html! { <ReferrersPage image={image.clone()} key={image.reference.clone().unwrap_or_default()} /> }
        }
        _ => html! {
            <section class="card error" role="alert" data-testid="no-image-list">
                <h2>{"Nothing to list"}</h2>
                <p>{"This view names no image whose tags or referrers could be listed."}</p>
            </section>
        },
    }
}

/// Props of the two pages: the registry host, the repository (tags page), entries per page,
/// and the tag being viewed (in an image's Tags tab).
#[derive(Properties, PartialEq)]
struct PageProps {
    host: AttrValue,
    #[prop_or_default]
    repository: AttrValue,
    n: u32,
    #[prop_or_default]
    current: Option<AttrValue>,
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
                tags={fetched.clone()} on_more={tags.more.clone()} current={props.current.clone()} />
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
