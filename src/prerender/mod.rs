//! Pages the relay renders on the server: a shared link's view is in the HTML before the app
//! loads, with the exchanges the relay made, so the app shows the same view without a request.
//!
//! The relay runs `render` (feature `ssr`: the server module, the only code of this crate that
//! feature adds) and places [`SERVER_VIEW_ID`] and [`PREFETCH_ID`] (ids of the app↔relay contract) in the
//! body. The app, before it mounts, takes the recording out of the page ([`take_recording`]) and hands it to its root, and removes the
//! server's markup ([`remove_server_view`]); the root's session answers from the recording, so
//! the view's flow runs without a request, before the browser paints again.

pub use regscope_core::contract::{PREFETCH_ID, SERVER_VIEW_ID};
use regscope_core::recording::Recording;

/// The id of the `<script type="application/json">` holding the exchanges of a view whose
/// code loads on first use ([`crate::lazy`]): the main app leaves it to that view's module.
pub const LAZY_PREFETCH_ID: &str = "regscope-lazy-prefetch";

/// Takes the exchanges the server put in the page out of it (mounting the app clears the body);
/// an empty recording when there are none or they do not parse.
pub fn take_recording() -> Recording {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(PREFETCH_ID))
    else {
        return Recording::default();
    };
    let text = element.text_content().unwrap_or_default();
    element.remove();
    Recording::from_json(&text).unwrap_or_default()
}

/// Removes the server-rendered view (the app renders its own in the same task).
pub fn remove_server_view() {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SERVER_VIEW_ID))
    {
        element.remove();
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod server;

#[cfg(feature = "ssr")]
pub use server::{Rendered, render, render_pinned};
