//! Opening one file of a lazy layer (eStargz, zstd:chunked): a worker replays the layer's
//! table of contents kept by the listing ([`super::lazy_cache`]; read again, at most three Range
//! requests, when the listing has not kept it) and fetches the file's chunks with one Range
//! request, each chunk checked against its digest. The file joins the page's file cache.

use std::cell::RefCell;
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc;
use regscope_core::Reference;
use yew::Callback;

use super::file_cache::{self, OpenedFile};
use super::image_layers::LayerInfo;
use super::lazy_cache;
use super::lazy_stream::TOC_PURPOSE;
use super::lazy_worker::{LazyEvent, lazy_event, lazy_message, range_exchange};
use super::stream_request::stream_request;
use super::use_open_file::{CAP, OpenFile, Opening};
use super::worker::LayerWorker;
use crate::services::session::SharedSession;

/// The trace's purpose for a file's request.
const FILE_PURPOSE: &str = "one file's chunks of a lazy layer (Range request by the worker)";

/// Opens `path` of the lazy `layer`.
pub async fn open(
    session: &SharedSession,
    reference: &Reference,
    layer: &LayerInfo,
    path: &str,
    slot: &Rc<RefCell<Option<LayerWorker>>>,
) -> OpenFile {
    let (request, mut trace) = stream_request(session, reference, &layer.digest).await;
    let failed = |message: String, trace| OpenFile {
        opening: Opening::Failed(message),
        trace,
    };
    let request = match request {
        Ok(request) => request,
        Err(e) => return failed(e, trace),
    };
    let (sender, mut events) = mpsc::unbounded();
    let failures = sender.clone();
    let worker = LayerWorker::start_raw(
        Callback::from(move |data| {
            let _ = sender.unbounded_send(lazy_event(&data));
        }),
        Callback::from(move |message| {
            let _ = failures.unbounded_send(LazyEvent::Failed(message));
        }),
    );
    let worker = match worker {
        Ok(worker) => worker,
        Err(e) => return failed(e, trace),
    };
    let kept = lazy_cache::get(&layer.digest);
    worker.post(&lazy_message(&request, layer, kept.as_ref(), Some(path), CAP).into());
    *slot.borrow_mut() = Some(worker);
    let mut moved = 0;
    let mut outcome = Err("the worker stopped before the file was read".to_string());
    while let Some(event) = events.next().await {
        match event {
            LazyEvent::Request {
                purpose,
                range,
                status,
                headers,
                read,
            } => {
                moved += read;
                let purpose = if purpose == "file" {
                    FILE_PURPOSE
                } else {
                    TOC_PURPOSE
                };
                trace.push(range_exchange(
                    &request, purpose, &range, status, headers, read,
                ));
            }
            LazyEvent::File {
                bytes,
                total,
                truncated,
                checks,
            } => {
                outcome = Ok(OpenedFile {
                    bytes: Rc::new(bytes),
                    total,
                    truncated,
                    moved,
                    checks: Some(checks),
                });
                break;
            }
            LazyEvent::Failed(message) => {
                outcome = Err(message);
                break;
            }
            LazyEvent::Toc { .. } => {}
        }
    }
    slot.borrow_mut().take();
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
