//! An SLSA provenance summary (v0.2 or v1): builder, build type, source repository and commit,
//! entry point, build parameters and materials.

use regscope_supply::provenance::Provenance;
use yew::prelude::*;

/// The summary's table (`data-testid="supply-provenance"`, each field `supply-prov-{field}`).
pub fn provenance_view(p: &Provenance) -> Html {
    let row = |label: &str, id: &str, value: &Option<String>| {
        html! {
            <tr data-testid={format!("supply-prov-{id}")}><th>{ label.to_string() }</th>
                <td class="break">{ value.clone().unwrap_or_else(|| "not given".into()) }</td></tr>
        }
    };
    html! {
        <table class="kv" data-testid="supply-provenance" data-slsa={p.slsa_version}>
            <caption style="text-align:left"><b>{ format!("SLSA provenance {}", p.slsa_version) }</b></caption>
            { row("Builder", "builder", &p.builder) }
            { row("Build type", "build-type", &p.build_type) }
            { row("Source repository", "source-repository", &p.source_repository) }
            { row("Source commit", "source-commit", &p.source_commit) }
            { row("Entry point", "entry-point", &p.entry_point) }
            <tr data-testid="supply-prov-parameters"><th>{"Build parameters"}</th><td class="break">
                if p.parameters.is_empty() { {"none"} }
                <ul class="plain">{ for p.parameters.iter().map(|(name, value)| html! {
                    <li data-testid="supply-prov-parameter" data-name={name.clone()}><code>{ format!("{name}={value}") }</code></li>
                }) }</ul>
            </td></tr>
            <tr data-testid="supply-prov-materials"><th>{ format!("Materials ({})", p.materials.len()) }</th><td class="break">
                <ul class="plain">{ for p.materials.iter().map(|m| html! {
                    <li data-testid="supply-prov-material"><code>{ m.uri.clone() }</code>
                        { for m.digests.iter().map(|d| html! { <div class="muted small"><code>{ d.clone() }</code></div> }) }</li>
                }) }</ul>
            </td></tr>
        </table>
    }
}
