//! OCI 1.1 artifact manifests (`artifactType`, empty config, `subject`) and the referrers
//! tag-schema index (`sha256-<hex>`) that lists them on registries without the API.

use std::collections::BTreeMap;

use anyhow::Result;

use super::super::blob::Blob;
use super::super::descriptor::Descriptor;
use super::super::manifest::{ImageManifest, Kind, Manifest};
use super::super::media;
use super::super::plan::RepoPlan;

/// An artifact of `artifact_type` about `subject`, holding `layers` (blob, annotations).
pub fn build(
    plan: &mut RepoPlan,
    artifact_type: &str,
    subject: &Manifest,
    layers: Vec<(Blob, BTreeMap<String, String>)>,
) -> Result<Manifest> {
    let empty = Blob::new(media::OCI_EMPTY, b"{}".to_vec());
    let mut descriptors = Vec::new();
    for (blob, annotations) in layers {
        let mut descriptor = blob.descriptor();
        descriptor.annotations = annotations;
        descriptors.push(descriptor);
        plan.add_blobs([blob]);
    }
    let document = ImageManifest {
        schema_version: 2,
        media_type: media::OCI_MANIFEST.to_owned(),
        artifact_type: Some(artifact_type.to_owned()),
        config: empty.descriptor(),
        layers: descriptors,
        subject: Some(subject.descriptor()),
        annotations: BTreeMap::new(),
    };
    plan.add_blobs([empty]);
    Manifest::from_document(media::OCI_MANIFEST, Kind::OciArtifact, &document)
}

/// The cosign tag of `subject` with `suffix` (`sha256-<hex>.sig`).
pub fn cosign_tag(subject: &Manifest, suffix: &str) -> String {
    format!("{}.{suffix}", subject.digest.replace(':', "-"))
}

/// Pushes `artifacts` and the referrers fallback index `sha256-<hex>` listing them (each entry
/// with its `artifactType`).
pub fn tag_schema_index(
    plan: &mut RepoPlan,
    subject: &Manifest,
    artifacts: Vec<(Manifest, &str)>,
) -> Result<()> {
    let mut entries: Vec<Descriptor> = Vec::new();
    for (artifact, artifact_type) in artifacts {
        let mut entry = artifact.descriptor();
        entry.artifact_type = Some(artifact_type.to_owned());
        entries.push(entry);
        plan.untagged(artifact);
    }
    let index = Manifest::oci_index(entries)?;
    let tag = subject.digest.replace(':', "-");
    plan.tagged(index, &[tag.as_str()]);
    Ok(())
}
