//! One step of an image's build history (`history[]` of the image config).

use serde_json::Value;

use crate::json_fields::{Fields, Problem};

/// One step of the image's build history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When the step ran (RFC 3339).
    pub created: Option<String>,
    /// The command that made it, e.g. `/bin/sh -c #(nop) ENV A=b` or a BuildKit `RUN …`.
    pub created_by: Option<String>,
    /// Who made it.
    pub author: Option<String>,
    /// A comment, e.g. `buildkit.dockerfile.v0`.
    pub comment: Option<String>,
    /// True when the step made no layer.
    pub empty_layer: bool,
}

impl HistoryEntry {
    /// Reads one `history` entry; every field may be missing.
    pub(crate) fn read(value: &Value) -> Result<HistoryEntry, Problem> {
        let fields = Fields::of(value, "the history step")?;
        Ok(HistoryEntry {
            created: fields.string("created")?,
            created_by: fields.string("created_by")?,
            author: fields.string("author")?,
            comment: fields.string("comment")?,
            empty_layer: fields.flag("empty_layer")?,
        })
    }
}
