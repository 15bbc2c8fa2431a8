//! Image configuration JSON (OCI and Docker share this shape), with stable field order.

use std::collections::BTreeMap;

use serde::Serialize;

/// Serializes as `{}` (the value type of `ExposedPorts` and `Volumes`).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Empty {}

/// The image configuration blob.
#[derive(Debug, Clone, Serialize)]
pub struct ImageConfig {
    /// Creation time (fixed, RFC 3339).
    pub created: String,
    /// CPU architecture.
    pub architecture: String,
    /// Operating system.
    pub os: String,
    /// CPU variant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Runtime defaults.
    pub config: RuntimeConfig,
    /// Layer diff ids.
    pub rootfs: RootFs,
    /// Build history.
    pub history: Vec<History>,
}

/// Runtime defaults of a container (the `config` object).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuntimeConfig {
    /// `USER`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// `EXPOSE`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub exposed_ports: BTreeMap<String, Empty>,
    /// `ENV`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<String>,
    /// `ENTRYPOINT`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entrypoint: Vec<String>,
    /// `CMD`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cmd: Vec<String>,
    /// `VOLUME`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub volumes: BTreeMap<String, Empty>,
    /// `WORKDIR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
    /// `LABEL`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// `rootfs`: the uncompressed layer digests.
#[derive(Debug, Clone, Serialize)]
pub struct RootFs {
    /// Always `layers`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// sha256 of each uncompressed layer tar, bottom first.
    pub diff_ids: Vec<String>,
}

/// One history step.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    /// When the step ran (fixed).
    pub created: String,
    /// The instruction.
    pub created_by: String,
    /// Builder comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// True for steps that made no layer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub empty_layer: bool,
}
