//! The decompression bomb: a 4 MiB gzip whose tar expands to 4 GiB (one file of zeros), a
//! ratio of 1028:1, above the layer readers' 1000:1 cap; built in milliseconds without ever
//! holding the expansion. Deflate with a full flush resets the
//! compressor's dictionary, so every 16 MiB chunk of zeros after the first compresses to the
//! same bytes: those are repeated, a final empty block closes the stream, and the gzip
//! trailer's CRC-32 is combined chunk by chunk (ISIZE is the length modulo 2^32: 0).

use anyhow::{Context, Result, bail};
use flate2::{Compress, Compression, FlushCompress, Status};

use super::raw;

/// Bytes of one chunk.
const CHUNK: usize = 16 << 20;
/// Chunks in the expansion: 4 GiB in all.
pub const CHUNKS: usize = 256;
/// The expanded (tar) length.
pub const EXPANDED: u64 = (CHUNK as u64) * (CHUNKS as u64);
/// The name of the one file of zeros.
const NAME: &str = "zeros.bin";
/// sha256 of the 4 GiB expansion (the diff id), pinned because computing it takes seconds;
/// `the_pinned_diff_id_is_the_expansion_s` checks it by inflating the whole bomb.
pub const DIFF_ID: &str = "sha256:5933a52346265ae0fd03119bf0f58b89f620a78b4a816707f6becdd621e0af0b";

/// The tar header of the one file: it takes everything up to the two zero blocks that end
/// the archive, so the tar is well-formed.
pub fn tar_header() -> [u8; raw::BLOCK] {
    let size = EXPANDED - (3 * raw::BLOCK) as u64;
    *raw::file_header(NAME.as_bytes(), size).as_bytes()
}

/// The first chunk: the file's header, then zeros.
fn first_chunk() -> Vec<u8> {
    let mut chunk = tar_header().to_vec();
    chunk.resize(CHUNK, 0);
    chunk
}

/// Raw deflate of `input` ending with a full flush (byte-aligned, dictionary reset).
fn deflate_flushed(compress: &mut Compress, input: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 100 + 1024);
    let start = compress.total_in();
    loop {
        let consumed = usize::try_from(compress.total_in() - start).unwrap_or(usize::MAX);
        let status = compress
            .compress_vec(&input[consumed..], &mut out, FlushCompress::Full)
            .context("deflating a bomb chunk")?;
        let done = usize::try_from(compress.total_in() - start).unwrap_or(0) == input.len();
        if done && out.len() < out.capacity() {
            return Ok(out);
        }
        if status == Status::StreamEnd {
            bail!("deflate ended early");
        }
        out.reserve(out.capacity().max(1024));
    }
}

/// The gzip bytes of the bomb.
pub fn gzip() -> Result<Vec<u8>> {
    let mut compress = Compress::new(Compression::new(6), false);
    let first = first_chunk();
    let head = deflate_flushed(&mut compress, &first)?;
    let zeros = vec![0u8; CHUNK];
    let repeated = deflate_flushed(&mut compress, &zeros)?;
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.extend_from_slice(&head);
    for _ in 1..CHUNKS {
        out.extend_from_slice(&repeated);
    }
    // A final, empty fixed-Huffman block: BFINAL=1, BTYPE=01, end-of-block code.
    out.extend_from_slice(&[0x03, 0x00]);
    let mut crc = crc32fast::Hasher::new();
    crc.update(&first);
    let mut zero_crc = crc32fast::Hasher::new();
    zero_crc.update(&zeros);
    for _ in 1..CHUNKS {
        crc.combine(&zero_crc);
    }
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    let isize = u32::try_from(EXPANDED % (1u64 << 32)).unwrap_or(0);
    out.extend_from_slice(&isize.to_le_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest as _, Sha256};
    use std::io::Read as _;

    #[test]
    fn the_bomb_is_small_and_expands_over_1000_times() {
        let bomb = gzip().expect("bomb");
        assert!(bomb.len() < 5 << 20, "{} bytes", bomb.len());
        assert!(EXPANDED / bomb.len() as u64 > 1020, "{} bytes", bomb.len());
    }

    /// Inflates all 4 GiB (streaming): the length, the gzip CRC (checked by the decoder),
    /// the tar header and the pinned diff id.
    #[test]
    fn the_pinned_diff_id_is_the_expansion_s() {
        let bomb = gzip().expect("bomb");
        let mut decoder = flate2::read::GzDecoder::new(bomb.as_slice());
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 1 << 20];
        let mut total = 0u64;
        let mut first = true;
        loop {
            let n = decoder.read(&mut buffer).expect("inflate");
            if n == 0 {
                break;
            }
            if first {
                assert!(n >= 512);
                let header = tar::Header::from_byte_slice(&buffer[..512]);
                assert_eq!(header.size().expect("size"), EXPANDED - 1536);
                assert_eq!(&*header.path_bytes(), NAME.as_bytes());
                first = false;
            }
            hasher.update(&buffer[..n]);
            total += n as u64;
        }
        assert_eq!(total, EXPANDED);
        assert_eq!(format!("sha256:{:x}", hasher.finalize()), DIFF_ID);
    }
}
