//! Comparing what a layer hashed to with what the manifest and the config promised.

use serde::{Deserialize, Serialize};

use super::LayerDigests;

/// The result of one comparison. Nothing counts as verified unless it is [`Check::Matched`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Check {
    /// The expected and the computed digest are equal.
    Matched,
    /// They differ.
    Mismatch {
        /// What the manifest or config says.
        expected: String,
        /// What the bytes hash to.
        actual: String,
    },
    /// No comparison was made.
    NotChecked {
        /// Why not, in words.
        why: String,
    },
}

impl Check {
    /// Whether the comparison ran and matched.
    pub fn is_matched(&self) -> bool {
        matches!(self, Check::Matched)
    }
}

/// Both checks of one layer: its compressed bytes against the manifest's descriptor digest,
/// its uncompressed bytes against the config's `rootfs.diff_ids` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// The blob's digest (manifest descriptor) against the compressed bytes.
    pub digest: Check,
    /// The diff_id (config) against the uncompressed tar stream.
    pub diff_id: Check,
}

impl Verification {
    /// Whether both checks ran and matched.
    pub fn is_verified(&self) -> bool {
        self.digest.is_matched() && self.diff_id.is_matched()
    }
}

/// Compares the digests computed while streaming a layer with the expected ones.
/// Only `sha256:` digests are computed; any other algorithm is reported as not checked.
pub fn verify(
    expected_digest: &str,
    expected_diff_id: Option<&str>,
    got: &LayerDigests,
) -> Verification {
    Verification {
        digest: compare(expected_digest, &got.compressed, "manifest digest"),
        diff_id: match expected_diff_id {
            Some(expected) => compare(expected, &got.uncompressed, "diff_id"),
            None => Check::NotChecked {
                why: "the image config lists no diff_id for this layer".to_owned(),
            },
        },
    }
}

fn compare(expected: &str, actual: &str, what: &str) -> Check {
    let expected = expected.trim();
    let Some((algorithm, hex)) = expected.split_once(':') else {
        return Check::NotChecked {
            why: format!("the {what} {expected:?} is not a digest (algorithm:hex)"),
        };
    };
    if algorithm != "sha256" {
        return Check::NotChecked {
            why: format!("the {what} uses {algorithm}; only sha256 is computed while streaming"),
        };
    }
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Check::NotChecked {
            why: format!("the {what} {expected:?} is not a well-formed sha256 digest"),
        };
    }
    if expected.eq_ignore_ascii_case(actual) {
        Check::Matched
    } else {
        Check::Mismatch {
            expected: expected.to_owned(),
            actual: actual.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digests(compressed: &str, uncompressed: &str) -> LayerDigests {
        LayerDigests {
            compressed: compressed.to_owned(),
            uncompressed: uncompressed.to_owned(),
            entries: 1,
            uncompressed_bytes: 1024,
            compressed_bytes: 100,
        }
    }

    const A: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    #[test]
    fn both_match_reads_verified() {
        let v = verify(A, Some(B), &digests(A, B));
        assert_eq!(
            v,
            Verification {
                digest: Check::Matched,
                diff_id: Check::Matched
            }
        );
        assert!(v.is_verified());
    }

    #[test]
    fn mismatch_names_both_digests() {
        let v = verify(A, Some(A), &digests(A, B));
        assert_eq!(v.digest, Check::Matched);
        assert_eq!(
            v.diff_id,
            Check::Mismatch {
                expected: A.to_owned(),
                actual: B.to_owned()
            }
        );
        assert!(!v.is_verified());
    }

    #[test]
    fn missing_or_foreign_digests_are_not_checked() {
        let v = verify("sha512:abcd", None, &digests(A, B));
        assert!(matches!(&v.digest, Check::NotChecked { why } if why.contains("sha512")));
        assert!(matches!(&v.diff_id, Check::NotChecked { why } if why.contains("no diff_id")));
        assert!(!v.is_verified());
        let v = verify("sha256:short", Some("nonsense"), &digests(A, B));
        assert!(matches!(v.digest, Check::NotChecked { .. }));
        assert!(matches!(v.diff_id, Check::NotChecked { .. }));
    }
}
