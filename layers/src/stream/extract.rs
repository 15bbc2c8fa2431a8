//! `FileExtract`: read a layer again and keep one file's bytes (up to a cap) to show it.

use serde::{Deserialize, Serialize};

use super::layer::Pipeline;
use super::tar::{EntrySink, normalize_path};
use super::{Compression, LayerError, Limits};
use crate::entry::{Entry, EntryKind};

/// One file's bytes, as far as the cap allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    /// The first bytes of the file (all of them unless `truncated`).
    pub bytes: Vec<u8>,
    /// The file's whole size.
    pub total_size: u64,
    /// Whether the file is larger than the cap, so `bytes` holds only its start.
    pub truncated: bool,
}

/// Which file to take.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// The first entry with this (normalised) path.
    Path(String),
    /// The entry whose content starts at this offset of the uncompressed stream
    /// ([`Entry::content_offset`]): exact even when a path occurs twice in a layer.
    Offset(u64),
}

impl Target {
    fn describe(&self) -> String {
        match self {
            Target::Path(path) => format!("{path:?}"),
            Target::Offset(offset) => format!("the entry whose content starts at byte {offset}"),
        }
    }
}

/// Reads a layer blob again and captures one regular file's bytes, up to `cap` bytes.
/// [`FileExtract::push`] answers `Some` as soon as the file is complete (or the cap is reached),
/// so the caller can stop the download there.
#[derive(Debug)]
pub struct FileExtract {
    pipeline: Pipeline,
    capture: Capture,
}

#[derive(Debug)]
struct Capture {
    target: Target,
    cap: usize,
    capturing: bool,
    bytes: Vec<u8>,
    total_size: u64,
    done: Option<Result<Extracted, LayerError>>,
}

impl FileExtract {
    /// Captures the first regular file at `path` (spelled as the listing spells it; a leading
    /// `/` or `./` is ignored).
    pub fn new(compression: Compression, path: &str, cap: usize, limits: Limits) -> Self {
        let (path, _) = normalize_path(path);
        Self::with_target(compression, Target::Path(path), cap, limits)
    }

    /// Captures the regular file whose content starts at `content_offset` (an entry's
    /// [`Entry::content_offset`]).
    pub fn at_offset(
        compression: Compression,
        content_offset: u64,
        cap: usize,
        limits: Limits,
    ) -> Self {
        Self::with_target(compression, Target::Offset(content_offset), cap, limits)
    }

    fn with_target(compression: Compression, target: Target, cap: usize, limits: Limits) -> Self {
        FileExtract {
            pipeline: Pipeline::unhashed(compression, limits),
            capture: Capture {
                target,
                cap,
                capturing: false,
                bytes: Vec::new(),
                total_size: 0,
                done: None,
            },
        }
    }

    /// Reads the next compressed bytes; `Some` once the file's bytes are in (further calls
    /// answer the same without reading).
    pub fn push(&mut self, bytes: &[u8]) -> Result<Option<Extracted>, LayerError> {
        if let Some(done) = &self.capture.done {
            return done.clone().map(Some);
        }
        self.pipeline.push(bytes, &mut self.capture)?;
        match &self.capture.done {
            Some(done) => done.clone().map(Some),
            None => Ok(None),
        }
    }

    /// Ends the blob: the file, or why it could not be had (not in the layer, not a regular
    /// file, the layer damaged).
    pub fn finish(mut self) -> Result<Extracted, LayerError> {
        if let Some(done) = self.capture.done {
            return done;
        }
        self.pipeline.finish(&mut self.capture)?;
        match self.capture.done {
            Some(done) => done,
            None => Err(LayerError::FileNotFound {
                target: self.capture.target.describe(),
            }),
        }
    }
}

impl Capture {
    fn complete(&mut self) {
        let bytes = std::mem::take(&mut self.bytes);
        let truncated = (bytes.len() as u64) < self.total_size;
        self.capturing = false;
        self.done = Some(Ok(Extracted {
            bytes,
            total_size: self.total_size,
            truncated,
        }));
    }
}

impl EntrySink for Capture {
    fn entry(&mut self, entry: Entry, sparse: bool) -> bool {
        if self.done.is_some() {
            return false;
        }
        let wanted = match &self.target {
            Target::Path(path) => entry.path == *path,
            Target::Offset(offset) => entry.content_offset == *offset,
        };
        if !wanted {
            return false;
        }
        let why = match entry.kind {
            EntryKind::File if sparse => {
                Some("it is a sparse file, whose stored bytes are not its content".to_owned())
            }
            EntryKind::File => None,
            EntryKind::Directory => Some("it is a directory".to_owned()),
            EntryKind::Symlink | EntryKind::HardLink => Some(format!(
                "it is a link to {:?}; open the file it points to",
                entry.link_target.as_deref().unwrap_or("")
            )),
            _ => Some("it is not a regular file".to_owned()),
        };
        if let Some(why) = why {
            self.done = Some(Err(LayerError::NotOpenable {
                path: entry.path,
                why,
            }));
            return false;
        }
        self.total_size = entry.size;
        self.bytes = Vec::with_capacity(
            usize::try_from(entry.size)
                .unwrap_or(self.cap)
                .min(self.cap),
        );
        self.capturing = true;
        if self.cap == 0 {
            self.complete();
            return false;
        }
        true
    }

    fn content(&mut self, bytes: &[u8]) {
        if !self.capturing {
            return;
        }
        let room = self.cap - self.bytes.len();
        self.bytes
            .extend_from_slice(&bytes[..room.min(bytes.len())]);
        if self.bytes.len() == self.cap {
            self.complete();
        }
    }

    fn content_end(&mut self) {
        if self.capturing {
            self.complete();
        }
    }
}
