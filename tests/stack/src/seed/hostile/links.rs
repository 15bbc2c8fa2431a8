//! Link loops across layers: symlinks that point at each other from different layers
//! (files and directories), and hard links whose targets only a later layer provides, each
//! pointing back at the other.

use anyhow::Result;

use crate::seed::compress::{BuiltLayer, Codec};
use crate::seed::tarball::{Entry, archive};

/// The two layers, bottom first.
pub fn layers() -> Result<Vec<BuiltLayer>> {
    let lower = archive(&[
        Entry::symlink("sym-a", "sym-b"),
        Entry::symlink("dir-a", "dir-b/"),
        Entry::symlink("chain-1", "chain-2"),
        Entry::hardlink("hard-a", "hard-b"),
        Entry::hardlink("hard-self", "hard-self"),
        Entry::file("plain.txt", "a plain file beside the loops\n"),
    ])?;
    let upper = archive(&[
        Entry::symlink("sym-b", "sym-a"),
        Entry::symlink("dir-b", "dir-a/sub"),
        Entry::symlink("chain-2", "/chain-3"),
        Entry::symlink("chain-3", "chain-1"),
        Entry::hardlink("hard-b", "hard-a"),
    ])?;
    Ok(vec![
        BuiltLayer::of(&lower, Codec::Gzip)?,
        BuiltLayer::of(&upper, Codec::Gzip)?,
    ])
}
