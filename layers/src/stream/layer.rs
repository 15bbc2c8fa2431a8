//! `LayerStream`: a compressed layer blob in, its listing and both digests out.

use serde::{Deserialize, Serialize};

use super::HashedListing;
use super::decode::Decoder;
use super::tar::EntrySink;
use super::{BlobHasher, Compression, LayerError, Limits, TarStream};
use crate::entry::Entry;

/// How far a layer has been read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Progress {
    /// Compressed bytes pushed.
    pub compressed: u64,
    /// Uncompressed bytes parsed.
    pub uncompressed: u64,
    /// Entries listed.
    pub entries: u64,
}

/// What a whole layer hashed to, for [`verify`](super::verify).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerDigests {
    /// `sha256:…` of the compressed blob (the manifest's layer digest).
    pub compressed: String,
    /// `sha256:…` of the uncompressed tar stream (the config's diff_id).
    pub uncompressed: String,
    /// Entries listed.
    pub entries: u64,
    /// Size of the uncompressed tar stream.
    pub uncompressed_bytes: u64,
    /// Size of the compressed blob.
    pub compressed_bytes: u64,
}

/// Decompressor + [`TarStream`] + SHA-256 of the compressed bytes, fed the blob as it arrives.
/// Bounded by [`Limits`], including the expansion ratio (decompression bombs).
#[derive(Debug)]
pub struct LayerStream {
    pub(crate) core: Pipeline,
}

impl LayerStream {
    /// A reader at the start of a blob compressed with `compression`.
    pub fn new(compression: Compression, limits: Limits) -> Self {
        LayerStream {
            core: Pipeline::new(compression, limits),
        }
    }

    /// Reads the next compressed bytes, appending the entries whose headers completed.
    pub fn push(&mut self, compressed: &[u8], out: &mut Vec<Entry>) -> Result<(), LayerError> {
        self.core.push(compressed, out)
    }

    /// [`LayerStream::push`] that also hashes every regular file's content (compare mode):
    /// entries and their content digests are appended to `out`.
    pub fn push_hashed(
        &mut self,
        compressed: &[u8],
        out: &mut HashedListing,
    ) -> Result<(), LayerError> {
        self.core.push(compressed, out)
    }

    /// [`LayerStream::finish`] after [`LayerStream::push_hashed`]: a file whose last bytes
    /// only the end of the stream brings gets its digest in `out`.
    pub fn finish_hashed(self, out: &mut HashedListing) -> Result<LayerDigests, LayerError> {
        self.core.finish(out)
    }

    /// How far the read has come.
    pub fn progress(&self) -> Progress {
        self.core.progress()
    }

    /// Ends the blob: both digests, or why the layer is incomplete or damaged.
    pub fn finish(self) -> Result<LayerDigests, LayerError> {
        // Every push hands out all it decoded, so the end of a stream brings no entry of its
        // own (a decoder that still held output at the end would mean an incomplete stream,
        // which is an error anyway).
        let mut late = Vec::new();
        let digests = self.core.finish(&mut late);
        debug_assert!(
            late.is_empty() || digests.is_err(),
            "entries decoded only at the end of the stream"
        );
        digests
    }
}

/// The shared machinery of [`LayerStream`] and [`FileExtract`](super::FileExtract).
#[derive(Debug)]
pub(crate) struct Pipeline {
    compression: Compression,
    limits: Limits,
    decoder: Decoder,
    tar: TarStream,
    /// Hash of the compressed bytes (unused for an uncompressed layer: the tar's hash is it;
    /// `None` when no digest is wanted).
    hasher: Option<BlobHasher>,
    /// Compressed bytes pushed.
    compressed: u64,
    error: Option<LayerError>,
}

impl Pipeline {
    pub fn new(compression: Compression, limits: Limits) -> Self {
        Pipeline {
            compression,
            limits,
            decoder: Decoder::new(compression),
            tar: TarStream::new(limits),
            hasher: Some(BlobHasher::new()),
            compressed: 0,
            error: None,
        }
    }

    /// A pipeline that computes neither digest (their strings are empty): for taking one file
    /// out of a layer already verified while it was listed.
    pub fn unhashed(compression: Compression, limits: Limits) -> Self {
        Pipeline {
            tar: TarStream::unhashed(limits),
            hasher: None,
            ..Pipeline::new(compression, limits)
        }
    }

    pub fn push(&mut self, compressed: &[u8], sink: &mut impl EntrySink) -> Result<(), LayerError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        self.compressed += compressed.len() as u64;
        if self.compression != Compression::None
            && let Some(hasher) = &mut self.hasher
        {
            hasher.update(compressed);
        }
        let result = Self::run(
            &mut self.decoder,
            &mut self.tar,
            &self.limits,
            compressed,
            sink,
        );
        if let Err(error) = &result {
            self.error = Some(error.clone());
        }
        result
    }

    fn run(
        decoder: &mut Decoder,
        tar: &mut TarStream,
        limits: &Limits,
        compressed: &[u8],
        sink: &mut impl EntrySink,
    ) -> Result<(), LayerError> {
        decoder.push(compressed, &mut |chunk, consumed| {
            feed(tar, limits, chunk, consumed, sink)
        })
    }

    pub fn progress(&self) -> Progress {
        Progress {
            compressed: self.compressed,
            uncompressed: self.tar.bytes(),
            entries: self.tar.entries(),
        }
    }

    pub fn finish(self, sink: &mut impl EntrySink) -> Result<LayerDigests, LayerError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let Pipeline {
            compression,
            limits,
            decoder,
            mut tar,
            hasher,
            compressed: compressed_bytes,
            ..
        } = self;
        decoder.finish(&mut |chunk, consumed| feed(&mut tar, &limits, chunk, consumed, sink))?;
        let summary = tar.finish()?;
        let compressed = match (compression, hasher) {
            (Compression::None, _) => summary.diff_id.clone(),
            (_, Some(hasher)) => hasher.finish(),
            (_, None) => String::new(),
        };
        Ok(LayerDigests {
            compressed,
            uncompressed: summary.diff_id,
            entries: summary.entries,
            uncompressed_bytes: summary.uncompressed_bytes,
            compressed_bytes,
        })
    }
}

/// Checks the expansion ratio, then parses one decompressed chunk.
fn feed(
    tar: &mut TarStream,
    limits: &Limits,
    chunk: &[u8],
    consumed: u64,
    sink: &mut impl EntrySink,
) -> Result<(), LayerError> {
    limits.check_expansion(tar.bytes() + chunk.len() as u64, consumed)?;
    tar.push_to(chunk, sink)
}
