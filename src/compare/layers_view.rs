//! The two layer lists aligned: shared layers (same blob) and recompressed ones (same diff_id)
//! paired by digest, the rest paired by content or marked added or removed, and which layers
//! a file comparison must download (never a shared bottom layer).

use regscope_layers::compare::{LayerMatch, LayerRef};
use yew::prelude::*;

use crate::format;

use super::services::Compared;

/// The machine name of a pair's kind (`data-kind`, and the JSON export's spelling).
pub fn kind_name(kind: LayerMatch) -> &'static str {
    match kind {
        LayerMatch::Shared => "shared",
        LayerMatch::Recompressed => "recompressed",
        LayerMatch::Changed => "changed",
        LayerMatch::Added => "added",
        LayerMatch::Removed => "removed",
    }
}

fn layer(index: Option<usize>, layers: &[LayerRef]) -> Html {
    match index.and_then(|i| layers.get(i).map(|l| (i, l))) {
        Some((i, l)) => html! {
            <td title={l.digest.clone()}>
                { format!("L{} ", i + 1) }<code>{ format::short_digest(&l.digest) }</code>
                <span class="muted small">{ format!(" {}", format::size(l.size)) }</span>
            </td>
        },
        None => html! { <td class="muted">{"—"}</td> },
    }
}

/// The layers card.
pub fn layers_view(compared: &Compared) -> Html {
    let alignment = &compared.layers;
    let (old, new) = (&compared.old.layers, &compared.new.layers);
    let read = |pair: &regscope_layers::compare::LayerPair| {
        pair.old.is_some_and(|i| alignment.read_old.contains(&i))
            || pair.new.is_some_and(|i| alignment.read_new.contains(&i))
    };
    let total = compared.old.layer_bytes() + compared.new.layer_bytes();
    html! {
        <section class="card" data-testid="compare-layers">
            <h2>{ format!("Layers ({} A, {} B)", old.len(), new.len()) }</h2>
            <table>
                <thead><tr><th>{"Match"}</th><th>{"A"}</th><th>{"B"}</th><th>{"To compare the files"}</th></tr></thead>
                <tbody>
                { for alignment.pairs.iter().map(|pair| {
                    let name = kind_name(pair.kind);
                    let reads = read(pair);
                    html! {
                        <tr data-testid="layer-pair" data-kind={name} data-read={reads.to_string()}>
                            <td>{ name }</td>
                            { layer(pair.old, old) }
                            { layer(pair.new, new) }
                            <td>{ if reads { "downloaded" } else { "not downloaded (0 B)" } }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            <p data-testid="layers-cost" data-to-read={alignment.bytes_to_read.to_string()} data-total={total.to_string()}>
                { format!("Comparing the files downloads {} of the {} both images' layers hold", format::size(alignment.bytes_to_read), format::size(total)) }
                { if alignment.shared_base > 0 { format!("; the {} shared bottom layers are never downloaded.", alignment.shared_base) } else { ".".to_string() } }
            </p>
        </section>
    }
}
