//! A listing with the SHA-256 of every regular file's content, for comparing two images file
//! by file (compare mode only: hashing every file costs about as much as the diff_id again).

use serde::{Deserialize, Serialize};

use super::BlobHasher;
use super::tar::EntrySink;
use crate::entry::{Entry, EntryKind};

/// Entries and, beside each, the `sha256:…` of its content: `Some` for a regular file (an
/// empty one too), `None` for anything else and for GNU sparse files (whose stored bytes are
/// not the file's bytes).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HashedListing {
    /// The entries, in archive order.
    pub entries: Vec<Entry>,
    /// `digests[i]` is the content digest of `entries[i]`.
    pub digests: Vec<Option<String>>,
    #[serde(skip)]
    current: Option<BlobHasher>,
}

impl HashedListing {
    /// An empty listing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Entries with their digests.
    pub fn iter(&self) -> impl Iterator<Item = (&Entry, Option<&str>)> {
        self.entries
            .iter()
            .zip(self.digests.iter().map(Option::as_deref))
    }
}

impl EntrySink for HashedListing {
    fn entry(&mut self, entry: Entry, sparse: bool) -> bool {
        let wanted = entry.kind == EntryKind::File && !sparse;
        self.entries.push(entry);
        self.digests.push(None);
        self.current = wanted.then(BlobHasher::new);
        wanted
    }

    fn content(&mut self, bytes: &[u8]) {
        if let Some(hasher) = &mut self.current {
            hasher.update(bytes);
        }
    }

    fn content_end(&mut self) {
        if let (Some(hasher), Some(slot)) = (self.current.take(), self.digests.last_mut()) {
            *slot = Some(hasher.finish());
        }
    }
}
