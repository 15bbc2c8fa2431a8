//! The table-of-contents bytes of lazy layers read in this page, by layer digest (as the
//! worker hands them back, `{ranges, bytes}`): a file's worker replays them and opens the file
//! with its one Range request instead of reading the TOC again.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

/// At most this many layers' TOCs are kept (the oldest go first; each is under 5 % of its
/// layer, at most a few MiB).
const MAX_LAYERS: usize = 16;

thread_local! {
    static KEPT: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The TOC bytes of layer `digest`, when read before.
pub fn get(digest: &str) -> Option<JsValue> {
    KEPT.with(|all| {
        all.borrow()
            .iter()
            .find(|(d, _)| d == digest)
            .map(|(_, k)| k.clone())
    })
}

/// Keeps `kept` for layer `digest`.
pub fn put(digest: &str, kept: JsValue) {
    if kept.is_undefined() || kept.is_null() {
        return;
    }
    KEPT.with(|all| {
        let mut all = all.borrow_mut();
        all.retain(|(d, _)| d != digest);
        if all.len() >= MAX_LAYERS {
            all.remove(0);
        }
        all.push((digest.to_string(), kept));
    });
}
