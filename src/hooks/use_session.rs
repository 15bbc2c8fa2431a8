//! The registry session the browser's root gives the page (none on the server).

use yew::prelude::*;

use crate::route::Navigation;
use crate::services::session::SharedSession;

/// The browser's registry session; `None` on the server.
#[hook]
pub fn use_session() -> Option<SharedSession> {
    let root = use_context::<Navigation>().and_then(|n| n.root);
    root.and_then(|r| r.session().cloned())
}
