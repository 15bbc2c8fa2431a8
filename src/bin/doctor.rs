//! The request doctor as a module of its own (see `regscope::lazy`): loaded by the main app the
//! first time the doctor's view is shown, mounted into the element it gives.

use regscope::lazy_mount::{Mounted, mount_in, unmount_from};
use regscope::request_doctor::{DoctorRoot, DoctorRootProps};
use regscope::route::ViewQuery;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The mounted view, if any.
    static MOUNTED: Mounted<DoctorRoot> = const { RefCell::new(None) };
}

/// Mounts the doctor into `element` for the view `query` (a query string). The recording is
/// not used: the doctor makes no registry request. A view already mounted is unmounted first.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, query: String, _recording: String) {
    let props = DoctorRootProps {
        query: ViewQuery::parse(&query),
    };
    mount_in(&MOUNTED, element, props);
}

/// Unmounts the doctor (the main app shows another view).
#[wasm_bindgen]
pub fn unmount() {
    unmount_from(&MOUNTED);
}

/// Nothing runs at load: the main app calls [`mount`].
fn main() {}
