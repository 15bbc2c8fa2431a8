//! Deterministic writers (feature `build`, native): eStargz and zstd:chunked layers, and local
//! image archives (`docker save` tarballs, OCI layouts as a tar), byte-identical on every run,
//! for the test stack's seeded images and for tests.
//!
//! Where each rule comes from:
//! - eStargz: `docs/estargz.md` of containerd/stargz-snapshotter: gzip members start at the
//!   blob, at each non-empty regular file's payload, at each chunk, at the TOC's tar header
//!   and at the 51-byte footer; the TOC `stargz.index.json` is the last tar entry; the layer
//!   holds a `.no.prefetch.landmark` file (one byte `0x0f`) when nothing is prioritised; the
//!   descriptor carries `containerd.io/snapshot/stargz/toc.digest` (sha256 of the TOC JSON)
//!   and `io.containers.estargz.uncompressed-size`.
//! - zstd:chunked: containers/storage `pkg/chunked/compressor` and
//!   `pkg/chunked/internal/minimal`: each tar header run and each file chunk is its own zstd
//!   frame; then three skippable frames: the zstd-compressed TOC ("manifest"), the
//!   zstd-compressed tar-split stream, and a 64-byte footer (manifest offset, compressed and
//!   uncompressed length, type 1, tar-split offset and lengths, magic `GNUlInUx`); the
//!   descriptor carries `io.github.containers.zstd-chunked.manifest-checksum` (sha256 of the
//!   compressed manifest), `…manifest-position` (`offset:length:uncompressed:1`) and
//!   `…tarsplit-position`.
//! - archives: see [`archive`].

pub mod archive;
mod estargz;
mod tar_bytes;
mod tar_split;
mod zstd_chunked;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

pub use estargz::{estargz, estargz_with};
pub use zstd_chunked::{zstd_chunked, zstd_chunked_with};

/// Modification time written for every entry: 2023-11-14T22:13:20Z, fixed so digests are too.
pub const FIXED_MTIME: i64 = 1_700_000_000;

/// How a layer is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// Largest uncompressed chunk of a file; larger files are split into several chunks, each
    /// its own gzip member / zstd frame with its own `chunkDigest`.
    pub chunk_size: usize,
}

impl Default for BuildOptions {
    /// 4 MiB chunks, as `ctr-remote` and containers/storage default to.
    fn default() -> Self {
        BuildOptions {
            chunk_size: 4 << 20,
        }
    }
}

/// A lazily readable layer and everything its descriptor needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltLazyLayer {
    /// The blob, as pushed to a registry.
    pub blob: Vec<u8>,
    /// `sha256:…` of the blob (the descriptor's digest).
    pub digest: String,
    /// `sha256:…` of the uncompressed tar (the config's `rootfs.diff_ids` entry).
    pub diff_id: String,
    /// `sha256:…` of what the TOC annotation names: the TOC JSON for eStargz, the compressed
    /// TOC frame for zstd:chunked.
    pub toc_digest: String,
    /// The descriptor's media type (`application/vnd.oci.image.layer.v1.tar+gzip` / `+zstd`).
    pub media_type: String,
    /// The descriptor's annotations, in key order.
    pub annotations: BTreeMap<String, String>,
    /// Length of the uncompressed tar.
    pub uncompressed_size: u64,
}

/// One entry of the layer being written (directories are added for every parent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Dir(String),
    File(String, Vec<u8>),
}

/// The files given, with every parent directory before them, sorted by path; a later file of
/// the same path replaces an earlier one; leading `/` and `./` are dropped.
pub(crate) fn items(files: &[(String, Vec<u8>)]) -> Vec<Item> {
    let mut files_by_path: BTreeMap<String, &Vec<u8>> = BTreeMap::new();
    let mut dirs: BTreeMap<String, ()> = BTreeMap::new();
    for (path, bytes) in files {
        let clean = path.trim_start_matches("./").trim_start_matches('/');
        let clean = clean.trim_end_matches('/').to_string();
        if clean.is_empty() {
            continue;
        }
        let mut parent = clean.as_str();
        while let Some((dir, _)) = parent.rsplit_once('/') {
            dirs.insert(dir.to_string(), ());
            parent = dir;
        }
        files_by_path.insert(clean, bytes);
    }
    let mut all: Vec<(String, Item)> = dirs
        .into_keys()
        .filter(|d| !files_by_path.contains_key(d))
        .map(|d| (d.clone(), Item::Dir(d)))
        .collect();
    all.extend(
        files_by_path
            .into_iter()
            .map(|(p, b)| (p.clone(), Item::File(p, b.clone()))),
    );
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all.into_iter().map(|(_, item)| item).collect()
}

/// `sha256:<hex>` of bytes.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_first_and_paths_are_cleaned() {
        let got = items(&[
            ("/usr/bin/b".into(), b"b".to_vec()),
            ("./etc/a".into(), b"a".to_vec()),
        ]);
        assert_eq!(
            got,
            vec![
                Item::Dir("etc".into()),
                Item::File("etc/a".into(), b"a".to_vec()),
                Item::Dir("usr".into()),
                Item::Dir("usr/bin".into()),
                Item::File("usr/bin/b".into(), b"b".to_vec()),
            ]
        );
    }
}
