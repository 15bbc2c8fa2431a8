//! The Supply chain module's root in the browser: its own registry session (credentials entered
//! in the page serve it too), the key form, every artifact gathered for the manifest and each
//! platform of an index, and the requests made.

use regscope_supply::cosign::PublicKey;
use yew::prelude::*;

use super::components::artifact_card::ArtifactCard;
use super::components::key_form::KeyForm;
use super::use_gathered::{GatherState, use_gathered};
use crate::components::trace_view::TraceView;
use crate::services::session::{Session, SharedSession};
use regscope_core::recording::Recording;

/// Props of [`SupplyRoot`].
#[derive(Properties, PartialEq)]
pub struct SupplyRootProps {
    /// The manifest (pinned by digest) as the host names it (`data-reference`).
    pub reference: Option<String>,
}

/// The root of the Supply chain tab.
#[component]
pub fn SupplyRoot(props: &SupplyRootProps) -> Html {
    let session: SharedSession = use_memo((), |_| Session::new(Recording::default()));
    let key = use_state(|| None::<String>);
    let state = use_gathered(session, props.reference.clone(), (*key).clone());
    let applied = key
        .as_deref()
        .and_then(|pem| PublicKey::from_pem(pem).ok())
        .map(|k| k.algorithm());
    let on_key = {
        let key = key.clone();
        Callback::from(move |pem: Option<String>| key.set(pem))
    };
    let body = match &state {
        GatherState::Loading => html! {
            <p class="hint" role="status" data-testid="supply-loading">{"Gathering signatures, attestations and SBOMs…"}</p>
        },
        GatherState::Failed(e, trace) => html! {
            <>
                <section class="card error" role="alert" data-testid="supply-error">
                    <h2>{"The supply chain could not be gathered"}</h2>
                    <p>{ e.clone() }</p>
                </section>
                <TraceView trace={(**trace).clone()} />
            </>
        },
        GatherState::Done(gathered, trace, run) => {
            let g = &gathered.0;
            html! {
                <>
                    <p data-testid="supply-summary" data-count={g.artifacts.len().to_string()} data-run={run.to_string()} role="status">
                        { format!("{} artifact(s) found for ", g.artifacts.len()) }<code>{ g.top.clone() }</code>
                        if g.left_out > 0 { { format!("; {} more left out (over the limits of what the tab reads)", g.left_out) } }
                    </p>
                    if g.artifacts.is_empty() {
                        <p class="hint" data-testid="supply-empty">{"No signatures, attestations or SBOMs were found: no attestation manifest in the index, no referrers, no cosign tags."}</p>
                    }
                    { for g.unlisted.iter().map(|(digest, why)| html! {
                        <p class="bad" role="alert" data-testid="supply-unlisted">{ format!("The referrers of {digest} could not be listed: {why}") }</p>
                    }) }
                    { for (0..g.artifacts.len()).map(|index| html! { <ArtifactCard gathered={gathered.clone()} {index} /> }) }
                    <TraceView trace={(**trace).clone()} />
                </>
            }
        }
    };
    html! {
        <div data-testid="supply-tab">
            <section class="card">
                <h2>{"Supply chain"}</h2>
                <p class="small muted">{"Signatures, attestations, provenance and SBOMs attached to this image and each of its platforms. Nothing reads “verified” unless a check ran and passed; certificate chains and transparency logs are never checked here."}</p>
                <KeyForm {applied} {on_key} />
            </section>
            { body }
        </div>
    }
}
