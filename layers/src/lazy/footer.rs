//! The footers at the end of a lazy layer, which say where its TOC starts.
//!
//! - eStargz (`docs/estargz.md`): an empty gzip member of 51 bytes whose Extra field is the
//!   subfield `SG`, length 22, holding `%016x` of the TOC's offset followed by `STARGZ`.
//!   Legacy stargz (google/crfs) wrote 47 bytes: the 22 bytes directly as the Extra field.
//! - zstd:chunked (containers/storage `pkg/chunked/internal/minimal`): a zstd skippable frame
//!   (magic `0x184D2A50`, little-endian length 64) holding seven little-endian u64 (TOC offset,
//!   compressed and uncompressed length, manifest type, tar-split offset, compressed and
//!   uncompressed length) and the magic `GNUlInUx`.

use super::error::LazyError;
use super::format::ManifestPosition;

/// Size of the eStargz footer.
pub const ESTARGZ_FOOTER_SIZE: usize = 51;
/// Size of the legacy stargz footer.
pub const LEGACY_STARGZ_FOOTER_SIZE: usize = 47;
/// Size of the zstd:chunked footer: a skippable frame header (8) and 64 bytes of data.
pub const ZSTD_FOOTER_SIZE: usize = 72;
/// Magic of a zstd skippable frame (the first of the 16 allowed values), little-endian.
pub const SKIPPABLE_FRAME_MAGIC: [u8; 4] = [0x50, 0x2a, 0x4d, 0x18];
/// The zstd:chunked footer's closing magic.
pub const ZSTD_CHUNKED_MAGIC: [u8; 8] = *b"GNUlInUx";

/// The eStargz footer for a TOC at `toc_offset`.
pub fn estargz_footer(toc_offset: u64) -> [u8; ESTARGZ_FOOTER_SIZE] {
    let mut f = [0u8; ESTARGZ_FOOTER_SIZE];
    // gzip header: magic, deflate, FEXTRA, mtime 0, XFL 0, OS 255 (unknown).
    f[..10].copy_from_slice(&[0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 255]);
    f[10..12].copy_from_slice(&26u16.to_le_bytes());
    f[12] = b'S';
    f[13] = b'G';
    f[14..16].copy_from_slice(&22u16.to_le_bytes());
    f[16..38].copy_from_slice(format!("{toc_offset:016x}STARGZ").as_bytes());
    // One stored, final, empty deflate block; then CRC32 and ISIZE of nothing (zeros).
    f[38..43].copy_from_slice(&[1, 0, 0, 0xff, 0xff]);
    f
}

/// Reads the TOC offset from the last bytes of an eStargz (or legacy stargz) blob: `tail`
/// must end where the blob ends and hold at least the footer.
pub fn parse_estargz_footer(tail: &[u8]) -> Result<u64, LazyError> {
    if tail.len() >= ESTARGZ_FOOTER_SIZE {
        let f = &tail[tail.len() - ESTARGZ_FOOTER_SIZE..];
        if gzip_with_extra(f, 26) && &f[12..14] == b"SG" && f[14..16] == 22u16.to_le_bytes() {
            return toc_offset_text(&f[16..38]);
        }
    }
    if tail.len() >= LEGACY_STARGZ_FOOTER_SIZE {
        let f = &tail[tail.len() - LEGACY_STARGZ_FOOTER_SIZE..];
        if gzip_with_extra(f, 22) {
            return toc_offset_text(&f[12..34]);
        }
    }
    Err(LazyError::NoFooter {
        format: "eStargz",
        why: "the blob does not end with a gzip member whose Extra field names the TOC offset"
            .into(),
    })
}

fn gzip_with_extra(f: &[u8], xlen: u16) -> bool {
    f.len() >= 12
        && f[0] == 0x1f
        && f[1] == 0x8b
        && f[2] == 8
        && f[3] & 4 != 0
        && f[10..12] == xlen.to_le_bytes()
}

fn toc_offset_text(field: &[u8]) -> Result<u64, LazyError> {
    let bad = || LazyError::NoFooter {
        format: "eStargz",
        why: "the footer's Extra field is not 16 hex digits followed by STARGZ".into(),
    };
    if field.len() != 22 || &field[16..] != b"STARGZ" {
        return Err(bad());
    }
    let hex = std::str::from_utf8(&field[..16]).map_err(|_| bad())?;
    if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    u64::from_str_radix(hex, 16).map_err(|_| bad())
}

