//! A TOC read into the app's listing ([`Entry`]) and an index of each regular file's chunks
//! (where each starts and ends in the blob), checked for sense but never trusted to be sane.

use std::collections::BTreeMap;

use super::error::LazyError;
use super::format::LazyFormat;
use super::limits::LazyLimits;
use super::time::parse_rfc3339;
use super::toc_json::{TocEntryJson, TocJson};
use crate::entry::{Entry, EntryKind};

/// One chunk of a regular file, as the TOC places it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Offset of its gzip member / zstd frame in the blob.
    pub offset: u64,
    /// End of that member / frame (the next data offset, `endOffset`, or the TOC's start);
    /// `None` when the TOC gives no readable extent.
    pub end: Option<u64>,
    /// Where the chunk starts inside the decompressed member (eStargz `innerOffset`).
    pub inner_offset: u64,
    /// Where the chunk starts in the file.
    pub chunk_offset: u64,
    /// Its uncompressed length.
    pub len: u64,
    /// `chunkDigest`.
    pub digest: Option<String>,
    /// zstd:chunked `chunkType: zeros`: a hole, no bytes stored.
    pub zeros: bool,
}

/// A regular file's content as the TOC places it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChunks {
    /// The file's size.
    pub size: u64,
    /// The whole file's `digest`.
    pub digest: Option<String>,
    /// Its chunks, in file order.
    pub chunks: Vec<Chunk>,
}

/// The listing and the chunk index of one TOC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedToc {
    /// Entries in TOC order, chunks folded into their file.
    pub entries: Vec<Entry>,
    /// Regular files with content, by normalised path.
    pub files: BTreeMap<String, FileChunks>,
}

/// Parses the TOC JSON and maps it; `data_end` is where file data ends in the blob (the TOC's
/// own start).
pub fn map_toc(
    json: &[u8],
    format: LazyFormat,
    data_end: u64,
    limits: &LazyLimits,
) -> Result<MappedToc, LazyError> {
    let toc: TocJson =
        serde_json::from_slice(json).map_err(|e| LazyError::BadToc(e.to_string()))?;
    if toc.version != 1 {
        return Err(LazyError::BadToc(format!(
            "version {} (only 1 is defined)",
            toc.version
        )));
    }
    if toc.entries.len() > limits.max_entries {
        return Err(LazyError::TooManyEntries {
            count: toc.entries.len(),
            limit: limits.max_entries,
        });
    }
    // Every offset where file data starts, to find where each member / frame ends.
    let mut starts: Vec<u64> = toc
        .entries
        .iter()
        .filter(|e| e.kind == "reg" || e.kind == "chunk")
        .filter_map(|e| e.offset)
        .filter_map(|o| u64::try_from(o).ok())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let next_start = |offset: u64| -> u64 {
        let i = starts.partition_point(|&s| s <= offset);
        starts.get(i).copied().unwrap_or(data_end).min(data_end)
    };

    let mut entries = Vec::new();
    let mut files: BTreeMap<String, FileChunks> = BTreeMap::new();
    let mut end_offsets: BTreeMap<String, u64> = BTreeMap::new();
    for e in &toc.entries {
        if e.kind == "chunk" {
            let path = normalise(&e.name).0;
            if let Some(file) = files.get_mut(&path) {
                let size = file.size;
                file.chunks.push(chunk_of(e, size, &next_start));
            }
            continue;
        }
        let (path, unsafe_path) = normalise(&e.name);
        let kind = kind_of(&e.kind);
        let size = if kind == EntryKind::File {
            e.size.and_then(|s| u64::try_from(s).ok()).unwrap_or(0)
        } else {
            0
        };
        let offset = e.offset.and_then(|o| u64::try_from(o).ok());
        entries.push(Entry {
            path: path.clone(),
            kind,
            mode: e.mode.map_or(0, |m| (m & 0o7777) as u32),
            uid: e.uid.and_then(|u| u64::try_from(u).ok()).unwrap_or(0),
            gid: e.gid.and_then(|g| u64::try_from(g).ok()).unwrap_or(0),
            user_name: e.user_name.clone().filter(|n| !n.is_empty()),
            group_name: e.group_name.clone().filter(|n| !n.is_empty()),
            size,
            mtime: e.modtime.as_deref().and_then(parse_rfc3339).unwrap_or(0),
            link_target: e.link_name.clone().filter(|l| !l.is_empty()),
            content_offset: offset.unwrap_or(0),
            unsafe_path,
        });
        if kind == EntryKind::File && size > 0 {
            let chunks = if offset.is_some() {
                vec![chunk_of(e, size, &next_start)]
            } else {
                Vec::new()
            };
            if let Some(end) = e.end_offset.and_then(|o| u64::try_from(o).ok()) {
                end_offsets.insert(path.clone(), end.min(data_end));
            }
            files.insert(
                path,
                FileChunks {
                    size,
                    digest: e.digest.clone(),
                    chunks,
                },
            );
        }
    }
    // zstd:chunked: the file's last frame ends at its `endOffset`.
    if format == LazyFormat::ZstdChunked {
        for (path, end) in end_offsets {
            if let Some(last) = files.get_mut(&path).and_then(|f| f.chunks.last_mut())
                && end > last.offset
            {
                last.end = Some(end);
            }
        }
    }
    Ok(MappedToc { entries, files })
}

