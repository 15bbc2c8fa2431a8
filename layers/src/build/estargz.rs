//! The eStargz writer: a gzip tar whose members start where `docs/estargz.md` puts them, with
//! the TOC as its last entry and the 51-byte footer after it.

use std::collections::BTreeMap;
use std::io::Write;

use flate2::{Compression, GzBuilder};

use super::tar_bytes::{BLOCK, header, padding};
use super::{BuildOptions, BuiltLazyLayer, FIXED_MTIME, Item, items, sha256};
use crate::lazy::footer::estargz_footer;
use crate::lazy::format::{ESTARGZ_TOC_DIGEST, ESTARGZ_UNCOMPRESSED_SIZE, TOC_TAR_NAME};
use crate::lazy::time::format_rfc3339;
use crate::lazy::toc_json::{TocEntryJson, TocJson};

/// Name of the landmark file saying that no file is prioritised for prefetching.
pub const NO_PREFETCH_LANDMARK: &str = ".no.prefetch.landmark";

/// An eStargz layer of `files` (path → content; parent directories are added) with default
/// options: 4 MiB chunks. Byte-identical on every run.
///
/// # Panics
/// When a path does not fit a ustar header (over 255 bytes): fixtures are the caller's code.
pub fn estargz(files: &[(String, Vec<u8>)]) -> BuiltLazyLayer {
    estargz_with(files, BuildOptions::default())
}

/// [`estargz`] with chosen options (e.g. small chunks, to test files of several chunks).
///
/// # Panics
/// As [`estargz`].
pub fn estargz_with(files: &[(String, Vec<u8>)], options: BuildOptions) -> BuiltLazyLayer {
    let mut w = MemberWriter::default();
    let mut toc = Vec::new();
    let mut all = vec![Item::File(NO_PREFETCH_LANDMARK.into(), vec![0x0f])];
    all.extend(items(files));
    for item in &all {
        match item {
            Item::Dir(path) => {
                w.pending.extend_from_slice(&header(path, true, 0));
                toc.push(toc_entry(path, "dir", 0o755, None));
            }
            Item::File(path, bytes) => {
                w.pending
                    .extend_from_slice(&header(path, false, bytes.len() as u64));
                let mut first = toc_entry(path, "reg", 0o644, Some(bytes.len() as i64));
                if bytes.is_empty() {
                    toc.push(first);
                    continue;
                }
                first.digest = Some(sha256(bytes));
                let chunks: Vec<&[u8]> = bytes.chunks(options.chunk_size.max(1)).collect();
                let last = chunks.len() - 1;
                let mut chunk_offset = 0i64;
                for (i, chunk) in chunks.iter().enumerate() {
                    w.close_member();
                    let mut entry = if i == 0 {
                        first.clone()
                    } else {
                        TocEntryJson {
                            name: path.clone(),
                            kind: "chunk".into(),
                            ..TocEntryJson::default()
                        }
                    };
                    entry.offset = Some(w.blob.len() as i64);
                    entry.chunk_offset = Some(chunk_offset);
                    entry.chunk_size = Some(if i == last { 0 } else { chunk.len() as i64 });
                    entry.chunk_digest = Some(sha256(chunk));
                    toc.push(entry);
                    w.pending.extend_from_slice(chunk);
                    chunk_offset += chunk.len() as i64;
                }
                w.close_member();
                w.pending.extend_from_slice(&padding(bytes.len()));
            }
        }
    }
    w.close_member();
    let toc_offset = w.blob.len() as u64;
    let toc_json = serde_json::to_vec_pretty(&TocJson {
        version: 1,
        entries: toc,
        tar_split_digest: None,
    })
    .expect("a TOC always serialises");
    let mut toc_header = tar::Header::new_ustar();
    toc_header.set_path(TOC_TAR_NAME).expect("short name");
    toc_header.set_entry_type(tar::EntryType::Regular);
    toc_header.set_size(toc_json.len() as u64);
    toc_header.set_mode(0o644);
    toc_header.set_mtime(0);
    toc_header.set_cksum();
    w.pending.extend_from_slice(toc_header.as_bytes());
    w.pending.extend_from_slice(&toc_json);
    w.pending.extend_from_slice(&padding(toc_json.len()));
    w.pending.extend_from_slice(&[0u8; 2 * BLOCK]);
    w.close_member();
    w.blob.extend_from_slice(&estargz_footer(toc_offset));

    let toc_digest = sha256(&toc_json);
    let diff_id = sha256(&w.uncompressed);
    let mut annotations = BTreeMap::new();
    annotations.insert(ESTARGZ_TOC_DIGEST.to_string(), toc_digest.clone());
    annotations.insert(
        ESTARGZ_UNCOMPRESSED_SIZE.to_string(),
        w.uncompressed.len().to_string(),
    );
    BuiltLazyLayer {
        digest: sha256(&w.blob),
        blob: w.blob,
        diff_id,
        toc_digest,
        media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
        annotations,
        uncompressed_size: w.uncompressed.len() as u64,
    }
}

fn toc_entry(path: &str, kind: &str, mode: i64, size: Option<i64>) -> TocEntryJson {
    TocEntryJson {
        name: path.to_string(),
        kind: kind.to_string(),
        size,
        modtime: Some(format_rfc3339(FIXED_MTIME)),
        mode: Some(mode),
        uid: Some(0),
        gid: Some(0),
        ..TocEntryJson::default()
    }
}

/// Collects uncompressed bytes and writes them out as one gzip member when told.
#[derive(Default)]
struct MemberWriter {
    blob: Vec<u8>,
    pending: Vec<u8>,
    uncompressed: Vec<u8>,
}

impl MemberWriter {
    /// Ends the current member (if it holds anything): the next bytes start a new one.
    fn close_member(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut gz = GzBuilder::new()
            .mtime(0)
            .operating_system(255)
            .write(Vec::new(), Compression::best());
        gz.write_all(&self.pending).expect("writing to memory");
        self.blob
            .extend_from_slice(&gz.finish().expect("writing to memory"));
        self.uncompressed.append(&mut self.pending);
    }
}
