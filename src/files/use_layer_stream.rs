//! Streaming the selected layers: one after another (one for a layer's view, every layer for
//! the merged view), each fetched, read and hashed by a worker started for it. The listing
//! grows in a shared cell; the component re-renders on each batch. Cancel, leaving the tab or
//! choosing another layer terminates the worker, which ends its download.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc;
use regscope_core::Reference;
use yew::prelude::*;

use super::image_layers::ImageLayers;
use super::listing::{LayerListing, Listing, Phase};
use super::stream_request::stream_request;
use super::worker::{LayerWorker, WorkerEvent};
use crate::services::session::SharedSession;

/// What the tab's hooks hand the page.
#[derive(Clone)]
pub struct LayerStream {
    /// The listing so far.
    pub listing: Rc<RefCell<Listing>>,
    /// Grows with every change of the listing (for memoised views of it).
    pub version: u64,
    /// Stops the downloads.
    pub cancel: Callback<()>,
}

/// The purpose the trace gives the worker's requests.
const PURPOSE: &str = "layer blob (streamed by the worker)";

/// What one run shares with its page: the worker in flight and whether to go on.
#[derive(Default)]
struct Control {
    /// The worker streaming now.
    worker: RefCell<Option<LayerWorker>>,
    /// Set by cancel and by leaving: no further layer starts.
    stop: Cell<bool>,
    /// Cleared when the page leaves the run (nothing is redrawn any more).
    gone: Cell<bool>,
}

/// Streams the layers `selected` (indices into `image.layers`) with `session`.
#[hook]
pub fn use_layer_stream(
    session: SharedSession,
    image: Rc<ImageLayers>,
    selected: Vec<usize>,
) -> LayerStream {
    let listing = use_mut_ref(Listing::default);
    let version = use_mut_ref(|| 0u64);
    let current: Rc<RefCell<Rc<Control>>> = use_mut_ref(Rc::default);
    let redraw = use_force_update();
    {
        let (listing, version, current) = (listing.clone(), version.clone(), current.clone());
        use_effect_with((image, selected), move |(image, selected)| {
            let control = Rc::new(Control::default());
            *current.borrow_mut() = control.clone();
            *listing.borrow_mut() = Listing {
                layers: selected
                    .iter()
                    .filter_map(|&i| image.layers.get(i).cloned())
                    .map(LayerListing::new)
                    .collect(),
                trace: Vec::new(),
                merged: None,
            };
            let bump = {
                let (version, control) = (version.clone(), control.clone());
                Rc::new(move || {
                    if !control.gone.get() {
                        *version.borrow_mut() += 1;
                        redraw.force_update();
                    }
                })
            };
            bump();
            let task = Task {
                session,
                reference: image.reference.clone(),
                listing,
                control: control.clone(),
                bump,
            };
            wasm_bindgen_futures::spawn_local(task.run());
            move || {
                control.stop.set(true);
                control.gone.set(true);
                // Terminates the worker: its download ends with it.
                control.worker.borrow_mut().take();
            }
        });
    }
    // Terminating the worker ends its download wherever it stands (even before its fetch
    // started); the layer keeps the bytes last reported and reads as cancelled.
    let cancel = Callback::from(move |()| {
        let control = current.borrow().clone();
        control.stop.set(true);
        let worker = control.worker.borrow_mut().take();
        drop(worker);
    });
    let version = *version.borrow();
    LayerStream {
        listing,
        version,
        cancel,
    }
}

/// One run over the selected layers.
struct Task {
    session: SharedSession,
    reference: Reference,
    listing: Rc<RefCell<Listing>>,
    control: Rc<Control>,
    bump: Rc<dyn Fn()>,
}

impl Task {
    async fn run(self) {
        let count = self.listing.borrow().layers.len();
        for slot in 0..count {
            if self.control.stop.get() {
                self.set_phase(slot, Phase::Cancelled);
                continue;
            }
            self.layer(slot).await;
        }
        (self.bump)();
    }

    fn set_phase(&self, slot: usize, phase: Phase) {
        if let Some(layer) = self.listing.borrow_mut().layers.get_mut(slot) {
            layer.phase = phase;
        }
    }

