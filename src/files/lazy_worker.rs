//! The page's side of the worker's lazy path (`lazy` in `worker/files-worker.js`): the message
//! that asks for a layer's table of contents or one of its files, and what the worker posts
//! back, read into [`LazyEvent`]s.

use js_sys::{Array, Object, Uint8Array};
use regscope_layers::entry::Entry;
use wasm_bindgen::{JsCast, JsValue};

use super::image_layers::LayerInfo;
use super::lazy_read::{FileChecks, TocSummary};
use super::stream_request::StreamRequest;
use super::worker::{get, number, pairs, set, text};

/// What the lazy worker posted.
#[derive(Clone, Debug, PartialEq)]
pub enum LazyEvent {
    /// One Range request ended.
    Request {
        /// `toc` or `file`.
        purpose: String,
        /// The `Range` header sent.
        range: String,
        /// The answer's status.
        status: u16,
        /// The answer's headers.
        headers: Vec<(String, String)>,
        /// Body bytes read.
        read: u64,
    },
    /// The TOC is read.
    Toc {
        /// The listing.
        entries: Vec<Entry>,
        /// What the TOC said.
        summary: TocSummary,
        /// Its bytes, for later workers (`{ranges, bytes}`).
        kept: JsValue,
    },
    /// The file asked for.
    File {
        /// Its bytes (at most the cap).
        bytes: Vec<u8>,
        /// Its whole size.
        total: u64,
        /// Whether `bytes` is less than the file.
        truncated: bool,
        /// The digest checks.
        checks: FileChecks,
    },
    /// It failed, in words.
    Failed(String),
}

/// The message asking for `layer`'s TOC through `request` (the TOC's bytes `kept` by an
/// earlier worker, if any), and with `path` that file, at most `cap` bytes of it.
pub fn lazy_message(
    request: &StreamRequest,
    layer: &LayerInfo,
    kept: Option<&JsValue>,
    path: Option<&str>,
    cap: u64,
) -> Object {
    let message = Object::new();
    set(&message, "type", &"lazy".into());
    set(&message, "url", &request.url.as_str().into());
    let headers = Array::new();
    for (name, value) in &request.headers {
        headers.push(&Array::of2(&name.as_str().into(), &value.as_str().into()));
    }
    set(&message, "headers", &headers);
    set(&message, "mediaType", &layer.media_type.as_str().into());
    set(&message, "size", &(layer.size as f64).into());
    let annotations = serde_json::to_string(&layer.annotations).unwrap_or_else(|_| "{}".into());
    set(&message, "annotations", &annotations.into());
    if let Some(blob) = &request.blob {
        set(&message, "blob", blob);
    }
    if let Some(kept) = kept {
        set(&message, "kept", kept);
    }
    if let Some(path) = path {
        set(&message, "path", &path.into());
        set(&message, "cap", &(cap as f64).into());
    }
    message
}

/// What a message from the lazy worker says.
pub fn lazy_event(data: &JsValue) -> LazyEvent {
    match text(data, "type").as_str() {
        "lazy-request" => LazyEvent::Request {
            purpose: text(data, "purpose"),
            range: text(data, "range"),
            status: number(data, "status") as u16,
            headers: pairs(&get(data, "headers")),
            read: number(data, "read"),
        },
        "lazy-toc" => {
            let entries = serde_json::from_str::<Vec<Entry>>(&text(data, "entries"))
                .map_err(|e| e.to_string());
            let summary = TocSummary::from_json(&text(data, "summary"));
            match (entries, summary) {
                (Ok(entries), Ok(summary)) => LazyEvent::Toc {
                    entries,
                    summary,
                    kept: get(data, "kept"),
                },
                (Err(e), _) | (_, Err(e)) => LazyEvent::Failed(format!(
                    "the worker's table of contents could not be read: {e}"
                )),
            }
        }
        "lazy-file" => match FileChecks::from_json(&text(data, "checks")) {
            Ok(checks) => LazyEvent::File {
                bytes: get(data, "bytes")
                    .dyn_into::<Uint8Array>()
                    .map(|a| a.to_vec())
                    .unwrap_or_default(),
                total: number(data, "total"),
                truncated: get(data, "truncated").is_truthy(),
                checks,
            },
            Err(e) => LazyEvent::Failed(format!("the worker's file checks could not be read: {e}")),
        },
        _ => LazyEvent::Failed(text(data, "message")),
    }
}

/// The trace row of one Range request: the blob `GET` with its `Range`, the answer, and the
/// bytes it moved.
pub fn range_exchange(
    request: &StreamRequest,
    purpose: &str,
    range: &str,
    status: u16,
    headers: Vec<(String, String)>,
    read: u64,
) -> regscope_core::trace::Exchange {
    let mut exchange = request.exchange(purpose, Some(status), headers, read, None);
    exchange
        .request_headers
        .push(("Range".to_string(), range.to_string()));
    exchange
}
