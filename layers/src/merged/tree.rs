//! Building the tree: layers applied in order, whiteouts and opaque directories honoured.

use std::collections::BTreeMap;

use crate::entry::{Entry, EntryKind};

/// Prefix of a whiteout file: `.wh.NAME` hides `NAME` of the layers below.
pub const WHITEOUT_PREFIX: &str = ".wh.";
/// The opaque marker: hides every sibling the layers below put in its directory.
pub const OPAQUE_MARKER: &str = ".wh..wh..opq";

pub(crate) type NodeId = usize;
pub(crate) const ROOT: NodeId = 0;

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub name: String,
    pub parent: NodeId,
    pub children: BTreeMap<String, NodeId>,
    pub entry: Option<Entry>,
    pub added_by: usize,
    pub changed_by: usize,
    pub overwrote: bool,
    pub whiteout: bool,
    /// A hard link: its target was in the tree, written by the same layer, when the link was
    /// added (a tar hard link names an earlier member of its own archive).
    pub link_ok: bool,
    pub alive: bool,
    /// File size, or for a directory the sum over its subtree (kept by `recompute`).
    pub total: u64,
    pub descendants: u64,
}

impl Node {
    pub fn kind(&self) -> EntryKind {
        self.entry.as_ref().map_or(EntryKind::Directory, |e| e.kind)
    }
}

/// The filesystem an image's layers make together, or one layer alone.
#[derive(Debug, Clone)]
pub struct MergedTree {
    pub(crate) nodes: Vec<Node>,
    layers: usize,
    /// One layer shown as it is: whiteouts are entries, not applied.
    as_is: bool,
}

impl Default for MergedTree {
    fn default() -> Self {
        Self::new()
    }
}

impl MergedTree {
    /// An empty tree (only the root), ready for [`MergedTree::add_layer`].
    pub fn new() -> Self {
        MergedTree {
            nodes: vec![Node {
                name: String::new(),
                parent: ROOT,
                children: BTreeMap::new(),
                entry: None,
                added_by: 0,
                changed_by: 0,
                overwrote: false,
                whiteout: false,
                link_ok: false,
                alive: true,
                total: 0,
                descendants: 0,
            }],
            layers: 0,
            as_is: false,
        }
    }

    /// The tree of one layer alone: its whiteouts are listed as entries (marked
    /// [`MergedNode::whiteout`](super::MergedNode)), nothing is hidden.
    pub fn single_layer(layer_index: usize, entries: &[Entry]) -> Self {
        let mut tree = MergedTree::new();
        tree.as_is = true;
        tree.add_layer(layer_index, entries);
        tree
    }

    /// How many layers were added.
    pub fn layer_count(&self) -> usize {
        self.layers
    }

    /// Number of nodes in the tree (the root excluded).
    pub fn len(&self) -> u64 {
        self.nodes[ROOT].descendants
    }

    /// Whether the tree has nothing but its root.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Applies one layer's entries on top of the layers already added (call in layer order,
    /// bottom layer first). Entries with unsafe names are placed under their literal names
    /// (a `..` component is a directory named `..`), never resolved against other entries.
    pub fn add_layer(&mut self, layer_index: usize, entries: &[Entry]) {
        self.layers += 1;
        for entry in entries {
            self.apply(layer_index, entry);
        }
        self.recompute();
    }

    fn apply(&mut self, layer: usize, entry: &Entry) {
        if entry.path.is_empty() {
            // The layer's `./` entry: the root's own metadata.
            let root = &mut self.nodes[ROOT];
            if root.entry.is_some() && root.changed_by != layer {
                root.overwrote = true;
            }
            root.entry = Some(entry.clone());
            root.changed_by = layer;
            return;
        }
        let (parent_path, name) = match entry.path.rsplit_once('/') {
            Some((parent, name)) => (Some(parent), name),
            None => (None, entry.path.as_str()),
        };
        // Only a regular file is a marker: a directory or link named `.wh.x` is content.
        let marker = entry.kind == EntryKind::File && name.starts_with(WHITEOUT_PREFIX);
        if marker && !self.as_is {
            let Some(parent) = self.find_dir(parent_path) else {
                return;
            };
            let victim = &name[WHITEOUT_PREFIX.len()..];
            if name == OPAQUE_MARKER {
                self.make_opaque(parent, layer);
            } else if matches!(victim, "" | "." | "..") {
                // `.wh.`, `.wh..`, `.wh...` would name the directory itself or its parent:
                // never obeyed.
            } else if let Some(&child) = self.nodes[parent].children.get(victim)
                && self.nodes[child].changed_by != layer
            {
                if self.written_below(child, layer) {
                    // What this layer wrote below it (before the marker) stays; the lower
                    // directory itself and the rest of it go.
                    self.become_implied(child, layer);
                    self.make_opaque(child, layer);
                } else {
                    self.remove(child);
                }
            }
            return;
        }
        let link_ok = entry.kind == EntryKind::HardLink && self.links_in_layer(entry, layer);
        let parent = self.make_dirs(parent_path, layer);
        let whiteout = self.as_is && marker;
        match self.nodes[parent].children.get(name).copied() {
            Some(existing) => {
                if entry.kind != EntryKind::Directory {
                    // Anything but a directory has nothing below it: a file replacing a
                    // directory takes its whole subtree away.
                    for child in std::mem::take(&mut self.nodes[existing].children).into_values() {
                        self.kill(child);
                    }
                }
                let node = &mut self.nodes[existing];
                if node.entry.is_some() && node.changed_by != layer {
                    node.overwrote = true;
                }
                node.entry = Some(entry.clone());
                node.changed_by = layer;
                node.whiteout = whiteout;
                node.link_ok = link_ok;
            }
            None => {
                let id = self.push_node(parent, name, layer, Some(entry.clone()));
                self.nodes[id].whiteout = whiteout;
                self.nodes[id].link_ok = link_ok;
            }
        }
    }

