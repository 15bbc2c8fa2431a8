//! Manifest and index documents, and a built manifest ready to push.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;

use super::blob::sha256_digest;
use super::descriptor::{Descriptor, Platform};
use super::media;

/// What kind of manifest a seeded reference is (written to the seeded JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// OCI image index.
    OciIndex,
    /// OCI image manifest.
    OciManifest,
    /// BuildKit attestation manifest (OCI manifest of in-toto layers).
    OciAttestation,
    /// OCI artifact manifest (`artifactType`, `subject`).
    OciArtifact,
    /// Docker schema2 manifest.
    DockerManifest,
    /// Docker manifest list.
    DockerList,
    /// Docker signed schema1 manifest.
    DockerSchema1,
}

/// An OCI image manifest or Docker schema2 manifest (same shape).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageManifest {
    /// Always 2.
    pub schema_version: u32,
    /// The manifest's own media type.
    pub media_type: String,
    /// Artifact type (OCI 1.1 artifacts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// Config blob.
    pub config: Descriptor,
    /// Layer blobs, bottom first.
    pub layers: Vec<Descriptor>,
    /// The manifest this one refers to (OCI 1.1 artifacts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<Descriptor>,
    /// Annotations.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

/// An OCI image index or Docker manifest list (same shape).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageIndex {
    /// Always 2.
    pub schema_version: u32,
    /// The index's own media type.
    pub media_type: String,
    /// Child manifests.
    pub manifests: Vec<Descriptor>,
}

/// A serialized manifest with its registry digest.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Content-Type to push it with.
    pub media_type: String,
    /// The exact bytes pushed.
    pub bytes: Vec<u8>,
    /// The digest the registry reports (for schema1: of the JWS payload, not the body).
    pub digest: String,
    /// Kind, for the seeded JSON.
    pub kind: Kind,
    /// Platform, when this is one platform's manifest.
    pub platform: Option<Platform>,
}

impl Manifest {
    /// Serializes `document` compactly and digests the bytes.
    pub fn from_document<T: Serialize>(media_type: &str, kind: Kind, document: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(document).context("serializing a manifest")?;
        let digest = sha256_digest(&bytes);
        Ok(Self {
            media_type: media_type.to_owned(),
            bytes,
            digest,
            kind,
            platform: None,
        })
    }

    /// An OCI image index of `entries`.
    pub fn oci_index(entries: Vec<Descriptor>) -> Result<Self> {
        Manifest::from_document(
            media::OCI_INDEX,
            Kind::OciIndex,
            &ImageIndex {
                schema_version: 2,
                media_type: media::OCI_INDEX.to_owned(),
                manifests: entries,
            },
        )
    }

    /// The descriptor that references this manifest.
    pub fn descriptor(&self) -> Descriptor {
        Descriptor::new(&self.media_type, &self.digest, self.bytes.len())
    }

    /// The descriptor for an index entry, with the platform when known.
    pub fn index_entry(&self) -> Descriptor {
        let descriptor = self.descriptor();
        match &self.platform {
            Some(platform) => descriptor.with_platform(platform.clone()),
            None => descriptor,
        }
    }
}
