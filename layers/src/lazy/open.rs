//! Opening one file of a lazy layer: one Range request covering its chunks, each chunk
//! decompressed on its own (a gzip member for eStargz, a zstd frame for zstd:chunked) and
//! checked against its `chunkDigest`, and the whole file against its `digest`.

use super::check::DigestCheck;
use super::decompress::{DecodeError, gunzip_prefix, unzstd_prefix};
use super::error::LazyError;
use super::format::LazyFormat;
use super::limits::LazyLimits;
use super::range::{Answer, ByteRange, take_range};
use super::reader::LazyToc;
use super::toc::{Chunk, normalise};
use crate::entry::EntryKind;

/// What to fetch to open one file, and how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRequest {
    /// The file's path.
    pub path: String,
    /// The one range to fetch (`None`: nothing stored, e.g. a hole of zeros).
    pub range: Option<ByteRange>,
    /// The file's size.
    pub size: u64,
    /// True when only the first chunks fit the open cap.
    pub truncated: bool,
    format: LazyFormat,
    chunks: Vec<Chunk>,
    digest: Option<String>,
}

/// An opened file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedFile {
    /// Its bytes (the first chunks only when truncated).
    pub bytes: Vec<u8>,
    /// True when the file is larger than the open cap and only its start is here.
    pub truncated: bool,
    /// One check per chunk, in file order.
    pub chunks: Vec<DigestCheck>,
    /// The whole file against the TOC's `digest` (not checked when truncated).
    pub file: DigestCheck,
}

impl OpenedFile {
    /// True when every chunk and the whole file matched their digests.
    pub fn verified(&self) -> bool {
        self.file.is_matched() && self.chunks.iter().all(DigestCheck::is_matched)
    }
}

impl LazyToc {
    /// Plans opening `path` (a regular file of this TOC).
    pub fn open(&self, path: &str, limits: &LazyLimits) -> Result<FileRequest, LazyError> {
        let mut key = normalise(path).0;
        // A hard link opens the file it names (one hop: tar hard links name a regular file).
        if let Some(target) = self
            .entries
            .iter()
            .find(|e| e.path == key && e.kind == EntryKind::HardLink)
            .and_then(|e| e.link_target.as_deref())
        {
            key = normalise(target).0;
        }
        let Some(file) = self.files.get(&key) else {
            if self.entries.iter().any(|e| e.path == key && e.size == 0) {
                return Ok(FileRequest {
                    path: key,
                    range: None,
                    size: 0,
                    truncated: false,
                    format: self.format,
                    chunks: Vec::new(),
                    digest: None,
                });
            }
            return Err(LazyError::NoSuchFile(key));
        };
        let mut chunks = file.chunks.clone();
        chunks.sort_by_key(|c| c.chunk_offset);
        let mut chosen = Vec::new();
        let mut total = 0u64;
        for c in chunks.iter() {
            if c.inner_offset > limits.max_chunk_bytes {
                return Err(LazyError::CorruptChunk {
                    path: key,
                    offset: c.offset,
                    why: format!(
                        "it starts {} bytes into its compressed member, more than the {} accepted",
                        c.inner_offset, limits.max_chunk_bytes
                    ),
                });
            }
            if c.len > limits.max_chunk_bytes || total.saturating_add(c.len) > limits.max_open_bytes
            {
                break;
            }
            if !c.zeros && (c.offset >= self.blob_size || c.end.is_none_or(|e| e > self.blob_size))
            {
                return Err(LazyError::BadChunk {
                    path: key,
                    offset: c.offset.min(i64::MAX as u64) as i64,
                });
            }
            total += c.len;
            chosen.push(c.clone());
        }
        if chosen.is_empty() && !chunks.is_empty() {
            return Err(LazyError::CorruptChunk {
                path: key,
                offset: chunks[0].offset,
                why: format!(
                    "its first chunk is larger than the {} bytes accepted",
                    limits.max_chunk_bytes
                ),
            });
        }
        let stored = chosen.iter().filter(|c| !c.zeros);
        let start = stored.clone().map(|c| c.offset).min();
        let end = stored.filter_map(|c| c.end).max();
        let range = match (start, end) {
            (Some(start), Some(end)) => Some(ByteRange { start, end }),
            _ => None,
        };
        Ok(FileRequest {
            path: key,
            range,
            size: file.size,
            truncated: chosen.len() < chunks.len() || total < file.size,
            format: self.format,
            chunks: chosen,
            digest: file.digest.clone(),
        })
    }
}

impl FileRequest {
    /// Reads the file out of the answer to [`FileRequest::range`] (pass `None` when it asked
    /// for nothing).
    pub fn finish(&self, answer: Option<&Answer<'_>>) -> Result<OpenedFile, LazyError> {
        let body = match (self.range, answer) {
            (Some(range), Some(answer)) => Some((range, take_range(range, answer)?)),
            (Some(range), None) => {
                return Err(LazyError::BadAnswer {
                    start: range.start,
                    end: range.end.saturating_sub(1),
                    why: "no answer".into(),
                });
            }
            (None, _) => None,
        };
        let mut bytes = Vec::new();
        let mut checks = Vec::new();
        for c in &self.chunks {
            if c.chunk_offset != bytes.len() as u64 {
                return Err(LazyError::CorruptChunk {
                    path: self.path.clone(),
                    offset: c.offset,
                    why: format!(
                        "it starts at byte {} of the file, but the chunks before it end at {}",
                        c.chunk_offset,
                        bytes.len()
                    ),
                });
            }
            let data = if c.zeros {
                vec![0; c.len as usize]
            } else {
                let (range, body) = body.ok_or_else(|| LazyError::BadChunk {
                    path: self.path.clone(),
                    offset: c.offset as i64,
                })?;
                let end = c.end.unwrap_or(range.end);
                let compressed =
                    &body[(c.offset - range.start) as usize..(end - range.start) as usize];
                let want = c.inner_offset.saturating_add(c.len);
                let decoded = match self.format {
                    LazyFormat::Estargz => gunzip_prefix(compressed, want),
                    LazyFormat::ZstdChunked => unzstd_prefix(compressed, want),
                }
                .map_err(|e| LazyError::CorruptChunk {
                    path: self.path.clone(),
                    offset: c.offset,
                    why: match e {
                        DecodeError::TooLarge => "it is larger than the TOC says".into(),
                        DecodeError::Corrupt(why) => why,
                    },
                })?;
                decoded[c.inner_offset as usize..].to_vec()
            };
            checks.push(DigestCheck::compare(c.digest.as_deref(), &data));
            bytes.extend_from_slice(&data);
        }
        let file = if self.truncated {
            DigestCheck::NotChecked {
                why: format!("only the first {} bytes were read", bytes.len()),
            }
        } else if self.size == 0 {
            DigestCheck::NotChecked {
                why: "an empty file has no content to check".into(),
            }
        } else {
            DigestCheck::compare(self.digest.as_deref(), &bytes)
        };
        Ok(OpenedFile {
            bytes,
            truncated: self.truncated,
            chunks: checks,
            file,
        })
    }
}
