//! One 512-byte tar header block: ustar, old GNU and v7 layouts, numeric fields in octal or
//! base-256, and the header checksum.

use super::LayerError;

/// Size of a tar block.
pub(crate) const BLOCK: usize = 512;

/// Which header layout a block uses (from its magic field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// POSIX ustar (`ustar\0` `00`): may carry a name prefix.
    Ustar,
    /// Old GNU (`ustar ` ` \0`): no prefix; may carry sparse maps.
    Gnu,
    /// Pre-POSIX v7: no magic, no owner names.
    V7,
}

/// The fields of a header block, before any PAX or GNU long-name record is applied.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub name: Vec<u8>,
    pub mode: u64,
    pub uid: u64,
    pub gid: u64,
    pub size: u64,
    pub mtime: i64,
    pub typeflag: u8,
    pub linkname: Vec<u8>,
    pub uname: Option<String>,
    pub gname: Option<String>,
    /// Old GNU sparse entries: the file's real size.
    pub gnu_realsize: Option<u64>,
    /// Old GNU sparse entries: more sparse-map blocks follow the header.
    pub gnu_extended: bool,
}

/// Whether a block is all zeros (an end-of-archive marker).
pub(crate) fn is_zero_block(block: &[u8; BLOCK]) -> bool {
    block.iter().all(|&b| b == 0)
}

/// Bytes of a NUL-terminated field.
fn cstr(field: &[u8]) -> &[u8] {
    match field.iter().position(|&b| b == 0) {
        Some(end) => &field[..end],
        None => field,
    }
}

