//! The bounds every lazy read stays within, as named constants with a [`LazyLimits`] value
//! carrying them (tests lower them).

/// Largest compressed TOC fetched: 16 MiB.
pub const MAX_TOC_COMPRESSED: u64 = 16 << 20;
/// Largest TOC JSON decoded: 64 MiB (a million entries take about 300 MiB in Go's reader;
/// a TOC this large is refused, not read half).
pub const MAX_TOC_BYTES: u64 = 64 << 20;
/// Most TOC entries accepted (files, directories and chunks).
pub const MAX_TOC_ENTRIES: usize = 1_000_000;
/// Largest uncompressed chunk decoded.
pub const MAX_CHUNK_BYTES: u64 = 64 << 20;
/// Most uncompressed bytes one opened file returns; the rest is reported as truncated.
pub const MAX_OPEN_BYTES: u64 = 64 << 20;
/// Largest tail read with the footer (the TOC is often inside it, saving a request).
pub const MAX_TAIL_BYTES: u64 = 64 << 10;

/// Bounds of a lazy read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LazyLimits {
    /// See [`MAX_TOC_COMPRESSED`].
    pub max_toc_compressed: u64,
    /// See [`MAX_TOC_BYTES`].
    pub max_toc_bytes: u64,
    /// See [`MAX_TOC_ENTRIES`].
    pub max_entries: usize,
    /// See [`MAX_CHUNK_BYTES`].
    pub max_chunk_bytes: u64,
    /// See [`MAX_OPEN_BYTES`].
    pub max_open_bytes: u64,
    /// See [`MAX_TAIL_BYTES`]; the tail is also at most 2 % of the blob (but always holds the
    /// footer).
    pub max_tail_bytes: u64,
}

impl Default for LazyLimits {
    fn default() -> Self {
        LazyLimits {
            max_toc_compressed: MAX_TOC_COMPRESSED,
            max_toc_bytes: MAX_TOC_BYTES,
            max_entries: MAX_TOC_ENTRIES,
            max_chunk_bytes: MAX_CHUNK_BYTES,
            max_open_bytes: MAX_OPEN_BYTES,
            max_tail_bytes: MAX_TAIL_BYTES,
        }
    }
}
