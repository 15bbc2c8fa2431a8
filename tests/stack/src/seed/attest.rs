//! BuildKit-style attestation manifests: an SPDX in-toto statement about one platform
//! manifest, referenced from the index with `vnd.docker.reference.*` annotations.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;

use super::blob::Blob;
use super::config::{Empty, RootFs};
use super::descriptor::{Descriptor, Platform};
use super::image::step_time;
use super::manifest::{ImageManifest, Kind, Manifest};
use super::media;

/// The predicate type of the SPDX statements.
const SPDX_PREDICATE: &str = "https://spdx.dev/Document";

/// The attestation manifest's config (BuildKit writes an `unknown/unknown` image config).
#[derive(Debug, Serialize)]
struct AttestationConfig {
    architecture: &'static str,
    os: &'static str,
    config: Empty,
    rootfs: RootFs,
}

/// An in-toto statement.
#[derive(Debug, Serialize)]
struct Statement {
    #[serde(rename = "_type")]
    kind: &'static str,
    #[serde(rename = "predicateType")]
    predicate_type: &'static str,
    subject: Vec<Subject>,
    predicate: SpdxDocument,
}

/// What the statement is about.
#[derive(Debug, Serialize)]
struct Subject {
    name: String,
    digest: BTreeMap<&'static str, String>,
}

/// A tiny SPDX document.
#[derive(Debug, Serialize)]
struct SpdxDocument {
    #[serde(rename = "spdxVersion")]
    spdx_version: &'static str,
    #[serde(rename = "dataLicense")]
    data_license: &'static str,
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    name: String,
    #[serde(rename = "creationInfo")]
    creation_info: CreationInfo,
    packages: Vec<Package>,
}

/// SPDX creation info.
#[derive(Debug, Serialize)]
struct CreationInfo {
    created: String,
    creators: Vec<&'static str>,
}

/// One SPDX package.
#[derive(Debug, Serialize)]
struct Package {
    name: &'static str,
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    #[serde(rename = "versionInfo")]
    version_info: &'static str,
    #[serde(rename = "downloadLocation")]
    download_location: &'static str,
}

/// An attestation manifest with its blobs and its index entry.
#[derive(Debug, Clone)]
pub struct Attestation {
    /// Config and statement blobs.
    pub blobs: Vec<Blob>,
    /// The attestation manifest.
    pub manifest: Manifest,
    /// Its index entry (`unknown/unknown` platform, reference annotations).
    pub entry: Descriptor,
}

/// Builds the SBOM attestation of `subject` (a platform manifest of `repository`).
pub fn sbom_for(repository: &str, subject: &Manifest) -> Result<Attestation> {
    let platform = subject
        .platform
        .as_ref()
        .map_or_else(|| "unknown".to_owned(), Platform::label);
    let hex = subject.digest.trim_start_matches("sha256:").to_owned();
    let statement = Statement {
        kind: "https://in-toto.io/Statement/v0.1",
        predicate_type: SPDX_PREDICATE,
        subject: vec![Subject {
            name: format!(
                "pkg:docker/{repository}@latest?platform={}",
                platform.replace('/', "%2F")
            ),
            digest: BTreeMap::from([("sha256", hex)]),
        }],
        predicate: SpdxDocument {
            spdx_version: "SPDX-2.3",
            data_license: "CC0-1.0",
            spdx_id: "SPDXRef-DOCUMENT",
            name: format!("sbom-{repository}-{platform}"),
            creation_info: CreationInfo {
                created: step_time(0),
                creators: vec!["Tool: regscope-stack"],
            },
            packages: vec![Package {
                name: "busybox",
                spdx_id: "SPDXRef-Package-busybox",
                version_info: "1.36.1-r29",
                download_location: "NOASSERTION",
            }],
        },
    };
    let layer = Blob::new(
        media::IN_TOTO,
        serde_json::to_vec(&statement).context("serializing an in-toto statement")?,
    );
    let config = AttestationConfig {
        architecture: "unknown",
        os: "unknown",
        config: Empty {},
        rootfs: RootFs {
            kind: "layers",
            diff_ids: vec![layer.digest.clone()],
        },
    };
    let config = Blob::new(
        media::OCI_CONFIG,
        serde_json::to_vec(&config).context("serializing an attestation config")?,
    );
    let document = ImageManifest {
        schema_version: 2,
        media_type: media::OCI_MANIFEST.to_owned(),
        artifact_type: None,
        config: config.descriptor(),
        layers: vec![
            layer
                .descriptor()
                .annotate("in-toto.io/predicate-type", SPDX_PREDICATE),
        ],
        subject: None,
        annotations: Default::default(),
    };
    let mut manifest =
        Manifest::from_document(media::OCI_MANIFEST, Kind::OciAttestation, &document)?;
    manifest.platform = Some(Platform::unknown());
    let entry = manifest
        .index_entry()
        .annotate("vnd.docker.reference.digest", &subject.digest)
        .annotate("vnd.docker.reference.type", "attestation-manifest");
    Ok(Attestation {
        blobs: vec![config, layer],
        manifest,
        entry,
    })
}
