//! Whether the page is being rendered on the server (by the relay, for a shared link), for
//! what differs there: no browser storage, no effects, and a page that may be read without
//! JavaScript.

use yew::prelude::*;

use crate::context::root::Root;
use crate::route::Navigation;

/// True when the root rendering the page is the server's.
#[hook]
pub fn use_on_server() -> bool {
    let root = use_context::<Navigation>().and_then(|n| n.root);
    matches!(root, Some(Root::Server(_)))
}
