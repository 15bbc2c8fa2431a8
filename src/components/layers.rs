//! The layers of the image manifest shown, each with its history step and diff_id, and the
//! total; for schema 1, its `fsLayers` with the v1 history.

use regscope_core::Inspection;
use yew::prelude::*;

use crate::components::capped::Capped;

use crate::components::copy_button::copy_button;
use crate::components::when::when;
use crate::format;
use crate::links;

/// The layer table of the image manifest shown (nothing for an index).
pub fn layers(inspection: &Inspection) -> Html {
    let image = inspection.image();
    if image.manifest.kind().is_index() {
        return html! {};
    }
    if let Some(schema1) = image.manifest.schema1() {
        return schema1_layers(image.manifest.layers(), &schema1.v1_history);
    }
    let layers = image.manifest.layers();
    let steps = inspection
        .config
        .as_ref()
        .map(|c| c.history_for_layers())
        .unwrap_or_default();
    let diff_ids = inspection
        .config
        .as_ref()
        .map(|c| c.diff_ids())
        .unwrap_or(&[]);
    let heading = match inspection.chosen.as_ref().and_then(|d| d.platform()) {
        Some(platform) => format!("Layers of {platform} ({})", layers.len()),
        None => format!("Layers ({})", layers.len()),
    };
    html! {
        <section class="card">
            <h2 data-testid="layers-heading">{ heading }</h2>
            <table class="layers">
                <thead><tr><th class="num">{"#"}</th><th>{"Digest · diff_id"}</th><th class="num">{"Size"}</th><th>{"Made by"}</th></tr></thead>
                <tbody>
                <Capped colspan={4} rows={layers.iter().enumerate().map(|(i, layer)| {
                    let step = steps.get(i).copied().flatten()
                        .and_then(|s| s.created_by.as_deref()).map(regscope_core::config::dockerfile_step).unwrap_or_default();
                    let diff_id = diff_ids.get(i).cloned().unwrap_or_default();
                    html! {
                        <tr data-testid="layer-row" id={links::anchor(layer.digest())}>
                            <td class="num">{ i + 1 }</td>
                            <td><code data-testid="layer-digest">{ layer.digest() }</code>
                                {" "}{ copy_button(layer.digest().to_string(), "layer digest") }
                                <div class="muted small"><code data-testid="layer-diff-id" title="diff_id: digest of the uncompressed layer">{ diff_id }</code></div>
                                <div class="muted small">{ layer.media_type() }</div></td>
                            <td class="num" title={format!("{} bytes", layer.size())}>{ format::size(layer.size()) }</td>
                            <td><code class="step" data-testid="layer-step">{ step }</code></td>
                        </tr>
                    }
                }).collect::<Vec<Html>>()} />
                </tbody>
                <tfoot><tr><td></td><td>{"Total (compressed)"}</td>
                    <td class="num" data-testid="layers-total" title={format!("{} bytes", image.manifest.layers_size())}>
                        { format::size(image.manifest.layers_size()) }</td><td></td></tr></tfoot>
            </table>
        </section>
    }
}

/// Schema 1: `fsLayers` (newest first) next to their `v1Compatibility` step.
fn schema1_layers(layers: &[regscope_core::manifest::Descriptor], v1_history: &[String]) -> Html {
    html! {
        <section class="card">
            <h2 data-testid="layers-heading">{ format!("fsLayers ({}, newest first)", layers.len()) }</h2>
            <p class="hint">{"Schema 1 manifests carry no layer sizes and no config blob; each layer's step comes from its v1Compatibility entry."}</p>
            <table class="layers">
                <thead><tr><th class="num">{"#"}</th><th>{"blobSum"}</th><th>{"Created"}</th><th>{"v1 history step"}</th></tr></thead>
                <tbody>
                <Capped colspan={4} rows={layers.iter().enumerate().map(|(i, layer)| {
                    let step = v1_history.get(i).map(|h| regscope_core::config::v1_step(h)).unwrap_or_default();
                    html! {
                        <tr data-testid="layer-row" id={links::anchor(layer.digest())}>
                            <td class="num">{ i + 1 }</td>
                            <td><code data-testid="layer-digest">{ layer.digest() }</code></td>
                            <td>{ step.created.as_deref().map(when).unwrap_or_default() }</td>
                            <td><code class="step" data-testid="v1-step">{ step.command.clone() }</code>
                                if step.empty_layer { {" "}<span class="badge">{"empty layer"}</span> }</td>
                        </tr>
                    }
                }).collect::<Vec<Html>>()} />
                </tbody>
            </table>
        </section>
    }
}
