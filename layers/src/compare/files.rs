//! The two filesystems compared path by path: added, removed, modified (what differs), with
//! totals; semantic by default (mtimes ignored), strict on request.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::overlay::{FileState, Overlay, PathState, outermost};
use crate::entry::EntryKind;

/// Changes listed at most; beyond it they are only counted ([`FileComparison::truncated`]).
pub const MAX_LISTED_CHANGES: usize = 100_000;

/// What counts as a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Content and metadata that matter to a running container: kind, size, mode, owner,
    /// link target, content digest. Modification times, tar order and compression metadata
    /// are ignored, so two builds of the same inputs at different times compare equal.
    #[default]
    Semantic,
    /// Everything semantic compares, plus each file's modification time.
    Strict,
}

/// One aspect in which a path differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// File, directory, link…
    Kind,
    /// Content size.
    Size,
    /// Permission bits.
    Mode,
    /// Numeric owner or group.
    Owner,
    /// Link target.
    LinkTarget,
    /// Content digest (same size, other bytes).
    Content,
    /// Modification time (strict mode only).
    Mtime,
}

/// How a path differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileChangeKind {
    /// Only in the new image.
    Added,
    /// Only in the old image.
    Removed,
    /// In both, with differences.
    Modified,
    /// Only one side's upper layers wrote or hid it; the other side keeps the shared layers'
    /// version, which was not read (give the shared layers' listings to resolve it).
    Unresolved,
}

/// One path that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    /// The path.
    pub path: String,
    /// Added, removed, modified or unresolved.
    pub kind: FileChangeKind,
    /// What differs (for modified paths), in a fixed order.
    pub aspects: Vec<Aspect>,
    /// The old entry, when known and present.
    pub old: Option<FileState>,
    /// The new entry, when known and present.
    pub new: Option<FileState>,
}

/// Counts and byte totals of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FileTotals {
    /// Paths added.
    pub added: u64,
    /// Paths removed.
    pub removed: u64,
    /// Paths modified.
    pub modified: u64,
    /// Paths one side changed over unread shared layers.
    pub unresolved: u64,
    /// Bytes of the files added.
    pub added_bytes: u64,
    /// Bytes of the files removed.
    pub removed_bytes: u64,
    /// Sum over modified files of the new size minus the old (may be negative).
    pub modified_delta_bytes: i64,
}

/// The file-level result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileComparison {
    /// Semantic or strict.
    pub mode: Mode,
    /// The changes, sorted by path (at most [`MAX_LISTED_CHANGES`]).
    pub changes: Vec<FileChange>,
    /// Counts over every change, listed or not.
    pub totals: FileTotals,
    /// Whether changes beyond the cap were counted but not listed.
    pub truncated: bool,
    /// No change at all: the same content (in this mode).
    pub same: bool,
}

/// Compares the old and new images' upper runs of layers (the layers above their shared
/// base). `base` is the shared layers' own overlay when they were read: it resolves the paths
/// one side alone touched; without it those are [`FileChangeKind::Unresolved`]. Two whole
/// images with nothing shared are compared with an empty base (`Some(&Overlay::new())`).
pub fn compare_files(
    old: &Overlay,
    new: &Overlay,
    base: Option<&Overlay>,
    mode: Mode,
) -> FileComparison {
    let mut paths: BTreeSet<&str> = old
        .touched()
        .chain(new.touched())
        .map(String::as_str)
        .collect();
    if let Some(base) = base {
        // What a side hid of the base: every base path below it is a candidate (each subtree
        // visited once, however many hidden paths nest inside it).
        let mut hiding = old.hiding_set();
        hiding.extend(new.hiding_set());
        for dir in outermost(&hiding) {
            paths.extend(base.below(dir).map(|(p, _)| p.as_str()));
        }
        for dir in hiding {
            if base.written(dir).is_some() {
                paths.insert(dir);
            }
        }
    }
    let mut result = FileComparison {
        mode,
        changes: Vec::new(),
        totals: FileTotals::default(),
        truncated: false,
        same: true,
    };
    for path in paths {
        if let Some(change) = compare_path(path, old, new, base, mode) {
            count(&mut result.totals, &change);
            if result.changes.len() < MAX_LISTED_CHANGES {
                result.changes.push(change);
            } else {
                result.truncated = true;
            }
        }
    }
    result.same = result.totals.added
        + result.totals.removed
        + result.totals.modified
        + result.totals.unresolved
        == 0;
    result
}

