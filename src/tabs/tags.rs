//! The tags tab: the tags of the image's repository, listed by the browse module (its code is
//! not in the main bundle; see `crate::browse`), which gets the resolved reference from here.

use yew::Html;

use super::{TabSpec, TabView};
use crate::lazy::lazy_image_view;

/// The tab's name in links (`tab=tags`), which the browse module routes by.
pub const NAME: &str = "tags";

/// The tags tab.
pub static SPEC: TabSpec = TabSpec {
    name: NAME,
    label: "Tags",
    body,
};

fn body(view: &TabView<'_>) -> Html {
    lazy_image_view(NAME, view.inspection.reference.to_string(), None)
}
