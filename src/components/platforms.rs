//! The platforms of an index or list, with attestation entries shown apart and linked to the
//! image they attest, and entries of another reference type (e.g. `builder`) by their type.

use regscope_core::Inspection;
use regscope_core::manifest::Descriptor;
use yew::prelude::*;

use crate::components::capped::Capped;
use crate::components::copy_button::copy_button;
use crate::components::fields::dash;
use crate::components::view_link::{short_digest_link, view_link};
use crate::format;
use crate::links;

/// The platform table (nothing for a single-platform image).
pub fn platforms(inspection: &Inspection) -> Html {
    let reference = &inspection.reference;
    let manifest = &inspection.top.manifest;
    if !manifest.kind().is_index() {
        return html! {};
    }
    let chosen = inspection.chosen.as_ref().map(Descriptor::digest);
    let row = |d: &Descriptor| {
        let platform = d.platform().map(ToString::to_string).unwrap_or_default();
        let to = links::view(reference, d.platform());
        let class = if Some(d.digest()) == chosen {
            "chosen"
        } else {
            ""
        };
        html! {
            <tr data-testid="platform-row" class={class}>
                <td>{ view_link(to, None, None, platform.into()) }</td>
                <td>{ short_digest_link(reference, d.digest(), None) }
                    {" "}{ copy_button(d.digest().to_string(), "digest") }</td>
                <td class="num" title={format!("{} bytes", d.size())}>{ format::size(d.size()) }</td>
                <td class="muted wide">{ d.media_type() }</td>
            </tr>
        }
    };
    let attestations: Vec<&Descriptor> = manifest.attestations().collect();
    // The chosen platform beside each other one: `?image=REPO@A&compare=REPO@B`.
    let compare = |d: &Descriptor| {
        let chosen = chosen.filter(|c| *c != d.digest())?;
        let to = crate::route::ViewQuery {
            image: links::digest_view(reference, chosen).image,
            compare: links::digest_view(reference, d.digest()).image,
            ..Default::default()
        };
        let label = d.platform().map(ToString::to_string).unwrap_or_default();
        Some(
            html! { <>{ view_link(to, Some("compare-platforms-link"), None, label.into()) }{" "}</> },
        )
    };
    html! {
        <section class="card">
            <h2>{ format!("Platforms ({})", manifest.platforms().count()) }</h2>
            <table>
                <thead><tr><th>{"Platform"}</th><th>{"Manifest digest"}</th><th class="num">{"Manifest size"}</th><th class="wide">{"Media type"}</th></tr></thead>
                <tbody><Capped rows={manifest.platforms().map(row).collect::<Vec<Html>>()} colspan={4} /></tbody>
            </table>
            <p data-testid="compare-platforms">{"Compare this platform with: "}{ for manifest.platforms().filter_map(compare) }</p>
            if !attestations.is_empty() {
                <h3>{ format!("Attestations ({})", attestations.len()) }</h3>
                <table>
                    <thead><tr><th>{"Attestation manifest"}</th><th>{"Attests"}</th><th class="num">{"Size"}</th></tr></thead>
                    <tbody>
                    { for attestations.iter().map(|d| html! {
                        <tr data-testid="attestation-row">
                            <td>{ short_digest_link(reference, d.digest(), None) }</td>
                            <td>{ attested(d, inspection) }</td>
                            <td class="num">{ format::size(d.size()) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            { for manifest.typed_entries().map(|d| html! {
                <p data-testid="typed-entry">{ d.reference_type().unwrap_or_default() }{" entry: "}{ short_digest_link(reference, d.digest(), None) }</p>
            }) }
        </section>
    }
}

/// A link to the image an attestation entry attests, labelled with its platform.
fn attested(attestation: &Descriptor, inspection: &Inspection) -> Html {
    let Some(target) = attestation.attests() else {
        return dash();
    };
    let label = inspection
        .top
        .manifest
        .manifests()
        .iter()
        .find(|e| e.digest() == target)
        .and_then(|e| e.platform().map(ToString::to_string))
        .unwrap_or_else(|| format::short_digest(target));
    html! {
        view_link(links::digest_view(&inspection.reference, target), Some("attests-link"), Some(target.to_string()), label.into())
    }
}
