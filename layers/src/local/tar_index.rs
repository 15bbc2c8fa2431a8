//! An index of a tar's members built from their headers alone, sans-IO: the indexer names
//! the next bytes it needs (a 512-byte header, or a PAX / GNU long-name record), the caller
//! reads them (a browser `File.slice`, a native `read_at`), and member contents are skipped.
//! Rules: POSIX ustar and pax (IEEE Std 1003.1, `pax` format), GNU `L`/`K` long names,
//! base-256 sizes.

use std::collections::BTreeMap;

use super::error::LocalError;
use crate::lazy::range::ByteRange;

/// Largest PAX or long-name record read.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;
/// Most members indexed.
pub const MAX_MEMBERS: usize = 200_000;

/// One member of the outer tar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Path, without `./` or a trailing `/`.
    pub path: String,
    /// Where its content is in the archive.
    pub range: ByteRange,
    /// True for regular files (directories and others are indexed but not served).
    pub is_file: bool,
}

/// The members of a tar, by path (a later member of the same path wins, as when extracting).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TarIndex {
    /// Members by path.
    pub members: BTreeMap<String, Member>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Want {
    Header,
    Record { kind: u8, range: ByteRange },
    Done,
}

/// Builds a [`TarIndex`] from header reads.
#[derive(Debug, Clone)]
pub struct TarIndexer {
    size: u64,
    pos: u64,
    want: Want,
    long_name: Option<String>,
    pax_path: Option<String>,
    index: TarIndex,
    count: usize,
}

impl TarIndexer {
    /// Starts on an archive of `size` bytes.
    pub fn new(size: u64) -> TarIndexer {
        TarIndexer {
            size,
            pos: 0,
            want: Want::Header,
            long_name: None,
            pax_path: None,
            index: TarIndex::default(),
            count: 0,
        }
    }

    /// The bytes to read next (`None` when the index is complete).
    pub fn next_read(&self) -> Option<ByteRange> {
        match &self.want {
            Want::Header if self.pos >= self.size => None,
            Want::Header => Some(ByteRange {
                start: self.pos,
                end: (self.pos + 512).min(self.size),
            }),
            Want::Record { range, .. } => Some(*range),
            Want::Done => None,
        }
    }

