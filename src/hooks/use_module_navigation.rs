//! The navigation of a view whose module loads on first use (browse, compare): the view the
//! address bar names, a registry session of the module's own over the exchanges the server
//! recorded, and going somewhere by pushing a history entry and telling every listener (the
//! main app too).

use regscope_core::recording::Recording;
use yew::prelude::*;

use crate::context::root::Root;
use crate::hooks::use_address_bar::use_address_bar;
use crate::route::{Navigation, ViewQuery};
use crate::services::navigation;
use crate::services::session::{Session, SharedSession};

/// The module's [`Navigation`], starting at `first` (the view it was mounted with); its
/// session answers first from `recording`.
#[hook]
pub fn use_module_navigation(first: &ViewQuery, recording: &Recording) -> Navigation {
    let query = use_address_bar(|| first.clone());
    let session: SharedSession = use_memo((), |_| Session::new(recording.clone()));
    Navigation {
        query: (*query).clone(),
        go: Callback::from(navigation::push_and_announce),
        root: Some(Root::Browser(session)),
    }
}
