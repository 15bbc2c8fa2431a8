//! Opening one file: its layer streamed again by a worker of its own until the file is
//! complete (the download is then cancelled), kept for the page's life by layer digest and path
//! ([`super::file_cache`]) so that opening it again moves no bytes.

use std::cell::Cell;
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc;
use regscope_core::Reference;
use regscope_core::trace::Exchange;
use yew::prelude::*;

use super::file_cache::{self, OpenedFile};
use super::image_layers::LayerInfo;
use super::stream_request::stream_request;
use super::worker::{LayerWorker, WorkerEvent};
use crate::services::session::SharedSession;

/// At most this much of a file is kept (text shows its first MiB, hex less; a download of a
/// larger file says it holds only this much).
pub const CAP: u64 = 32 << 20;

/// Where opening the file stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Opening {
    /// Nothing asked.
    Idle,
    /// Streaming its layer.
    Loading,
    /// Here it is.
    Opened {
        /// The file.
        file: OpenedFile,
        /// Whether it came from this page's cache (no request made).
        cached: bool,
    },
    /// It could not be read, in words.
    Failed(String),
}

/// The state of opening `path` of `layer`, and the exchanges made for it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenFile {
    /// Where it stands.
    pub opening: Opening,
    /// The requests made.
    pub trace: Vec<Exchange>,
}

/// Opens `path` of `layer` (both set) with `session`.
#[hook]
pub fn use_open_file(
    session: SharedSession,
    reference: Reference,
    layer: Option<LayerInfo>,
    path: Option<String>,
) -> OpenFile {
    let state = use_state(|| OpenFile {
        opening: Opening::Idle,
        trace: Vec::new(),
    });
    {
        let state = state.clone();
        use_effect_with((layer, path), move |(layer, path)| {
            let gone = Rc::new(Cell::new(false));
            let worker_slot: Rc<std::cell::RefCell<Option<LayerWorker>>> = Rc::default();
            match (layer.clone(), path.clone()) {
                (Some(layer), Some(path)) => {
                    if let Some(file) = file_cache::get(&layer.digest, &path) {
                        state.set(OpenFile {
                            opening: Opening::Opened { file, cached: true },
                            trace: Vec::new(),
                        });
                    } else {
                        state.set(OpenFile {
                            opening: Opening::Loading,
                            trace: Vec::new(),
                        });
                        let (gone, slot) = (gone.clone(), worker_slot.clone());
                        wasm_bindgen_futures::spawn_local(async move {
                            let done = open(&session, &reference, &layer, &path, &slot).await;
                            if !gone.get() {
                                state.set(done);
                            }
                        });
                    }
                }
                _ => state.set(OpenFile {
                    opening: Opening::Idle,
                    trace: Vec::new(),
                }),
            }
            move || {
                gone.set(true);
                worker_slot.borrow_mut().take();
            }
        });
    }
    (*state).clone()
}

/// Streams `layer` until `path` is complete.
async fn open(
    session: &SharedSession,
    reference: &Reference,
    layer: &LayerInfo,
    path: &str,
    slot: &Rc<std::cell::RefCell<Option<LayerWorker>>>,
) -> OpenFile {
    let failed = |message: String, trace| OpenFile {
        opening: Opening::Failed(message),
        trace,
    };
    let Some(compression) = layer.compression_name() else {
        return failed(
            format!("{} is not a tar layer", layer.media_type),
            Vec::new(),
        );
    };
    if super::lazy_read::is_lazy(layer) {
        return super::lazy_open::open(session, reference, layer, path, slot).await;
    }
    let (request, mut trace) = stream_request(session, reference, &layer.digest).await;
    let request = match request {
        Ok(request) => request,
        Err(e) => return failed(e, trace),
    };
    let (sender, mut events) = mpsc::unbounded();
    let worker = match LayerWorker::start(Callback::from(move |event| {
        let _ = sender.unbounded_send(event);
    })) {
        Ok(worker) => worker,
        Err(e) => return failed(e, trace),
    };
    worker.open(&request, compression, path, CAP);
    *slot.borrow_mut() = Some(worker);
    let (mut status, mut headers) = (None, Vec::new());
    let mut outcome = Err("the download ended early".to_string());
    let mut moved = 0;
    while let Some(event) = events.next().await {
        match event {
            WorkerEvent::Response {
                status: s,
                headers: h,
            } => {
                status = Some(s);
                headers = h;
            }
            WorkerEvent::File {
                bytes,
                total,
                truncated,
                read,
            } => {
                moved = read;
                outcome = Ok(OpenedFile {
                    bytes: Rc::new(bytes),
                    total,
                    truncated,
                    moved: read,
                    checks: None,
                });
                break;
            }
            WorkerEvent::Failed { message, read } => {
                moved = read;
                outcome = Err(message);
                break;
            }
            WorkerEvent::Cancelled { read } => {
                moved = read;
                outcome = Err("cancelled".into());
                break;
            }
            _ => {}
        }
    }
    slot.borrow_mut().take();
    let error = outcome.as_ref().err().cloned();
    trace.push(request.exchange(
        "one file of a layer (streamed by the worker, stopped once read)",
        status,
        headers,
        moved,
        error,
    ));
    match outcome {
        Ok(file) => {
            file_cache::put(&layer.digest, path, file.clone());
            OpenFile {
                opening: Opening::Opened {
                    file,
                    cached: false,
                },
                trace,
            }
        }
        Err(e) => failed(e, trace),
    }
}
