//! The browse views as a module of their own (see `regscope::lazy`): loaded by the main app
//! the first time a `?registry=` view (or an image's Tags or Referrers tab) is shown, mounted
//! into the element it gives, whose `data-` attributes name the image for a tab.

use regscope::browse::image_host::ImageHost;
use regscope::browse::{BrowseRoot, BrowseRootProps};
use regscope::lazy_mount::{Mounted, mount_in, unmount_from};
use regscope::route::ViewQuery;
use regscope_core::recording::Recording;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The mounted view, if any.
    static MOUNTED: Mounted<BrowseRoot> = const { RefCell::new(None) };
}

/// Mounts the browse views into `element` for the view `query` (a query string), answering
/// first from `recording` (the relay's exchanges, as JSON; empty for none); an image's tab
/// reads the image from the element's `data-reference` and `data-subjects`. A view already
/// mounted is unmounted first.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, query: String, recording: String) {
    let props = BrowseRootProps {
        query: ViewQuery::parse(&query),
        recording: Recording::from_json(&recording).unwrap_or_default(),
        image: ImageHost {
            reference: element.get_attribute("data-reference"),
            subjects: element.get_attribute("data-subjects"),
        },
    };
    mount_in(&MOUNTED, element, props);
}

/// Unmounts the browse views (the main app shows another view).
#[wasm_bindgen]
pub fn unmount() {
    unmount_from(&MOUNTED);
}

/// Nothing runs at load: the main app calls [`mount`].
fn main() {}
