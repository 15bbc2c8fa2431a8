//! How far each streamed layer got: bytes read of the total, entries listed, and a cancel
//! button while a download runs.

use yew::prelude::*;

use crate::files::listing::{LayerListing, Phase};
use crate::format;

/// Props of [`ProgressView`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// The streamed layers.
    pub layers: Vec<LayerListing>,
    /// Stops the downloads.
    pub on_cancel: Callback<()>,
}

/// The progress lines.
#[component]
pub fn ProgressView(props: &ProgressProps) -> Html {
    let running = props.layers.iter().any(|l| l.phase.is_running());
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_| on_cancel.emit(()))
    };
    html! {
        <div data-testid="files-progress" aria-live="polite">
            <ul style="list-style:none;padding:0;margin:0">
            { for props.layers.iter().map(line) }
            </ul>
            if running {
                <button type="button" data-testid="files-cancel" onclick={cancel}>{"Cancel"}</button>
            }
        </div>
    }
}

fn line(layer: &LayerListing) -> Html {
    let state = match &layer.phase {
        Phase::Waiting => "waiting".to_string(),
        Phase::Requesting => "asking the registry".to_string(),
        Phase::Streaming => "streaming".to_string(),
        Phase::Done => "read to the end".to_string(),
        Phase::Cancelled => "cancelled".to_string(),
        Phase::Failed(e) => format!("failed: {e}"),
    };
    // A layer listed from its table of contents says so, and how much of it that read.
    let state = match (&layer.lazy, &layer.phase) {
        (Some(lazy), Phase::Done) => lazy.words(),
        _ => state,
    };
    let phase = match &layer.phase {
        Phase::Waiting => "waiting",
        Phase::Requesting | Phase::Streaming => "streaming",
        Phase::Done => "done",
        Phase::Cancelled => "cancelled",
        Phase::Failed(_) => "failed",
    };
    html! {
        <li data-testid="files-layer-progress" data-phase={phase} data-read={layer.read.to_string()}
            data-way={if layer.lazy.is_some() { "toc" } else { "stream" }}>
            { format!("Layer {}: ", layer.info.index + 1) }
            <progress aria-label={format!("Layer {} read", layer.info.index + 1)} max={layer.total.max(1).to_string()} value={layer.read.min(layer.total).to_string()}></progress>
            <span data-testid="files-bytes">{ format!(" {} of {}", format::size(layer.read), format::size(layer.total)) }</span>
            { format!(" ({} uncompressed), {} entries — {state}", format::size(layer.uncompressed), layer.entries.len()) }
        </li>
    }
}