    /// Streams the layer in `slot`.
    async fn layer(&self, slot: usize) {
        let info = self.listing.borrow().layers[slot].info.clone();
        if super::lazy_read::is_lazy(&info) {
            let lazy = super::lazy_stream::LazyRun {
                session: &self.session,
                reference: &self.reference,
                listing: &self.listing,
                worker: &self.control.worker,
                stop: &self.control.stop,
                bump: &*self.bump,
            };
            return lazy.layer(slot).await;
        }
        let Some(compression) = info.compression_name() else {
            self.set_phase(
                slot,
                Phase::Failed(format!(
                    "its media type {} is not a tar layer: nothing to list",
                    info.media_type
                )),
            );
            return (self.bump)();
        };
        self.set_phase(slot, Phase::Requesting);
        (self.bump)();
        let (request, trace) = stream_request(&self.session, &self.reference, &info.digest).await;
        self.listing.borrow_mut().trace.extend(trace);
        let request = match request {
            Ok(request) => request,
            Err(e) => {
                self.set_phase(slot, Phase::Failed(e));
                return (self.bump)();
            }
        };
        if self.control.stop.get() {
            self.set_phase(slot, Phase::Cancelled);
            return (self.bump)();
        }
        if let Some(size) = request.size {
            self.listing.borrow_mut().layers[slot].total = size;
        }
        let (sender, mut events) = mpsc::unbounded();
        let worker = match LayerWorker::start(Callback::from(move |event| {
            let _ = sender.unbounded_send(event);
        })) {
            Ok(worker) => worker,
            Err(e) => {
                self.set_phase(slot, Phase::Failed(e));
                return (self.bump)();
            }
        };
        worker.list(&request, compression);
        *self.control.worker.borrow_mut() = Some(worker);
        self.set_phase(slot, Phase::Streaming);
        (self.bump)();
        let mut answer = Answer::default();
        while let Some(event) = events.next().await {
            let ended = self.apply(slot, event, &mut answer);
            (self.bump)();
            if ended {
                break;
            }
        }
        // Ended, or the worker was terminated (the tab left): either way it goes now.
        self.control.worker.borrow_mut().take();
        let mut listing = self.listing.borrow_mut();
        let layer = &mut listing.layers[slot];
        if layer.phase.is_running() {
            layer.phase = Phase::Cancelled;
        }
        let error = match &layer.phase {
            Phase::Failed(e) => Some(e.clone()),
            Phase::Cancelled => Some("cancelled".to_string()),
            _ => None,
        };
        let exchange = request.exchange(PURPOSE, answer.status, answer.headers, layer.read, error);
        listing.trace.push(exchange);
        drop(listing);
        (self.bump)();
    }

    /// Applies one event to the layer in `slot`: true when its stream ended.
    fn apply(&self, slot: usize, event: WorkerEvent, answer: &mut Answer) -> bool {
        let mut listing = self.listing.borrow_mut();
        let layer = &mut listing.layers[slot];
        match event {
            WorkerEvent::Response { status, headers } => {
                answer.status = Some(status);
                answer.headers = headers;
                false
            }
            WorkerEvent::Entries {
                entries,
                read,
                uncompressed,
            } => {
                layer.entries.extend(entries.into_iter().map(Rc::new));
                layer.read = read;
                layer.uncompressed = uncompressed;
                false
            }
            WorkerEvent::Done { digests, read } => {
                layer.read = read;
                layer.uncompressed = digests.uncompressed_bytes;
                layer.finish(digests);
                true
            }
            WorkerEvent::Cancelled { read } => {
                layer.read = layer.read.max(read);
                layer.phase = Phase::Cancelled;
                true
            }
            WorkerEvent::Failed { message, read } => {
                layer.read = layer.read.max(read);
                layer.phase = Phase::Failed(message);
                true
            }
            WorkerEvent::File { .. } => false,
        }
    }
}

/// The worker's response line, for the trace.
#[derive(Default)]
struct Answer {
    status: Option<u16>,
    headers: Vec<(String, String)>,
}
