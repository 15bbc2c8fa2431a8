//! The image config blob: platform, runtime settings (Env, Entrypoint, Cmd…), labels, history
//! and `rootfs.diff_ids`, with each non-empty history step matched to its layer; and the
//! history read as Dockerfile-like steps, schema 1's included.

mod dockerfile_steps;
mod history;
mod runtime;

use serde_json::Value;

pub use dockerfile_steps::{V1Step, dockerfile_step, v1_step};
pub use history::HistoryEntry;
pub use runtime::RuntimeConfig;

use crate::json_fields::{Fields, Problem};

/// Why a config blob was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid image config: {0}")]
pub struct ConfigError(String);

/// A parsed image config (OCI `application/vnd.oci.image.config.v1+json` or Docker's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageConfig {
    architecture: String,
    os: String,
    variant: Option<String>,
    created: Option<String>,
    author: Option<String>,
    config: Option<RuntimeConfig>,
    history: Vec<HistoryEntry>,
    rootfs_type: String,
    diff_ids: Vec<String>,
}

impl ImageConfig {
    /// Parses a config blob. Every field may be missing or `null`; a field of the wrong type
    /// is an error that names it.
    pub fn parse(bytes: &[u8]) -> Result<ImageConfig, ConfigError> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| ConfigError(format!("not JSON: {e}")))?;
        Self::read(&value).map_err(ConfigError)
    }

    fn read(value: &Value) -> Result<ImageConfig, Problem> {
        let fields = Fields::of(value, "the config")?;
        let (rootfs_type, diff_ids) = fields
            .object("rootfs", |v| {
                let rootfs = Fields::of(v, "the root file system")?;
                Ok((rootfs.text("type")?, rootfs.strings("diff_ids")?))
            })?
            .unwrap_or_default();
        Ok(ImageConfig {
            architecture: fields.text("architecture")?,
            os: fields.text("os")?,
            variant: fields.string("variant")?,
            created: fields.string("created")?,
            author: fields.string("author")?,
            config: fields.object("config", RuntimeConfig::read)?,
            history: fields
                .list("history", HistoryEntry::read)?
                .unwrap_or_default(),
            rootfs_type,
            diff_ids,
        })
    }

    /// CPU architecture, e.g. `amd64`.
    pub fn architecture(&self) -> &str {
        &self.architecture
    }

    /// Operating system, e.g. `linux`.
    pub fn os(&self) -> &str {
        &self.os
    }

    /// CPU variant, e.g. `v8`.
    pub fn variant(&self) -> Option<&str> {
        self.variant.as_deref()
    }

    /// When the image was created (RFC 3339).
    pub fn created(&self) -> Option<&str> {
        self.created.as_deref()
    }

    /// The image's author.
    pub fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }

    /// The runtime settings (empty when the config has none).
    pub fn runtime(&self) -> RuntimeConfig {
        self.config.clone().unwrap_or_default()
    }

    /// `Env` entries.
    pub fn env(&self) -> &[String] {
        self.config.as_ref().map_or(&[], |c| c.env.as_slice())
    }

    /// Build history, oldest first.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// `rootfs.diff_ids`: digests of the uncompressed layers, oldest first.
    pub fn diff_ids(&self) -> &[String] {
        &self.diff_ids
    }

    /// `rootfs.type` (normally `layers`).
    pub fn rootfs_type(&self) -> &str {
        &self.rootfs_type
    }

    /// For each layer (by index), the history step that made it: the n-th step without
    /// `empty_layer` made the n-th layer. `None` where the history is shorter than the layers.
    pub fn history_for_layers(&self) -> Vec<Option<&HistoryEntry>> {
        let mut steps = self.history.iter().filter(|h| !h.empty_layer);
        (0..self.diff_ids.len()).map(|_| steps.next()).collect()
    }
}

#[cfg(test)]
mod tests;
