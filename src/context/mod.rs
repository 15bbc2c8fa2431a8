//! What the root that renders the page gives it besides the view it names
//! ([`crate::route::Navigation`]): [`root::Root`].

pub mod root;
pub mod server_view;
