//! A cosign-style signature artifact: OCI 1.1 manifest with `artifactType`, an empty
//! config and a `subject` pointing at the signed manifest.

use anyhow::{Context, Result};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;

use super::blob::Blob;
use super::manifest::{ImageManifest, Kind, Manifest};
use super::media;
use crate::es256;

/// The simple-signing payload cosign signs.
#[derive(Debug, Serialize)]
struct SimpleSigning {
    critical: Critical,
    optional: Option<()>,
}

/// The critical section of a simple-signing payload.
#[derive(Debug, Serialize)]
struct Critical {
    identity: Identity,
    image: Image,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Which repository was signed.
#[derive(Debug, Serialize)]
struct Identity {
    #[serde(rename = "docker-reference")]
    docker_reference: String,
}

/// Which manifest was signed.
#[derive(Debug, Serialize)]
struct Image {
    #[serde(rename = "docker-manifest-digest")]
    docker_manifest_digest: String,
}

/// A signature artifact with its blobs.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The empty config and the payload blob.
    pub blobs: Vec<Blob>,
    /// The artifact manifest.
    pub manifest: Manifest,
    /// The cosign tag `sha256-<hex>.sig`.
    pub tag: String,
}

/// Signs `subject` (a manifest of `reference`, e.g. `127.0.0.1:5000/library/alpine`).
pub fn sign(reference: &str, subject: &Manifest) -> Result<Signature> {
    let payload = SimpleSigning {
        critical: Critical {
            identity: Identity {
                docker_reference: reference.to_owned(),
            },
            image: Image {
                docker_manifest_digest: subject.digest.clone(),
            },
            kind: "cosign container image signature",
        },
        optional: None,
    };
    let payload = serde_json::to_vec(&payload).context("serializing a cosign payload")?;
    let key = es256::fixed_key("regscope-stack cosign test key");
    let signature = STANDARD.encode(es256::sign_der(&key, &payload));
    let payload = Blob::new(media::COSIGN_SIMPLESIGNING, payload);
    let empty = Blob::new(media::OCI_EMPTY, b"{}".to_vec());
    let document = ImageManifest {
        schema_version: 2,
        media_type: media::OCI_MANIFEST.to_owned(),
        artifact_type: Some(media::COSIGN_SIG.to_owned()),
        config: empty.descriptor(),
        layers: vec![
            payload
                .descriptor()
                .annotate("dev.cosignproject.cosign/signature", &signature),
        ],
        subject: Some(subject.descriptor()),
        annotations: Default::default(),
    };
    let manifest = Manifest::from_document(media::OCI_MANIFEST, Kind::OciArtifact, &document)?;
    let tag = format!("{}.sig", subject.digest.replace(':', "-"));
    Ok(Signature {
        blobs: vec![empty, payload],
        manifest,
        tag,
    })
}
