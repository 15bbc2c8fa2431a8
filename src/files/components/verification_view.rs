//! Both checks of each streamed layer, in words: its compressed bytes against the manifest's
//! digest, its tar against the config's `diff_id`. A layer not read to its end shows that it
//! was not checked: nothing reads as verified unless the comparison ran and matched. A layer
//! listed from its table of contents shows the TOC's check against the descriptor instead.

use regscope_layers::stream::Check;
use yew::prelude::*;

use crate::files::listing::LayerListing;

/// Props of [`VerificationView`].
#[derive(Properties, PartialEq)]
pub struct VerificationProps {
    /// The streamed layers.
    pub layers: Vec<LayerListing>,
}

/// The verification lines.
#[component]
pub fn VerificationView(props: &VerificationProps) -> Html {
    html! {
        <ul data-testid="files-verification" style="list-style:none;padding:0">
        { for props.layers.iter().map(|layer| {
            if let Some(lazy) = &layer.lazy {
                return html! {
                    <li>
                        { format!("Layer {}: ", layer.info.index + 1) }
                        <span data-testid="files-check-toc" data-result={lazy.toc_state()}>{ lazy.toc_words() }</span>
                        {"; the layer's own digests are not checked: only its table of contents was read"}
                    </li>
                };
            }
            let (digest, diff_id) = match &layer.verification {
                Some(v) => (v.digest.clone(), v.diff_id.clone()),
                None => {
                    let why = Check::NotChecked { why: "the layer was not read to its end".into() };
                    (why.clone(), why)
                }
            };
            html! {
                <li>
                    { format!("Layer {}: ", layer.info.index + 1) }
                    { check("digest", "compressed digest (manifest)", &digest) }
                    {"; "}
                    { check("diff-id", "uncompressed digest (config diff_id)", &diff_id) }
                </li>
            }
        }) }
        </ul>
    }
}

fn check(which: &'static str, what: &str, check: &Check) -> Html {
    let (result, words) = match check {
        Check::Matched => ("matched", format!("{what} verified")),
        Check::Mismatch { expected, actual } => (
            "mismatch",
            format!("{what} MISMATCH: expected {expected}, the bytes hash to {actual}"),
        ),
        Check::NotChecked { why } => ("not-checked", format!("{what} not checked: {why}")),
    };
    html! { <span data-testid={format!("files-check-{which}")} data-result={result}>{ words }</span> }
}
