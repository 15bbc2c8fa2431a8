//! What the merged tree answers with: one node as the Files tab shows it, and pages of them.

use serde::{Deserialize, Serialize};

use crate::entry::{Entry, EntryKind};

/// One file, directory or link of a merged (or single-layer) tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedNode {
    /// Path from the root (empty for the root itself), components joined with `/`.
    pub path: String,
    /// Last component of the path.
    pub name: String,
    /// What it is (a directory implied by deeper paths, without its own entry, is a directory).
    pub kind: EntryKind,
    /// The entry of the layer that last wrote it; `None` for a directory only implied by the
    /// paths below it (and for the root when no layer had a `./` entry).
    pub entry: Option<Entry>,
    /// A file's size; a directory's is the sum of the sizes of every file below it.
    pub size: u64,
    /// Index of the layer that first added it (of the layers given, in order).
    pub added_by: usize,
    /// Index of the layer that last added or changed it.
    pub changed_by: usize,
    /// Whether a later layer replaced an entry an earlier layer had at this path.
    pub overwrote: bool,
    /// In a single-layer tree: this entry is a whiteout (`.wh.NAME` or `.wh..wh..opq`), shown
    /// as written; merged trees apply whiteouts instead of showing them.
    pub whiteout: bool,
    /// Direct children (directories).
    pub children: u64,
    /// Everything below it (directories).
    pub descendants: u64,
}

/// Order of a flat listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SortBy {
    /// Tree order: by path, component by component (`a/b` before `a-b`, as in the tree).
    Path,
    /// Tree order reversed.
    PathDescending,
    /// Largest first (ties in tree order).
    SizeDescending,
    /// Smallest first (ties in tree order).
    SizeAscending,
}

/// One page of a longer answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The nodes of this page.
    pub nodes: Vec<MergedNode>,
    /// How many nodes the whole answer has.
    pub total: u64,
}
