//! An image's referrers (the Referrers tab, `?image=REF&tab=referrers`): signatures, SBOMs and
//! attestations that name the manifests shown as their subject (OCI 1.1 referrers API, its tag
//! fallback, or cosign's tags), each linking to its own view, with the exchanges it took.

use regscope_core::Reference;
use regscope_core::referrers::FoundBy;
use yew::prelude::*;

use crate::components::progress::list_loading;
use crate::components::trace_view::TraceView;
use crate::components::view_link::{short_digest_link, view_link};
use crate::format;
use crate::hooks::load::Load;
use crate::hooks::use_session::use_session;
use crate::links;
use crate::pages::failure_view::failure_view;

use super::hooks::use_referrers;
use super::image_host::ImageHost;
use super::prefetched::SharedPrefetched;
use super::referrers::{ReferrerLists, kind};

/// Props of [`ReferrersPage`].
#[derive(Properties, PartialEq)]
pub struct ReferrersPageProps {
    /// The image and its manifests, as the main app wrote them.
    pub image: ImageHost,
}

/// The referrers of the image's manifests, fetched when shown (or as the server fetched them).
#[component]
pub fn ReferrersPage(props: &ReferrersPageProps) -> Html {
    let server = use_context::<SharedPrefetched>().and_then(|p| p.0.referrers.clone());
    let session = use_session();
    let reference = props.image.reference();
    let (load, reload) = use_referrers(reference.clone(), props.image.subjects(), server);
    let body = match (&load, &reference) {
        (Load::Done(_, fetched), Some(reference)) => html! {
            <>
                { referrers_cards(reference, &fetched.value) }
                <TraceView trace={fetched.trace.clone()} />
            </>
        },
        (Load::Failed(_, failure), _) => failure_view(failure, session.as_deref(), reload),
        _ => list_loading("Looking for referrers…"),
    };
    html! { <div data-testid="browse-referrers">{ body }</div> }
}

/// One card per subject of `reference`'s repository.
fn referrers_cards(reference: &Reference, lists: &ReferrerLists) -> Html {
    html! {
        <>
        { for lists.iter().map(|(subject, found)| html! {
            <section class="card" data-testid="referrers-card">
                <h2>{"Referrers of "}{ view_link(links::digest_view(reference, subject), None, None, html! { <code>{ format::short_digest(subject) }</code> }) }
                    { format!(" ({})", found.len()) }</h2>
                if found.is_empty() {
                    <p class="hint" data-testid="no-referrers">{"Nothing refers to this manifest (no signature, SBOM or attestation found)."}</p>
                } else {
                    <table>
                        <thead><tr><th>{"Manifest"}</th><th>{"Kind"}</th><th>{"Artifact type"}</th><th class="num">{"Size"}</th><th>{"Found by"}</th></tr></thead>
                        <tbody>
                        { for found.iter().map(|r| {
                            let d = &r.descriptor;
                            let artifact = d.artifact_type().unwrap_or(d.media_type()).to_string();
                            let how = match &r.found_by {
                                FoundBy::Api => "referrers API".to_string(),
                                FoundBy::TagSchema => "referrers tag schema".to_string(),
                                FoundBy::CosignTag(tag) => format!("cosign tag {tag}"),
                            };
                            html! {
                                <tr data-testid="referrer-row">
                                    <td>{ short_digest_link(reference, d.digest(), Some("referrer-link")) }</td>
                                    <td data-testid="referrer-kind">{ kind(&artifact).unwrap_or("other") }</td>
                                    <td><code data-testid="referrer-type">{ artifact }</code></td>
                                    <td class="num">{ format::size(d.size()) }</td>
                                    <td class="muted break" data-testid="referrer-found-by">{ how }</td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                }
            </section>
        }) }
        </>
    }
}
