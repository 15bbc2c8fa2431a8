//! The table of contents as both formats write it: a JSON object `{"version": 1, "entries":
//! [...]}` whose entries follow the stargz TOCEntry of the eStargz specification
//! (`docs/estargz.md` in containerd/stargz-snapshotter), which zstd:chunked reuses with a few
//! fields of its own (`endOffset`, `chunkType`; containers/storage
//! `pkg/chunked/internal/minimal/compression.go`). One serde model serves the reader and the
//! writers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole TOC document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocJson {
    /// Must be 1 in both formats.
    pub version: i64,
    /// Every tar entry and every chunk after a file's first.
    #[serde(default)]
    pub entries: Vec<TocEntryJson>,
    /// zstd:chunked only: digest of the tar-split frame.
    #[serde(
        rename = "tarSplitDigest",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tar_split_digest: Option<String>,
}

/// One TOC entry: a tar entry, or a `chunk` of the regular file before it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TocEntryJson {
    /// Path as written in the tar.
    pub name: String,
    /// `dir`, `reg`, `symlink`, `hardlink`, `char`, `block`, `fifo` or `chunk`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Size of the whole regular file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// RFC 3339 modification time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modtime: Option<String>,
    /// Link target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_name: Option<String>,
    /// Mode bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<i64>,
    /// Owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<i64>,
    /// Group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gid: Option<i64>,
    /// Owner name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// Device major number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev_major: Option<i64>,
    /// Device minor number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev_minor: Option<i64>,
    /// Extended attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xattrs: Option<BTreeMap<String, String>>,
    /// Digest of the whole file's content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Offset in the blob of the compressed frame (gzip member / zstd frame) holding the chunk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// zstd:chunked: end of the file's last frame in the blob.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_offset: Option<i64>,
    /// Offset of this chunk in the file's content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_offset: Option<i64>,
    /// Uncompressed size of this chunk (0 or absent: up to the file's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_size: Option<i64>,
    /// Digest of this chunk's uncompressed bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_digest: Option<String>,
    /// eStargz: where the chunk starts inside the decompressed member at `offset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inner_offset: Option<i64>,
    /// zstd:chunked: `zeros` for a hole (no bytes stored), empty for data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_type: Option<String>,
}
