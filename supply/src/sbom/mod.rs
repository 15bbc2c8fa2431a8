//! SBOMs in SPDX JSON (2.2, 2.3) and CycloneDX JSON (1.4–1.6) read into one package model.

mod cyclonedx;
mod spdx;
pub mod table;

use serde_json::Value;

pub use table::{Column, PackageTable};

/// Predicate types under which SBOMs are attested.
pub const SPDX_PREDICATES: [&str; 2] = [
    "https://spdx.dev/Document",
    "https://spdx.dev/Document/v2.3",
];
/// The CycloneDX predicate type.
pub const CYCLONEDX_PREDICATE: &str = "https://cyclonedx.org/bom";

/// One package of an SBOM.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    /// Its name.
    pub name: String,
    /// Its version (empty when not given).
    pub version: String,
    /// Its type (CycloneDX `type`, SPDX `primaryPackagePurpose`), empty when not given.
    pub kind: String,
    /// The ecosystem: the purl's type (`apk`, `npm`, `pypi`…), or `unknown`.
    pub ecosystem: String,
    /// Its package URL, empty when not given.
    pub purl: String,
    /// Its licence (declared, else concluded), empty when not given.
    pub licence: String,
}

/// Which SBOM format a document is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// SPDX, with its version (e.g. `SPDX-2.3`).
    Spdx(String),
    /// CycloneDX, with its spec version (e.g. `1.5`).
    CycloneDx(String),
}

/// A decoded SBOM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sbom {
    /// The format.
    pub format: Format,
    /// The packages, in document order.
    pub packages: Vec<Package>,
}

/// Why an SBOM could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SbomError {
    /// Not an SPDX or CycloneDX JSON document.
    #[error("not an SPDX or CycloneDX JSON document")]
    UnknownFormat,
    /// A version this reader does not support.
    #[error("unsupported SBOM version {0}")]
    UnsupportedVersion(String),
    /// The document's shape is wrong.
    #[error("malformed SBOM: {0}")]
    Malformed(String),
}

/// Reads an SBOM from its JSON (a predicate or a whole document).
pub fn parse(document: &Value) -> Result<Sbom, SbomError> {
    if let Some(version) = document.get("spdxVersion").and_then(Value::as_str) {
        if !matches!(version, "SPDX-2.2" | "SPDX-2.3") {
            return Err(SbomError::UnsupportedVersion(version.to_string()));
        }
        return Ok(Sbom {
            format: Format::Spdx(version.to_string()),
            packages: spdx::packages(document)?,
        });
    }
    if document.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        let version = document
            .get("specVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !matches!(version, "1.4" | "1.5" | "1.6") {
            return Err(SbomError::UnsupportedVersion(format!(
                "CycloneDX {version}"
            )));
        }
        return Ok(Sbom {
            format: Format::CycloneDx(version.to_string()),
            packages: cyclonedx::packages(document)?,
        });
    }
    Err(SbomError::UnknownFormat)
}

/// The ecosystem named by a purl (`pkg:TYPE/…`), or `unknown`.
pub fn ecosystem_of(purl: &str) -> String {
    purl.strip_prefix("pkg:")
        .and_then(|rest| rest.split_once('/'))
        .map(|(kind, _)| kind.to_ascii_lowercase())
        .filter(|kind| !kind.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}
