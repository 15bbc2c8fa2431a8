//! Following symlinks and hard links inside the tree, the way a container sees them: absolute
//! targets start at the image's root, `..` never climbs above it, loops end with an error.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::tree::{MergedTree, NodeId, ROOT};
use crate::entry::EntryKind;

/// Most links followed while resolving one path (the Linux kernel's limit).
pub const MAX_LINK_HOPS: usize = 40;

/// Why a path could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LinkError {
    /// The path itself is not in the tree.
    #[error("{path} is not in this filesystem")]
    NotFound {
        /// The path asked for.
        path: String,
    },
    /// A link points at something the tree does not have.
    #[error("{link} points to {target}, which is not in this filesystem")]
    Dangling {
        /// The link.
        link: String,
        /// Its target, as written.
        target: String,
    },
    /// Following links went round in a circle (or past the hop limit).
    #[error(
        "{path} does not resolve: more than {hops} links followed (a link loop through {link})"
    )]
    Loop {
        /// The path asked for.
        path: String,
        /// The link being followed when the limit was reached.
        link: String,
        /// The limit.
        hops: usize,
    },
    /// A hard link names no earlier member of its own layer (tar hard links must).
    #[error(
        "{link} is a hard link to {target}, which its layer does not hold before it: a broken hard link"
    )]
    BrokenHardLink {
        /// The hard link.
        link: String,
        /// Its target, as written.
        target: String,
    },
    /// A link's `..` components climb above the image's root: not followed.
    #[error("{link} points to {target}, outside the image's root: not followed")]
    EscapesRoot {
        /// The link (or the path asked for, when it climbs by itself).
        link: String,
        /// Its target, as written.
        target: String,
    },
}

impl MergedTree {
    /// The path `path` finally names once every symlink on the way (and a hard link at the
    /// end) is followed; the path itself when no link is involved. A hard link resolves to its
    /// target while that name still holds the same file (written by the link's layer), else to
    /// itself: its content is then its target's in the layer that wrote the link (open
    /// `link_target` in the blob of layer `changed_by`).
    pub fn resolve_link(&self, path: &str) -> Result<String, LinkError> {
        // Components still to walk, last first; each remembers which link it came from.
        let mut pending: Vec<(String, Option<NodeId>)> = path
            .split('/')
            .rev()
            .filter(|p| !p.is_empty())
            .map(|p| (p.to_owned(), None))
            .collect();
        let mut stack: Vec<NodeId> = Vec::new();
        let mut hops = 0usize;
        while let Some((part, via)) = pending.pop() {
            let here = stack.last().copied().unwrap_or(ROOT);
            match part.as_str() {
                "." => continue,
                ".." => {
                    if stack.pop().is_none() {
                        return Err(match via {
                            Some(link) => self.escapes(link),
                            None => LinkError::EscapesRoot {
                                link: path.to_owned(),
                                target: path.to_owned(),
                            },
                        });
                    }
                    continue;
                }
                _ => {}
            }
            let Some(&child) = self.nodes[here].children.get(&part) else {
                return Err(match via {
                    Some(link) => self.dangling(link),
                    None => LinkError::NotFound {
                        path: path.to_owned(),
                    },
                });
            };
            let node = &self.nodes[child];
            let last = pending.is_empty();
            let follow = match node.kind() {
                EntryKind::Symlink => true,
                EntryKind::HardLink => last,
                _ => false,
            };
            if !follow {
                stack.push(child);
                continue;
            }
            hops += 1;
            if hops > MAX_LINK_HOPS {
                return Err(LinkError::Loop {
                    path: path.to_owned(),
                    link: self.path_of(child),
                    hops: MAX_LINK_HOPS,
                });
            }
            let target = node
                .entry
                .as_ref()
                .and_then(|e| e.link_target.clone())
                .unwrap_or_default();
            if target.is_empty() {
                return Err(self.dangling(child));
            }
            if node.kind() == EntryKind::HardLink {
                // A hard link is another name of a file of its own layer: it is that file only
                // while a later layer has not replaced or removed the name; after that the
                // link alone holds the content.
                if !node.link_ok && target.split('/').any(|part| part == "..") {
                    return Err(self.escapes(child));
                }
                if !node.link_ok {
                    return Err(LinkError::BrokenHardLink {
                        link: self.path_of(child),
                        target,
                    });
                }
                let (target_path, _) = crate::stream::normalize_path(&target);
                let same = self
                    .find(&target_path)
                    .is_some_and(|t| self.nodes[t].changed_by == node.changed_by);
                if !same {
                    return Ok(self.path_of(child));
                }
            }
            // Absolute symlinks and every hard link (an archive path) start at the root.
            if target.starts_with('/') || node.kind() == EntryKind::HardLink {
                stack.clear();
            }
            pending.extend(
                target
                    .split('/')
                    .rev()
                    .filter(|p| !p.is_empty())
                    .map(|p| (p.to_owned(), Some(child))),
            );
        }
        Ok(stack
            .last()
            .map_or_else(String::new, |&id| self.path_of(id)))
    }

    fn target_of(&self, link: NodeId) -> String {
        self.nodes[link]
            .entry
            .as_ref()
            .and_then(|e| e.link_target.clone())
            .unwrap_or_default()
    }

    fn dangling(&self, link: NodeId) -> LinkError {
        LinkError::Dangling {
            link: self.path_of(link),
            target: self.target_of(link),
        }
    }

    fn escapes(&self, link: NodeId) -> LinkError {
        LinkError::EscapesRoot {
            link: self.path_of(link),
            target: self.target_of(link),
        }
    }
}
