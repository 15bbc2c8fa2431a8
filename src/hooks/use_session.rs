//! The registry session the browser's root gives the page (none on the server).

use yew::prelude::*;

use crate::context::root::Root;
use crate::services::session::SharedSession;

/// The browser's registry session; `None` on the server.
#[hook]
pub fn use_session() -> Option<SharedSession> {
    let root = use_context::<Root>();
    root.and_then(|r| r.session().cloned())
}
