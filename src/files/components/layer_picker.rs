//! The image's layers to choose from (and the merged filesystem): each a link that keeps the
//! view and names the layer (`&layer=<digest>`).

use yew::prelude::*;

use crate::files::address::MERGED;
use crate::files::image_layers::LayerInfo;
use crate::format;

/// Props of [`LayerPicker`].
#[derive(Properties, PartialEq)]
pub struct LayerPickerProps {
    /// The image's layers.
    pub layers: Vec<LayerInfo>,
    /// The `layer` chosen (a digest or `merged`).
    pub chosen: Option<String>,
    /// Chooses a `layer` value.
    pub on_choose: Callback<String>,
}

/// The layer list.
#[component]
pub fn LayerPicker(props: &LayerPickerProps) -> Html {
    let choose = |value: String| {
        let on_choose = props.on_choose.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            on_choose.emit(value.clone());
        })
    };
    let is = |value: &str| props.chosen.as_deref() == Some(value);
    let total: u64 = props.layers.iter().map(|l| l.size).sum();
    html! {
        <nav aria-label="Layers" data-testid="files-layers">
            <ol class="files-layers" style="list-style:none;padding:0;margin:0 0 .5rem 0">
            <li>
                <a href="#" data-testid="files-layer-merged" style="text-decoration:underline" aria-current={is(MERGED).then_some("true")}
                    onclick={choose(MERGED.to_string())}>
                    { if is(MERGED) { html!{<strong>{"Merged filesystem"}</strong>} } else { html!{"Merged filesystem"} } }
                </a>
                { format!(" — every layer in order, {} to stream", format::size(total)) }
            </li>
            { for props.layers.iter().map(|l| {
                let label = format!("Layer {}: {}", l.index + 1, format::short_digest(&l.digest));
                let kind = l.compression.map_or("not a tar layer", |c| c.name());
                html! {
                    <li>
                        <a href="#" data-testid="files-layer" data-digest={l.digest.clone()} style="text-decoration:underline"
                            aria-current={is(&l.digest).then_some("true")}
                            onclick={choose(l.digest.clone())}>
                            { if is(&l.digest) { html!{<strong>{label}</strong>} } else { html!{label} } }
                        </a>
                        { format!(" — {}, {}", format::size(l.size), kind) }
                    </li>
                }
            }) }
            </ol>
        </nav>
    }
}
