//! What the root that renders the page gives it, inside its one context
//! ([`crate::route::Navigation`]): [`root::Root`], the browser's registry session or the view
//! the server inspected.

pub mod root;
pub mod server_view;
