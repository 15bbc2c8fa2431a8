//! The comparison of two images as a module of its own (see `regscope::lazy`): loaded by the
//! main app the first time a `?image=A&compare=B` link is shown, mounted into the element it
//! gives, answering first from the exchanges the relay recorded when it rendered the link.

use regscope::compare::{CompareRoot, CompareRootProps};
use regscope::lazy_mount::{Mounted, mount_in, unmount_from};
use regscope::route::ViewQuery;
use regscope_core::recording::Recording;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The mounted view, if any.
    static MOUNTED: Mounted<CompareRoot> = const { RefCell::new(None) };
}

/// Mounts the comparison into `element` for the view `query` (a query string), answering
/// first from `recording` (the relay's exchanges, as JSON; empty for none). A view already
/// mounted is unmounted first.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, query: String, recording: String) {
    let props = CompareRootProps {
        query: ViewQuery::parse(&query),
        recording: Recording::from_json(&recording).unwrap_or_default(),
    };
    mount_in(&MOUNTED, element, props);
}

/// Unmounts the comparison (the main app shows another view).
#[wasm_bindgen]
pub fn unmount() {
    unmount_from(&MOUNTED);
}

/// Nothing runs at load: the main app calls [`mount`].
fn main() {}
