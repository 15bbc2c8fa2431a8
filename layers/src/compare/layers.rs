//! The two layer lists aligned by content: shared layers (same blob, or the same diff_id
//! under another compression) paired by a diff over their diff_ids, so an added or removed
//! layer leaves every later layer paired with its match; the layers left over are paired by
//! size; and what must be read to compare the files.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// One layer of one image, as its manifest and config name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerRef {
    /// The blob digest (manifest).
    pub digest: String,
    /// The diff_id (config), when the config lists one for this layer.
    pub diff_id: Option<String>,
    /// Size of the blob.
    pub size: u64,
    /// The layer's media type.
    pub media_type: String,
}

impl LayerRef {
    /// What two layers are matched on: the diff_id (the content, whatever the compression),
    /// else the blob digest.
    pub(crate) fn key(&self) -> &str {
        self.diff_id.as_deref().unwrap_or(&self.digest)
    }
}

/// How an old layer and a new one relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayerMatch {
    /// The same blob on both sides.
    Shared,
    /// The same content (diff_id) stored as another blob (another compression or gzip header).
    Recompressed,
    /// Different content at the same place of the alignment.
    Changed,
    /// Only in the new image.
    Added,
    /// Only in the old image.
    Removed,
}

/// One row of the alignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerPair {
    /// How the two relate.
    pub kind: LayerMatch,
    /// Index in the old image's layers.
    pub old: Option<usize>,
    /// Index in the new image's layers.
    pub new: Option<usize>,
}

/// Both layer lists aligned, and what comparing the files needs read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerAlignment {
    /// The rows, bottom first.
    pub pairs: Vec<LayerPair>,
    /// How many bottom layers the two images share, in the same order (same diff_ids): the
    /// filesystem they make is the same on both sides and is never read.
    pub shared_base: usize,
    /// Old layers to read for the file comparison (indexes, bottom first).
    pub read_old: Vec<usize>,
    /// New layers to read, bottom first, without those whose diff_id is read on the old side
    /// already (the same content serves both sides).
    pub read_new: Vec<usize>,
    /// Blob bytes those reads download.
    pub bytes_to_read: u64,
    /// Blob bytes of the layers not read.
    pub bytes_not_read: u64,
}

impl LayerAlignment {
    /// Whether every layer is shared or recompressed (same content).
    pub fn same_content(&self) -> bool {
        self.pairs
            .iter()
            .all(|p| matches!(p.kind, LayerMatch::Shared | LayerMatch::Recompressed))
    }

    /// Whether every layer is the very same blob.
    pub fn same_blobs(&self) -> bool {
        self.pairs.iter().all(|p| p.kind == LayerMatch::Shared)
    }
}

/// Aligns two images' layers (old first).
pub fn align_layers(old: &[LayerRef], new: &[LayerRef]) -> LayerAlignment {
    let old_keys: Vec<&str> = old.iter().map(LayerRef::key).collect();
    let new_keys: Vec<&str> = new.iter().map(LayerRef::key).collect();
    let mut pairs = Vec::new();
    let same = |o: usize, n: usize| LayerPair {
        kind: if old[o].digest == new[n].digest {
            LayerMatch::Shared
        } else {
            LayerMatch::Recompressed
        },
        old: Some(o),
        new: Some(n),
    };
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => pairs.extend((0..len).map(|i| same(old_index + i, new_index + i))),
            DiffOp::Delete {
                old_index, old_len, ..
            } => pairs.extend((old_index..old_index + old_len).map(|o| LayerPair {
                kind: LayerMatch::Removed,
                old: Some(o),
                new: None,
            })),
            DiffOp::Insert {
                new_index, new_len, ..
            } => pairs.extend((new_index..new_index + new_len).map(|n| LayerPair {
                kind: LayerMatch::Added,
                old: None,
                new: Some(n),
            })),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => pairs.extend(pair_by_size(
                old,
                new,
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            )),
        }
    }
    let shared_base = old_keys
        .iter()
        .zip(&new_keys)
        .take_while(|(a, b)| a == b)
        .count();
    let read_old: Vec<usize> = (shared_base..old.len()).collect();
    let read_keys: BTreeSet<&str> = read_old.iter().map(|&i| old_keys[i]).collect();
    let mut seen_new = BTreeSet::new();
    let read_new: Vec<usize> = (shared_base..new.len())
        .filter(|&i| !read_keys.contains(new_keys[i]) && seen_new.insert(new_keys[i]))
        .collect();
    let total: u64 = old.iter().chain(new).map(|l| l.size).sum();
    let bytes_to_read: u64 = read_old.iter().map(|&i| old[i].size).sum::<u64>()
        + read_new.iter().map(|&i| new[i].size).sum::<u64>();
    LayerAlignment {
        pairs,
        shared_base,
        read_old,
        read_new,
        bytes_to_read,
        bytes_not_read: total.saturating_sub(bytes_to_read),
    }
}

/// Pairs the layers of one replaced run: each old layer with the unpaired new layer closest in
/// size (ratio of the smaller to the larger at least one half), rows kept in layer order.
fn pair_by_size(
    old: &[LayerRef],
    new: &[LayerRef],
    olds: std::ops::Range<usize>,
    news: std::ops::Range<usize>,
) -> Vec<LayerPair> {
    let mut taken = vec![false; news.len()];
    let mut partner: Vec<Option<usize>> = vec![None; olds.len()];
    for (slot, o) in olds.clone().enumerate() {
        let best = news
            .clone()
            .enumerate()
            .filter(|(k, _)| !taken[*k])
            .map(|(k, n)| (k, n, closeness(old[o].size, new[n].size)))
            .filter(|(_, _, c)| *c >= 0.5)
            .max_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((k, n, _)) = best {
            taken[k] = true;
            partner[slot] = Some(n);
        }
    }
    let mut rows: Vec<LayerPair> = Vec::new();
    for (slot, o) in olds.enumerate() {
        rows.push(match partner[slot] {
            Some(n) => LayerPair {
                kind: LayerMatch::Changed,
                old: Some(o),
                new: Some(n),
            },
            None => LayerPair {
                kind: LayerMatch::Removed,
                old: Some(o),
                new: None,
            },
        });
    }
    for (k, n) in news.enumerate() {
        if !taken[k] {
            rows.push(LayerPair {
                kind: LayerMatch::Added,
                old: None,
                new: Some(n),
            });
        }
    }
    // Layer order: by the new index where there is one, removed layers before the next one.
    rows.sort_by_key(|r| (r.new.unwrap_or(usize::MAX), r.old.unwrap_or(usize::MAX)));
    rows
}

/// Smaller size over larger (1 for equal sizes, two empty layers included).
fn closeness(a: u64, b: u64) -> f64 {
    let (low, high) = (a.min(b), a.max(b));
    if high == 0 {
        1.0
    } else {
        low as f64 / high as f64
    }
}
