//! The zstd:chunked writer: zstd frames cut where containers/storage's compressor cuts them
//! (a frame for each run of tar headers, one per file chunk), then the TOC, the tar-split
//! stream and the footer as skippable frames.

use std::collections::BTreeMap;

use ruzstd::encoding::{CompressionLevel, compress_to_vec};

use super::tar_bytes::{BLOCK, header, padding};
use super::tar_split::TarSplit;
use super::{BuildOptions, BuiltLazyLayer, FIXED_MTIME, Item, items, sha256};
use crate::lazy::footer::{SKIPPABLE_FRAME_MAGIC, ZstdFooter, zstd_footer};
use crate::lazy::format::{
    ManifestPosition, ZSTD_MANIFEST_CHECKSUM, ZSTD_MANIFEST_POSITION, ZSTD_TARSPLIT_POSITION,
};
use crate::lazy::time::format_rfc3339;
use crate::lazy::toc_json::{TocEntryJson, TocJson};

/// A zstd:chunked layer of `files` (path → content; parent directories are added) with
/// default options: 4 MiB chunks. Byte-identical on every run.
///
/// # Panics
/// When a path does not fit a ustar header (over 255 bytes): fixtures are the caller's code.
pub fn zstd_chunked(files: &[(String, Vec<u8>)]) -> BuiltLazyLayer {
    zstd_chunked_with(files, BuildOptions::default())
}

/// [`zstd_chunked`] with chosen options.
///
/// # Panics
/// As [`zstd_chunked`].
pub fn zstd_chunked_with(files: &[(String, Vec<u8>)], options: BuildOptions) -> BuiltLazyLayer {
    let mut w = FrameWriter::default();
    let mut split = TarSplit::default();
    let mut toc = Vec::new();
    let mut raw_before = Vec::new(); // tar bytes not yet in tar-split: padding, then a header
    for item in items(files) {
        let (path, bytes, dir) = match &item {
            Item::Dir(p) => (p, &[][..], true),
            Item::File(p, b) => (p, &b[..], false),
        };
        let hdr = header(path, dir, bytes.len() as u64);
        raw_before.extend_from_slice(&hdr);
        split.segment(&raw_before);
        raw_before.clear();
        w.pending.extend_from_slice(&hdr);
        let mut entry = TocEntryJson {
            name: path.clone(),
            kind: if dir { "dir" } else { "reg" }.into(),
            modtime: Some(format_rfc3339(FIXED_MTIME)),
            mode: Some(if dir { 0o755 } else { 0o644 }),
            size: (!dir && !bytes.is_empty()).then_some(bytes.len() as i64),
            ..TocEntryJson::default()
        };
        if dir {
            toc.push(entry);
            continue;
        }
        split.file(path, bytes);
        if bytes.is_empty() {
            toc.push(entry);
            continue;
        }
        entry.digest = Some(sha256(bytes));
        let chunks: Vec<&[u8]> = bytes.chunks(options.chunk_size.max(1)).collect();
        let several = chunks.len() > 1;
        let mut chunk_entries = Vec::new();
        let mut chunk_offset = 0i64;
        for chunk in &chunks {
            w.close_frame();
            chunk_entries.push((
                w.blob.len() as i64,
                chunk_offset,
                chunk.len() as i64,
                sha256(chunk),
            ));
            w.pending.extend_from_slice(chunk);
            w.close_frame();
            chunk_offset += chunk.len() as i64;
        }
        entry.offset = Some(chunk_entries[0].0);
        entry.end_offset = Some(w.blob.len() as i64);
        for (i, (offset, chunk_offset, size, digest)) in chunk_entries.into_iter().enumerate() {
            let mut e = if i == 0 {
                entry.clone()
            } else {
                TocEntryJson {
                    name: path.clone(),
                    kind: "chunk".into(),
                    ..TocEntryJson::default()
                }
            };
            e.offset = Some(offset);
            e.chunk_offset = Some(chunk_offset);
            if several {
                e.chunk_size = Some(size);
            }
            e.chunk_digest = Some(digest);
            toc.push(e);
        }
        let pad = padding(bytes.len());
        w.pending.extend_from_slice(&pad);
        raw_before.extend_from_slice(&pad);
    }
    raw_before.extend_from_slice(&[0u8; 2 * BLOCK]);
    split.segment(&raw_before);
    w.pending.extend_from_slice(&[0u8; 2 * BLOCK]);
    w.close_frame();
    let uncompressed_size = w.uncompressed_len;
    let diff_id = format!("sha256:{}", super::hex(&w.diff_hasher_finish()));

    let split_raw = split.finish();
    let split_compressed = compress_to_vec(&split_raw[..], CompressionLevel::Fastest);
    let toc_json = serde_json::to_vec(&TocJson {
        version: 1,
        entries: toc,
        tar_split_digest: Some(sha256(&split_compressed)),
    })
    .expect("a TOC always serialises");
    let toc_compressed = compress_to_vec(&toc_json[..], CompressionLevel::Fastest);
    let manifest = ManifestPosition {
        offset: w.blob.len() as u64 + 8,
        length: toc_compressed.len() as u64,
        uncompressed_length: toc_json.len() as u64,
        kind: 1,
    };
    skippable(&mut w.blob, &toc_compressed);
    let tar_split_offset = w.blob.len() as u64 + 8;
    skippable(&mut w.blob, &split_compressed);
    w.blob.extend_from_slice(&zstd_footer(&ZstdFooter {
        manifest,
        tar_split_offset,
        tar_split_length: split_compressed.len() as u64,
        tar_split_uncompressed: split_raw.len() as u64,
    }));

    let toc_digest = sha256(&toc_compressed);
    let mut annotations = BTreeMap::new();
    annotations.insert(ZSTD_MANIFEST_CHECKSUM.to_string(), toc_digest.clone());
    annotations.insert(
        ZSTD_MANIFEST_POSITION.to_string(),
        format!(
            "{}:{}:{}:{}",
            manifest.offset, manifest.length, manifest.uncompressed_length, manifest.kind
        ),
    );
    annotations.insert(
        ZSTD_TARSPLIT_POSITION.to_string(),
        format!(
            "{}:{}:{}",
            tar_split_offset,
            split_compressed.len(),
            split_raw.len()
        ),
    );
    BuiltLazyLayer {
        digest: sha256(&w.blob),
        blob: w.blob,
        diff_id,
        toc_digest,
        media_type: "application/vnd.oci.image.layer.v1.tar+zstd".into(),
        annotations,
        uncompressed_size,
    }
}

fn skippable(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(&SKIPPABLE_FRAME_MAGIC);
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
}

/// Collects uncompressed bytes and writes them out as one zstd frame when told.
#[derive(Default)]
struct FrameWriter {
    blob: Vec<u8>,
    pending: Vec<u8>,
    diff: sha2::Sha256,
    uncompressed_len: u64,
}

impl FrameWriter {
    fn close_frame(&mut self) {
        use sha2::Digest;
        if self.pending.is_empty() {
            return;
        }
        let frame = compress_to_vec(&self.pending[..], CompressionLevel::Fastest);
        self.blob.extend_from_slice(&frame);
        self.diff.update(&self.pending);
        self.uncompressed_len += self.pending.len() as u64;
        self.pending.clear();
    }

    fn diff_hasher_finish(&mut self) -> Vec<u8> {
        use sha2::Digest;
        std::mem::take(&mut self.diff).finalize().to_vec()
    }
}
