//! The image config: what the image runs (Entrypoint, Cmd, Env, WorkingDir, User, ports,
//! volumes, labels), when and by whom it was made, and its raw JSON.

use yew::prelude::*;

use regscope_core::Inspection;

use crate::components::annotations::annotations;
use crate::components::fields::{dash, field};
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
                    { field("Name", None, schema1.name.clone().into()) }
                    { field("Tag", None, schema1.tag.clone().into()) }
                    { field("Architecture", Some("config-platform"), schema1.architecture.clone().into()) }
                    { field("Signatures", Some("schema1-signatures"), schema1.signatures.to_string().into()) }
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
    let platform = match config.variant() {
        Some(v) => format!("{}/{}/{v}", config.os(), config.architecture()),
        None => format!("{}/{}", config.os(), config.architecture()),
    };
    html! {
        <section class="card">
            <h2>{"Config"}</h2>
            <dl data-testid="config-fields">
                { field("Platform", Some("config-platform"), platform.into()) }
                { field("Entrypoint", Some("config-entrypoint"), list(&runtime.entrypoint)) }
                { field("Cmd", Some("config-cmd"), list(&runtime.cmd)) }
                { field("WorkingDir", Some("config-workdir"), text(runtime.working_dir.as_deref())) }
                { field("User", Some("config-user"), text(runtime.user.as_deref())) }
                { field("Env", None, html! {
                    <>
                        if config.env().is_empty() { { dash() } }
                        <ul class="plain">{ for config.env().iter().map(|e| html!{ <li data-testid="config-env"><code>{ e }</code></li> }) }</ul>
                    </>
                }) }
                { field("Ports", Some("config-ports"), list(&runtime.exposed_ports)) }
                { field("Volumes", Some("config-volumes"), list(&runtime.volumes)) }
                if let Some(signal) = &runtime.stop_signal { { field("StopSignal", None, html! { <code>{ signal }</code> }) } }
                { field("Labels", None, annotations(&runtime.labels, "label-row")) }
                { field("Created", Some("config-created"), config.created().map_or_else(dash, when)) }
                { field("Author", Some("config-author"), text(config.author())) }
            </dl>
            <details {open} id={crate::links::anchor(&blob.digest)}>
                <summary>{"config.json "}<code class="muted">{ &blob.digest }</code>{ format!(" · {}", format::size(blob.bytes.len() as u64)) }</summary>
                { json_tree(&blob.bytes, &inspection.reference, query, "config-json") }
            </details>
        </section>
    }
}

/// A list of strings as JSON in `<code>`, or a dash when empty.
fn list(items: &[String]) -> Html {
    if items.is_empty() {
        dash()
    } else {
        html! { <code>{ serde_json::to_string(&serde_json::Value::from(items.to_vec())).unwrap_or_default() }</code> }
    }
}

/// A text in `<code>`, or a dash when missing or empty.
fn text(value: Option<&str>) -> Html {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => html! { <code>{ v.to_string() }</code> },
        None => dash(),
    }
}