fn text(field: &[u8]) -> Option<String> {
    let bytes = cstr(field);
    if bytes.is_empty() {
        None
    } else {
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// A numeric field: octal digits between optional spaces/NULs, or base-256 (high bit set).
/// Returns `None` when the field is not a number or does not fit in an i64.
pub(crate) fn numeric(field: &[u8]) -> Option<i64> {
    let first = *field.first()?;
    if first & 0x80 != 0 {
        // Base-256, two's complement over the whole field (GNU and star): 0x80 marks a
        // positive value, 0xff a negative one.
        let negative = first & 0x40 != 0;
        let mut value: i128 = if negative { -1 } else { 0 };
        for (i, &b) in field.iter().enumerate() {
            let b = if i == 0 && !negative { b & 0x7f } else { b };
            value = value.checked_mul(256)?;
            value = if negative {
                value | i128::from(b)
            } else {
                value + i128::from(b)
            };
            if value > i128::from(i64::MAX) || value < i128::from(i64::MIN) {
                return None;
            }
        }
        return i64::try_from(value).ok();
    }
    let trimmed: &[u8] = {
        let start = field
            .iter()
            .position(|&b| b != b' ' && b != 0)
            .unwrap_or(field.len());
        let rest = &field[start..];
        let end = rest
            .iter()
            .position(|&b| b == b' ' || b == 0)
            .unwrap_or(rest.len());
        // Anything after the terminator must be padding.
        if rest[end..].iter().any(|&b| b != b' ' && b != 0) {
            return None;
        }
        &rest[..end]
    };
    let mut value: i64 = 0;
    for &b in trimmed {
        if !(b'0'..=b'7').contains(&b) {
            return None;
        }
        value = value.checked_mul(8)?.checked_add(i64::from(b - b'0'))?;
    }
    Some(value)
}

/// Reads a header block, checking its checksum. `offset` is where the block starts.
pub(crate) fn parse(block: &[u8; BLOCK], offset: u64) -> Result<Header, LayerError> {
    let name_hint = || {
        String::from_utf8_lossy(cstr(&block[0..100]))
            .chars()
            .take(100)
            .collect::<String>()
    };
    let (unsigned, signed) = checksums(block);
    let stored = numeric(&block[148..156]);
    if stored != Some(unsigned) && stored != Some(signed) {
        return Err(LayerError::BadChecksum {
            offset,
            name: name_hint(),
            stored: stored.unwrap_or(-1),
            computed: unsigned,
        });
    }
    let field = |range: std::ops::Range<usize>, what: &str| -> Result<i64, LayerError> {
        numeric(&block[range.clone()]).ok_or_else(|| LayerError::BadField {
            offset,
            name: name_hint(),
            field: what.to_owned(),
            value: String::from_utf8_lossy(&block[range]).into_owned(),
        })
    };
    let unsigned_field = |range: std::ops::Range<usize>, what: &str| -> Result<u64, LayerError> {
        let v = field(range.clone(), what)?;
        u64::try_from(v).map_err(|_| LayerError::BadField {
            offset,
            name: name_hint(),
            field: what.to_owned(),
            value: v.to_string(),
        })
    };
    let magic = &block[257..265];
    let format = if magic == b"ustar\x0000" {
        Format::Ustar
    } else if magic == b"ustar  \x00" {
        Format::Gnu
    } else if &magic[..6] == b"ustar\x00" || &magic[..5] == b"ustar" {
        // Writers that got the version bytes wrong: read as ustar.
        Format::Ustar
    } else {
        Format::V7
    };
    let typeflag = block[156];
    let mut name = cstr(&block[0..100]).to_vec();
    if format == Format::Ustar {
        let prefix = cstr(&block[345..500]);
        if !prefix.is_empty() {
            let mut joined = prefix.to_vec();
            joined.push(b'/');
            joined.extend_from_slice(&name);
            name = joined;
        }
    }
    let (uname, gname) = match format {
        Format::V7 => (None, None),
        _ => (text(&block[265..297]), text(&block[297..329])),
    };
    let (gnu_realsize, gnu_extended) = if format == Format::Gnu && typeflag == b'S' {
        (
            Some(unsigned_field(483..495, "sparse real size")?),
            block[482] != 0,
        )
    } else {
        (None, false)
    };
    Ok(Header {
        name,
        mode: unsigned_field(100..108, "mode")?,
        uid: unsigned_field(108..116, "uid")?,
        gid: unsigned_field(116..124, "gid")?,
        size: unsigned_field(124..136, "size")?,
        mtime: field(136..148, "mtime")?,
        typeflag,
        linkname: cstr(&block[157..257]).to_vec(),
        uname,
        gname,
        gnu_realsize,
        gnu_extended,
    })
}

/// The header's checksum as unsigned and as signed byte sums, the checksum field read as spaces.
fn checksums(block: &[u8; BLOCK]) -> (i64, i64) {
    let mut unsigned: i64 = 0;
    let mut signed: i64 = 0;
    for (i, &b) in block.iter().enumerate() {
        let b = if (148..156).contains(&i) { b' ' } else { b };
        unsigned += i64::from(b);
        signed += i64::from(b as i8);
    }
    (unsigned, signed)
}

/// Writes a header's checksum field (used by the tests' archive builders).
#[cfg(test)]
pub(crate) fn set_checksum(block: &mut [u8; BLOCK]) {
    block[148..156].fill(b' ');
    let (sum, _) = checksums(block);
    let text = format!("{sum:06o}\0 ");
    block[148..156].copy_from_slice(text.as_bytes());
}

/// Whether a GNU sparse extension block asks for one more after it.
pub(crate) fn sparse_extension_continues(block: &[u8; BLOCK]) -> bool {
    block[504] != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_fields() {
        let rows: &[(&[u8], Option<i64>)] = &[
            (b"0000644\0", Some(0o644)),
            (b"  644 \0\0", Some(0o644)),
            (b"\0\0\0\0\0\0\0\0", Some(0)),
            (b"        ", Some(0)),
            (b"00000000017\0", Some(0o17)),
            (b"0000008\0", None),
            (b"12 34\0\0\0", None),
            (b"x\0\0\0\0\0\0\0", None),
            (&[0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], Some(1 << 32)),
            (
                &[
                    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
                ],
                Some(-2),
            ),
            (
                &[
                    0x80, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                ],
                None,
            ),
            (b"77777777777777777777777", None),
        ];
        for (field, want) in rows {
            assert_eq!(numeric(field), *want, "{field:?}");
        }
    }

    #[test]
    fn checksum_mismatch_is_reported_with_the_name() {
        let mut block = [0u8; BLOCK];
        block[..5].copy_from_slice(b"hello");
        block[100..108].copy_from_slice(b"0000644\0");
        set_checksum(&mut block);
        assert!(parse(&block, 0).is_ok());
        block[0] = b'j';
        let err = parse(&block, 1024).unwrap_err();
        assert!(
            matches!(&err, LayerError::BadChecksum { offset: 1024, name, .. } if name == "jello"),
            "{err:?}"
        );
        assert!(err.to_string().contains("at byte 1024"));
    }
}
