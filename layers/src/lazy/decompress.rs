//! Bounded decoding of one gzip member or one zstd frame: never more output than asked for,
//! whatever the compressed bytes claim.

use std::io::Read;

/// Why a bounded decode stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// The output would pass the limit.
    TooLarge,
    /// The bytes are not a valid member / frame.
    Corrupt(String),
}

/// Decodes the gzip member at the start of `bytes`, failing past `limit` output bytes.
pub(crate) fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, DecodeError> {
    bounded(flate2::read::GzDecoder::new(bytes), limit)
}

/// Decodes the first `want` output bytes of the gzip member at the start of `bytes`.
pub(crate) fn gunzip_prefix(bytes: &[u8], want: u64) -> Result<Vec<u8>, DecodeError> {
    prefix(flate2::read::GzDecoder::new(bytes), want)
}

/// Decodes the zstd frame at the start of `bytes`, failing past `limit` output bytes.
pub(crate) fn unzstd(bytes: &[u8], limit: u64) -> Result<Vec<u8>, DecodeError> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(bytes)
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    bounded(decoder, limit)
}

/// Decodes the first `want` output bytes of the zstd frame at the start of `bytes`.
pub(crate) fn unzstd_prefix(bytes: &[u8], want: u64) -> Result<Vec<u8>, DecodeError> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(bytes)
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    prefix(decoder, want)
}

fn bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    if out.len() as u64 > limit {
        return Err(DecodeError::TooLarge);
    }
    Ok(out)
}

fn prefix(reader: impl Read, want: u64) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    reader
        .take(want)
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    if (out.len() as u64) < want {
        return Err(DecodeError::Corrupt(format!(
            "it decompresses to {} bytes, fewer than the {want} the TOC says",
            out.len()
        )));
    }
    Ok(out)
}
