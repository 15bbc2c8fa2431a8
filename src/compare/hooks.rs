//! The comparison the link names: run with the browser's session when the two references
//! change (a page the server rendered replays its exchanges, so no request is sent again), or
//! taken from what the server fetched when rendered there.

use regscope_core::Reference;
use yew::prelude::*;

use crate::browse::prefetched::SharedPrefetched;
use crate::hooks::load::{Change, Load, next_run};
use crate::route::Navigation;

use super::services::{Compared, compare_with};

/// The comparison of `old` (the link's `image`) with `new` (its `compare`).
#[hook]
pub fn use_comparison(old: &str, new: &str) -> Load<Compared> {
    let root = use_context::<Navigation>().and_then(|n| n.root);
    let session = root.as_ref().and_then(|r| r.session().cloned());
    let prefetched = use_context::<SharedPrefetched>();
    let load = use_reducer(move || {
        prefetched
            .and_then(|p| p.0.compare.clone())
            .unwrap_or(Load::Idle)
    });
    {
        let load = load.clone();
        use_effect_with((old.to_string(), new.to_string()), move |(old, new)| {
            let Some(session) = session else {
                return;
            };
            for text in [old, new] {
                if let Ok(reference) = text.trim().parse::<Reference>() {
                    session.restore(reference.api_host());
                }
            }
            let run = next_run();
            load.dispatch(Change::Start(run));
            let (old, new) = (old.clone(), new.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let finished = compare_with(&session.client, &old, &new).await;
                load.dispatch(Change::Finish(run, finished));
            });
        });
    }
    (*load).clone()
}
