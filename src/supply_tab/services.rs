//! The registry I/O of the Supply chain tab: every artifact of a manifest gathered with the
//! module's session (the app's fetch transport, directly or through the relay), with the
//! exchanges it made for the tab's request list. Decoding pauses for a task of the event loop
//! between its steps, so a 10,000-package SBOM is read in several short tasks, not one long one.

use regscope_core::Reference;
use regscope_core::trace::Exchange;
use regscope_supply::cosign::PublicKey;
use regscope_supply::gather::{Gathered, gather_paced};

use crate::services::session::Session;

/// Gathers, decodes and verifies the artifacts of `reference` (cosign signatures and DSSE
/// envelopes checked against `key` when one is given), with the exchanges made.
pub async fn gather_artifacts(
    session: &Session,
    reference: &Reference,
    key: Option<&PublicKey>,
) -> (Result<Gathered, String>, Vec<Exchange>) {
    session.restore(reference.api_host());
    let result = gather_paced(&session.client, reference, key, &next_task)
        .await
        .map_err(|e| e.to_string());
    (result, session.client.take_trace())
}

/// Resolves in a later task of the event loop (a `setTimeout` of 0), at once without a window.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .map(|w| w.set_timeout_with_callback(&resolve).is_ok())
            .unwrap_or(false);
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
