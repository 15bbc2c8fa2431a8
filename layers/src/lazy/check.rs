//! The outcome of one digest comparison: nothing reads as verified unless it was compared.

use sha2::{Digest, Sha256};

/// One digest check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", tag = "result")]
pub enum DigestCheck {
    /// The bytes' digest equals the expected one.
    Matched {
        /// The digest.
        digest: String,
    },
    /// They differ.
    Mismatch {
        /// What the TOC or descriptor says.
        expected: String,
        /// What the bytes hash to.
        actual: String,
    },
    /// No comparison was made.
    NotChecked {
        /// Why not.
        why: String,
    },
}

impl DigestCheck {
    /// Compares `bytes` against `expected` (a `sha256:` digest; other algorithms are not
    /// checked, and say so).
    pub fn compare(expected: Option<&str>, bytes: &[u8]) -> DigestCheck {
        let Some(expected) = expected else {
            return DigestCheck::NotChecked {
                why: "the TOC gives no digest for it".into(),
            };
        };
        if !expected.starts_with("sha256:") {
            return DigestCheck::NotChecked {
                why: format!("the digest {expected:?} is not a sha256 digest"),
            };
        }
        let actual = sha256(bytes);
        if actual == expected {
            DigestCheck::Matched { digest: actual }
        } else {
            DigestCheck::Mismatch {
                expected: expected.to_string(),
                actual,
            }
        }
    }

    /// True only for [`DigestCheck::Matched`].
    pub fn is_matched(&self) -> bool {
        matches!(self, DigestCheck::Matched { .. })
    }
}

/// `sha256:<hex>` of bytes.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
