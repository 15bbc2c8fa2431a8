//! A list that belongs to the view's inspection (the tags, the referrers): fetched once per
//! inspection, the first time it is wanted, and extended on request when the registry hands it
//! out in pages. A list of an earlier inspection is never shown, and its late answers are
//! dropped.

use regscope_core::Inspection;
use yew::prelude::*;

use crate::hooks::load::{Change, Load, Run};
use crate::hooks::use_session::use_session;
use crate::services::listing::{ListSource, Subject};
use crate::services::session::SharedSession;

/// A list of the view's inspection, and the way to ask for more of it.
pub struct ListState<T: 'static> {
    /// Where the list is; idle until wanted for the inspection shown.
    pub load: Load<T>,
    handle: UseReducerHandle<Load<T>>,
    session: Option<SharedSession>,
    subject: Option<(Run, Subject)>,
    source: &'static ListSource<T>,
}

impl<T: 'static> ListState<T> {
    /// A callback that asks for more of the list (it does nothing for a list that comes whole,
    /// or before the list is there). Built only where a tab offers more, so a list without
    /// pages adds no code for it to the bundle.
    pub fn more(&self) -> Callback<()> {
        let (handle, session, subject) = (
            self.handle.clone(),
            self.session.clone(),
            self.subject.clone(),
        );
        let source = self.source;
        Callback::from(move |()| {
            let (Some(more), Some(session), Some((run, inspection))) =
                (source.more, session.clone(), subject.clone())
            else {
                return;
            };
            let so_far = match &*handle {
                Load::Done(done_run, so_far) if *done_run == run => so_far.clone(),
                _ => return,
            };
            let handle = handle.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let finished = more(session, inspection, so_far).await;
                handle.dispatch(Change::Finish(run, finished));
            });
        })
    }
}

/// The list `source` fetches for `inspection` once it is done and the list is `wanted`.
#[hook]
pub fn use_list<T: 'static>(
    inspection: &Load<Inspection>,
    wanted: bool,
    source: &'static ListSource<T>,
) -> ListState<T> {
    let session = use_session();
    let handle = use_reducer(|| Load::<T>::Idle);
    let subject: Option<(Run, Subject)> = match inspection {
        Load::Done(run, fetched) => Some((*run, fetched.clone())),
        _ => None,
    };
    let current = subject.as_ref().map(|(run, _)| *run);
    {
        let (load, session, subject) = (handle.clone(), session.clone(), subject.clone());
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
    let load = if handle.run().is_some() && handle.run() == current {
        (*handle).clone()
    } else {
        Load::Idle
    };
    ListState {
        load,
        handle,
        session,
        subject,
        source,
    }
}
