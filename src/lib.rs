//! regscope: the container image inspector that runs in the browser (Yew app).
//!
//! The protocol lives in `regscope-core`; this crate renders it. The browser's root ([`app`])
//! and the server's ([`prerender`]) give the page ([`pages`]) what it needs through contexts
//! ([`context`]); the page's state lives in [`hooks`], its tabs in [`tabs`], reusable widgets in
//! [`components`]. Components render only: they get references, links and data from [`links`],
//! [`services`] and the core.

pub mod app;
pub mod browse;
pub mod compare;
pub mod components;
pub mod context;
pub mod dates;
pub mod fetch_transport;
pub mod files;
pub mod format;
pub mod hooks;
pub mod lazy;
pub mod lazy_mount;
pub mod links;
pub mod local_image;
pub mod pages;
pub mod prerender;
pub mod request_doctor;
pub mod route;
pub mod services;
pub mod supply_tab;
pub mod tabs;

pub use app::{App, AppProps};
