//! Docker schema 1 manifests (deprecated, still served by old registries), signed or not.

use serde_json::{Map, Value};

use super::{Descriptor, Kind, Manifest, ManifestError};
use crate::digest;
use crate::json_fields::{Fields, Problem};

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

/// One JWS signature.
struct Signature {
    header: Map<String, Value>,
    signature: String,
    protected: String,
}

impl Signature {
    /// Reads a `signatures` entry: `header`, `signature` and `protected` required.
    fn read(value: &Value) -> Result<Signature, Problem> {
        let fields = Fields::of(value, "the signature")?;
        let header = fields
            .get("header")
            .and_then(Value::as_object)
            .ok_or("`header` is not an object")?;
        Ok(Signature {
            header: header.clone(),
            signature: fields.required_text("signature")?,
            protected: fields.required_text("protected")?,
        })
    }
}

/// The text of the one string field `key` of the object `value` (`fsLayers[].blobSum`,
/// `history[].v1Compatibility`).
fn only_string(value: &Value, key: &str) -> Result<String, Problem> {
    Fields::of(value, "the entry")?.required_text(key)
}

/// The details and the `fsLayers` blob sums of a schema 1 document (`fsLayers` required).
fn read_body(fields: Fields, signatures: usize) -> Result<(Schema1, Vec<String>), Problem> {
    let fs_layers = fields
        .list("fsLayers", |v| only_string(v, "blobSum"))?
        .ok_or("`fsLayers` is missing")?;
    let schema1 = Schema1 {
        name: fields.text("name")?,
        tag: fields.text("tag")?,
        architecture: fields.text("architecture")?,
        v1_history: fields
            .list("history", |v| only_string(v, "v1Compatibility"))?
            .unwrap_or_default(),
        signatures,
    };
    Ok((schema1, fs_layers))
}

/// Reads a schema 1 manifest: its signatures checked first, then its layers and history.
pub(super) fn parse(kind: Kind, value: &Value) -> Result<Manifest, ManifestError> {
    let fields = Fields::of(value, "the manifest").map_err(ManifestError::Invalid)?;
    let signatures = fields
        .list("signatures", Signature::read)
        .map_err(ManifestError::BadSignature)?
        .unwrap_or_default();
    if kind == Kind::Schema1Signed && signatures.is_empty() {
        return Err(ManifestError::BadSignature("no signatures".into()));
    }
    for signature in &signatures {
        check_signature(signature)?;
    }
    let (schema1, fs_layers) =
        read_body(fields, signatures.len()).map_err(ManifestError::Invalid)?;
    if !schema1.v1_history.is_empty() && schema1.v1_history.len() != fs_layers.len() {
        return Err(ManifestError::Invalid(format!(
            "{} fsLayers but {} history entries",
            fs_layers.len(),
            schema1.v1_history.len()
        )));
    }
    let mut layers = Vec::with_capacity(fs_layers.len());
    for blob_sum in &fs_layers {
        if !digest::is_well_formed(blob_sum) {
            return Err(ManifestError::Invalid(format!(
                "\"{blob_sum}\" is not a digest"
            )));
        }
        layers.push(Descriptor::new(SCHEMA1_LAYER, blob_sum, 0));
    }
    Ok(Manifest {
        layers,
        schema1: Some(schema1),
        ..Manifest::of_kind(kind)
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
