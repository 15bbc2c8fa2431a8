//! Manifests of every kind a registry serves, parsed by Content-Type, then by `mediaType` and
//! `schemaVersion`: OCI index and manifest, Docker list and schema 2, schema 1 (signed or not),
//! OCI 1.1 artifacts, BuildKit attestations and cosign-style signatures.

mod descriptor;
mod error;
mod kind;
mod platform;
mod schema1;

use std::collections::BTreeMap;

use serde_json::Value;

pub use descriptor::{ATTESTATION_MANIFEST, Descriptor, REFERENCE_DIGEST, REFERENCE_TYPE};
pub use error::ManifestError;
pub use kind::Kind;
pub use platform::{Platform, PlatformParseError};
pub use schema1::{SCHEMA1_LAYER, Schema1};

use crate::json_fields::{Fields, Problem};
use crate::media_types as mt;

/// What a manifest is for, beyond its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// An index or list of platform images.
    Index,
    /// A runnable image.
    Image,
    /// A BuildKit attestation manifest (in-toto layers).
    Attestation,
    /// A cosign-style signature manifest.
    Signature,
    /// Any other OCI artifact, with its artifact type.
    Artifact(String),
}

/// A parsed manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    kind: Kind,
    media_type: String,
    config: Option<Descriptor>,
    layers: Vec<Descriptor>,
    manifests: Vec<Descriptor>,
    subject: Option<Descriptor>,
    artifact_type: Option<String>,
    annotations: BTreeMap<String, String>,
    schema1: Option<Schema1>,
}

impl Manifest {
    /// Parses a manifest. `media_type` is the response's Content-Type (possibly empty or
    /// generic, then the document's `mediaType` and `schemaVersion` decide).
    pub fn parse(media_type: &str, bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| ManifestError::NotJson(e.to_string()))?;
        let object = value.as_object().ok_or(ManifestError::NotAnObject)?;
        let kind = kind::detect(&mt::essence(media_type), object)?;
        if kind.is_schema1() {
            schema1::parse(kind, &value)
        } else {
            Manifest::read_v2(kind, &value).map_err(ManifestError::Invalid)
        }
    }

    /// A manifest of `kind` with nothing in it yet.
    fn of_kind(kind: Kind) -> Manifest {
        Manifest {
            kind,
            media_type: kind.media_type().to_string(),
            config: None,
            layers: Vec::new(),
            manifests: Vec::new(),
            subject: None,
            artifact_type: None,
            annotations: BTreeMap::new(),
            schema1: None,
        }
    }

    /// Reads an index, list or image manifest whose kind is known: an index needs
    /// `manifests`, an image manifest `config` and `layers`.
    fn read_v2(kind: Kind, value: &Value) -> Result<Manifest, Problem> {
        let fields = Fields::of(value, "the manifest")?;
        let mut manifest = Manifest {
            subject: fields.object("subject", Descriptor::read)?,
            artifact_type: fields.string("artifactType")?,
            annotations: fields.string_map("annotations")?,
            ..Manifest::of_kind(kind)
        };
        let needed = |what: &str| format!("{} needs {what}", kind.label());
        if kind.is_index() {
            let manifests = fields.list("manifests", Descriptor::read)?;
            manifest.manifests = manifests.ok_or_else(|| needed("a manifests array"))?;
        } else {
            let config = fields.object("config", Descriptor::read)?;
            manifest.config = Some(config.ok_or_else(|| needed("a config"))?);
            let layers = fields.list("layers", Descriptor::read)?;
            manifest.layers = layers.ok_or_else(|| needed("a layers array"))?;
        }
        Ok(manifest)
    }

    /// The kind of document.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The media type of the document (its canonical type when the registry sent a generic one).
    pub fn media_type(&self) -> &str {
        &self.media_type
    }

    /// The config descriptor (image manifests and artifacts).
    pub fn config(&self) -> Option<&Descriptor> {
        self.config.as_ref()
    }

    /// The layers; for schema 1, its `fsLayers` (newest first, size unknown: 0).
    pub fn layers(&self) -> &[Descriptor] {
        &self.layers
    }

    /// The entries of an index or list; empty otherwise.
    pub fn manifests(&self) -> &[Descriptor] {
        &self.manifests
    }

    /// Index entries that are platforms of the image: entries without a
    /// `vnd.docker.reference.type` (attestations and other typed entries left out).
    pub fn platforms(&self) -> impl Iterator<Item = &Descriptor> {
        self.manifests
            .iter()
            .filter(|d| d.reference_type().is_none())
    }

    /// Index entries that are BuildKit attestations (`attestation-manifest`).
    pub fn attestations(&self) -> impl Iterator<Item = &Descriptor> {
        self.manifests.iter().filter(|d| d.is_attestation())
    }

    /// Index entries of another `vnd.docker.reference.type` (e.g. `builder`): neither
    /// platforms nor attestations, shown by their type.
    pub fn typed_entries(&self) -> impl Iterator<Item = &Descriptor> {
        self.manifests
            .iter()
            .filter(|d| d.reference_type().is_some() && !d.is_attestation())
    }

    /// The manifest this one refers to (OCI 1.1 `subject`).
    pub fn subject(&self) -> Option<&Descriptor> {
        self.subject.as_ref()
    }

    /// The OCI 1.1 artifact type: `artifactType`, else a config media type that is not an image config.
    pub fn artifact_type(&self) -> Option<&str> {
        self.artifact_type.as_deref().or_else(|| {
            let config = self.config.as_ref()?.media_type();
            let image_config = [mt::OCI_CONFIG, mt::DOCKER_CONFIG, mt::OCI_EMPTY, ""];
            (!image_config.contains(&config)).then_some(config)
        })
    }

    /// The manifest's annotations.
    pub fn annotations(&self) -> &BTreeMap<String, String> {
        &self.annotations
    }

    /// Schema 1 details (name, tag, architecture, v1 history), for schema 1 manifests.
    pub fn schema1(&self) -> Option<&Schema1> {
        self.schema1.as_ref()
    }

    /// Total size of the layers in bytes (compressed, as stored).
    pub fn layers_size(&self) -> u64 {
        self.layers.iter().map(Descriptor::size).sum()
    }

    /// What the manifest is for.
    pub fn role(&self) -> Role {
        if self.kind.is_index() {
            return Role::Index;
        }
        let layer_types = || self.layers.iter().map(Descriptor::media_type);
        if !self.layers.is_empty() && layer_types().all(|t| t == mt::IN_TOTO) {
            return Role::Attestation;
        }
        let cosign_layer = self
            .layers
            .iter()
            .any(|l| l.annotation("dev.cosignproject.cosign/signature").is_some());
        let artifact = self.artifact_type();
        if cosign_layer || artifact.is_some_and(|a| a.contains("cosign") && a.contains("sig")) {
            return Role::Signature;
        }
        match artifact {
            Some(a) => Role::Artifact(a.to_string()),
            None => Role::Image,
        }
    }

    /// Picks the index entry for `wanted`, or the first linux/amd64 entry, or the first platform.
    pub fn choose_platform(&self, wanted: Option<&Platform>) -> Option<&Descriptor> {
        let has = |d: &&Descriptor, p: &Platform| d.platform().is_some_and(|dp| dp.matches(p));
        match wanted {
            Some(p) => self.platforms().find(|d| has(d, p)),
            None => {
                let amd64 = Platform::new("linux", "amd64", None);
                self.platforms()
                    .find(|d| has(d, &amd64))
                    .or_else(|| self.platforms().next())
            }
        }
    }
}

#[cfg(test)]
mod tests;
