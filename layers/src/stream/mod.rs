//! Reading a layer as it streams: decompression (gzip, zstd), the tar listing, both digests,
//! their verification, and opening one file of the layer.
//!
//! [`LayerStream`] is the whole pipeline; [`TarStream`] and [`BlobHasher`] are usable alone
//! (for a caller that decompresses with something else, such as the browser's own
//! `DecompressionStream`, and hashes the compressed bytes beside it).

mod compression;
mod decode;
mod digests;
mod error;
mod extract;
mod gzip;
mod hasher;
mod header;
mod layer;
mod limits;
mod pax;
mod tar;
mod verify;
mod zstd;

pub use compression::Compression;
pub use digests::HashedListing;
pub use error::LayerError;
pub use extract::{Extracted, FileExtract};
pub use hasher::BlobHasher;
pub use layer::{LayerDigests, LayerStream, Progress};
pub use limits::{
    DEFAULT_MAX_ENTRIES, DEFAULT_MAX_EXPANSION_RATIO, DEFAULT_MAX_HEADER_BYTES,
    DEFAULT_MAX_PATH_BYTES, DEFAULT_MAX_UNCOMPRESSED, EXPANSION_GRACE_BYTES, Limits,
};
pub(crate) use tar::normalize_path;
pub use tar::{TarStream, TarSummary};
pub use verify::{Check, Verification, verify};
