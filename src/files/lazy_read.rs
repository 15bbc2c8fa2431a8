//! What reading a layer from its table of contents found, as the tab shows it: the format,
//! the share of the layer the Range requests moved, whether the TOC matched the descriptor's
//! digest annotation, and for an opened file the chunk-digest checks. A layer is read this way
//! when its descriptor names an eStargz or zstd:chunked TOC.

use regscope_layers::lazy::check::DigestCheck;
use regscope_layers::lazy::format::detect;
use regscope_layers::lazy::reader::TocVerification;

use super::image_layers::LayerInfo;
use crate::format;

/// Whether `layer`'s descriptor names an eStargz or zstd:chunked TOC (read with Range
/// requests instead of streaming the layer).
pub fn is_lazy(layer: &LayerInfo) -> bool {
    matches!(
        detect(&layer.media_type, layer.size, &layer.annotations),
        Ok(Some(_))
    )
}

/// What the worker's summary of a read TOC says.
#[derive(Clone, Debug, PartialEq)]
pub struct TocSummary {
    /// `estargz` or `zstd-chunked`.
    pub format: String,
    /// The blob's size.
    pub blob_size: u64,
    /// The TOC against the descriptor's annotation.
    pub verification: TocVerification,
}

impl TocSummary {
    /// Reads the worker's JSON (`{format, blob_size, verification}`).
    pub fn from_json(json: &str) -> Result<TocSummary, String> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Ok(TocSummary {
            format: value["format"].as_str().ok_or("no format")?.to_string(),
            blob_size: value["blob_size"].as_u64().ok_or("no blob size")?,
            verification: serde_json::from_value(value["verification"].clone())
                .map_err(|e| e.to_string())?,
        })
    }
}

/// A layer listed from its TOC.
#[derive(Clone, Debug, PartialEq)]
pub struct LazyRead {
    /// What the TOC said.
    pub summary: TocSummary,
    /// Range requests made.
    pub requests: u32,
    /// Bytes they moved.
    pub moved: u64,
    /// Answers that were a 200 (the registry ignored Range).
    pub whole_answers: u32,
}

impl LazyRead {
    /// How the layer was read, in words: "table of contents (eStargz), 2.00 % of the layer
    /// read in 1 request".
    pub fn words(&self) -> String {
        let format = match self.summary.format.as_str() {
            "zstd-chunked" => "zstd:chunked",
            _ => "eStargz",
        };
        let requests = match self.requests {
            1 => "1 Range request".to_string(),
            n => format!("{n} Range requests"),
        };
        let mut words = format!(
            "table of contents ({format}), {} of the layer read ({}) in {requests}",
            percent(self.moved, self.summary.blob_size),
            format::size(self.moved)
        );
        if self.whole_answers > 0 {
            words.push_str(
                "; the registry ignored Range and answered 200 with the whole blob: each answer \
                 was read only up to the bytes asked, all of it when they were the blob's end \
                 (where the footer is)",
            );
        }
        words
    }

    /// `verified` or `not-verified`.
    pub fn toc_state(&self) -> &'static str {
        match self.summary.verification {
            TocVerification::Verified { .. } => "verified",
            TocVerification::NotVerified { .. } => "not-verified",
        }
    }

    /// The TOC's check, in words.
    pub fn toc_words(&self) -> String {
        match &self.summary.verification {
            TocVerification::Verified { digest } => {
                format!("table of contents verified against the descriptor's annotation ({digest})")
            }
            TocVerification::NotVerified { why } => {
                format!("table of contents not verified: {why}")
            }
        }
    }
}

/// `part` of `whole` as a percentage with two decimals, rounded (integer arithmetic: float
/// formatting would add to the module's size).
pub fn percent(part: u64, whole: u64) -> String {
    let whole = whole.max(1);
    let hundredths = (part.saturating_mul(10_000) + whole / 2) / whole;
    format!("{}.{:02} %", hundredths / 100, hundredths % 100)
}

/// The checks of a file opened from a TOC.
#[derive(Clone, Debug, PartialEq)]
pub struct FileChecks {
    /// One per chunk read, in file order.
    pub chunks: Vec<DigestCheck>,
    /// The whole file against its TOC digest.
    pub file: DigestCheck,
}

