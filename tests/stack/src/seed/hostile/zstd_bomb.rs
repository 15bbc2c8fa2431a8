//! The zstd bomb: a 128 KiB zstd frame expanding to the same 4 GiB tar as the gzip bomb (one
//! file of zeros), 32,768:1. Written by hand from RFC 8878: a frame header with a 128 KiB
//! window and no content size, one raw block holding the tar header, then RLE blocks of zeros
//! (4 bytes each for up to 128 KiB), the last one flagged; no checksum.

use super::bomb;
use super::raw;

/// zstd frame magic number (RFC 8878, 3.1.1).
const MAGIC: u32 = 0xfd2f_b528;
/// Frame header descriptor: no content size, not single-segment, no checksum, no dictionary.
const DESCRIPTOR: u8 = 0;
/// Window descriptor: exponent 7, mantissa 0, a 128 KiB window (2^(10+7)).
const WINDOW: u8 = 7 << 3;
/// The largest block (Block_Maximum_Size: the smaller of the window and 128 KiB).
const BLOCK_MAX: u64 = 128 << 10;

/// A 3-byte block header: last flag, type (0 raw, 1 RLE), size (21 bits).
fn block_header(last: bool, kind: u32, size: u64) -> [u8; 3] {
    let size = u32::try_from(size).unwrap_or(0) & 0x1f_ffff;
    let value = u32::from(last) | (kind << 1) | (size << 3);
    let bytes = value.to_le_bytes();
    [bytes[0], bytes[1], bytes[2]]
}

/// The zstd bytes of the bomb.
pub fn zstd() -> Vec<u8> {
    let header = bomb::tar_header();
    let mut out = MAGIC.to_le_bytes().to_vec();
    out.extend_from_slice(&[DESCRIPTOR, WINDOW]);
    out.extend_from_slice(&block_header(false, 0, raw::BLOCK as u64));
    out.extend_from_slice(&header);
    let mut left = bomb::EXPANDED - raw::BLOCK as u64;
    while left > 0 {
        let size = left.min(BLOCK_MAX);
        left -= size;
        out.extend_from_slice(&block_header(left == 0, 1, size));
        out.push(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    /// Decodes all 4 GiB: the same tar header as the gzip bomb, then only zeros, so the
    /// expansion (and the diff id both bombs list) is the gzip bomb's.
    #[test]
    fn the_zstd_bomb_expands_to_the_gzip_bomb_s_tar() {
        let bomb = zstd();
        assert!(bomb.len() < 200 << 10, "{} bytes", bomb.len());
        let mut decoder =
            ruzstd::decoding::StreamingDecoder::new(bomb.as_slice()).expect("a zstd frame");
        let mut buffer = vec![0u8; 4 << 20];
        let zeros = vec![0u8; 4 << 20];
        let mut total = 0u64;
        let mut nonzero_after_header = false;
        loop {
            let n = decoder.read(&mut buffer).expect("zstd data");
            if n == 0 {
                break;
            }
            let mut chunk = &buffer[..n];
            if total < raw::BLOCK as u64 {
                let take = (raw::BLOCK - total as usize).min(n);
                assert_eq!(
                    chunk[..take],
                    bomb::tar_header()[total as usize..total as usize + take]
                );
                chunk = &chunk[take..];
            }
            // A slice comparison is a memcmp, quick even in a debug build.
            nonzero_after_header |= chunk != &zeros[..chunk.len()];
            total += n as u64;
        }
        assert_eq!(total, bomb::EXPANDED);
        assert!(!nonzero_after_header);
    }
}
