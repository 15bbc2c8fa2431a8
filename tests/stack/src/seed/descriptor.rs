//! OCI/Docker content descriptors and platforms, serialized in the usual field order.

use std::collections::BTreeMap;

use serde::Serialize;

/// A content descriptor (`mediaType`, `digest`, `size`, ...).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    /// Media type of the referenced content.
    pub media_type: String,
    /// `sha256:<hex>`.
    pub digest: String,
    /// Size in bytes.
    pub size: u64,
    /// Artifact type, for entries of a referrers index (absent elsewhere).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// Platform, for index entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// Annotations (sorted, so serialization is stable).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

impl Descriptor {
    /// A descriptor without platform or annotations.
    pub fn new(media_type: &str, digest: &str, size: usize) -> Self {
        Self {
            media_type: media_type.to_owned(),
            digest: digest.to_owned(),
            size: u64::try_from(size).unwrap_or(u64::MAX),
            artifact_type: None,
            platform: None,
            annotations: BTreeMap::new(),
        }
    }

    /// Adds a platform.
    pub fn with_platform(mut self, platform: Platform) -> Self {
        self.platform = Some(platform);
        self
    }

    /// Adds one annotation.
    pub fn annotate(mut self, key: &str, value: &str) -> Self {
        self.annotations.insert(key.to_owned(), value.to_owned());
        self
    }
}

/// An image platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Platform {
    /// CPU architecture, e.g. `amd64`.
    pub architecture: String,
    /// Operating system, e.g. `linux`.
    pub os: String,
    /// CPU variant, e.g. `v8`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl Platform {
    /// `linux/ARCH[/VARIANT]`.
    pub fn linux(architecture: &str, variant: Option<&str>) -> Self {
        Self {
            architecture: architecture.to_owned(),
            os: "linux".to_owned(),
            variant: variant.map(str::to_owned),
        }
    }

    /// The `unknown/unknown` platform BuildKit gives attestation manifests.
    pub fn unknown() -> Self {
        Self {
            architecture: "unknown".to_owned(),
            os: "unknown".to_owned(),
            variant: None,
        }
    }

    /// `os/arch[/variant]`.
    pub fn label(&self) -> String {
        match &self.variant {
            Some(variant) => format!("{}/{}/{variant}", self.os, self.architecture),
            None => format!("{}/{}", self.os, self.architecture),
        }
    }
}
