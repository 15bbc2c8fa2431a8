//! The bounds every reader works within, so a hostile layer costs a known amount at most.

use serde::{Deserialize, Serialize};

use super::LayerError;

/// Default cap on the uncompressed size of one layer: 16 GiB.
pub const DEFAULT_MAX_UNCOMPRESSED: u64 = 16 << 30;
/// Default cap on how many times larger than its compressed bytes a layer may expand. Deflate
/// cannot exceed about 1032×, so a gzip bomb of zeros runs at 1000× or so: the cap sits below
/// that. Real layers stay far under it (text and binaries compress 2–10×); one that holds a
/// huge run of zeros is refused with a message naming this limit.
pub const DEFAULT_MAX_EXPANSION_RATIO: u64 = 500;
/// Uncompressed bytes allowed before the expansion ratio is checked at all (small, highly
/// compressible layers are normal).
pub const EXPANSION_GRACE_BYTES: u64 = 1 << 20;
/// Default cap on one PAX or GNU long-name/long-link record: 1 MiB.
pub const DEFAULT_MAX_HEADER_BYTES: usize = 1 << 20;
/// Default cap on one path or link target: 64 KiB.
pub const DEFAULT_MAX_PATH_BYTES: usize = 64 << 10;
/// Default cap on the number of entries of one layer: 5 million.
pub const DEFAULT_MAX_ENTRIES: usize = 5_000_000;

/// Bounds on what reading one layer may cost. Hitting one stops the read with a
/// [`LayerError`](super::LayerError) that names the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Most uncompressed bytes read from one layer.
    pub max_uncompressed: u64,
    /// Most times the uncompressed bytes may outnumber the compressed bytes consumed, checked
    /// once more than [`EXPANSION_GRACE_BYTES`] have come out.
    pub max_expansion_ratio: u64,
    /// Largest PAX extended header or GNU long name / long link record.
    pub max_header_bytes: usize,
    /// Longest path or link target.
    pub max_path_bytes: usize,
    /// Most entries in one layer.
    pub max_entries: usize,
}

impl Limits {
    /// Checks the expansion ratio after `uncompressed` bytes came out of `compressed` bytes
    /// consumed (a caller that decompresses elsewhere passes the compressed bytes it has read,
    /// which are at least those consumed): an error naming the limit once past
    /// [`EXPANSION_GRACE_BYTES`] and over [`Limits::max_expansion_ratio`].
    pub fn check_expansion(&self, uncompressed: u64, compressed: u64) -> Result<(), LayerError> {
        if uncompressed > EXPANSION_GRACE_BYTES
            && uncompressed / compressed.max(1) > self.max_expansion_ratio
        {
            return Err(LayerError::ExpansionCap {
                uncompressed,
                compressed,
                ratio: self.max_expansion_ratio,
            });
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_uncompressed: DEFAULT_MAX_UNCOMPRESSED,
            max_expansion_ratio: DEFAULT_MAX_EXPANSION_RATIO,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            max_path_bytes: DEFAULT_MAX_PATH_BYTES,
            max_entries: DEFAULT_MAX_ENTRIES,
        }
    }
}