/// A side's entry at `path`: `Ok(Some)` present, `Ok(None)` absent, `Err(())` unknown (the
/// shared layers' version, unread).
fn resolve<'a>(
    side: &'a Overlay,
    base: Option<&'a Overlay>,
    path: &str,
) -> Result<Option<&'a FileState>, ()> {
    match side.state(path) {
        PathState::Written(state) => Ok(Some(state)),
        PathState::Gone => Ok(None),
        PathState::Inherited => match base {
            Some(base) => match base.state(path) {
                PathState::Written(state) => Ok(Some(state)),
                _ => Ok(None),
            },
            None => Err(()),
        },
    }
}

fn compare_path(
    path: &str,
    old: &Overlay,
    new: &Overlay,
    base: Option<&Overlay>,
    mode: Mode,
) -> Option<FileChange> {
    if path.is_empty() {
        // The root's own metadata (a layer's `./` entry) is not a file of the image.
        return None;
    }
    let a = resolve(old, base, path);
    let b = resolve(new, base, path);
    let (kind, aspects) = match (&a, &b) {
        (Ok(Some(x)), Ok(Some(y))) => {
            let aspects = differences(x, y, mode);
            if aspects.is_empty() {
                return None;
            }
            (FileChangeKind::Modified, aspects)
        }
        (Ok(None), Ok(Some(_))) => (FileChangeKind::Added, Vec::new()),
        (Ok(Some(_)), Ok(None)) => (FileChangeKind::Removed, Vec::new()),
        (Ok(None), Ok(None)) | (Err(()), Err(())) => return None,
        (Err(()), _) | (_, Err(())) => (FileChangeKind::Unresolved, Vec::new()),
    };
    Some(FileChange {
        path: path.to_owned(),
        kind,
        aspects,
        old: a.ok().flatten().cloned(),
        new: b.ok().flatten().cloned(),
    })
}

/// What differs between two entries of one path.
pub(crate) fn differences(a: &FileState, b: &FileState, mode: Mode) -> Vec<Aspect> {
    let mut aspects = Vec::new();
    if a.kind != b.kind {
        aspects.push(Aspect::Kind);
    }
    if a.size != b.size {
        aspects.push(Aspect::Size);
    }
    if a.mode != b.mode {
        aspects.push(Aspect::Mode);
    }
    if (a.uid, a.gid) != (b.uid, b.gid) {
        aspects.push(Aspect::Owner);
    }
    if a.link_target != b.link_target {
        aspects.push(Aspect::LinkTarget);
    }
    if a.kind == EntryKind::File
        && b.kind == EntryKind::File
        && a.size == b.size
        && a.digest != b.digest
    {
        aspects.push(Aspect::Content);
    }
    if mode == Mode::Strict && a.mtime != b.mtime {
        aspects.push(Aspect::Mtime);
    }
    aspects
}

fn count(totals: &mut FileTotals, change: &FileChange) {
    let size = |s: &Option<FileState>| s.as_ref().map_or(0, |s| s.size);
    match change.kind {
        FileChangeKind::Added => {
            totals.added += 1;
            totals.added_bytes = totals.added_bytes.saturating_add(size(&change.new));
        }
        FileChangeKind::Removed => {
            totals.removed += 1;
            totals.removed_bytes = totals.removed_bytes.saturating_add(size(&change.old));
        }
        FileChangeKind::Modified => {
            totals.modified += 1;
            let delta = i128::from(size(&change.new)) - i128::from(size(&change.old));
            let delta = i64::try_from(delta).unwrap_or(if delta < 0 { i64::MIN } else { i64::MAX });
            totals.modified_delta_bytes = totals.modified_delta_bytes.saturating_add(delta);
        }
        FileChangeKind::Unresolved => totals.unresolved += 1,
    }
}
