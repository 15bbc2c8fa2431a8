//! regscope: the container image inspector that runs in the browser (Yew app).
//!
//! The protocol lives in `regscope-core`; this crate renders it. Components render only: they
//! get references, links and data from [`links`], [`services`] and the core.

pub mod components;
pub mod dates;
pub mod fetch_transport;
pub mod format;
pub mod history;
pub mod links;
pub mod prerender;
pub mod route;
pub mod services;

pub use components::app::App;
