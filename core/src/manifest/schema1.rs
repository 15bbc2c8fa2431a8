//! Docker schema 1 manifests (deprecated, still served by old registries), signed or not.

use serde_json::{Map, Value};

use super::raw::is_digest_shaped;
use super::read::{list, optional};
use super::{Descriptor, Kind, Manifest, ManifestError};
use crate::json_value::{Mismatch, object, string, struct_fields};

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

/// The fields of a schema 1 document, before its checks.
#[derive(Default)]
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct Raw {
    pub(super) name: String,
    pub(super) tag: String,
    pub(super) architecture: String,
    /// The `blobSum` of each `fsLayers` entry.
    pub(super) fs_layers: Vec<String>,
    /// The `v1Compatibility` of each `history` entry.
    pub(super) history: Vec<String>,
    pub(super) signatures: Option<Vec<Signature>>,
}

/// One JWS signature.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct Signature {
    pub(super) header: Map<String, Value>,
    pub(super) signature: String,
    pub(super) protected: String,
}

/// Reads the fields of a schema 1 document: `fsLayers` required.
pub(super) fn raw(value: &Value) -> Result<Raw, Mismatch> {
    const FIELDS: [&str; 6] = [
        "name",
        "tag",
        "architecture",
        "fsLayers",
        "history",
        "signatures",
    ];
    let mut raw = Raw::default();
    struct_fields(value, "Raw", &FIELDS, 0b1000, &mut |i, v| {
        match i {
            0 => raw.name = string(v)?,
            1 => raw.tag = string(v)?,
            2 => raw.architecture = string(v)?,
            3 => raw.fs_layers = list(v, |v| one_string(v, "FsLayer", "blobSum"))?,
            4 => raw.history = list(v, |v| one_string(v, "History", "v1Compatibility"))?,
            _ => raw.signatures = optional(v, |v| list(v, signature))?,
        }
        Ok(())
    })?;
    Ok(raw)
}

/// A struct `name` with the one required string field `field`.
fn one_string(value: &Value, name: &str, field: &'static str) -> Result<String, Mismatch> {
    let mut text = String::new();
    struct_fields(value, name, &[field], 1, &mut |_, v| {
        text = string(v)?;
        Ok(())
    })?;
    Ok(text)
}

fn signature(value: &Value) -> Result<Signature, Mismatch> {
    let mut s = Signature {
        header: Map::new(),
        signature: String::new(),
        protected: String::new(),
    };
    let fields = ["header", "signature", "protected"];
    struct_fields(value, "Signature", &fields, 0b111, &mut |i, v| {
        match i {
            0 => s.header = object(v)?.clone(),
            1 => s.signature = string(v)?,
            _ => s.protected = string(v)?,
        }
        Ok(())
    })?;
    Ok(s)
}

pub(super) fn parse(kind: Kind, value: &Value) -> Result<Manifest, ManifestError> {
    let raw = raw(value).map_err(|e| {
        if e.contains("signature") || e.contains("protected") {
            ManifestError::BadSignature(e)
        } else {
            ManifestError::Invalid(e)
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
    for blob_sum in &raw.fs_layers {
        if !is_digest_shaped(blob_sum) {
            return Err(ManifestError::Invalid(format!(
                "\"{blob_sum}\" is not a digest"
            )));
        }
        layers.push(Descriptor::new(SCHEMA1_LAYER, blob_sum, 0));
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
            v1_history: raw.history,
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
