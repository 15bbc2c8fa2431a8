//! The image config: what the image runs (Entrypoint, Cmd, Env, WorkingDir, User, ports,
//! volumes, labels), when and by whom it was made, and its raw JSON.

use yew::prelude::*;

use regscope_core::Inspection;

use crate::components::annotations::annotations;
use crate::components::json_tree::json_tree;
use crate::components::when::when;
use crate::format;
use crate::route::ViewQuery;

/// The config card of `inspection` in the view `query`; the config tab shows the raw JSON
/// `open`, the overview keeps it folded.
pub fn config_view(inspection: &Inspection, query: &ViewQuery, open: bool) -> Html {
    let image = inspection.image();
    if let Some(schema1) = image.manifest.schema1() {
        let first = schema1.v1_history.first().cloned().unwrap_or_default();
        return html! {
            <section class="card">
                <h2>{"Config (schema 1)"}</h2>
                <dl>
                    <dt>{"Name"}</dt><dd>{ &schema1.name }</dd>
                    <dt>{"Tag"}</dt><dd>{ &schema1.tag }</dd>
                    <dt>{"Architecture"}</dt><dd data-testid="config-platform">{ &schema1.architecture }</dd>
                    <dt>{"Signatures"}</dt><dd data-testid="schema1-signatures">{ schema1.signatures }</dd>
                </dl>
                <h3>{"Newest v1Compatibility entry"}</h3>
                { json_tree(first.as_bytes(), &inspection.reference, query, "config-json") }
            </section>
        };
    }
    let (Some(config), Some(blob)) = (&inspection.config, &inspection.config_blob) else {
        return html! {
            <section class="card"><h2>{"Config"}</h2>
                <p class="hint">{"This manifest has no image config (an artifact or an empty config)."}</p></section>
        };
    };
    let runtime = config.runtime();
    let list = |items: &[String]| {
        if items.is_empty() {
            html! { <span class="muted">{"—"}</span> }
        } else {
            html! { <code>{ serde_json::Value::from(items.to_vec()).to_string() }</code> }
        }
    };
    let text = |value: Option<&str>| match value.filter(|v| !v.is_empty()) {
        Some(v) => html! { <code>{ v.to_string() }</code> },
        None => html! { <span class="muted">{"—"}</span> },
    };
    let platform = match config.variant() {
        Some(v) => format!("{}/{}/{v}", config.os(), config.architecture()),
        None => format!("{}/{}", config.os(), config.architecture()),
    };
    html! {
        <section class="card">
            <h2>{"Config"}</h2>
            <dl data-testid="config-fields">
                <dt>{"Platform"}</dt><dd data-testid="config-platform">{ platform }</dd>
                <dt>{"Entrypoint"}</dt><dd data-testid="config-entrypoint">{ list(&runtime.entrypoint) }</dd>
                <dt>{"Cmd"}</dt><dd data-testid="config-cmd">{ list(&runtime.cmd) }</dd>
                <dt>{"WorkingDir"}</dt><dd data-testid="config-workdir">{ text(runtime.working_dir.as_deref()) }</dd>
                <dt>{"User"}</dt><dd data-testid="config-user">{ text(runtime.user.as_deref()) }</dd>
                <dt>{"Env"}</dt><dd>
                    if config.env().is_empty() { <span class="muted">{"—"}</span> }
                    <ul class="plain">{ for config.env().iter().map(|e| html!{ <li data-testid="config-env"><code>{ e }</code></li> }) }</ul></dd>
                <dt>{"Ports"}</dt><dd data-testid="config-ports">{ list(&runtime.exposed_ports) }</dd>
                <dt>{"Volumes"}</dt><dd data-testid="config-volumes">{ list(&runtime.volumes) }</dd>
                if let Some(signal) = &runtime.stop_signal { <dt>{"StopSignal"}</dt><dd><code>{ signal }</code></dd> }
                <dt>{"Labels"}</dt><dd>{ annotations(&runtime.labels, "label-row") }</dd>
                <dt>{"Created"}</dt><dd data-testid="config-created">{ match config.created() {
                    Some(at) => when(at),
                    None => html! { <span class="muted">{"—"}</span> },
                } }</dd>
                <dt>{"Author"}</dt><dd data-testid="config-author">{ text(config.author()) }</dd>
            </dl>
            <details {open} id={crate::links::anchor(&blob.digest)}>
                <summary>{"config.json "}<code class="muted">{ &blob.digest }</code>{ format!(" · {}", format::size(blob.bytes.len() as u64)) }</summary>
                { json_tree(&blob.bytes, &inspection.reference, query, "config-json") }
            </details>
        </section>
    }
}
