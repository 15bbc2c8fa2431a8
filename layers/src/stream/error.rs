//! What can go wrong while reading a layer, in words a person can act on.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why reading a layer stopped. Offsets are in the uncompressed tar stream unless the variant
/// says "compressed". Once a reader returned an error it returns the same error on every later
/// call.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LayerError {
    /// The tar stream ended inside a header, a record or a file's content.
    #[error(
        "the layer ends at byte {offset} in the middle of {what}: the download was cut short or the blob is incomplete"
    )]
    Truncated {
        /// Uncompressed bytes received in all.
        offset: u64,
        /// What was being read (`the header of a tar entry`, `the content of "etc/passwd"`).
        what: String,
    },
    /// A header block's checksum does not match its bytes.
    #[error(
        "the tar header at byte {offset} is damaged (its checksum says {stored}, its bytes add up to {computed}){}: this is not a tar stream, or it is corrupt",
        name_hint(name)
    )]
    BadChecksum {
        /// Offset of the header block.
        offset: u64,
        /// The name field as far as it could be read, if any.
        name: String,
        /// The checksum written in the header (`None`-like `-1` when unreadable).
        stored: i64,
        /// The unsigned sum of the header's bytes.
        computed: i64,
    },
    /// A numeric field of a header holds something that is no number.
    #[error(
        "the tar header at byte {offset}{} has an unreadable {field} field ({value:?})",
        name_hint(name)
    )]
    BadField {
        /// Offset of the header block.
        offset: u64,
        /// The name field as far as it could be read.
        name: String,
        /// Which field (`size`, `mode`, …).
        field: String,
        /// The field's bytes, lossily as text.
        value: String,
    },
    /// A PAX extended header holds a malformed record.
    #[error("the PAX extended header at byte {offset} is malformed: {detail}")]
    BadPaxRecord {
        /// Offset of the extended header's own tar header.
        offset: u64,
        /// What is wrong with it.
        detail: String,
    },
    /// A PAX or GNU long-name/long-link record is larger than [`Limits::max_header_bytes`](super::Limits).
    #[error(
        "the {record} at byte {offset} claims {size} bytes, more than the {limit} bytes allowed for one header record: refusing to read it"
    )]
    HeaderTooLarge {
        /// Which record (`PAX extended header`, `GNU long name record`, …).
        record: String,
        /// Offset of its tar header.
        offset: u64,
        /// The size it claims.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A path or link target is longer than [`Limits::max_path_bytes`](super::Limits).
    #[error(
        "the entry at byte {offset} has a {what} of {len} bytes (starting {start:?}), longer than the {limit} bytes allowed"
    )]
    PathTooLong {
        /// Offset of the entry's header.
        offset: u64,
        /// `path` or `link target`.
        what: String,
        /// Its length.
        len: usize,
        /// Its first characters.
        start: String,
        /// The limit in force.
        limit: usize,
    },
    /// More entries than [`Limits::max_entries`](super::Limits).
    #[error("the layer has more than {limit} entries: stopped listing at byte {offset}")]
    TooManyEntries {
        /// The limit in force.
        limit: usize,
        /// Where the entry past the limit starts.
        offset: u64,
    },
    /// More uncompressed bytes than [`Limits::max_uncompressed`](super::Limits).
    #[error(
        "stopped after {limit} uncompressed bytes: the layer is larger than the {limit}-byte cap on one layer"
    )]
    TooLarge {
        /// The limit in force.
        limit: u64,
    },
    /// The layer expands more than [`Limits::max_expansion_ratio`](super::Limits) allows.
    #[error(
        "stopped after {uncompressed} bytes: the layer expands more than {ratio}× ({compressed} compressed bytes became {uncompressed}); it looks like a decompression bomb, so it was not read further"
    )]
    ExpansionCap {
        /// Uncompressed bytes produced when it stopped.
        uncompressed: u64,
        /// Compressed bytes consumed by then.
        compressed: u64,
        /// The ratio allowed.
        ratio: u64,
    },
    /// The gzip stream is damaged.
    #[error("the gzip stream is corrupt after {compressed_offset} compressed bytes: {detail}")]
    CorruptGzip {
        /// Compressed bytes consumed before the damage was seen.
        compressed_offset: u64,
        /// What the decoder said.
        detail: String,
    },
    /// The zstd stream is damaged.
    #[error("the zstd stream is corrupt after {compressed_offset} compressed bytes: {detail}")]
    CorruptZstd {
        /// Compressed bytes consumed before the damage was seen.
        compressed_offset: u64,
        /// What the decoder said.
        detail: String,
    },
    /// The compressed stream ended before its own end marker.
    #[error(
        "the {format} stream ends after {compressed_offset} compressed bytes in the middle of {what}: the download was cut short or the blob is incomplete"
    )]
    TruncatedCompressed {
        /// `gzip` or `zstd`.
        format: String,
        /// Compressed bytes received in all.
        compressed_offset: u64,
        /// What was being read.
        what: String,
    },
    /// The file asked for is not in the layer.
    #[error("{target} is not a file of this layer")]
    FileNotFound {
        /// The path or offset asked for, in words.
        target: String,
    },
    /// The file asked for is something whose bytes cannot be shown.
    #[error("{path} cannot be opened: {why}")]
    NotOpenable {
        /// The entry's path.
        path: String,
        /// Why (a link, a directory, a sparse file, …).
        why: String,
    },
}

fn name_hint(name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!(" (named {name:?})")
    }
}
