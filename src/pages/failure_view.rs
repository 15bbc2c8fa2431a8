//! The view of an inspection that failed: the error in words, the credentials form when
//! credentials could help (or are in use), and the exchanges that led there.

use yew::prelude::*;

use crate::components::credentials_form::CredentialsForm;
use crate::components::error_view::needs_credentials;
use crate::components::failure_card::failure_card;
use crate::components::trace_view::TraceView;
use crate::services::fetched::Failure;
use crate::services::session::Session;

/// The view of `failure`; `session` tells whether credentials are in use for the registry
/// (none on the server), and `on_credentials` runs the inspection again after they changed.
pub fn failure_view(
    failure: &Failure,
    session: Option<&Session>,
    on_credentials: Callback<()>,
) -> Html {
    let api_host = failure.reference.as_ref().map(|r| r.api_host().to_string());
    let signed_in = |host: &str| session.is_some_and(|s| s.user(host).is_some());
    let offer = needs_credentials(&failure.error) || api_host.as_deref().is_some_and(signed_in);
    html! {
        <>
            { failure_card(failure) }
            if let (true, Some(host)) = (offer, api_host) {
                <CredentialsForm api_host={host} open=true on_change={on_credentials} />
            }
            <TraceView trace={failure.trace.clone()} />
        </>
    }
}
