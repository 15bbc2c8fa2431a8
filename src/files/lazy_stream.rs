//! Listing a layer from its table of contents (eStargz, zstd:chunked): the token flow's `HEAD`
//! as for a streamed layer, then a worker that reads the TOC with Range requests. Each request
//! is a trace row with its `Range` and the bytes it moved; the listing, the share of the layer
//! read and the TOC's check land in the layer's [`LayerListing`](super::listing::LayerListing).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc;
use regscope_core::Reference;
use yew::Callback;

use super::lazy_cache;
use super::lazy_read::LazyRead;
use super::lazy_worker::{LazyEvent, lazy_event, lazy_message, range_exchange};
use super::listing::{Listing, Phase};
use super::stream_request::stream_request;
use super::worker::LayerWorker;
use crate::services::session::SharedSession;

/// The trace's purpose for a TOC request.
pub const TOC_PURPOSE: &str = "table of contents of a lazy layer (Range request by the worker)";

/// What listing one lazy layer shares with the run over the selected layers.
pub struct LazyRun<'a> {
    /// The module's session.
    pub session: &'a SharedSession,
    /// The image manifest.
    pub reference: &'a Reference,
    /// The listing the layer is in.
    pub listing: &'a Rc<RefCell<Listing>>,
    /// Where the running worker is kept (cancel and leaving drop it).
    pub worker: &'a RefCell<Option<LayerWorker>>,
    /// Set when no further work should start.
    pub stop: &'a Cell<bool>,
    /// Redraws the page.
    pub bump: &'a dyn Fn(),
}

impl LazyRun<'_> {
    fn set_phase(&self, slot: usize, phase: Phase) {
        if let Some(layer) = self.listing.borrow_mut().layers.get_mut(slot) {
            layer.phase = phase;
        }
        (self.bump)();
    }

    /// Lists the layer in `slot` from its TOC.
    pub async fn layer(&self, slot: usize) {
        let info = self.listing.borrow().layers[slot].info.clone();
        self.set_phase(slot, Phase::Requesting);
        let (request, trace) = stream_request(self.session, self.reference, &info.digest).await;
        self.listing.borrow_mut().trace.extend(trace);
        let request = match request {
            Ok(request) => request,
            Err(e) => return self.set_phase(slot, Phase::Failed(e)),
        };
        if self.stop.get() {
            return self.set_phase(slot, Phase::Cancelled);
        }
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
            Err(e) => return self.set_phase(slot, Phase::Failed(e)),
        };
        worker.post(&lazy_message(&request, &info, None, None, 0).into());
        *self.worker.borrow_mut() = Some(worker);
        self.set_phase(slot, Phase::Streaming);
        let (mut requests, mut moved, mut whole_answers) = (0u32, 0u64, 0u32);
        while let Some(event) = events.next().await {
            let mut listing = self.listing.borrow_mut();
            match event {
                LazyEvent::Request {
                    range,
                    status,
                    headers,
                    read,
                    ..
                } => {
                    requests += 1;
                    moved += read;
                    whole_answers += u32::from(status == 200);
                    listing.layers[slot].read = moved;
                    let row = range_exchange(&request, TOC_PURPOSE, &range, status, headers, read);
                    listing.trace.push(row);
                }
                LazyEvent::Toc {
                    entries,
                    summary,
                    kept,
                } => {
                    lazy_cache::put(&info.digest, kept);
                    let layer = &mut listing.layers[slot];
                    layer.total = summary.blob_size;
                    layer.entries.extend(entries.into_iter().map(Rc::new));
                    layer.lazy = Some(LazyRead {
                        summary,
                        requests,
                        moved,
                        whole_answers,
                    });
                    layer.phase = Phase::Done;
                    drop(listing);
                    break;
                }
                LazyEvent::Failed(message) => {
                    listing.layers[slot].phase = Phase::Failed(message);
                    drop(listing);
                    break;
                }
                LazyEvent::File { .. } => {}
            }
            drop(listing);
            (self.bump)();
        }
        // Ended, or the worker was terminated (the tab left): either way it goes now.
        self.worker.borrow_mut().take();
        if let Some(layer) = self.listing.borrow_mut().layers.get_mut(slot)
            && layer.phase.is_running()
        {
            layer.phase = Phase::Cancelled;
        }
        (self.bump)();
    }
}
