//! regscope-layers: what is inside an image's layers, read as the bytes arrive.
//!
//! Everything here is push-driven and bounded: a caller feeds the bytes it received (from a
//! fetch stream in a browser worker, a file, a test) and gets entries back as soon as their
//! headers are complete; no layer is ever held in memory, only its listing. Nothing here does
//! I/O, so the same code runs in the browser's worker and natively in tests and benchmarks.
//!
//! - [`entry`]: the listing's data model, shared by every reader and by the app.
//! - [`lazy`]: eStargz and zstd:chunked tables of contents read with Range requests.
//! - [`local`]: `docker save` tarballs and OCI layouts read without network.
//! - [`stream`]: a layer read as it streams: gzip/zstd, the tar listing, both digests.
//! - [`compare`]: two images' layers aligned, their filesystems compared file by file.
//! - [`merged`]: the merged filesystem of several layers (or one layer's own tree).
//! - `build` (feature `build`): deterministic writers of lazy layers and local archives.

#[cfg(feature = "build")]
pub mod build;
pub mod compare;
pub mod entry;
pub mod lazy;
pub mod local;
pub mod merged;
pub mod stream;