    fn push_node(
        &mut self,
        parent: NodeId,
        name: &str,
        layer: usize,
        entry: Option<Entry>,
    ) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            name: name.to_owned(),
            parent,
            children: BTreeMap::new(),
            entry,
            added_by: layer,
            changed_by: layer,
            overwrote: false,
            whiteout: false,
            link_ok: false,
            alive: true,
            total: 0,
            descendants: 0,
        });
        self.nodes[parent].children.insert(name.to_owned(), id);
        id
    }

    /// The directory at `path`, creating the missing ones (implied, without an entry).
    /// A non-directory on the way (a file, or a symlink such as `lib -> usr/lib`) becomes the
    /// directory the entry implies, as an overlay filesystem shows an upper directory over a
    /// lower file; links on the way are not followed.
    fn make_dirs(&mut self, path: Option<&str>, layer: usize) -> NodeId {
        let mut at = ROOT;
        for part in path.into_iter().flat_map(|p| p.split('/')) {
            at = match self.nodes[at].children.get(part) {
                Some(&child) => {
                    if self.nodes[child].kind() != EntryKind::Directory {
                        let node = &mut self.nodes[child];
                        node.overwrote |= node.entry.is_some();
                        node.entry = None;
                        node.changed_by = layer;
                    }
                    child
                }
                None => self.push_node(at, part, layer, None),
            };
        }
        at
    }

    /// The node at `path` if it exists (`None` path: the root).
    pub(crate) fn find_dir(&self, path: Option<&str>) -> Option<NodeId> {
        let mut at = ROOT;
        for part in path.into_iter().flat_map(|p| p.split('/')) {
            at = *self.nodes[at].children.get(part)?;
        }
        Some(at)
    }

    /// The node at a normalised path (`""` is the root).
    pub(crate) fn find(&self, path: &str) -> Option<NodeId> {
        let (path, _) = crate::stream::normalize_path(path);
        if path.is_empty() {
            Some(ROOT)
        } else {
            self.find_dir(Some(&path))
        }
    }

    /// Hides what the layers below put in `dir`: children the current layer did not write
    /// go; directories it did write (or wrote something below, before the marker) keep only
    /// what it wrote.
    fn make_opaque(&mut self, dir: NodeId, layer: usize) {
        let mut stack = vec![dir];
        while let Some(at) = stack.pop() {
            let children: Vec<NodeId> = self.nodes[at].children.values().copied().collect();
            for child in children {
                if self.nodes[child].changed_by == layer {
                    stack.push(child);
                } else if self.written_below(child, layer) {
                    // A lower directory this layer put entries in: what remains is the
                    // directory those entries imply, nothing of the lower one.
                    self.become_implied(child, layer);
                    stack.push(child);
                } else {
                    self.remove(child);
                }
            }
        }
    }

    /// Whether a hard link's target is in the tree now, written by this same layer.
    fn links_in_layer(&self, entry: &Entry, layer: usize) -> bool {
        let target = entry.link_target.as_deref().unwrap_or("");
        let (target, _) = crate::stream::normalize_path(target);
        !target.is_empty()
            && target != entry.path
            && self
                .find_dir(Some(&target))
                .is_some_and(|t| self.nodes[t].changed_by == layer && self.nodes[t].entry.is_some())
    }

    /// Turns a lower layer's directory into the one this layer's entries below it imply.
    fn become_implied(&mut self, id: NodeId, layer: usize) {
        let node = &mut self.nodes[id];
        node.entry = None;
        node.added_by = layer;
        node.changed_by = layer;
        node.overwrote = false;
    }

    /// Whether this layer wrote anything below `id`.
    fn written_below(&self, id: NodeId, layer: usize) -> bool {
        let mut stack: Vec<NodeId> = self.nodes[id].children.values().copied().collect();
        while let Some(at) = stack.pop() {
            if self.nodes[at].changed_by == layer {
                return true;
            }
            stack.extend(self.nodes[at].children.values());
        }
        false
    }

    /// Takes a node and its subtree out of the tree.
    fn remove(&mut self, id: NodeId) {
        let parent = self.nodes[id].parent;
        let name = self.nodes[id].name.clone();
        self.nodes[parent].children.remove(&name);
        self.kill(id);
    }

    /// Marks a detached subtree dead.
    fn kill(&mut self, id: NodeId) {
        let mut stack = vec![id];
        while let Some(at) = stack.pop() {
            self.nodes[at].alive = false;
            stack.extend(std::mem::take(&mut self.nodes[at].children).into_values());
        }
    }

    /// Directory sizes and counts, bottom-up: a child always comes after its parent in the
    /// arena, so one backwards pass suffices (no recursion, whatever the depth).
    fn recompute(&mut self) {
        for node in &mut self.nodes {
            node.total = match &node.entry {
                Some(e) if e.kind == EntryKind::File => e.size,
                _ => 0,
            };
            node.descendants = 0;
        }
        for id in (1..self.nodes.len()).rev() {
            if !self.nodes[id].alive {
                continue;
            }
            let (total, descendants, parent) = {
                let n = &self.nodes[id];
                (n.total, n.descendants, n.parent)
            };
            let p = &mut self.nodes[parent];
            p.total += total;
            p.descendants += descendants + 1;
        }
    }
}
