//! Two images compared below the config: their layers aligned by digest (shared layers never
//! read), the layers that differ read with per-file content digests, the two filesystems
//! compared file by file (semantic or strict), one text file's unified diff, and the whole
//! comparison exported as JSON.
//!
//! What must be downloaded: the layers above the longest common bottom run of shared layers
//! ([`LayerAlignment::shared_base`]), each distinct diff_id once. Below that run both images
//! hold the very same filesystem, so a path neither side's upper layers touch is equal on
//! both sides, and a path both touch is compared from what they wrote. A path only one side
//! touched keeps the shared layers' version on the other side: it is reported
//! [`FileChangeKind::Unresolved`] unless the shared layers' listings are given too
//! ([`compare_files`]'s `base`), which resolves it to added, removed, modified or equal.

mod export;
mod files;
mod hides;
mod layers;
mod overlay;
mod read;
mod similarity;
mod text;

pub use export::{COMPARISON_SCHEMA, Comparison, ImageSide};
pub use files::{
    Aspect, FileChange, FileChangeKind, FileComparison, FileTotals, MAX_LISTED_CHANGES, Mode,
    compare_files,
};
pub use layers::{LayerAlignment, LayerMatch, LayerPair, LayerRef, align_layers};
pub use overlay::{FileState, Overlay, PathState};
pub use read::{Listings, MissingListing, layer_refs};
pub use similarity::{MAX_LISTING_COMPARISONS, MIN_LISTING_SIMILARITY};
pub use text::{
    DIFF_TIME_BUDGET, MAX_DIFF_INPUT_BYTES, MAX_DIFF_LINES, MAX_DIFF_OUTPUT_BYTES, TextDiff,
    Version, text_diff,
};
