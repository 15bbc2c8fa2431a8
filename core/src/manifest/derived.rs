//! The derived deserialization the manifest readers replaced, kept for tests: both must read
//! every document the same way, with the same error messages (the types keep their names,
//! which serde's messages quote).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    #[serde(default)]
    media_type: String,
    digest: String,
    size: u64,
    #[serde(default)]
    platform: Option<Platform>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
    #[serde(default)]
    urls: Vec<String>,
    #[serde(default)]
    artifact_type: Option<String>,
}

#[derive(Deserialize)]
struct Platform {
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    os: String,
    #[serde(default)]
    variant: Option<String>,
    #[serde(default, rename = "os.version")]
    os_version: Option<String>,
    #[serde(default, rename = "os.features")]
    os_features: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawV2 {
    config: Option<Descriptor>,
    layers: Option<Vec<Descriptor>>,
    manifests: Option<Vec<Descriptor>>,
    subject: Option<Descriptor>,
    artifact_type: Option<String>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    #[serde(default)]
    name: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    architecture: String,
    fs_layers: Vec<FsLayer>,
    #[serde(default)]
    history: Vec<History>,
    signatures: Option<Vec<Signature>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FsLayer {
    blob_sum: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct History {
    v1_compatibility: String,
}

#[derive(Deserialize)]
struct Signature {
    header: Map<String, Value>,
    signature: String,
    protected: String,
}

fn descriptor(d: Descriptor) -> super::Descriptor {
    super::Descriptor {
        media_type: d.media_type,
        digest: d.digest,
        size: d.size,
        platform: d.platform.map(|p| super::Platform {
            architecture: p.architecture,
            os: p.os,
            variant: p.variant,
            os_version: p.os_version,
            os_features: p.os_features,
        }),
        annotations: d.annotations,
        urls: d.urls,
        artifact_type: d.artifact_type,
    }
}

fn descriptors(list: Option<Vec<Descriptor>>) -> Option<Vec<super::Descriptor>> {
    list.map(|l| l.into_iter().map(descriptor).collect())
}

/// A schema 2 document as the derived code read it from `value`, or serde's error message.
pub(super) fn raw_v2(value: Value) -> Result<super::raw::RawV2, String> {
    let d: RawV2 = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok(super::raw::RawV2 {
        config: d.config.map(descriptor),
        layers: descriptors(d.layers),
        manifests: descriptors(d.manifests),
        subject: d.subject.map(descriptor),
        artifact_type: d.artifact_type,
        annotations: d.annotations,
    })
}

/// A schema 1 document as the derived code read it from `value`, or serde's error message.
pub(super) fn raw_schema1(value: Value) -> Result<super::schema1::Raw, String> {
    let d: Raw = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok(super::schema1::Raw {
        name: d.name,
        tag: d.tag,
        architecture: d.architecture,
        fs_layers: d.fs_layers.into_iter().map(|l| l.blob_sum).collect(),
        history: d.history.into_iter().map(|h| h.v1_compatibility).collect(),
        signatures: d.signatures.map(|list| {
            list.into_iter()
                .map(|s| super::schema1::Signature {
                    header: s.header,
                    signature: s.signature,
                    protected: s.protected,
                })
                .collect()
        }),
    })
}
