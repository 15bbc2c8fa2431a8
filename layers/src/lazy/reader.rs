//! Reading a lazy layer's TOC with Range requests, sans-IO: [`TocReader::request`] names the
//! bytes to fetch, [`TocReader::feed`] takes the answer; at most three requests (footer tail,
//! TOC) and one when the descriptor gives the zstd:chunked manifest position.

use std::collections::BTreeMap;

use super::check::sha256;
use super::decompress::{DecodeError, gunzip, unzstd};
use super::error::LazyError;
use super::footer::{
    ESTARGZ_FOOTER_SIZE, LEGACY_STARGZ_FOOTER_SIZE, ZSTD_FOOTER_SIZE, parse_estargz_footer,
    parse_zstd_footer,
};
use super::format::{Detection, LazyFormat, ManifestPosition, TOC_TAR_NAME};
use super::limits::LazyLimits;
use super::range::{Answer, ByteRange, take_range};
use super::toc::{FileChunks, MappedToc, map_toc};
use crate::entry::Entry;

/// Whether the TOC was checked against the descriptor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum TocVerification {
    /// Its digest equals the descriptor's annotation.
    Verified {
        /// The digest.
        digest: String,
    },
    /// The descriptor names no TOC digest: the listing is shown, marked as not verified.
    NotVerified {
        /// Why.
        why: String,
    },
}

/// A layer's TOC, read and checked: its listing and where each file's chunks are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LazyToc {
    /// The format.
    pub format: LazyFormat,
    /// The blob's size.
    pub blob_size: u64,
    /// Whether the TOC was verified against the descriptor.
    pub verification: TocVerification,
    /// The listing, in TOC order.
    pub entries: Vec<Entry>,
    /// Range requests made to read it.
    pub requests: u32,
    /// Bytes of the blob fetched to read it.
    pub bytes_fetched: u64,
    pub(crate) files: BTreeMap<String, FileChunks>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Tail(ByteRange),
    Toc(ByteRange, Place),
    Done,
}

/// Where the TOC is and how it is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// An eStargz TOC: a gzip member (tar header + JSON) from here to the footer.
    Gzip,
    /// A zstd:chunked TOC: one zstd frame.
    Zstd(ManifestPosition),
}

/// The sans-IO reader of one layer's TOC.
#[derive(Debug, Clone)]
pub struct TocReader {
    detection: Detection,
    limits: LazyLimits,
    step: Step,
    requests: u32,
    bytes_fetched: u64,
}

impl TocReader {
    /// Starts reading the layer `detection` describes.
    pub fn new(detection: Detection, limits: LazyLimits) -> Result<TocReader, LazyError> {
        let step = match (detection.format, detection.manifest_position) {
            (LazyFormat::ZstdChunked, Some(position)) => Step::Toc(
                zstd_range(position, detection.blob_size, &limits)?,
                Place::Zstd(position),
            ),
            (format, _) => {
                let footer = match format {
                    LazyFormat::Estargz => ESTARGZ_FOOTER_SIZE,
                    LazyFormat::ZstdChunked => ZSTD_FOOTER_SIZE,
                } as u64;
                let size = detection.blob_size;
                if size < LEGACY_STARGZ_FOOTER_SIZE as u64 {
                    return Err(LazyError::NoFooter {
                        format: format_name(format),
                        why: format!("the blob is only {size} bytes"),
                    });
                }
                let tail = footer.max((size / 50).min(limits.max_tail_bytes)).min(size);
                Step::Tail(ByteRange {
                    start: size - tail,
                    end: size,
                })
            }
        };
        Ok(TocReader {
            detection,
            limits,
            step,
            requests: 0,
            bytes_fetched: 0,
        })
    }

    /// The bytes to fetch next (`None` once the TOC is read).
    pub fn request(&self) -> Option<ByteRange> {
        match self.step {
            Step::Tail(r) | Step::Toc(r, _) => Some(r),
            Step::Done => None,
        }
    }

    /// Takes the answer to [`TocReader::request`]: `Some` with the TOC once it is read,
    /// `None` when another request is needed.
    pub fn feed(&mut self, answer: &Answer<'_>) -> Result<Option<LazyToc>, LazyError> {
        let (asked, place) = match self.step {
            Step::Tail(r) => (r, None),
            Step::Toc(r, p) => (r, Some(p)),
            Step::Done => return Ok(None),
        };
        let bytes = take_range(asked, answer)?;
        self.requests += 1;
        self.bytes_fetched += asked.len();
        match place {
            Some(place) => self.finish(bytes, place, asked).map(Some),
            None => {
                let (toc, place) = self.toc_after_footer(bytes)?;
                if toc.start >= asked.start {
                    // The tail already holds the TOC.
                    let from = (toc.start - asked.start) as usize;
                    let to = (toc.end - asked.start) as usize;
                    return self.finish(&bytes[from..to], place, toc).map(Some);
                }
                self.step = Step::Toc(toc, place);
                Ok(None)
            }
        }
    }

    fn toc_after_footer(&self, tail: &[u8]) -> Result<(ByteRange, Place), LazyError> {
        let size = self.detection.blob_size;
        match self.detection.format {
            LazyFormat::Estargz => {
                let offset = parse_estargz_footer(tail)?;
                let footer = if tail.len() >= ESTARGZ_FOOTER_SIZE
                    && parse_estargz_footer(&tail[tail.len() - ESTARGZ_FOOTER_SIZE..]).is_ok()
                {
                    ESTARGZ_FOOTER_SIZE
                } else {
                    LEGACY_STARGZ_FOOTER_SIZE
                } as u64;
                let end = size - footer;
                if offset >= end {
                    return Err(LazyError::TocOutOfBounds {
                        offset,
                        length: 0,
                        blob_size: size,
                    });
                }
                if end - offset > self.limits.max_toc_compressed {
                    return Err(LazyError::TocTooLarge {
                        size: end - offset,
                        limit: self.limits.max_toc_compressed,
                    });
                }
                Ok((ByteRange { start: offset, end }, Place::Gzip))
            }
            LazyFormat::ZstdChunked => {
                let footer = parse_zstd_footer(tail)?;
                let range = zstd_range(footer.manifest, size, &self.limits)?;
                Ok((range, Place::Zstd(footer.manifest)))
            }
        }
    }

