//! The request doctor as a module of its own (see `regscope::lazy`): loaded by the main app the
//! first time the doctor's view is shown, mounted into the element it gives.

use std::cell::RefCell;

use regscope::request_doctor::{DoctorRoot, DoctorRootProps};
use regscope::route::ViewQuery;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The mounted view, if any.
    static MOUNTED: RefCell<Option<yew::AppHandle<DoctorRoot>>> = const { RefCell::new(None) };
}

/// Mounts the doctor into `element` for the view `query` (a query string). The recording is
/// not used: the doctor makes no registry request. A view already mounted is unmounted first.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, query: String, _recording: String) {
    unmount();
    let props = DoctorRootProps {
        query: ViewQuery::parse(&query),
    };
    let handle = regscope::lazy_mount::render::<DoctorRoot>(element, props);
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
}

/// Unmounts the doctor (the main app shows another view).
#[wasm_bindgen]
pub fn unmount() {
    if let Some(handle) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
    }
}

/// Nothing runs at load: the main app calls [`mount`].
fn main() {}
