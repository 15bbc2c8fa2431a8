//! Copying text to the clipboard (`navigator.clipboard.writeText`).

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Copies `text`; `false` when the browser refused (no permission, insecure context).
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok_and(|_: JsValue| true)
}