fn chunk_of(e: &TocEntryJson, file_size: u64, next_start: &impl Fn(u64) -> u64) -> Chunk {
    let offset = e
        .offset
        .and_then(|o| u64::try_from(o).ok())
        .unwrap_or(u64::MAX);
    let chunk_offset = e
        .chunk_offset
        .and_then(|o| u64::try_from(o).ok())
        .unwrap_or(0);
    let len = match e.chunk_size.and_then(|s| u64::try_from(s).ok()) {
        Some(s) if s > 0 => s,
        _ => file_size.saturating_sub(chunk_offset),
    };
    let end = (offset != u64::MAX)
        .then(|| next_start(offset))
        .filter(|&end| end > offset);
    Chunk {
        offset,
        end,
        inner_offset: e
            .inner_offset
            .and_then(|o| u64::try_from(o).ok())
            .unwrap_or(0),
        chunk_offset,
        len,
        digest: e.chunk_digest.clone(),
        zeros: e.chunk_type.as_deref() == Some("zeros"),
    }
}

fn kind_of(kind: &str) -> EntryKind {
    match kind {
        "reg" => EntryKind::File,
        "dir" => EntryKind::Directory,
        "symlink" => EntryKind::Symlink,
        "hardlink" => EntryKind::HardLink,
        "char" => EntryKind::CharDevice,
        "block" => EntryKind::BlockDevice,
        "fifo" => EntryKind::Fifo,
        _ => EntryKind::Other,
    }
}

/// A TOC name without `./`, leading `/` or trailing `/`, and whether it was unsafe
/// (absolute, or holding a `..` component).
pub fn normalise(name: &str) -> (String, bool) {
    let absolute = name.starts_with('/');
    let mut rest = name;
    loop {
        let before = rest;
        rest = rest.trim_start_matches('/');
        rest = rest.strip_prefix("./").unwrap_or(rest);
        if rest == before {
            break;
        }
    }
    let rest = rest.trim_end_matches('/');
    let dotdot = rest.split('/').any(|c| c == "..");
    (rest.to_string(), absolute || dotdot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_and_flagged() {
        assert_eq!(normalise("./etc/"), ("etc".into(), false));
        assert_eq!(normalise("/etc/passwd"), ("etc/passwd".into(), true));
        assert_eq!(normalise("a/../../b"), ("a/../../b".into(), true));
        assert_eq!(normalise("././x"), ("x".into(), false));
    }

    #[test]
    fn entries_and_chunks_are_mapped() {
        let json = br#"{"version":1,"entries":[
            {"name":"bin/","type":"dir","mode":16877,"uid":0,"gid":0,"modtime":"2023-11-14T22:13:20Z"},
            {"name":"bin/big","type":"reg","size":10,"mode":493,"uid":1,"gid":2,"userName":"u",
             "offset":100,"chunkOffset":0,"chunkSize":6,"chunkDigest":"sha256:a","digest":"sha256:f"},
            {"name":"bin/big","type":"chunk","offset":150,"chunkOffset":6,"chunkSize":0,"chunkDigest":"sha256:b"},
            {"name":"bin/sh","type":"symlink","linkName":"big"},
            {"name":"../x","type":"weird"}
        ]}"#;
        let m = map_toc(json, LazyFormat::Estargz, 200, &LazyLimits::default()).unwrap();
        assert_eq!(m.entries.len(), 4);
        assert_eq!(m.entries[0].kind, EntryKind::Directory);
        assert_eq!(m.entries[0].mode, 0o755);
        assert_eq!(m.entries[0].mtime, 1_700_000_000);
        assert_eq!(m.entries[1].size, 10);
        assert_eq!(m.entries[1].content_offset, 100);
        assert_eq!(m.entries[1].user_name.as_deref(), Some("u"));
        assert_eq!(m.entries[2].link_target.as_deref(), Some("big"));
        assert!(m.entries[3].unsafe_path);
        assert_eq!(m.entries[3].kind, EntryKind::Other);
        let big = &m.files["bin/big"];
        assert_eq!(big.chunks.len(), 2);
        assert_eq!((big.chunks[0].end, big.chunks[0].len), (Some(150), 6));
        assert_eq!((big.chunks[1].end, big.chunks[1].len), (Some(200), 4));
    }

    #[test]
    fn limits_and_versions_are_enforced() {
        let limits = LazyLimits {
            max_entries: 1,
            ..LazyLimits::default()
        };
        let two =
            br#"{"version":1,"entries":[{"name":"a","type":"dir"},{"name":"b","type":"dir"}]}"#;
        assert_eq!(
            map_toc(two, LazyFormat::Estargz, 0, &limits),
            Err(LazyError::TooManyEntries { count: 2, limit: 1 })
        );
        assert!(matches!(
            map_toc(
                br#"{"version":2,"entries":[]}"#,
                LazyFormat::Estargz,
                0,
                &limits
            ),
            Err(LazyError::BadToc(_))
        ));
        assert!(matches!(
            map_toc(b"not json", LazyFormat::Estargz, 0, &limits),
            Err(LazyError::BadToc(_))
        ));
    }
}
