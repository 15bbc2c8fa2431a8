//! The tab's state as a hook: what gathering the image's artifacts brought, run again when the
//! image or the pasted key changes; an answer to an earlier question never replaces a later one.

use std::cell::Cell;
use std::rc::Rc;

use regscope_core::Reference;
use regscope_core::trace::Exchange;
use regscope_supply::cosign::PublicKey;
use regscope_supply::gather::Gathered;
use yew::prelude::*;

use super::services::{gather_artifacts, next_task};
use crate::services::session::SharedSession;

/// A shared value compared by identity (a 10,000-package SBOM is never compared field by field
/// when props are diffed).
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Where gathering stands.
#[derive(Clone, PartialEq)]
pub enum GatherState {
    /// On its way.
    Loading,
    /// Gathered, with the exchanges made, by the `run`th gathering of the tab (a page that
    /// pastes a key can tell the answer with it from the one before).
    Done(Shared<Gathered>, Rc<Vec<Exchange>>, u64),
    /// The manifest could not be read (why), with the exchanges made.
    Failed(String, Rc<Vec<Exchange>>),
}

/// Gathers the artifacts of `reference` (the host's `data-reference`) with `session`, their
/// signatures checked against `key_pem` (a PEM public key the form has already read once).
#[hook]
pub fn use_gathered(
    session: SharedSession,
    reference: Option<String>,
    key_pem: Option<String>,
) -> GatherState {
    let state = use_state(|| GatherState::Loading);
    let latest = use_memo((), |_| Cell::new(0u64));
    {
        let state = state.clone();
        use_effect_with((reference, key_pem), move |(reference, key_pem)| {
            let run = latest.get() + 1;
            latest.set(run);
            state.set(GatherState::Loading);
            let reference = reference
                .as_deref()
                .and_then(|r| r.trim().parse::<Reference>().ok());
            let key = key_pem.as_deref().and_then(|k| PublicKey::from_pem(k).ok());
            match reference {
                None => state.set(GatherState::Failed(
                    "the tab names no image".into(),
                    Rc::default(),
                )),
                Some(reference) => wasm_bindgen_futures::spawn_local(async move {
                    let (result, trace) =
                        gather_artifacts(&session, &reference, key.as_ref()).await;
                    // The answer renders in a task of its own, after the one that decoded the
                    // last layer: neither holds the main thread for both.
                    next_task().await;
                    if latest.get() != run {
                        return;
                    }
                    let trace = Rc::new(trace);
                    state.set(match result {
                        Ok(gathered) => GatherState::Done(Shared(Rc::new(gathered)), trace, run),
                        Err(e) => GatherState::Failed(e, trace),
                    });
                }),
            }
        });
    }
    (*state).clone()
}
