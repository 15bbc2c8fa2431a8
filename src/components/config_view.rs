//! The image config: what the image runs, and its raw JSON.

use yew::prelude::*;

use crate::components::summary::InspectionProps;
use crate::format;

/// The config card.
#[component]
pub fn ConfigView(props: &InspectionProps) -> Html {
    let inspection = &props.inspection;
    let (Some(config), Some(blob)) = (&inspection.config, &inspection.config_blob) else {
        return html! {};
    };
    let runtime = config.runtime();
    let list = |items: &[String]| {
        if items.is_empty() {
            html! { <span class="muted">{"—"}</span> }
        } else {
            html! { <code>{ serde_json::to_string(items).unwrap_or_default() }</code> }
        }
    };
    let platform = match config.variant() {
        Some(v) => format!("{}/{}/{v}", config.os(), config.architecture()),
        None => format!("{}/{}", config.os(), config.architecture()),
    };
    html! {
        <section class="card">
            <h2>{"Config"}</h2>
            <dl>
                <dt>{"Platform"}</dt><dd data-testid="config-platform">{ platform }</dd>
                <dt>{"Entrypoint"}</dt><dd>{ list(&runtime.entrypoint) }</dd>
                <dt>{"Cmd"}</dt><dd>{ list(&runtime.cmd) }</dd>
                <dt>{"WorkingDir"}</dt><dd>{ runtime.working_dir.clone().unwrap_or_default() }</dd>
                <dt>{"User"}</dt><dd>{ runtime.user.clone().unwrap_or_default() }</dd>
                <dt>{"Env"}</dt><dd><ul class="plain">{ for config.env().iter().map(|e| html!{ <li><code>{ e }</code></li> }) }</ul></dd>
                <dt>{"Ports"}</dt><dd>{ runtime.exposed_ports.join(", ") }</dd>
                <dt>{"Created"}</dt><dd>{ config.created().unwrap_or("") }</dd>
            </dl>
            <h3>{"config.json "}<code class="muted">{ &blob.digest }</code></h3>
            <pre class="json" data-testid="config-json">{ format::pretty_json(&blob.bytes) }</pre>
        </section>
    }
}
