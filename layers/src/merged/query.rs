//! Reading the tree: a directory's children, one path, search, largest files, flat pages.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::node::{MergedNode, Page, SortBy};
use super::tree::{MergedTree, NodeId, ROOT};
use crate::entry::EntryKind;

impl MergedTree {
    /// The children of the directory at `dir_path` (`""` or `/` for the root), by name;
    /// empty when there is no such directory.
    pub fn children(&self, dir_path: &str) -> Vec<MergedNode> {
        let Some(dir) = self.find(dir_path) else {
            return Vec::new();
        };
        let base = self.path_of(dir);
        self.nodes[dir]
            .children
            .values()
            .map(|&child| {
                let path = if base.is_empty() {
                    self.nodes[child].name.clone()
                } else {
                    format!("{base}/{}", self.nodes[child].name)
                };
                self.node(child, path)
            })
            .collect()
    }

    /// The node at `path` (`""` for the root).
    pub fn get(&self, path: &str) -> Option<MergedNode> {
        let id = self.find(path)?;
        Some(self.node(id, self.path_of(id)))
    }

    /// Nodes whose path contains `query`, case-insensitively, in tree order: the first `limit`
    /// of them, and how many match in all.
    pub fn search(&self, query: &str, limit: usize) -> Page {
        let needle = query.to_lowercase();
        let mut nodes = Vec::new();
        let mut total = 0u64;
        self.walk(|id, path| {
            if contains_ignore_case(path, &needle) {
                total += 1;
                if nodes.len() < limit {
                    nodes.push(self.node(id, path.to_owned()));
                }
            }
        });
        Page { nodes, total }
    }

    /// The `limit` largest regular files, largest first (ties in tree order).
    pub fn largest(&self, limit: usize) -> Vec<MergedNode> {
        if limit == 0 {
            return Vec::new();
        }
        // A min-heap of the best `limit` so far, keyed by (size, earlier in tree order).
        let mut heap: BinaryHeap<Reverse<(u64, Reverse<usize>, NodeId)>> = BinaryHeap::new();
        let mut rank = 0usize;
        self.walk_ids(|id| {
            rank += 1;
            let node = &self.nodes[id];
            if node.kind() != EntryKind::File {
                return;
            }
            let key = Reverse((node.total, Reverse(rank), id));
            if heap.len() < limit {
                heap.push(key);
            } else if heap.peek().is_some_and(|min| key < *min) {
                heap.pop();
                heap.push(key);
            }
        });
        let mut best: Vec<_> = heap.into_iter().map(|Reverse(k)| k).collect();
        best.sort_by(|a, b| b.cmp(a));
        best.into_iter()
            .map(|(_, _, id)| self.node(id, self.path_of(id)))
            .collect()
    }

    /// Every entry that is not a directory (files, links, devices…), sorted, `limit` of them
    /// from `offset`, and how many there are in all.
    pub fn flat(&self, sort: SortBy, offset: usize, limit: usize) -> Page {
        let mut ids: Vec<NodeId> = Vec::new();
        self.walk_ids(|id| {
            if self.nodes[id].kind() != EntryKind::Directory {
                ids.push(id);
            }
        });
        let total = ids.len() as u64;
        match sort {
            SortBy::Path => {}
            SortBy::PathDescending => ids.reverse(),
            // Stable sorts keep tree order between equal sizes.
            SortBy::SizeDescending => ids.sort_by_key(|&id| Reverse(self.nodes[id].total)),
            SortBy::SizeAscending => ids.sort_by_key(|&id| self.nodes[id].total),
        }
        let nodes = ids
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|id| self.node(id, self.path_of(id)))
            .collect();
        Page { nodes, total }
    }

    /// Visits every live node but the root in tree order with its path, keeping one path
    /// buffer (no recursion, whatever the depth).
    fn walk(&self, mut visit: impl FnMut(NodeId, &str)) {
        let mut path = String::new();
        // (node, length of `path` before this node's name was appended)
        let mut stack: Vec<(NodeId, usize)> = self.nodes[ROOT]
            .children
            .values()
            .rev()
            .map(|&c| (c, 0))
            .collect();
        while let Some((id, len)) = stack.pop() {
            path.truncate(len);
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(&self.nodes[id].name);
            visit(id, &path);
            let here = path.len();
            stack.extend(self.nodes[id].children.values().rev().map(|&c| (c, here)));
        }
    }

    /// Visits every live node but the root in tree order.
    fn walk_ids(&self, mut visit: impl FnMut(NodeId)) {
        let mut stack: Vec<NodeId> = self.nodes[ROOT].children.values().rev().copied().collect();
        while let Some(id) = stack.pop() {
            visit(id);
            stack.extend(self.nodes[id].children.values().rev());
        }
    }

    /// The path of a node, from its ancestors.
    pub(crate) fn path_of(&self, mut id: NodeId) -> String {
        let mut parts = Vec::new();
        while id != ROOT {
            parts.push(self.nodes[id].name.as_str());
            id = self.nodes[id].parent;
        }
        parts.reverse();
        parts.join("/")
    }

    fn node(&self, id: NodeId, path: String) -> MergedNode {
        let n = &self.nodes[id];
        MergedNode {
            path,
            name: n.name.clone(),
            kind: n.kind(),
            entry: n.entry.clone(),
            size: n.total,
            added_by: n.added_by,
            changed_by: n.changed_by,
            overwrote: n.overwrote,
            whiteout: n.whiteout,
            children: n.children.len() as u64,
            descendants: n.descendants,
        }
    }
}

/// Whether `haystack` contains `needle_lower` (already lowercased), ignoring case.
fn contains_ignore_case(haystack: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if needle_lower.is_ascii() {
        let needle = needle_lower.as_bytes();
        return haystack
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle));
    }
    haystack.to_lowercase().contains(needle_lower)
}
