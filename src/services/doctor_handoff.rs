//! Where the search box sends a text: an image reference to its view, anything else to the
//! request doctor (`?tool=doctor`, a view loaded on first use). The text handed to the doctor
//! stays in this tab's session storage (so a reload keeps it) and never enters the address
//! bar, where it would be kept in the history and sent along with shared links: a pasted curl
//! command may hold a token or a password.

use regscope_core::Reference;

use crate::route::ViewQuery;
use crate::services::storage::{self, Store};

/// The `tool` value of the request doctor's view.
pub const DOCTOR: &str = "doctor";

/// Where the pasted text is kept.
const TEXT_KEY: &str = "regscope.doctor.text";
/// Set while a text handed over by the search box has not been read yet: the doctor then goes
/// straight to the image or registry the text names.
const FRESH_KEY: &str = "regscope.doctor.fresh";

/// Hands `text` to the doctor, to be read when its view opens.
pub fn give(text: &str) {
    storage::set(Store::Session, TEXT_KEY, text);
    storage::set(Store::Session, FRESH_KEY, "1");
}

/// Keeps `text` as the doctor's current text (typed in the doctor itself).
pub fn keep(text: &str) {
    storage::set(Store::Session, TEXT_KEY, text);
}

/// The current text, and whether it was just handed over by the search box (read once).
pub fn take() -> (String, bool) {
    let text = storage::get(Store::Session, TEXT_KEY).unwrap_or_default();
    let fresh = storage::get(Store::Session, FRESH_KEY).is_some();
    storage::remove(Store::Session, FRESH_KEY);
    (text, fresh)
}

/// The view for a text submitted in the search box: the image view when the text is an image
/// reference, else the request doctor, with the text handed over.
pub fn search_target(text: &str) -> ViewQuery {
    let text = text.trim();
    if !text.contains(char::is_whitespace) && text.parse::<Reference>().is_ok() {
        return ViewQuery {
            image: Some(text.to_string()),
            ..ViewQuery::default()
        };
    }
    give(text);
    ViewQuery {
        tool: Some(DOCTOR.to_string()),
        ..ViewQuery::default()
    }
}
