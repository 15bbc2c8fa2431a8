//! Deterministic file contents with realistic compressibility: text-like (words, lines,
//! about 3-4x under gzip) and binary-like (machine-code-ish runs and tables, about 2x), from a
//! fixed-seed SplitMix64 generator (its stream never changes, unlike a crate's RNG).

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast, and fixed forever.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded from `label` (FNV-1a of its bytes).
    pub fn new(label: &str) -> Self {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in label.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Self(hash)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `low..high` (`low` when the range is empty).
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        let span = u64::try_from(high.saturating_sub(low)).unwrap_or(u64::MAX);
        if span == 0 {
            return low;
        }
        low + usize::try_from(self.next() % span).unwrap_or(0)
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len())]
    }
}

/// The words text-like files are made of.
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "for",
    "that",
    "with",
    "on",
    "as",
    "by",
    "this",
    "be",
    "are",
    "from",
    "or",
    "an",
    "at",
    "it",
    "not",
    "which",
    "can",
    "file",
    "layer",
    "image",
    "registry",
    "manifest",
    "digest",
    "config",
    "value",
    "return",
    "function",
    "struct",
    "package",
    "version",
    "license",
    "copyright",
    "error",
    "warning",
    "option",
    "default",
    "path",
    "directory",
    "user",
    "group",
    "mode",
    "build",
    "install",
    "library",
    "module",
    "import",
    "export",
    "static",
    "const",
    "string",
    "number",
    "buffer",
    "stream",
    "header",
    "entry",
    "archive",
    "compress",
    "zstd",
    "gzip",
    "table",
    "index",
    "platform",
    "linux",
    "amd64",
    "arm64",
    "kernel",
    "process",
    "thread",
    "signal",
    "socket",
    "network",
    "address",
];

/// `len` bytes of text-like content (lines of words, some indented, some numbered).
pub fn text(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 80);
    let mut line = 0usize;
    while out.len() < len {
        line += 1;
        if rng.range(0, 8) == 0 {
            out.extend_from_slice(b"    ");
        }
        if rng.range(0, 16) == 0 {
            out.extend_from_slice(format!("{line}. ").as_bytes());
        }
        let words = rng.range(4, 14);
        for i in 0..words {
            if i > 0 {
                out.push(b' ');
            }
            out.extend_from_slice(rng.pick(WORDS).as_bytes());
        }
        out.extend_from_slice(b".\n");
    }
    out.truncate(len);
    out
}

/// `len` bytes of binary-like content: random "instructions" mixed with zero padding,
/// repeated tables and string tables, compressing to about half.
pub fn binary(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 256);
    out.extend_from_slice(b"\x7fELF\x02\x01\x01\0");
    while out.len() < len {
        match rng.range(0, 10) {
            0..=4 => {
                // Dense code: random bytes.
                for _ in 0..rng.range(4, 24) {
                    out.extend_from_slice(&rng.next().to_le_bytes());
                }
            }
            5 | 6 => {
                // A small table of repeating records.
                let record = rng.next().to_le_bytes();
                for i in 0..rng.range(4, 16) {
                    out.extend_from_slice(&record[..6]);
                    out.extend_from_slice(&u16::try_from(i).unwrap_or(0).to_le_bytes());
                }
            }
            7 => out.resize(out.len() + rng.range(16, 200), 0),
            _ => {
                // A string table.
                for _ in 0..rng.range(2, 8) {
                    out.extend_from_slice(rng.pick(WORDS).as_bytes());
                    out.push(b'_');
                    out.extend_from_slice(rng.pick(WORDS).as_bytes());
                    out.push(0);
                }
            }
        }
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_fixed() {
        let mut rng = Rng::new("fixed");
        let first: Vec<u64> = (0..3).map(|_| rng.next()).collect();
        let mut again = Rng::new("fixed");
        assert_eq!(first, (0..3).map(|_| again.next()).collect::<Vec<_>>());
        assert_ne!(Rng::new("other").next(), first[0]);
    }

    #[test]
    fn contents_have_the_asked_length_and_look_like_their_kind() {
        let mut rng = Rng::new("contents");
        let text = text(&mut rng, 5000);
        assert_eq!(text.len(), 5000);
        assert!(text.iter().all(|b| b.is_ascii()));
        let binary = binary(&mut rng, 5000);
        assert_eq!(binary.len(), 5000);
        assert_eq!(&binary[..4], b"\x7fELF");
    }
}
