//! The raw manifests, pretty-printed.

use yew::prelude::*;

use crate::components::summary::InspectionProps;
use crate::format;

/// The raw JSON card.
#[component]
pub fn JsonView(props: &InspectionProps) -> Html {
    let inspection = &props.inspection;
    let documents = std::iter::once(&inspection.top).chain(inspection.platform.as_ref());
    html! {
        <section class="card">
            <h2>{"Raw manifests"}</h2>
            { for documents.map(|m| html! {
                <details>
                    <summary><code>{ &m.digest }</code>{" "}<span class="muted">{ &m.content_type }</span></summary>
                    <pre class="json" data-testid="manifest-json">{ format::pretty_json(&m.bytes) }</pre>
                </details>
            }) }
        </section>
    }
}
