//! The headline of a view: the reference, its digest, the kind of document and the pull command.

use std::rc::Rc;

use regscope_core::Inspection;
use yew::prelude::*;

use crate::format;
use crate::links;

/// Props shared by the views of one inspection.
#[derive(Properties, PartialEq)]
pub struct InspectionProps {
    /// The inspection shown.
    pub inspection: Rc<Inspection>,
}

/// The headline card.
#[component]
pub fn Summary(props: &InspectionProps) -> Html {
    let inspection = &props.inspection;
    let top = &inspection.top;
    let pinned = links::href(&links::view(&top.reference, None));
    html! {
        <section class="card summary">
            <h1 data-testid="reference">{ inspection.reference.to_string() }</h1>
            <dl>
                <dt>{"Digest"}</dt>
                <dd><code data-testid="top-digest">{ &top.digest }</code>
                    {" "}<a href={pinned} data-testid="pinned-link">{"link pinned to this digest"}</a></dd>
                <dt>{"Type"}</dt>
                <dd data-testid="top-kind">{ top.manifest.kind().label() }
                    {" "}<code class="muted">{ &top.content_type }</code></dd>
                <dt>{"Size"}</dt>
                <dd>{ format::size(top.bytes.len() as u64) }{" manifest"}</dd>
                <dt>{"Pull"}</dt>
                <dd><code data-testid="pull-command">{ links::pull_command(&inspection.reference, &top.digest) }</code></dd>
            </dl>
        </section>
    }
}
