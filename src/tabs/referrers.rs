//! The referrers tab: signatures, SBOMs and attestations that name the manifests shown as
//! their subject, listed by the browse module (its code is not in the main bundle; see
//! `crate::browse`), which gets the reference and the manifests' digests from here.

use regscope_core::Inspection;
use yew::Html;

use super::{TabSpec, TabView};
use crate::lazy::lazy_image_view;

/// The tab's name in links (`tab=referrers`), which the browse module routes by.
pub const NAME: &str = "referrers";

/// The referrers tab.
pub static SPEC: TabSpec = TabSpec {
    name: NAME,
    label: "Referrers",
    body,
};

/// The manifests whose referrers the tab lists, space-separated: the image manifest shown, and
/// the index it was chosen from.
pub fn subjects(shown: &Inspection) -> String {
    let image = &shown.image().digest;
    match shown.platform {
        Some(_) => format!("{image} {}", shown.top.digest),
        None => image.clone(),
    }
}

fn body(view: &TabView<'_>) -> Html {
    let shown = view.inspection;
    lazy_image_view(NAME, shown.reference.to_string(), Some(subjects(shown)))
}
