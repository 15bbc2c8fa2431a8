//! A list that belongs to the view's inspection (the tags, the referrers): fetched once per
//! inspection, the first time it is wanted, and extended on request when the registry hands it
//! out in pages. A list of an earlier inspection is never shown, and its late answers are
//! dropped.

use std::rc::Rc;

use regscope_core::Inspection;
use yew::prelude::*;

use crate::context::root::Root;
use crate::hooks::load::{Change, Load, Run};
use crate::services::fetched::Fetched;
use crate::services::listing::ListSource;

/// A list of the view's inspection, and how to ask for more of it.
pub struct ListState<T> {
    /// Where the list is; idle until wanted for the inspection shown.
    pub load: Load<T>,
    /// Asks for more (nothing happens for a list without pages, or before it is there).
    pub more: Callback<()>,
}

/// The list `source` fetches for `inspection` once it is done and the list is `wanted`.
#[hook]
pub fn use_list<T: 'static>(
    inspection: &Load<Inspection>,
    wanted: bool,
    source: &'static ListSource<T>,
) -> ListState<T> {
    let session = use_context::<Root>().and_then(|r| r.session().cloned());
    let load = use_reducer(|| Load::<T>::Idle);
    let subject: Option<(Run, Rc<Fetched<Inspection>>)> = match inspection {
        Load::Done(run, fetched) => Some((*run, fetched.clone())),
        _ => None,
    };
    let current = subject.as_ref().map(|(run, _)| *run);
    {
        let (load, session, subject) = (load.clone(), session.clone(), subject.clone());
        use_effect_with((wanted, current), move |_| {
            let (true, Some(session), Some((run, inspection))) = (wanted, session, subject) else {
                return;
            };
            if load.run() == Some(run) {
                // Already fetched (or on its way) for this inspection.
                return;
            }
            load.dispatch(Change::Start(run));
            wasm_bindgen_futures::spawn_local(async move {
                let finished = (source.first)(session, inspection).await;
                load.dispatch(Change::Finish(run, finished));
            });
        });
    }
    let more = {
        let load = load.clone();
        Callback::from(move |()| {
            let (Some(more), Some(session), Some((run, inspection))) =
                (source.more, session.clone(), subject.clone())
            else {
                return;
            };
            let so_far = match &*load {
                Load::Done(done_run, so_far) if *done_run == run => so_far.clone(),
                _ => return,
            };
            let load = load.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let finished = more(session, inspection, so_far).await;
                load.dispatch(Change::Finish(run, finished));
            });
        })
    };
    let shown = if load.run().is_some() && load.run() == current {
        (*load).clone()
    } else {
        Load::Idle
    };
    ListState { load: shown, more }
}
