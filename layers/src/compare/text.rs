//! One file's two versions as a unified diff (via `similar`), bounded in what it reads, how
//! long it searches and what it writes; binary content is described, not diffed.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, TextDiff as LineDiff};

/// Bytes of each version diffed at most: a longer file is described by sizes and digests.
pub const MAX_DIFF_INPUT_BYTES: usize = 512 << 10;
/// Lines of each version diffed at most (the diff's cost grows with lines times changes).
pub const MAX_DIFF_LINES: usize = 20_000;
/// How long the diff searches for the smallest edit; past it, `similar` settles for a larger
/// but still correct one (in the browser through `web-time`).
pub const DIFF_TIME_BUDGET: Duration = Duration::from_millis(500);
/// Bytes of unified diff kept at most (the rest is cut at a line end and said to be cut).
pub const MAX_DIFF_OUTPUT_BYTES: usize = 256 << 10;
/// Lines of context around each change.
const CONTEXT_LINES: usize = 3;
/// How far into a file a NUL byte marks it as binary (as git and diff look).
const BINARY_PROBE_BYTES: usize = 8 << 10;

/// What the diff of one file's two versions shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TextDiff {
    /// Both versions are text: the unified diff (empty when they are equal).
    Unified {
        /// The diff, `---`/`+++` headers first.
        diff: String,
        /// Whether it was cut at [`MAX_DIFF_OUTPUT_BYTES`].
        truncated: bool,
    },
    /// At least one version is binary (a NUL byte, or not UTF-8).
    Binary {
        /// Old size.
        old_size: u64,
        /// New size.
        new_size: u64,
        /// Old content digest, when known.
        old_digest: Option<String>,
        /// New content digest, when known.
        new_digest: Option<String>,
    },
    /// A version is larger than [`MAX_DIFF_INPUT_BYTES`] or [`MAX_DIFF_LINES`] (or was only
    /// read in part).
    TooLarge {
        /// Old size.
        old_size: u64,
        /// New size.
        new_size: u64,
        /// Old content digest, when known.
        old_digest: Option<String>,
        /// New content digest, when known.
        new_digest: Option<String>,
    },
}

/// One version of a file, as read for the diff.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    /// The bytes read (possibly only the start of the file).
    pub bytes: &'a [u8],
    /// The file's whole size.
    pub size: u64,
    /// Its content digest, when known.
    pub digest: Option<&'a str>,
}

/// Diffs `path`'s old and new versions.
pub fn text_diff(path: &str, old: Version<'_>, new: Version<'_>) -> TextDiff {
    let owned = |d: Option<&str>| d.map(str::to_owned);
    let complete = |v: &Version<'_>| v.bytes.len() as u64 == v.size;
    if old.bytes.len() > MAX_DIFF_INPUT_BYTES
        || new.bytes.len() > MAX_DIFF_INPUT_BYTES
        || !complete(&old)
        || !complete(&new)
    {
        return TextDiff::TooLarge {
            old_size: old.size,
            new_size: new.size,
            old_digest: owned(old.digest),
            new_digest: owned(new.digest),
        };
    }
    let (Some(a), Some(b)) = (as_text(old.bytes), as_text(new.bytes)) else {
        return TextDiff::Binary {
            old_size: old.size,
            new_size: new.size,
            old_digest: owned(old.digest),
            new_digest: owned(new.digest),
        };
    };
    if a.lines().count() > MAX_DIFF_LINES || b.lines().count() > MAX_DIFF_LINES {
        return TextDiff::TooLarge {
            old_size: old.size,
            new_size: new.size,
            old_digest: owned(old.digest),
            new_digest: owned(new.digest),
        };
    }
    if a == b {
        return TextDiff::Unified {
            diff: String::new(),
            truncated: false,
        };
    }
    let diff = LineDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(DIFF_TIME_BUDGET)
        .diff_lines(a, b)
        .unified_diff()
        .context_radius(CONTEXT_LINES)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if diff.len() <= MAX_DIFF_OUTPUT_BYTES {
        return TextDiff::Unified {
            diff,
            truncated: false,
        };
    }
    let cut = diff[..MAX_DIFF_OUTPUT_BYTES]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    TextDiff::Unified {
        diff: diff[..cut].to_owned(),
        truncated: true,
    }
}

fn as_text(bytes: &[u8]) -> Option<&str> {
    if bytes[..bytes.len().min(BINARY_PROBE_BYTES)].contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}
