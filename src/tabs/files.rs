//! The files tab: what is inside the image's layers, listed by the files module (its code is
//! not in the main bundle, and its layer worker is loaded only when a layer is listed; see
//! `crate::files`), which gets the image manifest's pinned reference from here.

use yew::Html;

use super::{TabSpec, TabView};
use crate::lazy::lazy_files_view;

/// The tab's name in links (`tab=files`).
pub const NAME: &str = "files";

/// The files tab.
pub static SPEC: TabSpec = TabSpec {
    name: NAME,
    label: "Files",
    body,
};

fn body(view: &TabView<'_>) -> Html {
    lazy_files_view(view.inspection.image().reference.to_string())
}