    /// Takes the bytes of [`TarIndexer::next_read`].
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), LocalError> {
        match std::mem::replace(&mut self.want, Want::Done) {
            Want::Header => self.header(bytes),
            Want::Record { kind, range } => {
                if bytes.len() as u64 != range.len() {
                    return Err(self.truncated("a header record", range.start, range.len()));
                }
                let text = String::from_utf8_lossy(bytes);
                if kind == b'L' {
                    self.long_name = Some(text.trim_end_matches('\0').to_string());
                } else if kind == b'x' {
                    self.pax_path = pax_path(bytes);
                }
                self.pos = range.start + range.len().div_ceil(512) * 512;
                self.want = Want::Header;
                Ok(())
            }
            Want::Done => Ok(()),
        }
    }

    /// The index, once [`TarIndexer::next_read`] is `None`.
    pub fn finish(self) -> Result<TarIndex, LocalError> {
        if self.count == 0 && self.index.members.is_empty() {
            return Err(LocalError::NotAnImage("the file is empty".into()));
        }
        Ok(self.index)
    }

    fn truncated(&self, what: &str, offset: u64, needed: u64) -> LocalError {
        LocalError::Truncated {
            what: what.to_string(),
            offset,
            needed,
            size: self.size,
        }
    }

    fn header(&mut self, h: &[u8]) -> Result<(), LocalError> {
        let at = self.pos;
        if h.len() < 512 {
            return Err(self.truncated("a tar header", at, 512));
        }
        if h.iter().all(|&b| b == 0) {
            // End of archive (the second zero block need not be read).
            self.want = Want::Done;
            return Ok(());
        }
        if !checksum_ok(h) {
            return Err(LocalError::BadHeader { offset: at });
        }
        let size = number(&h[124..136]).ok_or(LocalError::BadHeader { offset: at })?;
        let kind = h[156];
        let content = at + 512;
        let end = content.checked_add(size).filter(|&e| e <= self.size);
        let Some(end) = end else {
            let name = self.name_of(h);
            return Err(self.truncated(&format!("member {name:?}"), content, size));
        };
        if matches!(kind, b'x' | b'L') {
            if size > MAX_RECORD_BYTES {
                return Err(LocalError::TooLarge {
                    what: format!("the header record at offset {at}"),
                    size,
                    limit: MAX_RECORD_BYTES,
                });
            }
            self.want = Want::Record {
                kind,
                range: ByteRange {
                    start: content,
                    end,
                },
            };
            return Ok(());
        }
        let name = self.name_of(h);
        self.long_name = None;
        self.pax_path = None;
        self.pos = content + size.div_ceil(512) * 512;
        self.want = Want::Header;
        if matches!(kind, b'g' | b'K') {
            return Ok(());
        }
        self.count += 1;
        if self.count > MAX_MEMBERS {
            return Err(LocalError::TooManyMembers { limit: MAX_MEMBERS });
        }
        let (path, unsafe_name) = crate::lazy::toc::normalise(&name);
        if unsafe_name {
            return Err(LocalError::UnsafeName { name });
        }
        if path.is_empty() {
            return Ok(());
        }
        let is_file = matches!(kind, b'0' | 0 | b'7');
        self.index.members.insert(
            path.clone(),
            Member {
                path,
                range: ByteRange {
                    start: content,
                    end,
                },
                is_file,
            },
        );
        Ok(())
    }

    fn name_of(&self, h: &[u8]) -> String {
        if let Some(p) = self.pax_path.clone().or_else(|| self.long_name.clone()) {
            return p;
        }
        let field = |r: std::ops::Range<usize>| {
            let f = &h[r];
            let end = f.iter().position(|&b| b == 0).unwrap_or(f.len());
            String::from_utf8_lossy(&f[..end]).into_owned()
        };
        let name = field(0..100);
        let prefix = if &h[257..262] == b"ustar" {
            field(345..500)
        } else {
            String::new()
        };
        if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        }
    }
}

fn checksum_ok(h: &[u8]) -> bool {
    let Some(stored) = number(&h[148..156]) else {
        return false;
    };
    let sum: u64 = h
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(b)
            }
        })
        .sum();
    stored == sum
}

/// A numeric field: octal text, or GNU base-256 (high bit set).
fn number(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        if field[0] & 0x40 != 0 {
            return None; // negative
        }
        let mut v: u64 = u64::from(field[0] & 0x3f);
        for &b in &field[1..] {
            v = v.checked_mul(256)?.checked_add(u64::from(b))?;
        }
        return Some(v);
    }
    let text = std::str::from_utf8(field).ok()?;
    let digits = text.trim_matches(|c: char| c == ' ' || c == '\0');
    if digits.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(digits, 8).ok()
}

/// The `path` of a PAX extended header's records (`LEN path=VALUE\n`).
fn pax_path(bytes: &[u8]) -> Option<String> {
    let mut rest = bytes;
    let mut found = None;
    while !rest.is_empty() {
        let space = rest.iter().position(|&b| b == b' ')?;
        let len: usize = std::str::from_utf8(&rest[..space]).ok()?.parse().ok()?;
        if len <= space || len > rest.len() {
            return found;
        }
        let record = &rest[space + 1..len];
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        if let Some(value) = record.strip_prefix(b"path=") {
            found = Some(String::from_utf8_lossy(value).into_owned());
        }
        rest = &rest[len..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pax_paths_and_base256_sizes_are_read() {
        assert_eq!(
            pax_path(b"30 path=a/very/long/name/here\n20 mtime=1700000000\n"),
            Some("a/very/long/name/here".into())
        );
        assert_eq!(pax_path(b"999 path=x\n"), None);
        assert_eq!(number(b"0000644\0"), Some(0o644));
        let mut big = [0u8; 12];
        big[0] = 0x80;
        big[11] = 5;
        assert_eq!(number(&big), Some(5));
        big[0] = 0xff;
        assert_eq!(number(&big), None);
    }
}
