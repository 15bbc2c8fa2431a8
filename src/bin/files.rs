//! The Files tab as a module of its own (see `regscope::lazy`): loaded by the main app the
//! first time an image's Files tab is shown, mounted into the element it gives, whose
//! `data-reference` names the image manifest. The layer worker it starts is another module
//! again (`worker/`), loaded only when a layer is listed.

use regscope::files::{FilesRoot, FilesRootProps};
use regscope::lazy_mount::{Mounted, mount_in, unmount_from};
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The mounted view, if any.
    static MOUNTED: Mounted<FilesRoot> = const { RefCell::new(None) };
}

/// Mounts the Files tab into `element` (the query string and recording are not needed: the
/// tab reads the address bar itself and the server renders nothing of it). A view already
/// mounted is unmounted first, which terminates its workers and their downloads.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, _query: String, _recording: String) {
    let props = FilesRootProps {
        reference: element.get_attribute("data-reference"),
    };
    mount_in(&MOUNTED, element, props);
}

/// Unmounts the Files tab (the main app shows another view): its downloads end.
#[wasm_bindgen]
pub fn unmount() {
    unmount_from(&MOUNTED);
}

/// Nothing runs at load: the main app calls [`mount`].
fn main() {}
