//! One layer read off the main thread for the comparison: a Web Worker,
//! `worker/compare-worker.js`, that uses the Files tab's worker module (`files_worker.js`: its
//! `HashedLister`, a listing with content digests, and `Opener`, one file's bytes). The
//! layer is fetched with the core's authorized request, as the Files tab does, and each
//! request is reported as a trace row with the bytes it moved.

use futures::StreamExt;
use futures::channel::mpsc;
use js_sys::{Array, Object, Reflect, Uint8Array};
use regscope_core::Reference;
use regscope_core::trace::Exchange;
use regscope_layers::compare::LayerRef;
use regscope_layers::stream::{Compression, HashedListing};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Url, Worker, WorkerOptions, WorkerType};

use crate::files::stream_request::{StreamRequest, stream_request};
use crate::services::session::Session;

/// The worker's script (`worker/compare-worker.js`, copied beside the page).
const SCRIPT: &str = "compare-worker.js";

/// What the worker answered last.
enum Answer {
    /// The listing and both digests, as JSON.
    Listed(String),
    /// A file's bytes and its whole size.
    File(Vec<u8>, u64),
}

/// The worker's listing (`{"listing", "compressed", "uncompressed"}`), its digests checked
/// against the manifest's digest and the config's diff_id.
fn checked(json: &str, layer: &LayerRef) -> Result<HashedListing, String> {
    let mut value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let compressed = value["compressed"].as_str().unwrap_or_default().to_string();
    let uncompressed = value["uncompressed"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if compressed != layer.digest {
        return Err(format!(
            "the blob's digest is {compressed}, not {}",
            layer.digest
        ));
    }
    if let Some(diff_id) = layer.diff_id.as_ref().filter(|d| **d != uncompressed) {
        return Err(format!(
            "the layer's diff_id is {uncompressed}, not the config's {diff_id}"
        ));
    }
    serde_json::from_value(value["listing"].take()).map_err(|e| e.to_string())
}

/// A layer read: its listing (or why not), and the trace rows of the requests it took.
pub struct LayerRead<T> {
    /// The listing or file, or what went wrong.
    pub result: Result<T, String>,
    /// The `HEAD` (token flow) and the worker's `GET`, with the bytes each moved.
    pub trace: Vec<Exchange>,
    /// Blob bytes the `GET` received.
    pub read: u64,
}

/// Lists `layer` of `reference`'s repository with every file's content digest.
pub async fn list_layer(
    session: &Session,
    reference: &Reference,
    layer: &LayerRef,
) -> LayerRead<HashedListing> {
    let message = Object::new();
    set(&message, "type", &"list".into());
    set(&message, "mediaType", &layer.media_type.as_str().into());
    let run = run(session, reference, &layer.digest, message, "compare-layer").await;
    let result = run.result.and_then(|answer| match answer {
        Answer::Listed(json) => checked(&json, layer),
        Answer::File(..) => Err("the worker answered a file, not a listing".into()),
    });
    LayerRead {
        result,
        trace: run.trace,
        read: run.read,
    }
}

/// Reads `path` from `layer` of `reference`'s repository (at most `cap` bytes): its bytes and
/// whole size.
pub async fn open_file(
    session: &Session,
    reference: &Reference,
    layer: &LayerRef,
    path: &str,
    cap: u64,
) -> LayerRead<(Vec<u8>, u64)> {
    let Some(compression) = Compression::from_media_type(&layer.media_type) else {
        return LayerRead {
            result: Err(format!(
                "not a layer this page can read: {}",
                layer.media_type
            )),
            trace: Vec::new(),
            read: 0,
        };
    };
    let message = Object::new();
    set(&message, "type", &"open".into());
    set(&message, "compression", &compression.name().into());
    set(&message, "path", &path.into());
    set(&message, "cap", &(cap as f64).into());
    let run = run(session, reference, &layer.digest, message, "compare-file").await;
    let result = run.result.and_then(|answer| match answer {
        Answer::File(bytes, total) => Ok((bytes, total)),
        Answer::Listed(_) => Err("the worker answered a listing, not a file".into()),
    });
    LayerRead {
        result,
        trace: run.trace,
        read: run.read,
    }
}

/// Runs the token flow for the blob, then the worker with `message` (plus the request), and
/// waits for its answer.
async fn run(
    session: &Session,
    reference: &Reference,
    digest: &str,
    message: Object,
    purpose: &str,
) -> LayerRead<Answer> {
    let (request, mut trace) = stream_request(session, reference, digest).await;
    let request = match request {
        Ok(request) => request,
        Err(error) => {
            return LayerRead {
                result: Err(error),
                trace,
                read: 0,
            };
        }
    };
    set(&message, "url", &request.url.as_str().into());
    let headers = Array::new();
    for (name, value) in &request.headers {
        headers.push(&Array::of2(&name.as_str().into(), &value.as_str().into()));
    }
    set(&message, "headers", &headers);
    let (result, response, read) = match talk(&message).await {
        Ok(done) => done,
        Err(error) => (Err(error), None, 0),
    };
    let (status, headers) = response.unzip();
    let error = result.as_ref().err().cloned();
    trace.push(exchange(
        &request,
        purpose,
        status,
        headers.unwrap_or_default(),
        read,
        error,
    ));
    LayerRead {
        result,
        trace,
        read,
    }
}

/// The worker's `GET` as a trace row.
fn exchange(
    request: &StreamRequest,
    purpose: &str,
    status: Option<u16>,
    headers: Vec<(String, String)>,
    read: u64,
    error: Option<String>,
) -> Exchange {
    request.exchange(purpose, status, headers, read, error)
}

type Talk = (
    Result<Answer, String>,
    Option<(u16, Vec<(String, String)>)>,
    u64,
);

/// Starts the worker, posts `message`, and reads its messages until the answer.
async fn talk(message: &Object) -> Result<Talk, String> {
    let worker = start()?;
    let (sender, mut receiver) = mpsc::unbounded::<JsValue>();
    let failed = sender.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let _ = sender.unbounded_send(event.data());
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let error = Object::new();
        set(&error, "type", &"error".into());
        set(
            &error,
            "message",
            &"the comparison's layer worker failed to load or crashed".into(),
        );
        let _ = failed.unbounded_send(error.into());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let _ = worker.post_message(message);
    let mut response = None;
    let mut outcome = Err("the layer worker ended without an answer".to_string());
    let mut read = 0;
    while let Some(data) = receiver.next().await {
        read = number(&data, "read");
        match text(&data, "type").as_str() {
            "response" => {
                let status = u16::try_from(number(&data, "status")).unwrap_or(0);
                response = Some((status, pairs(&get(&data, "headers"))));
            }
            "listed" => {
                outcome = Ok(Answer::Listed(text(&data, "json")));
                break;
            }
            "file" => {
                let bytes = get(&data, "bytes")
                    .dyn_into::<Uint8Array>()
                    .map(|b| b.to_vec())
                    .unwrap_or_default();
                outcome = Ok(Answer::File(bytes, number(&data, "total")));
                break;
            }
            _ => {
                outcome = Err(text(&data, "message"));
                break;
            }
        }
    }
    worker.set_onmessage(None);
    worker.set_onerror(None);
    worker.terminate();
    Ok((outcome, response, read))
}

/// A module worker running [`SCRIPT`], beside the page.
fn start() -> Result<Worker, String> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let url = Url::new_with_base(SCRIPT, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| SCRIPT.to_string());
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options(&url, &options)
        .map_err(|_| format!("the comparison's layer worker ({SCRIPT}) could not start"))
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn number(object: &JsValue, key: &str) -> u64 {
    get(object, key).as_f64().unwrap_or(0.0) as u64
}

fn text(object: &JsValue, key: &str) -> String {
    get(object, key).as_string().unwrap_or_default()
}

/// `[[name, value], …]` as pairs.
fn pairs(value: &JsValue) -> Vec<(String, String)> {
    Array::from(value)
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            )
        })
        .collect()
}
