//! The comparison's heading: both images (as asked, pinned, platform) and the verdict in words.

use regscope_core::Inspection;
use yew::prelude::*;

use crate::components::view_link::short_digest_link;
use crate::format;

use super::services::{Compared, Side};

/// What the comparison found before any file is read, in words, and its machine name.
pub fn verdict(compared: &Compared) -> (&'static str, &'static str) {
    let (config, layers) = (&compared.config, &compared.layers);
    if compared.old.digest() == compared.new.digest() {
        ("identical", "The same manifest: nothing differs.")
    } else if config.same && layers.same_blobs() {
        (
            "identical",
            "Identical configs and layers (the manifests differ only in their bytes).",
        )
    } else if config.same_ignoring_times && layers.same_content() {
        (
            "same-content",
            "Same content: the configs differ only in times and every layer holds the same files.",
        )
    } else if config.same_ignoring_times {
        (
            "times-only",
            "The configs differ only in times; the layers are other blobs: compare the files to know whether they hold the same content.",
        )
    } else {
        ("different", "The images differ.")
    }
}

/// The platform an inspection shows: the index entry chosen, else the config's.
pub fn platform(inspection: &Inspection) -> String {
    if let Some(platform) = inspection.chosen.as_ref().and_then(|d| d.platform()) {
        return platform.to_string();
    }
    inspection
        .config
        .as_ref()
        .map(|c| match c.variant() {
            Some(v) => format!("{}/{}/{v}", c.os(), c.architecture()),
            None => format!("{}/{}", c.os(), c.architecture()),
        })
        .unwrap_or_default()
}

fn side(label: &'static str, side: &Side) -> Html {
    let image = side.inspection.image();
    html! {
        <tr data-testid="compare-side">
            <th scope="row">{ label }</th>
            <td><code>{ side.asked.clone() }</code></td>
            <td>{ short_digest_link(&image.reference, &image.digest, None) }</td>
            <td>{ platform(&side.inspection) }</td>
            <td class="num">{ format!("{} layers, {}", side.layers.len(), format::size(side.layer_bytes())) }</td>
        </tr>
    }
}

/// The heading card.
pub fn summary(compared: &Compared) -> Html {
    let (name, words) = verdict(compared);
    html! {
        <section class="card" data-testid="compare-summary">
            <h1>{"Comparing two images"}</h1>
            <table>
                <thead><tr><th></th><th>{"Reference"}</th><th>{"Manifest"}</th><th>{"Platform"}</th><th class="num">{"Layers"}</th></tr></thead>
                <tbody>{ side("A", &compared.old) }{ side("B", &compared.new) }</tbody>
            </table>
            <p data-testid="compare-verdict" data-verdict={name}><strong>{ words }</strong></p>
        </section>
    }
}
