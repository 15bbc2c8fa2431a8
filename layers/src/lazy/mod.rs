//! eStargz and zstd:chunked layers read with Range requests, sans-IO: the reader says which
//! bytes it needs, the caller fetches them (and hands back whatever the registry answered,
//! a 206 or a whole 200), the reader checks and decodes them.
//!
//! The flow for a layer: [`format::detect`] on its descriptor, then [`reader::TocReader`]
//! (one request when the descriptor gives the zstd:chunked manifest position; otherwise the
//! blob's tail for the footer, then the TOC unless the tail already held it), whose result
//! ([`reader::LazyToc`]) lists the layer as [`crate::entry::Entry`] values and opens one file
//! with one more Range request ([`open`]). Each step is bounded by [`limits::LazyLimits`].
//!
//! The rules come from the formats' own documents: `docs/estargz.md` of
//! containerd/stargz-snapshotter (footer, TOC entries, `chunkDigest`, the TOC digest
//! annotation) and containers/storage `pkg/chunked` (`internal/minimal/compression.go`: the
//! manifest annotations, the skippable-frame footer, `endOffset`, `chunkType`), with
//! RFC 1952 (gzip members, the Extra field), RFC 8878 (zstd frames, skippable frames) and
//! RFC 9110 §14 (Range requests, 206, `Content-Range`).

pub mod check;
mod decompress;
pub mod error;
pub mod footer;
pub mod format;
pub mod limits;
pub mod open;
pub mod range;
pub mod reader;
pub mod time;
pub mod toc;
pub mod toc_json;
