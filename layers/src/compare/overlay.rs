//! What a run of layers does to the filesystem below it, path by path: what it wrote, and what
//! of the lower layers it hid (whiteouts, opaque directories, a directory replaced by a file),
//! without knowing the lower layers. Applied to nothing, it is the image's whole filesystem.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use serde::{Deserialize, Serialize};

use super::hides::Hides;
use crate::entry::{Entry, EntryKind};
use crate::merged::{OPAQUE_MARKER, WHITEOUT_PREFIX};
use crate::stream::HashedListing;

/// One path's entry as the comparison sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    /// What it is.
    pub kind: EntryKind,
    /// Size of a regular file's content.
    pub size: u64,
    /// Permission bits.
    pub mode: u32,
    /// Numeric owner.
    pub uid: u64,
    /// Numeric group.
    pub gid: u64,
    /// Link target (symbolic or hard link).
    pub link_target: Option<String>,
    /// `sha256:…` of a regular file's content, when it was hashed.
    pub digest: Option<String>,
    /// Modification time (seconds since the epoch).
    pub mtime: i64,
    /// Index of the layer (in its image) that wrote it.
    pub layer: usize,
}

impl FileState {
    fn of(entry: &Entry, digest: Option<&str>, layer: usize) -> Self {
        FileState {
            kind: entry.kind,
            size: entry.size,
            mode: entry.mode,
            uid: entry.uid,
            gid: entry.gid,
            link_target: entry.link_target.clone(),
            digest: digest.map(str::to_owned),
            mtime: entry.mtime,
            layer,
        }
    }
}

/// A path's state after a run of layers, over a lower filesystem it does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathState<'a> {
    /// The run wrote this entry.
    Written(&'a FileState),
    /// The run hid the lower layers' entry (whiteout, opaque directory, replaced parent).
    Gone,
    /// The run did not touch it: it is what the lower layers hold.
    Inherited,
}

/// The effect of a run of layers, bottom first.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    written: BTreeMap<String, FileState>,
    /// Paths whose lower entry and everything below it are hidden.
    hidden: BTreeSet<String>,
    /// Directories whose lower children are hidden (the directory itself stays).
    opaque: BTreeSet<String>,
    /// Both sets as a tree, for answering whether a path is hidden.
    hides: Hides,
}

impl Overlay {
    /// An overlay of no layers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the overlay of `layers` (`(index of the layer in its image, its listing)`,
    /// bottom first).
    pub fn of<'a>(layers: impl IntoIterator<Item = (usize, &'a HashedListing)>) -> Self {
        let mut overlay = Overlay::new();
        for (index, listing) in layers {
            overlay.add_layer(index, listing);
        }
        overlay
    }

    /// Applies one more layer on top: its whiteouts and opaque markers first (they act on the
    /// layers below, wherever they sit in the tar), then its entries.
    pub fn add_layer(&mut self, index: usize, listing: &HashedListing) {
        let mut content = Vec::new();
        // Subtrees whose earlier entries this layer drops (each subtree once: see `prune`).
        let mut dropped = BTreeSet::new();
        for (entry, digest) in listing.iter() {
            let (dir, name) = split(&entry.path);
            if entry.kind == EntryKind::File && name == OPAQUE_MARKER {
                dropped.insert(dir.to_owned());
                self.hides.make_opaque(dir);
                self.opaque.insert(dir.to_owned());
            } else if entry.kind == EntryKind::File && name.starts_with(WHITEOUT_PREFIX) {
                let hidden = &name[WHITEOUT_PREFIX.len()..];
                if hidden.is_empty() || hidden == "." || hidden == ".." {
                    continue;
                }
                let target = join(dir, hidden);
                self.written.remove(&target);
                self.hides.hide(&target);
                dropped.insert(target.clone());
                self.hidden.insert(target);
            } else {
                content.push((entry, digest));
            }
        }
        self.prune(&dropped);
        let mut replaced = BTreeSet::new();
        for (entry, _) in &content {
            if entry.kind != EntryKind::Directory {
                replaced.insert(entry.path.clone());
            }
        }
        // A non-directory replaces whatever earlier layers had below that path.
        self.prune(&replaced);
        for (entry, digest) in content {
            if entry.kind != EntryKind::Directory {
                self.hides.make_opaque(&entry.path);
                self.opaque.insert(entry.path.clone());
            }
            self.written
                .insert(entry.path.clone(), FileState::of(entry, digest, index));
        }
    }

    /// Drops what was written strictly below each of `dirs`, visiting only the outermost ones
    /// (a subtree inside another is pruned with it), so the cost is the entries removed.
    fn prune(&mut self, dirs: &BTreeSet<String>) {
        for dir in outermost(dirs) {
            let below: Vec<String> = self.below(dir).map(|(p, _)| p.clone()).collect();
            for path in below {
                self.written.remove(&path);
            }
        }
    }

    /// Entries written strictly below `dir` (everything for the root, `""`).
    pub fn below<'s>(&'s self, dir: &str) -> impl Iterator<Item = (&'s String, &'s FileState)> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.written
            .range::<String, _>((Bound::Included(prefix.clone()), Bound::Unbounded))
            .take_while(move |(p, _)| p.starts_with(&prefix))
            .filter(|(p, _)| !p.is_empty())
    }

    /// The state of `path` after the run.
    pub fn state(&self, path: &str) -> PathState<'_> {
        if let Some(state) = self.written.get(path) {
            return PathState::Written(state);
        }
        if self.hides.covers(path) {
            return PathState::Gone;
        }
        PathState::Inherited
    }

    /// Every path the run wrote or hid (hidden paths and opaque directories included).
    pub fn touched(&self) -> impl Iterator<Item = &String> {
        self.written
            .keys()
            .chain(self.hidden.iter())
            .chain(self.opaque.iter())
    }

    /// The paths whose lower subtree the run hides (whiteouts, opaque directories, paths
    /// replaced by non-directories).
    pub fn hiding(&self) -> impl Iterator<Item = &String> {
        self.hidden.iter().chain(self.opaque.iter())
    }

    /// The hidden paths and opaque directories, sorted (for [`outermost`]).
    pub(crate) fn hiding_set(&self) -> BTreeSet<&str> {
        self.hiding().map(String::as_str).collect()
    }

    /// The entry written at `path`, if any.
    pub fn written(&self, path: &str) -> Option<&FileState> {
        self.written.get(path)
    }

    /// How many entries the run wrote (as they stand after it).
    pub fn len(&self) -> usize {
        self.written.len()
    }

    /// Whether the run wrote nothing that stands.
    pub fn is_empty(&self) -> bool {
        self.written.is_empty()
    }
}

/// The paths of a sorted set that lie below none of the others (`""`, the root, covers all).
pub(crate) fn outermost<'a, S: AsRef<str> + 'a>(
    dirs: impl IntoIterator<Item = &'a S>,
) -> Vec<&'a str> {
    let mut kept: Vec<&str> = Vec::new();
    for dir in dirs {
        let dir = dir.as_ref();
        let inside = kept.last().is_some_and(|last: &&str| {
            last.is_empty()
                || (dir.len() > last.len()
                    && dir.starts_with(*last)
                    && dir.as_bytes()[last.len()] == b'/')
        });
        if !inside {
            kept.push(dir);
        }
    }
    kept
}

fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}
