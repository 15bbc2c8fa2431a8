//! The platforms of an index or list, with attestation entries shown apart.

use regscope_core::manifest::Descriptor;
use yew::prelude::*;

use crate::components::summary::InspectionProps;
use crate::format;
use crate::links;

/// The platform table (nothing for a single-platform image).
#[component]
pub fn Platforms(props: &InspectionProps) -> Html {
    let inspection = &props.inspection;
    let manifest = &inspection.top.manifest;
    if !manifest.kind().is_index() {
        return html! {};
    }
    let chosen = inspection.chosen.as_ref().map(Descriptor::digest);
    let row = |d: &Descriptor| {
        let platform = d.platform().map(ToString::to_string).unwrap_or_default();
        let href = links::href(&links::view(&inspection.reference, d.platform()));
        let class = if Some(d.digest()) == chosen {
            "chosen"
        } else {
            ""
        };
        html! {
            <tr data-testid="platform-row" class={class}>
                <td><a href={href}>{ platform }</a></td>
                <td><code title={d.digest().to_string()}>{ format::short_digest(d.digest()) }</code></td>
                <td class="num">{ format::size(d.size()) }</td>
                <td class="muted">{ d.media_type() }</td>
            </tr>
        }
    };
    let attestations: Vec<&Descriptor> = manifest.attestations().collect();
    html! {
        <section class="card">
            <h2>{ format!("Platforms ({})", manifest.platforms().count()) }</h2>
            <table>
                <thead><tr><th>{"Platform"}</th><th>{"Digest"}</th><th>{"Manifest size"}</th><th>{"Media type"}</th></tr></thead>
                <tbody>{ for manifest.platforms().map(row) }</tbody>
            </table>
            if !attestations.is_empty() {
                <h3>{ format!("Attestations ({})", attestations.len()) }</h3>
                <table>
                    <thead><tr><th>{"Attestation"}</th><th>{"Attests"}</th></tr></thead>
                    <tbody>
                    { for attestations.iter().map(|d| html! {
                        <tr data-testid="attestation-row">
                            <td><a href={links::href(&links::digest_view(&inspection.reference, d.digest()))}>
                                <code>{ format::short_digest(d.digest()) }</code></a></td>
                            <td>{ attested(d, manifest.manifests()) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// The platform of the entry an attestation names, or its digest.
fn attested(attestation: &Descriptor, entries: &[Descriptor]) -> String {
    let Some(target) = attestation.attests() else {
        return String::new();
    };
    entries
        .iter()
        .find(|e| e.digest() == target)
        .and_then(|e| e.platform().map(ToString::to_string))
        .unwrap_or_else(|| format::short_digest(target))
}
