//! The merged filesystem of an image's layers (and the tree of one layer alone): whiteouts and
//! opaque directories applied as the OCI image spec's changeset rules say, each node knowing
//! the layer that added it and the one that last changed it, directory sizes, largest files,
//! search, flat listings, and link resolution that never leaves the root.

mod links;
mod node;
mod query;
mod tree;

pub use links::{LinkError, MAX_LINK_HOPS};
pub use node::{MergedNode, Page, SortBy};
pub use tree::{MergedTree, OPAQUE_MARKER, WHITEOUT_PREFIX};
