//! The inspection of the view the address bar names: a new run when its image or platform
//! changes, or on request (after the credentials changed). A page rendered on the server
//! starts with the view the server inspected, and never runs the flow itself.

use regscope_core::Inspection;
use yew::prelude::*;

use crate::context::root::Root;
use crate::hooks::load::{Change, Load, next_run};
use crate::hooks::use_recent::Recent;
use crate::route::{Navigation, ViewQuery};
use crate::services::inspect;
use crate::services::navigation;

/// The inspection of the view, and how to run it again.
pub struct Inspecting {
    /// Where the inspection is.
    pub load: Load<Inspection>,
    /// Runs the inspection again.
    pub reload: Callback<()>,
}

/// Inspects the image `query` names with the session the root provides; a view that loaded is
/// remembered in `recent`.
#[hook]
pub fn use_inspection(query: &ViewQuery, recent: &Recent) -> Inspecting {
    let root = use_context::<Navigation>().and_then(|n| n.root);
    let session = root.as_ref().and_then(|r| r.session().cloned());
    let recent = recent.clone();
    let load = use_reducer(move || match root.as_ref().and_then(Root::server_view) {
        Some(view) => view.inspection.clone(),
        None => Load::Idle,
    });
    let reloads = use_state(|| 0u64);
    {
        let load = load.clone();
        // A comparison (`compare=`) is its module's: nothing is inspected here.
        let image = query.image.clone().filter(|_| query.compare.is_none());
        let key = (image, query.platform.clone(), *reloads);
        use_effect_with(key, move |(image, platform, _)| {
            let image = image.clone().filter(|i| !i.trim().is_empty());
            navigation::set_title(image.as_deref());
            let (Some(image), Some(session)) = (image, session) else {
                load.dispatch(Change::Reset);
                return;
            };
            let run = next_run();
            load.dispatch(Change::Start(run));
            let platform = platform.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let finished = inspect::inspect(&session, &image, platform.as_deref()).await;
                load.dispatch(Change::Finish(run, finished));
                if matches!(&*load, Load::Done(shown, _) if *shown == run) {
                    recent.remember(image.trim());
                }
            });
        });
    }
    let reload = Callback::from(move |()| reloads.set(*reloads + 1));
    Inspecting {
        load: (*load).clone(),
        reload,
    }
}
