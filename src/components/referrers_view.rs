//! Referrers of the manifests shown: signatures, SBOMs and attestations that name them as
//! subject (OCI 1.1 referrers API, its tag fallback, or cosign's tags).

use regscope_core::Reference;
use regscope_core::referrers::FoundBy;
use yew::prelude::*;

use crate::components::view_link::{short_digest_link, view_link};
use crate::format;
use crate::links;
use crate::services::listing::ReferrerLists;

/// The referrers cards of manifests of `reference`'s repository.
pub fn referrers_view(reference: &Reference, lists: &ReferrerLists) -> Html {
    html! {
        <>
        { for lists.iter().map(|(subject, found)| html! {
            <section class="card">
                <h2>{"Referrers of "}{ view_link(links::digest_view(reference, subject), None, None, html! { <code>{ format::short_digest(subject) }</code> }) }
                    { format!(" ({})", found.len()) }</h2>
                if found.is_empty() {
                    <p class="hint" data-testid="no-referrers">{"Nothing refers to this manifest (no signature, SBOM or attestation found)."}</p>
                } else {
                    <table>
                        <thead><tr><th>{"Manifest"}</th><th>{"Artifact type"}</th><th class="num">{"Size"}</th><th>{"Found by"}</th></tr></thead>
                        <tbody>
                        { for found.iter().map(|r| {
                            let d = &r.descriptor;
                            let how = match &r.found_by {
                                FoundBy::Api => "referrers API".to_string(),
                                FoundBy::TagSchema => "referrers tag schema".to_string(),
                                FoundBy::CosignTag(tag) => format!("cosign tag {tag}"),
                            };
                            html! {
                                <tr data-testid="referrer-row">
                                    <td>{ short_digest_link(reference, d.digest(), Some("referrer-link")) }</td>
                                    <td><code data-testid="referrer-type">{ d.artifact_type().unwrap_or(d.media_type()).to_string() }</code></td>
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
