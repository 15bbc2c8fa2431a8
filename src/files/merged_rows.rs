//! The merged filesystem's rows: the streamed layers applied in order by `regscope-layers`'
//! merged tree (whiteouts and opaque directories honoured, overwritten entries marked). The
//! tree of the layers read to their end is kept and grown; the layer still streaming is laid
//! on a copy of it, so its entries show as they arrive.

use std::rc::Rc;

use regscope_layers::entry::{Entry, EntryKind};
use regscope_layers::merged::{MergedNode, MergedTree};

use super::listing::{Listing, Phase};
use super::rows::{Row, implied_directory_entry};

/// The tree of the first layers read to their end, and how many it holds.
#[derive(Debug, Default)]
pub struct MergedSoFar {
    /// Layers applied (the first `layers` of the listing).
    pub layers: usize,
    /// Them, merged.
    pub tree: MergedTree,
}

/// Every row of the merged filesystem of `listing`'s layers, sorted by path.
pub fn merged_rows(listing: &mut Listing) -> Vec<Row> {
    let mut so_far = listing.merged.take().unwrap_or_default();
    while let Some(layer) = listing.layers.get(so_far.layers) {
        if layer.phase != Phase::Done {
            break;
        }
        so_far
            .tree
            .add_layer(layer.info.index, &plain(&layer.entries));
        so_far.layers += 1;
    }
    let partial = listing
        .layers
        .get(so_far.layers)
        .filter(|l| !l.entries.is_empty());
    let rows = match partial {
        Some(layer) => {
            let mut tree = so_far.tree.clone();
            tree.add_layer(layer.info.index, &plain(&layer.entries));
            rows_of(&tree)
        }
        None => rows_of(&so_far.tree),
    };
    listing.merged = Some(so_far);
    rows
}

fn plain(entries: &[Rc<Entry>]) -> Vec<Entry> {
    entries.iter().map(|e| (**e).clone()).collect()
}

/// Every node of `tree` as a row, sorted by path; a link that does not resolve says why.
fn rows_of(tree: &MergedTree) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut dirs = vec![String::new()];
    while let Some(dir) = dirs.pop() {
        for node in tree.children(&dir) {
            if node.kind == EntryKind::Directory {
                dirs.push(node.path.clone());
            }
            let mut row = row_of(node);
            if matches!(row.entry.kind, EntryKind::Symlink | EntryKind::HardLink) {
                row.link_error = tree.resolve_link(&row.entry.path).err();
            }
            rows.push(row);
        }
    }
    rows.sort_by(|a, b| a.entry.path.cmp(&b.entry.path));
    rows
}

fn row_of(node: MergedNode) -> Row {
    let implied = node.entry.is_none();
    let entry = node
        .entry
        .map(|mut e| {
            // The tree's path is the one shown (an entry may spell it with `./`).
            e.path = node.path.clone();
            e
        })
        .unwrap_or_else(|| implied_directory_entry(node.path.clone()));
    Row {
        entry: Rc::new(entry),
        added: node.added_by,
        changed: node.changed_by,
        overwrote: node.overwrote,
        implied,
        whiteout: node.whiteout,
        link_error: None,
    }
}
