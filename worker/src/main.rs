//! The Files tab's Web Worker, in wasm: a package of its own, so that its SHA-256 is the fast
//! one (the app's bundle picks the compact one for size) and none of the app's code comes
//! along. `files-worker.js` (the worker's script) fetches the layer with a streaming reader
//! and feeds each chunk to a [`Lister`] (the listing and both digests) or an [`Opener`] (one
//! file's bytes); both come from `regscope-layers`, which does no I/O. An eStargz or
//! zstd:chunked layer is read from its table of contents instead, with Range requests
//! ([`LazyLayer`], [`RangeBody`]).

mod hashed_lister;
mod hasher;
mod lazy_lister;
mod lazy_opener;
#[cfg(test)]
mod lazy_tests;
mod lister;
mod opener;
mod range_body;
mod tar_lister;

pub use hashed_lister::HashedLister;
pub use hasher::Hasher;
pub use lazy_lister::LazyLayer;
pub use lazy_opener::LazyFile;
pub use lister::Lister;
pub use opener::Opener;
pub use range_body::RangeBody;
pub use tar_lister::TarLister;

/// Nothing runs at load: the worker's script calls `init()` and makes what it needs.
fn main() {}
