//! SPDX JSON 2.2/2.3 packages: name, `versionInfo`, `primaryPackagePurpose`, the purl
//! external reference and the declared (else concluded) licence.

use serde::Deserialize;
use serde_json::Value;

use super::{Package, SbomError, ecosystem_of};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    #[serde(default)]
    packages: Vec<RawPackage>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPackage {
    #[serde(default)]
    name: String,
    #[serde(default)]
    version_info: Option<String>,
    #[serde(default)]
    primary_package_purpose: Option<String>,
    #[serde(default)]
    license_declared: Option<String>,
    #[serde(default)]
    license_concluded: Option<String>,
    #[serde(default)]
    external_refs: Vec<ExternalRef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExternalRef {
    #[serde(default)]
    reference_type: String,
    #[serde(default)]
    reference_locator: String,
}

/// The licence text, unless SPDX's "no information" markers.
fn licence(value: Option<String>) -> Option<String> {
    value.filter(|v| !matches!(v.as_str(), "" | "NOASSERTION" | "NONE"))
}

/// The packages of an SPDX JSON document.
pub fn packages(document: &Value) -> Result<Vec<Package>, SbomError> {
    let document =
        Document::deserialize(document).map_err(|e| SbomError::Malformed(e.to_string()))?;
    Ok(document
        .packages
        .into_iter()
        .map(|p| {
            let purl = p
                .external_refs
                .into_iter()
                .find(|r| r.reference_type == "purl")
                .map(|r| r.reference_locator)
                .unwrap_or_default();
            Package {
                ecosystem: ecosystem_of(&purl),
                name: p.name,
                version: p.version_info.unwrap_or_default(),
                kind: p
                    .primary_package_purpose
                    .unwrap_or_default()
                    .to_ascii_lowercase(),
                licence: licence(p.license_declared)
                    .or_else(|| licence(p.license_concluded))
                    .unwrap_or_default(),
                purl,
            }
        })
        .collect())
}
