//! The registry I/O of the Supply chain tab: every artifact of a manifest gathered with the
//! module's session (the app's fetch transport, directly or through the relay), with the
//! exchanges it made for the tab's request list.

use regscope_core::Reference;
use regscope_core::trace::Exchange;
use regscope_supply::cosign::PublicKey;
use regscope_supply::gather::{Gathered, gather};

use crate::services::session::Session;

/// Gathers, decodes and verifies the artifacts of `reference` (cosign signatures and DSSE
/// envelopes checked against `key` when one is given), with the exchanges made.
pub async fn gather_artifacts(
    session: &Session,
    reference: &Reference,
    key: Option<&PublicKey>,
) -> (Result<Gathered, String>, Vec<Exchange>) {
    session.restore(reference.api_host());
    let result = gather(&session.client, reference, key)
        .await
        .map_err(|e| e.to_string());
    (result, session.client.take_trace())
}