    fn finish(
        &mut self,
        bytes: &[u8],
        place: Place,
        range: ByteRange,
    ) -> Result<LazyToc, LazyError> {
        let (json, digested, data_end) = match place {
            Place::Gzip => {
                let tar = gunzip(bytes, self.limits.max_toc_bytes + 4096).map_err(|e| match e {
                    DecodeError::TooLarge => LazyError::TocTooLarge {
                        size: self.limits.max_toc_bytes + 4096,
                        limit: self.limits.max_toc_bytes,
                    },
                    DecodeError::Corrupt(why) => LazyError::CorruptToc(why),
                })?;
                let json = toc_from_tar(&tar, &self.limits)?;
                (json.clone(), json, range.start)
            }
            Place::Zstd(position) => {
                let json = unzstd(bytes, position.uncompressed_length).map_err(|e| match e {
                    DecodeError::TooLarge => LazyError::CorruptToc(format!(
                        "it decompresses to more than the {} bytes its position says",
                        position.uncompressed_length
                    )),
                    DecodeError::Corrupt(why) => LazyError::CorruptToc(why),
                })?;
                (json, bytes.to_vec(), position.offset.saturating_sub(8))
            }
        };
        let verification = match &self.detection.toc_digest {
            Some(expected) => {
                let actual = sha256(&digested);
                if &actual != expected {
                    return Err(LazyError::TocDigestMismatch {
                        expected: expected.clone(),
                        actual,
                    });
                }
                TocVerification::Verified { digest: actual }
            }
            None => TocVerification::NotVerified {
                why: "the layer descriptor carries no TOC digest annotation".into(),
            },
        };
        let MappedToc { entries, files } =
            map_toc(&json, self.detection.format, data_end, &self.limits)?;
        self.step = Step::Done;
        Ok(LazyToc {
            format: self.detection.format,
            blob_size: self.detection.blob_size,
            verification,
            entries,
            requests: self.requests,
            bytes_fetched: self.bytes_fetched,
            files,
        })
    }
}

fn format_name(format: LazyFormat) -> &'static str {
    match format {
        LazyFormat::Estargz => "eStargz",
        LazyFormat::ZstdChunked => "zstd:chunked",
    }
}

fn zstd_range(
    position: ManifestPosition,
    blob_size: u64,
    limits: &LazyLimits,
) -> Result<ByteRange, LazyError> {
    if position.kind != 1 {
        return Err(LazyError::BadToc(format!(
            "manifest type {} (only 1, a TOC, is defined)",
            position.kind
        )));
    }
    if position.length > limits.max_toc_compressed {
        return Err(LazyError::TocTooLarge {
            size: position.length,
            limit: limits.max_toc_compressed,
        });
    }
    if position.uncompressed_length > limits.max_toc_bytes {
        return Err(LazyError::TocTooLarge {
            size: position.uncompressed_length,
            limit: limits.max_toc_bytes,
        });
    }
    let end = position.offset.checked_add(position.length);
    match end {
        Some(end) if position.length > 0 && position.offset >= 8 && end <= blob_size => {
            Ok(ByteRange {
                start: position.offset,
                end,
            })
        }
        _ => Err(LazyError::TocOutOfBounds {
            offset: position.offset,
            length: position.length,
            blob_size,
        }),
    }
}

/// The JSON of `stargz.index.json` from the TOC member's tar (a PAX or GNU long-name record
/// before its header is skipped).
fn toc_from_tar(tar: &[u8], limits: &LazyLimits) -> Result<Vec<u8>, LazyError> {
    let mut at = 0usize;
    for _ in 0..4 {
        let Some(header) = tar.get(at..at + 512) else {
            break;
        };
        let size = octal(&header[124..136]).ok_or_else(|| {
            LazyError::BadToc("the TOC's tar header has an unreadable size".into())
        })?;
        let typeflag = header[156];
        let body = at + 512;
        let padded = size.div_ceil(512).saturating_mul(512);
        if matches!(typeflag, b'x' | b'g' | b'L' | b'K') {
            at = body.saturating_add(usize::try_from(padded).unwrap_or(usize::MAX));
            continue;
        }
        let name_end = header[..100].iter().position(|&b| b == 0).unwrap_or(100);
        let name = String::from_utf8_lossy(&header[..name_end]);
        if name.trim_start_matches("./") != TOC_TAR_NAME {
            return Err(LazyError::BadToc(format!(
                "the TOC member holds {name:?}, not {TOC_TAR_NAME}"
            )));
        }
        if size > limits.max_toc_bytes {
            return Err(LazyError::TocTooLarge {
                size,
                limit: limits.max_toc_bytes,
            });
        }
        let end = body + size as usize;
        return tar
            .get(body..end)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| LazyError::BadToc("the TOC member ends inside the TOC".into()));
    }
    Err(LazyError::BadToc(format!(
        "the TOC member holds no {TOC_TAR_NAME} entry"
    )))
}

/// A tar numeric field: octal digits, spaces and NULs around them.
fn octal(field: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(field).ok()?;
    let digits = text.trim_matches(|c: char| c == ' ' || c == '\0');
    if digits.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(digits, 8).ok()
}