/// What the zstd:chunked footer says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZstdFooter {
    /// Where the compressed TOC is.
    pub manifest: ManifestPosition,
    /// Offset of the compressed tar-split data.
    pub tar_split_offset: u64,
    /// Its compressed length.
    pub tar_split_length: u64,
    /// Its uncompressed length.
    pub tar_split_uncompressed: u64,
}

/// The zstd:chunked footer frame for these positions.
pub fn zstd_footer(footer: &ZstdFooter) -> [u8; ZSTD_FOOTER_SIZE] {
    let mut f = [0u8; ZSTD_FOOTER_SIZE];
    f[..4].copy_from_slice(&SKIPPABLE_FRAME_MAGIC);
    f[4..8].copy_from_slice(&64u32.to_le_bytes());
    let words = [
        footer.manifest.offset,
        footer.manifest.length,
        footer.manifest.uncompressed_length,
        footer.manifest.kind,
        footer.tar_split_offset,
        footer.tar_split_length,
        footer.tar_split_uncompressed,
    ];
    for (i, w) in words.iter().enumerate() {
        f[8 + i * 8..16 + i * 8].copy_from_slice(&w.to_le_bytes());
    }
    f[64..].copy_from_slice(&ZSTD_CHUNKED_MAGIC);
    f
}

/// Reads the zstd:chunked footer from the last bytes of a blob.
pub fn parse_zstd_footer(tail: &[u8]) -> Result<ZstdFooter, LazyError> {
    let bad = |why: &str| LazyError::NoFooter {
        format: "zstd:chunked",
        why: why.into(),
    };
    if tail.len() < ZSTD_FOOTER_SIZE {
        return Err(bad("the blob is shorter than the 72-byte footer"));
    }
    let f = &tail[tail.len() - ZSTD_FOOTER_SIZE..];
    if f[64..] != ZSTD_CHUNKED_MAGIC {
        return Err(bad("the blob does not end with the GNUlInUx magic"));
    }
    if f[..4] != SKIPPABLE_FRAME_MAGIC || f[4..8] != 64u32.to_le_bytes() {
        return Err(bad("the footer is not a 64-byte zstd skippable frame"));
    }
    let word = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&f[8 + i * 8..16 + i * 8]);
        u64::from_le_bytes(b)
    };
    Ok(ZstdFooter {
        manifest: ManifestPosition {
            offset: word(0),
            length: word(1),
            uncompressed_length: word(2),
            kind: word(3),
        },
        tar_split_offset: word(4),
        tar_split_length: word(5),
        tar_split_uncompressed: word(6),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn estargz_footer_is_an_empty_gzip_member_naming_the_offset() {
        let f = estargz_footer(0x1234_5678);
        assert_eq!(parse_estargz_footer(&f).unwrap(), 0x1234_5678);
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&f[..])
            .read_to_end(&mut out)
            .unwrap();
        assert!(out.is_empty());
        let mut prefixed = b"earlier bytes".to_vec();
        prefixed.extend_from_slice(&f);
        assert_eq!(parse_estargz_footer(&prefixed).unwrap(), 0x1234_5678);
    }

    #[test]
    fn legacy_stargz_footer_is_read() {
        let mut f = [0u8; LEGACY_STARGZ_FOOTER_SIZE];
        f[..10].copy_from_slice(&[0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 255]);
        f[10..12].copy_from_slice(&22u16.to_le_bytes());
        f[12..34].copy_from_slice(b"00000000000000ffSTARGZ");
        assert_eq!(parse_estargz_footer(&f).unwrap(), 255);
    }

    #[test]
    fn broken_footers_are_named() {
        let mut f = estargz_footer(7);
        f[20] = b'g';
        assert!(matches!(
            parse_estargz_footer(&f),
            Err(LazyError::NoFooter { .. })
        ));
        assert!(parse_estargz_footer(b"short").is_err());
        let z = zstd_footer(&ZstdFooter {
            manifest: ManifestPosition {
                offset: 1,
                length: 2,
                uncompressed_length: 3,
                kind: 1,
            },
            tar_split_offset: 4,
            tar_split_length: 5,
            tar_split_uncompressed: 6,
        });
        assert_eq!(parse_zstd_footer(&z).unwrap().tar_split_uncompressed, 6);
        let mut broken = z;
        broken[70] = 0;
        assert!(parse_zstd_footer(&broken).is_err());
        assert!(parse_zstd_footer(&z[1..]).is_err());
    }
}
