//! What can go wrong reading a lazy layer, in words a person can act on.

/// An error reading an eStargz or zstd:chunked layer through Range requests.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LazyError {
    /// A descriptor annotation is present but unreadable.
    #[error("the layer's annotation {key} is malformed ({value:?})")]
    BadAnnotation {
        /// The annotation key.
        key: String,
        /// Its value (first 80 characters).
        value: String,
    },
    /// The footer is missing or malformed: the layer is not in this format after all.
    #[error("no {format} footer: {why}")]
    NoFooter {
        /// `eStargz` or `zstd:chunked`.
        format: &'static str,
        /// What was wrong.
        why: String,
    },
    /// The registry answered the Range request with something unusable.
    #[error("the range request for bytes {start}-{end} got {why}")]
    BadAnswer {
        /// First byte asked.
        start: u64,
        /// Last byte asked (inclusive).
        end: u64,
        /// What came back instead.
        why: String,
    },
    /// The TOC's position lies outside the blob or is not before the footer.
    #[error("the TOC position {offset}+{length} does not fit in the {blob_size}-byte blob")]
    TocOutOfBounds {
        /// Offset claimed.
        offset: u64,
        /// Length claimed (compressed).
        length: u64,
        /// The blob's size.
        blob_size: u64,
    },
    /// The TOC is larger than the reader accepts.
    #[error("the TOC is {size} bytes, more than the {limit} accepted")]
    TocTooLarge {
        /// Size claimed or reached.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// The TOC's digest differs from the one the layer descriptor pins.
    #[error(
        "the TOC's digest is {actual}, but the layer descriptor says {expected}: the TOC was not used"
    )]
    TocDigestMismatch {
        /// Digest from the annotation.
        expected: String,
        /// Digest of the bytes received.
        actual: String,
    },
    /// The TOC's compressed bytes could not be decompressed.
    #[error("the TOC could not be decompressed: {0}")]
    CorruptToc(String),
    /// The TOC is not the JSON both formats define.
    #[error("the TOC is not a valid table of contents: {0}")]
    BadToc(String),
    /// Too many entries.
    #[error("the TOC lists {count} entries, more than the {limit} accepted")]
    TooManyEntries {
        /// Entries in the TOC.
        count: usize,
        /// The cap.
        limit: usize,
    },
    /// No such regular file in the TOC.
    #[error("{0:?} is not a regular file in this layer's TOC")]
    NoSuchFile(String),
    /// A chunk's position is not readable (outside the blob, negative, out of order).
    #[error("the chunk of {path:?} at offset {offset} has no readable extent in the blob")]
    BadChunk {
        /// The file.
        path: String,
        /// The chunk's offset in the blob.
        offset: i64,
    },
    /// A chunk did not decompress to what the TOC says.
    #[error("the chunk of {path:?} at offset {offset} could not be read: {why}")]
    CorruptChunk {
        /// The file.
        path: String,
        /// The chunk's offset in the blob.
        offset: u64,
        /// What was wrong.
        why: String,
    },
}
