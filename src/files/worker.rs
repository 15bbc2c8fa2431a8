//! The page's side of the layer worker (`worker/files-worker.js`): starts it (its code loads
//! only now), posts it what to fetch, reads what it posts back into [`WorkerEvent`]s, and
//! terminates it when dropped, which also ends its download.

use js_sys::{Array, Object, Reflect, Uint8Array};
use regscope_layers::entry::Entry;
use regscope_layers::stream::LayerDigests;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use super::stream_request::StreamRequest;

/// The worker's script, beside the page.
const SCRIPT: &str = "files-worker.js";

/// What the worker posted.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerEvent {
    /// The response's status and headers arrived (`redirected`: the URL it ended at).
    Response {
        /// HTTP status.
        status: u16,
        /// Response headers.
        headers: Vec<(String, String)>,
    },
    /// A batch of entries; `read` compressed bytes so far, `uncompressed` after decompression.
    Entries {
        /// The entries, in archive order.
        entries: Vec<Entry>,
        /// Compressed bytes read.
        read: u64,
        /// Uncompressed bytes read.
        uncompressed: u64,
    },
    /// The layer ended: its digests.
    Done {
        /// What was computed.
        digests: LayerDigests,
        /// Compressed bytes read.
        read: u64,
    },
    /// A file's bytes (at most the cap asked for).
    File {
        /// The bytes.
        bytes: Vec<u8>,
        /// The file's whole size.
        total: u64,
        /// Whether `bytes` is less than the file.
        truncated: bool,
        /// Compressed bytes read to reach it.
        read: u64,
    },
    /// The download was cancelled.
    Cancelled {
        /// Compressed bytes read before.
        read: u64,
    },
    /// It failed, in words.
    Failed {
        /// What went wrong.
        message: String,
        /// Compressed bytes read before.
        read: u64,
    },
}

/// A running worker; dropping it terminates it.
pub struct LayerWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl LayerWorker {
    /// Starts a worker whose messages go to `on_event`.
    pub fn start(on_event: Callback<WorkerEvent>) -> Result<LayerWorker, String> {
        let events = on_event.clone();
        Self::start_raw(
            Callback::from(move |data: JsValue| events.emit(event_of(&data))),
            on_event.reform(|message| WorkerEvent::Failed { message, read: 0 }),
        )
    }

    /// Starts a worker whose messages go to `on_data` as posted, and a failure to load or a
    /// crash, in words, to `on_failure` (the lazy path reads its own messages).
    pub fn start_raw(
        on_data: Callback<JsValue>,
        on_failure: Callback<String>,
    ) -> Result<LayerWorker, String> {
        let base = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .unwrap_or_default();
        let url = web_sys::Url::new_with_base(SCRIPT, &base)
            .map(|u| u.href())
            .unwrap_or_else(|_| SCRIPT.to_string());
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&url, &options)
            .map_err(|e| format!("the layer worker could not start: {}", words(&e)))?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            on_data.emit(message.data());
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            on_failure.emit(format!(
                "the layer worker ({SCRIPT}) failed to load or crashed"
            ));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(LayerWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Lists the layer `request` fetches, compressed with `compression`.
    pub fn list(&self, request: &StreamRequest, compression: &str) {
        let message = message("list", request, compression);
        let _ = self.worker.post_message(&message);
    }

    /// Opens `path` in the layer `request` fetches, keeping at most `cap` bytes.
    pub fn open(&self, request: &StreamRequest, compression: &str, path: &str, cap: u64) {
        let message = message("open", request, compression);
        set(&message, "path", &path.into());
        set(&message, "cap", &(cap as f64).into());
        let _ = self.worker.post_message(&message);
    }
}

impl LayerWorker {
    /// Posts `message` as it is.
    pub fn post(&self, message: &JsValue) {
        let _ = self.worker.post_message(message);
    }
}

impl Drop for LayerWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The message asking for `request`.
fn message(kind: &str, request: &StreamRequest, compression: &str) -> Object {
    let message = Object::new();
    set(&message, "type", &kind.into());
    set(&message, "url", &request.url.as_str().into());
    let headers = Array::new();
    for (name, value) in &request.headers {
        headers.push(&Array::of2(&name.as_str().into(), &value.as_str().into()));
    }
    set(&message, "headers", &headers);
    set(&message, "compression", &compression.into());
    if let Some(blob) = &request.blob {
        set(&message, "blob", blob);
    }
    message
}

pub(super) fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

pub(super) fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

pub(super) fn number(object: &JsValue, key: &str) -> u64 {
    get(object, key).as_f64().unwrap_or(0.0).max(0.0) as u64
}

pub(super) fn text(object: &JsValue, key: &str) -> String {
    get(object, key).as_string().unwrap_or_default()
}

/// What a message from the worker says.
fn event_of(data: &JsValue) -> WorkerEvent {
    let read = number(data, "read");
    match text(data, "type").as_str() {
        "response" => WorkerEvent::Response {
            status: number(data, "status") as u16,
            headers: pairs(&get(data, "headers")),
        },
        "entries" => match serde_json::from_str::<Vec<Entry>>(&text(data, "entries")) {
            Ok(entries) => WorkerEvent::Entries {
                entries,
                read,
                uncompressed: number(data, "uncompressed"),
            },
            Err(e) => WorkerEvent::Failed {
                message: format!("the worker's listing could not be read: {e}"),
                read,
            },
        },
        "done" => match serde_json::from_str::<LayerDigests>(&text(data, "digests")) {
            Ok(digests) => WorkerEvent::Done { digests, read },
            Err(e) => WorkerEvent::Failed {
                message: format!("the worker's digests could not be read: {e}"),
                read,
            },
        },
        "file" => WorkerEvent::File {
            bytes: get(data, "bytes")
                .dyn_into::<Uint8Array>()
                .map(|a| a.to_vec())
                .unwrap_or_default(),
            total: number(data, "total"),
            truncated: get(data, "truncated").is_truthy(),
            read,
        },
        "cancelled" => WorkerEvent::Cancelled { read },
        _ => {
            let mut message = text(data, "message");
            let body = text(data, "body");
            if !body.trim().is_empty() {
                message = format!("{message}: {}", body.trim());
            }
            WorkerEvent::Failed { message, read }
        }
    }
}

/// `[[name, value], …]` as pairs.
pub(super) fn pairs(value: &JsValue) -> Vec<(String, String)> {
    let Ok(array) = value.clone().dyn_into::<Array>() else {
        return Vec::new();
    };
    array
        .iter()
        .filter_map(|pair| {
            let pair = pair.dyn_into::<Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// A JavaScript error in words.
fn words(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| value.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
        .unwrap_or_else(|| "unknown error".into())
}
