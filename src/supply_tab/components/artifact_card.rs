//! One artifact: what kind it is, the manifest (and platform) it is about, where it was found,
//! its media and artifact types, and each of its layers decoded.

use regscope_supply::gather::Gathered;
use yew::prelude::*;

use super::layer_view::{descriptor_line, layer_view};
use crate::supply_tab::labels::{found_slug, found_words, kind_words};
use crate::supply_tab::use_gathered::Shared;

/// Props of [`ArtifactCard`].
#[derive(Properties, PartialEq)]
pub struct ArtifactCardProps {
    /// Everything gathered.
    pub gathered: Shared<Gathered>,
    /// Which artifact.
    pub index: usize,
}

/// The card of one artifact (`data-testid="supply-artifact"`, with `data-kind`, `data-found`,
/// `data-platform` and `data-subject`).
#[component]
pub fn ArtifactCard(props: &ArtifactCardProps) -> Html {
    let Some(a) = props.gathered.0.artifacts.get(props.index) else {
        return Html::default();
    };
    let (heading, kind) = kind_words(a.kind);
    let about = match &a.platform {
        Some(platform) => format!("{heading} for {platform}"),
        None if a.subject == props.gathered.0.top => heading.to_string(),
        None => format!("{heading} for {}", a.subject),
    };
    html! {
        <section class="card" data-testid="supply-artifact" data-kind={kind} data-found={found_slug(&a.found)}
            data-platform={a.platform.clone().unwrap_or_default()} data-subject={a.subject.clone()}>
            <h3>{ about }</h3>
            <p class="small" data-testid="supply-found">{ format!("Found through {}", found_words(&a.found, &a.subject)) }
                if let Some(t) = a.descriptor.artifact_type() { {", artifact type "}<code data-testid="supply-artifact-type">{ t.to_string() }</code> }
            </p>
            { descriptor_line("Manifest", &a.descriptor) }
            { match &a.layers {
                Err(e) => html! { <p class="bad" role="alert" data-testid="supply-artifact-error">{ format!("Its manifest was not read: {e}") }</p> },
                Ok(layers) if layers.is_empty() => html! { <p class="muted">{"It has no layers."}</p> },
                Ok(layers) => layers.iter().enumerate().map(|(i, layer)| layer_view(&props.gathered, props.index, i, layer)).collect::<Html>(),
            } }
        </section>
    }
}
