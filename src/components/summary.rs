//! The headline of a view: the reference, its digest, the kind of document and the pull command.

use regscope_core::Inspection;
use regscope_core::manifest::Role;
use yew::prelude::*;

use crate::components::annotations::annotations;
use crate::components::copy_button::copy_button;
use crate::components::fields::field;
use crate::components::view_link::view_link;
use crate::format;
use crate::links;
use crate::route::ViewQuery;

/// The headline card of `inspection`, shown in the view `query`.
pub fn summary(inspection: &Inspection, query: &ViewQuery) -> Html {
    let reference = &inspection.reference;
    let top = &inspection.top;
    let manifest = &top.manifest;
    let reference_text = reference.to_string();
    let pull = links::pull_command(reference, &top.digest);
    let role = match manifest.role() {
        Role::Index | Role::Image => None,
        Role::Attestation => Some("attestation".to_string()),
        Role::Signature => Some("signature".to_string()),
        Role::Artifact(kind) => Some(format!("artifact ({kind})")),
    };
    html! {
        <section class="card summary">
            <h1><span data-testid="reference">{ reference_text.clone() }</span>
                {" "}{ copy_button(reference_text, "reference") }</h1>
            <dl>
                { field("Digest", None, html! {
                    <>
                        <code data-testid="top-digest">{ &top.digest }</code>
                        {" "}{ copy_button(top.digest.clone(), "digest") }
                        if reference.digest().is_none() {
                            {" "}{ view_link(links::pinned_view(query, reference, &top.digest), Some("pinned-link"),
                                Some("This view reached by tag shows what the tag names now; this link always shows this digest".into()),
                                "link pinned to this digest".into()) }
                        }
                    </>
                }) }
                { field("Type", None, html! {
                    <>
                        <span data-testid="top-kind">{ manifest.kind().label() }</span>
                        if let Some(role) = role { {" · "}<span data-testid="top-role">{ role }</span> }
                        {" "}<code class="muted">{ &top.content_type }</code>
                    </>
                }) }
                if let Some(subject) = manifest.subject() {
                    { field("Refers to", None, view_link(links::digest_view(reference, subject.digest()), Some("subject-link"), None,
                        html! { <code>{ subject.digest() }</code> })) }
                }
                <dt>{"Size"}</dt>
                <dd title={format!("{} bytes", top.bytes.len())}>{ format::size(top.bytes.len() as u64) }{" manifest"}
                    if !manifest.kind().is_index() && !manifest.layers().is_empty() && manifest.layers_size() > 0 {
                        { format!(" · {} in {} layers", format::size(manifest.layers_size()), manifest.layers().len()) }
                    }
                </dd>
                { field("Pull", None, html! {
                    <><code data-testid="pull-command">{ pull.clone() }</code>{" "}{ copy_button(pull, "pull command") }</>
                }) }
                if let Some(quota) = inspection.pull_quota() {
                    { field("Pull limit", Some("pull-quota"), html! { { quota.describe() } }) }
                }
                if !manifest.annotations().is_empty() {
                    { field("Annotations", None, annotations(manifest.annotations(), "annotation-row")) }
                }
            </dl>
        </section>
    }
}
