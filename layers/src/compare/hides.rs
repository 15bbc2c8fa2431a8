//! What a run of layers hid of the layers below, as a tree of path components: whether a
//! path or one of its parents is hidden is answered in one walk down its components, so a
//! hostile listing of deep paths costs time in proportion to its bytes, not their square.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
struct Node {
    children: BTreeMap<String, usize>,
    /// The lower entry at this path and everything below it are hidden (a whiteout).
    hidden: bool,
    /// Everything below this path is hidden, the path itself stays (an opaque directory, or a
    /// path a non-directory replaced).
    opaque: bool,
}

/// The hidden paths and opaque directories of a run of layers.
#[derive(Debug, Clone)]
pub(crate) struct Hides {
    nodes: Vec<Node>,
}

impl Default for Hides {
    fn default() -> Self {
        Hides {
            nodes: vec![Node::default()],
        }
    }
}

impl Hides {
    fn node_for(&mut self, path: &str) -> usize {
        let mut at = 0;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            at = match self.nodes[at].children.get(part) {
                Some(&next) => next,
                None => {
                    let next = self.nodes.len();
                    self.nodes.push(Node::default());
                    self.nodes[at].children.insert(part.to_owned(), next);
                    next
                }
            };
        }
        at
    }

    /// Hides `path` and everything below it.
    pub fn hide(&mut self, path: &str) {
        let node = self.node_for(path);
        self.nodes[node].hidden = true;
    }

    /// Hides everything below `path` (`""`: the root).
    pub fn make_opaque(&mut self, path: &str) {
        let node = self.node_for(path);
        self.nodes[node].opaque = true;
    }

    /// Whether the lower entry at `path` is hidden: the path itself hidden, or a parent hidden
    /// or opaque.
    pub fn covers(&self, path: &str) -> bool {
        let mut at = 0;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            let node = &self.nodes[at];
            if node.hidden || node.opaque {
                return true;
            }
            match node.children.get(part) {
                Some(&next) => at = next,
                None => return false,
            }
        }
        self.nodes[at].hidden
    }
}
