//! The build history as Dockerfile-like steps; steps that made no layer are marked.

use regscope_core::Inspection;
use yew::prelude::*;

use crate::components::capped::Capped;
use crate::components::class_list::class_list;
use crate::components::when::when;

/// The history card (nothing without a config).
pub fn history_view(inspection: &Inspection) -> Html {
    let Some(config) = &inspection.config else {
        return html! {};
    };
    let steps = config.history();
    html! {
        <section class="card">
            <h2>{ format!("History ({} steps)", steps.len()) }</h2>
            <ol class="history">
            <Capped rows={steps.iter().map(|step| {
                let text = step.created_by.as_deref().map(regscope_core::config::dockerfile_step).unwrap_or_default();
                html! {
                    <li data-testid="history-step" class={class_list(&[if step.empty_layer { "empty" } else { "" }])}>
                        <code class="step">{ text }</code>
                        <div class="muted small">
                            if step.empty_layer { <span class="badge" data-testid="empty-layer">{"no layer"}</span>{" "} }
                            if let Some(at) = &step.created { { when(at) }{" "} }
                            if let Some(comment) = &step.comment { <span>{ comment }</span> }
                        </div>
                    </li>
                }
            }).collect::<Vec<Html>>()} />
            </ol>
        </section>
    }
}
