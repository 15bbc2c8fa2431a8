//! Docker schema 1 manifests (deprecated, still served by old registries), signed or not.

use serde::Deserialize;

use super::raw::is_digest_shaped;
use super::{Descriptor, Kind, Manifest, ManifestError};

/// Media type given to schema 1 `fsLayers`, which carry no media type of their own.
pub const SCHEMA1_LAYER: &str = "application/vnd.docker.container.image.rootfs.diff+x-gtar";

/// What schema 1 carries beyond its layers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema1 {
    /// Repository name written in the manifest.
    pub name: String,
    /// Tag written in the manifest.
    pub tag: String,
    /// Architecture written in the manifest.
    pub architecture: String,
    /// The `v1Compatibility` JSON strings, newest first (one per layer).
    pub v1_history: Vec<String>,
    /// How many JWS signatures it carries.
    pub signatures: usize,
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
    header: serde_json::Map<String, serde_json::Value>,
    signature: String,
    protected: String,
}

pub(super) fn parse(kind: Kind, bytes: &[u8]) -> Result<Manifest, ManifestError> {
    let raw: Raw = serde_json::from_slice(bytes).map_err(|e| {
        if e.to_string().contains("signature") || e.to_string().contains("protected") {
            ManifestError::BadSignature(e.to_string())
        } else {
            ManifestError::Invalid(e.to_string())
        }
    })?;
    let signatures = raw.signatures.unwrap_or_default();
    if kind == Kind::Schema1Signed && signatures.is_empty() {
        return Err(ManifestError::BadSignature("no signatures".into()));
    }
    for signature in &signatures {
        check_signature(signature)?;
    }
    if !raw.history.is_empty() && raw.history.len() != raw.fs_layers.len() {
        return Err(ManifestError::Invalid(format!(
            "{} fsLayers but {} history entries",
            raw.fs_layers.len(),
            raw.history.len()
        )));
    }
    let mut layers = Vec::with_capacity(raw.fs_layers.len());
    for layer in &raw.fs_layers {
        if !is_digest_shaped(&layer.blob_sum) {
            return Err(ManifestError::Invalid(format!(
                "\"{}\" is not a digest",
                layer.blob_sum
            )));
        }
        layers.push(Descriptor::new(SCHEMA1_LAYER, &layer.blob_sum, 0));
    }
    Ok(Manifest {
        kind,
        media_type: kind.media_type().to_string(),
        config: None,
        layers,
        manifests: Vec::new(),
        subject: None,
        artifact_type: None,
        annotations: Default::default(),
        schema1: Some(Schema1 {
            name: raw.name,
            tag: raw.tag,
            architecture: raw.architecture,
            v1_history: raw
                .history
                .into_iter()
                .map(|h| h.v1_compatibility)
                .collect(),
            signatures: signatures.len(),
        }),
    })
}

fn check_signature(signature: &Signature) -> Result<(), ManifestError> {
    let base64url = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
    };
    if !base64url(&signature.signature) {
        return Err(ManifestError::BadSignature(
            "the signature is not base64url".into(),
        ));
    }
    if !base64url(&signature.protected) {
        return Err(ManifestError::BadSignature(
            "the protected header is not base64url".into(),
        ));
    }
    if !signature.header.contains_key("alg") {
        return Err(ManifestError::BadSignature("the header has no alg".into()));
    }
    if !signature.header.contains_key("jwk") && !signature.header.contains_key("chain") {
        return Err(ManifestError::BadSignature(
            "the header has neither a jwk nor an x5c chain".into(),
        ));
    }
    Ok(())
}
