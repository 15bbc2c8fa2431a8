//! One entry of a layer's listing, as the app shows it and the worker sends it.

use serde::{Deserialize, Serialize};

/// What kind of filesystem object a tar entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A regular file (`0`, `\0` or `7` typeflag).
    File,
    /// A directory (`5`).
    Directory,
    /// A symbolic link (`2`); its target is in [`Entry::link_target`].
    Symlink,
    /// A hard link (`1`) to an earlier entry of the same layer, named in [`Entry::link_target`].
    HardLink,
    /// A character device (`3`).
    CharDevice,
    /// A block device (`4`).
    BlockDevice,
    /// A FIFO (`6`).
    Fifo,
    /// Any other typeflag, kept so nothing is silently dropped.
    Other,
}

/// One entry of one layer, as its tar header (and any PAX / GNU long-name records before it)
/// described it. Paths are kept as the archive spelled them, normalised only by
/// [`Entry::path`]'s rules; hostile spellings (`..`, absolute) are flagged, never followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Path inside the layer, without a leading `./` or `/` and without a trailing `/`.
    pub path: String,
    /// What it is.
    pub kind: EntryKind,
    /// Permission bits and set-id/sticky bits (the low 12 bits of the mode field).
    pub mode: u32,
    /// Numeric owner.
    pub uid: u64,
    /// Numeric group.
    pub gid: u64,
    /// Owner name when the archive records one.
    pub user_name: Option<String>,
    /// Group name when the archive records one.
    pub group_name: Option<String>,
    /// Size of the file's content in bytes (0 for anything but regular files).
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
    /// Symlink or hard-link target, as written.
    pub link_target: Option<String>,
    /// Offset of the file's content in the uncompressed tar stream (for opening it later from
    /// an uncompressed or lazily readable layer).
    pub content_offset: u64,
    /// Set when the archive's name was unsafe (absolute, or holding `..`): shown as written,
    /// never resolved against other entries.
    pub unsafe_path: bool,
}
