//! The layers of the image manifest shown, each with its history step and diff_id.

use yew::prelude::*;

use crate::components::summary::InspectionProps;
use crate::format;

/// The layer table.
#[component]
pub fn Layers(props: &InspectionProps) -> Html {
    let inspection = &props.inspection;
    let image = inspection.image();
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
    let heading = match &inspection.chosen {
        Some(d) => format!(
            "Layers of {} ({})",
            d.platform().map(ToString::to_string).unwrap_or_default(),
            layers.len()
        ),
        None => format!("Layers ({})", layers.len()),
    };
    html! {
        <section class="card">
            <h2 data-testid="layers-heading">{ heading }</h2>
            <table>
                <thead><tr><th>{"#"}</th><th>{"Digest"}</th><th>{"Media type"}</th><th>{"Size"}</th><th>{"Made by"}</th></tr></thead>
                <tbody>
                { for layers.iter().enumerate().map(|(i, layer)| {
                    let step = steps.get(i).copied().flatten()
                        .and_then(|s| s.created_by.clone()).unwrap_or_default();
                    let diff_id = diff_ids.get(i).cloned().unwrap_or_default();
                    html! {
                        <tr data-testid="layer-row">
                            <td class="num">{ i + 1 }</td>
                            <td><code data-testid="layer-digest" title={format!("diff_id {diff_id}")}>{ layer.digest() }</code></td>
                            <td class="muted">{ layer.media_type() }</td>
                            <td class="num" title={format!("{} bytes", layer.size())}>{ format::size(layer.size()) }</td>
                            <td><code class="step">{ step }</code></td>
                        </tr>
                    }
                }) }
                </tbody>
                <tfoot><tr><td></td><td>{"Total"}</td><td></td>
                    <td class="num" data-testid="layers-total">{ format::size(image.manifest.layers_size()) }</td><td></td></tr></tfoot>
            </table>
        </section>
    }
}