impl FileChecks {
    /// Reads the worker's JSON (`{chunks, file}`).
    pub fn from_json(json: &str) -> Result<FileChecks, String> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Ok(FileChecks {
            chunks: serde_json::from_value(value["chunks"].clone()).map_err(|e| e.to_string())?,
            file: serde_json::from_value(value["file"].clone()).map_err(|e| e.to_string())?,
        })
    }

    /// `matched` when every chunk matched, `mismatch` when one did not, else `not-checked`.
    pub fn chunk_state(&self) -> &'static str {
        if self
            .chunks
            .iter()
            .any(|c| matches!(c, DigestCheck::Mismatch { .. }))
        {
            "mismatch"
        } else if !self.chunks.is_empty() && self.chunks.iter().all(DigestCheck::is_matched) {
            "matched"
        } else {
            "not-checked"
        }
    }

    /// The checks, in words.
    pub fn words(&self) -> String {
        let matched = self.chunks.iter().filter(|c| c.is_matched()).count();
        let chunks = match self.chunk_state() {
            "matched" => format!(
                "{matched} of {} chunk digests checked: all matched",
                self.chunks.len()
            ),
            "mismatch" => format!(
                "chunk digest MISMATCH: {matched} of {} chunks matched",
                self.chunks.len()
            ),
            _ => "chunk digests not checked (the TOC gives none for this file)".to_string(),
        };
        let file = match &self.file {
            DigestCheck::Matched { .. } => "the file's digest matched".to_string(),
            DigestCheck::Mismatch { expected, actual } => {
                format!("the file's digest MISMATCH: expected {expected}, got {actual}")
            }
            DigestCheck::NotChecked { why } => format!("the file's digest not checked: {why}"),
        };
        format!("{chunks}; {file}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(verification: TocVerification, whole_answers: u32) -> LazyRead {
        LazyRead {
            summary: TocSummary {
                format: "zstd-chunked".into(),
                blob_size: 10_000,
                verification,
            },
            requests: 1,
            moved: 200,
            whole_answers,
        }
    }

    #[test]
    fn the_read_is_told_in_words_with_its_share_of_the_layer() {
        let verified = read(
            TocVerification::Verified {
                digest: "sha256:ab".into(),
            },
            0,
        );
        assert!(verified.words().starts_with(
            "table of contents (zstd:chunked), 2.00 % of the layer read (200 B) in 1 Range request"
        ));
        assert_eq!(verified.toc_state(), "verified");
        let ignored = read(TocVerification::NotVerified { why: "none".into() }, 1);
        assert!(ignored.words().contains("ignored Range"));
        assert_eq!(ignored.toc_state(), "not-verified");
        assert_eq!(ignored.toc_words(), "table of contents not verified: none");
        assert_eq!(percent(1, 3), "33.33 %");
        assert_eq!(percent(2, 3), "66.67 %");
        assert_eq!(percent(5, 0), "500.00 %");
        assert_eq!(percent(0, 7), "0.00 %");
    }

    #[test]
    fn chunk_checks_read_as_matched_only_when_every_one_matched() {
        let matched = DigestCheck::Matched {
            digest: "sha256:aa".into(),
        };
        let not = DigestCheck::NotChecked { why: "x".into() };
        let bad = DigestCheck::Mismatch {
            expected: "sha256:aa".into(),
            actual: "sha256:bb".into(),
        };
        let checks = |chunks: Vec<DigestCheck>| FileChecks {
            chunks,
            file: matched.clone(),
        };
        assert_eq!(checks(vec![matched.clone(); 2]).chunk_state(), "matched");
        assert_eq!(checks(vec![matched.clone(), bad]).chunk_state(), "mismatch");
        assert_eq!(
            checks(vec![matched.clone(), not]).chunk_state(),
            "not-checked"
        );
        assert_eq!(checks(Vec::new()).chunk_state(), "not-checked");
        assert!(
            checks(vec![matched.clone(); 3])
                .words()
                .starts_with("3 of 3 chunk digests checked: all matched")
        );
    }
}
