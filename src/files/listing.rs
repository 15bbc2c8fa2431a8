//! What the tab has read so far: per streamed layer, its entries (the listing, never the
//! bytes), how far its download got, its digests and their verification; and every exchange
//! made for it. Kept in one shared cell that grows as the worker posts batches, so a batch
//! costs its own size, not the listing's.

use std::rc::Rc;

use regscope_core::trace::Exchange;
use regscope_layers::entry::Entry;
use regscope_layers::stream::{LayerDigests, Verification, verify};

use super::image_layers::LayerInfo;
use super::merged_rows::MergedSoFar;

/// Where one layer's download stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Not started (a later layer of the merged view).
    Waiting,
    /// Asking the registry for it (token, size).
    Requesting,
    /// Bytes are arriving.
    Streaming,
    /// Read to its end.
    Done,
    /// Cancelled by the person (or by leaving the tab).
    Cancelled,
    /// Failed, in words.
    Failed(String),
}

impl Phase {
    /// Whether bytes may still arrive.
    pub fn is_running(&self) -> bool {
        matches!(self, Phase::Requesting | Phase::Streaming)
    }
}

/// One layer as streamed so far.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerListing {
    /// The layer.
    pub info: LayerInfo,
    /// Its entries, in archive order.
    pub entries: Vec<Rc<Entry>>,
    /// Where its download stands.
    pub phase: Phase,
    /// Compressed bytes read.
    pub read: u64,
    /// Uncompressed bytes read.
    pub uncompressed: u64,
    /// The bytes the registry announced (else the manifest's size).
    pub total: u64,
    /// The digests, once read to the end.
    pub digests: Option<LayerDigests>,
    /// Both checks, once read to the end: only then can anything read as verified.
    pub verification: Option<Verification>,
    /// Set when the layer was listed from its table of contents (eStargz, zstd:chunked).
    pub lazy: Option<super::lazy_read::LazyRead>,
}

impl LayerListing {
    /// A layer not started yet.
    pub fn new(info: LayerInfo) -> LayerListing {
        LayerListing {
            total: info.size,
            info,
            entries: Vec::new(),
            phase: Phase::Waiting,
            read: 0,
            uncompressed: 0,
            digests: None,
            verification: None,
            lazy: None,
        }
    }

    /// The end of the stream: `digests` compared with the manifest's digest and the config's
    /// `diff_id`.
    pub fn finish(&mut self, digests: LayerDigests) {
        self.verification = Some(verify(
            &self.info.digest,
            self.info.diff_id.as_deref(),
            &digests,
        ));
        self.digests = Some(digests);
        self.phase = Phase::Done;
    }
}

/// Everything streamed for the current selection.
#[derive(Debug, Default)]
pub struct Listing {
    /// The layers streamed (one, or every layer for the merged view), in layer order.
    pub layers: Vec<LayerListing>,
    /// Every exchange made for them (the `HEAD`s, token requests and the worker's `GET`s).
    pub trace: Vec<Exchange>,
    /// The merged view's tree of the layers read to their end.
    pub merged: Option<MergedSoFar>,
}

impl Listing {
    /// Whether any download is still going.
    pub fn is_running(&self) -> bool {
        self.layers.iter().any(|l| l.phase.is_running())
    }

    /// Entries listed so far, over every layer.
    pub fn entry_count(&self) -> usize {
        self.layers.iter().map(|l| l.entries.len()).sum()
    }
}
