//! Pairing the changed layers again once their listings are known: by how many paths they
//! share (Jaccard index of their path sets), which sizes alone can get wrong.

use std::collections::BTreeSet;

use super::layers::{LayerAlignment, LayerMatch, LayerPair, LayerRef};
use super::read::Listings;

/// Shared paths over all paths at least this for two layers to pair as changed.
pub const MIN_LISTING_SIMILARITY: f64 = 0.3;
/// Old × new layers of one run compared at most (each comparison walks both listings); a
/// larger run keeps its pairing by size.
pub const MAX_LISTING_COMPARISONS: usize = 1_024;

impl LayerAlignment {
    /// Re-pairs each run of rows between shared layers (changed, added, removed) by the
    /// similarity of their listings, when every layer of the run was read; a run with a layer
    /// not read keeps its pairing by size.
    pub fn pair_by_listings(&mut self, listings: &Listings, old: &[LayerRef], new: &[LayerRef]) {
        let mut rows = Vec::with_capacity(self.pairs.len());
        let mut run: Vec<LayerPair> = Vec::new();
        for pair in std::mem::take(&mut self.pairs) {
            if matches!(pair.kind, LayerMatch::Shared | LayerMatch::Recompressed) {
                rows.extend(repair(std::mem::take(&mut run), listings, old, new));
                rows.push(pair);
            } else {
                run.push(pair);
            }
        }
        rows.extend(repair(run, listings, old, new));
        self.pairs = rows;
    }
}

fn paths(listings: &Listings, layer: &LayerRef) -> Option<BTreeSet<String>> {
    listings
        .get(layer)
        .map(|l| l.entries.iter().map(|e| e.path.clone()).collect())
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

fn repair(
    run: Vec<LayerPair>,
    listings: &Listings,
    old: &[LayerRef],
    new: &[LayerRef],
) -> Vec<LayerPair> {
    let olds: Vec<usize> = run.iter().filter_map(|p| p.old).collect();
    let news: Vec<usize> = run.iter().filter_map(|p| p.new).collect();
    if olds.is_empty() || news.is_empty() || olds.len() * news.len() > MAX_LISTING_COMPARISONS {
        return run;
    }
    let old_paths: Option<Vec<_>> = olds.iter().map(|&i| paths(listings, &old[i])).collect();
    let new_paths: Option<Vec<_>> = news.iter().map(|&i| paths(listings, &new[i])).collect();
    let (Some(old_paths), Some(new_paths)) = (old_paths, new_paths) else {
        return run;
    };
    // Every candidate pair, most similar first; each layer paired at most once.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (a, pa) in old_paths.iter().enumerate() {
        for (b, pb) in new_paths.iter().enumerate() {
            let score = jaccard(pa, pb);
            if score >= MIN_LISTING_SIMILARITY {
                candidates.push((score, a, b));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut old_partner = vec![None; olds.len()];
    let mut new_taken = vec![false; news.len()];
    for (_, a, b) in candidates {
        if old_partner[a].is_none() && !new_taken[b] {
            old_partner[a] = Some(b);
            new_taken[b] = true;
        }
    }
    let mut rows: Vec<LayerPair> = Vec::new();
    for (a, &o) in olds.iter().enumerate() {
        rows.push(match old_partner[a] {
            Some(b) => LayerPair {
                kind: LayerMatch::Changed,
                old: Some(o),
                new: Some(news[b]),
            },
            None => LayerPair {
                kind: LayerMatch::Removed,
                old: Some(o),
                new: None,
            },
        });
    }
    for (b, &n) in news.iter().enumerate() {
        if !new_taken[b] {
            rows.push(LayerPair {
                kind: LayerMatch::Added,
                old: None,
                new: Some(n),
            });
        }
    }
    rows.sort_by_key(|r| (r.new.unwrap_or(usize::MAX), r.old.unwrap_or(usize::MAX)));
    rows
}
