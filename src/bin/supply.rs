//! The Supply chain tab as a module of its own (see `regscope::lazy`): loaded by the main app
//! the first time an image's Supply chain tab is shown, mounted into the element it gives,
//! whose `data-reference` names the manifest (pinned by digest). The signature checks (P-256,
//! RSA, X.509) live only in this module.

use regscope::lazy_mount::{Mounted, mount_in, unmount_from};
use regscope::supply_tab::{SupplyRoot, SupplyRootProps};
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The mounted view, if any.
    static MOUNTED: Mounted<SupplyRoot> = const { RefCell::new(None) };
}

/// Mounts the tab into `element` (the query string and recording are not needed: the server
/// renders nothing of it, and a pasted key is never in the address).
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, _query: String, _recording: String) {
    let props = SupplyRootProps {
        reference: element.get_attribute("data-reference"),
    };
    mount_in(&MOUNTED, element, props);
}

/// Unmounts the tab (the main app shows another view).
#[wasm_bindgen]
pub fn unmount() {
    unmount_from(&MOUNTED);
}

/// Nothing runs at load: the main app calls [`mount`].
fn main() {}
