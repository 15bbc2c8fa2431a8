//! The whole comparison as one serialisable document (the JSON export), with a schema number.

use regscope_core::compare::ConfigDiff;
use serde::{Deserialize, Serialize};

use super::{FileComparison, LayerAlignment};

/// The export's schema number: raised whenever a field changes meaning or goes away.
pub const COMPARISON_SCHEMA: u32 = 1;

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageSide {
    /// The reference as given (e.g. `registry/repo:tag`), or a platform label inside an index.
    pub reference: String,
    /// The manifest digest compared.
    pub manifest_digest: String,
}

/// Everything a comparison found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// [`COMPARISON_SCHEMA`].
    pub schema: u32,
    /// The old image.
    pub old: ImageSide,
    /// The new image.
    pub new: ImageSide,
    /// The config comparison.
    pub config: ConfigDiff,
    /// The layers aligned.
    pub layers: LayerAlignment,
    /// The file comparison, once the differing layers were read.
    pub files: Option<FileComparison>,
    /// Same content: configs equal apart from times, and no file differs (semantic), or
    /// configs, blobs and files all equal (strict).
    pub same_content: bool,
}

impl Comparison {
    /// Assembles a comparison; `same_content` follows from the parts.
    pub fn new(
        old: ImageSide,
        new: ImageSide,
        config: ConfigDiff,
        layers: LayerAlignment,
        files: Option<FileComparison>,
    ) -> Self {
        let strict = files
            .as_ref()
            .is_some_and(|f| f.mode == super::Mode::Strict);
        let files_same = match &files {
            Some(files) => files.same,
            None => layers.same_content(),
        };
        let same_content = if strict {
            config.same && layers.same_blobs() && files_same
        } else {
            config.same_ignoring_times && files_same
        };
        Comparison {
            schema: COMPARISON_SCHEMA,
            old,
            new,
            config,
            layers,
            files,
            same_content,
        }
    }

    /// The export: pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Plain data (strings, numbers, maps keyed by strings): serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
