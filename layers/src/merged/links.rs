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
    /// end) is followed; the path itself when no link is involved.
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
