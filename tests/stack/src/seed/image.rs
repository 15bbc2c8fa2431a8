//! Building one single-platform image (layers, config and manifest) from a spec.

use anyhow::{Context, Result};

use super::blob::{Blob, sha256_digest};
use super::compress::BuiltLayer;
use super::config::{History, ImageConfig, RootFs, RuntimeConfig};
use super::descriptor::Descriptor;
use super::descriptor::Platform;
use super::layer;
use super::manifest::{ImageManifest, Kind, Manifest};
use super::media;

/// Whether to produce OCI or Docker schema2 media types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// OCI image manifest, config and layers.
    Oci,
    /// Docker schema2 manifest, config and layers.
    Docker,
}

/// One build step: it either adds a layer or only changes metadata.
#[derive(Debug, Clone)]
pub enum Step {
    /// A step that adds a layer with these files.
    Layer {
        /// The instruction, as shown in the history.
        created_by: String,
        /// `(path, content)` of each file in the layer.
        files: layer::Files,
    },
    /// A step whose layer is already built (any compression, annotations, or a diff id
    /// that does not match on purpose).
    Built {
        /// The instruction, as shown in the history.
        created_by: String,
        /// The layer.
        layer: BuiltLayer,
    },
    /// A metadata-only step (`empty_layer: true`).
    Meta {
        /// The instruction, as shown in the history.
        created_by: String,
    },
}

impl Step {
    /// A layer step with text files.
    pub fn layer(created_by: &str, files: &[(&str, String)]) -> Self {
        Self::Layer {
            created_by: created_by.to_owned(),
            files: files
                .iter()
                .map(|(path, text)| ((*path).to_owned(), text.clone().into_bytes()))
                .collect(),
        }
    }

    /// A metadata-only step.
    pub fn meta(created_by: &str) -> Self {
        Self::Meta {
            created_by: created_by.to_owned(),
        }
    }
}

/// Everything that defines one image.
#[derive(Debug, Clone)]
pub struct ImageSpec {
    /// Target platform.
    pub platform: Platform,
    /// Media type family.
    pub flavor: Flavor,
    /// Build steps, in order.
    pub steps: Vec<Step>,
    /// Runtime defaults.
    pub runtime: RuntimeConfig,
}

/// A built image: its blobs (config first) and its manifest.
#[derive(Debug, Clone)]
pub struct BuiltImage {
    /// Config and layer blobs.
    pub blobs: Vec<Blob>,
    /// The manifest, with its platform set.
    pub manifest: Manifest,
}

/// The fixed timestamp of step `index` (one minute apart from 2024-01-01T00:00:00Z).
pub fn step_time(index: usize) -> String {
    format!("2024-01-01T{:02}:{:02}:00Z", index / 60, index % 60)
}

/// Builds the image described by `spec`.
pub fn build(spec: &ImageSpec) -> Result<BuiltImage> {
    let (manifest_type, config_type, layer_type, comment) = match spec.flavor {
        Flavor::Oci => (
            media::OCI_MANIFEST,
            media::OCI_CONFIG,
            media::OCI_LAYER_GZIP,
            Some("buildkit.dockerfile.v0".to_owned()),
        ),
        Flavor::Docker => (
            media::DOCKER_MANIFEST,
            media::DOCKER_CONFIG,
            media::DOCKER_LAYER_GZIP,
            None,
        ),
    };
    let mut layers = Vec::new();
    let mut descriptors: Vec<Descriptor> = Vec::new();
    let mut diff_ids = Vec::new();
    let mut history = Vec::new();
    for (index, step) in spec.steps.iter().enumerate() {
        let (created_by, empty_layer) = match step {
            Step::Layer { created_by, files } => {
                let built =
                    layer::build(files).with_context(|| format!("layer of {created_by}"))?;
                diff_ids.push(sha256_digest(&built.tar));
                let blob = Blob::new(layer_type, built.gzip);
                descriptors.push(blob.descriptor());
                layers.push(blob);
                (created_by, false)
            }
            Step::Built { created_by, layer } => {
                diff_ids.push(layer.diff_id.clone());
                let mut descriptor = layer.blob.descriptor();
                descriptor.annotations.clone_from(&layer.annotations);
                descriptors.push(descriptor);
                layers.push(layer.blob.clone());
                (created_by, false)
            }
            Step::Meta { created_by } => (created_by, true),
        };
        history.push(History {
            created: step_time(index),
            created_by: created_by.clone(),
            comment: comment.clone(),
            empty_layer,
        });
    }
    let config = ImageConfig {
        created: step_time(spec.steps.len().saturating_sub(1)),
        architecture: spec.platform.architecture.clone(),
        os: spec.platform.os.clone(),
        variant: spec.platform.variant.clone(),
        config: spec.runtime.clone(),
        rootfs: RootFs {
            kind: "layers",
            diff_ids,
        },
        history,
    };
    let config = Blob::new(
        config_type,
        serde_json::to_vec(&config).context("serializing an image config")?,
    );
    let document = ImageManifest {
        schema_version: 2,
        media_type: manifest_type.to_owned(),
        artifact_type: None,
        config: config.descriptor(),
        layers: descriptors,
        subject: None,
        annotations: Default::default(),
    };
    let kind = match spec.flavor {
        Flavor::Oci => Kind::OciManifest,
        Flavor::Docker => Kind::DockerManifest,
    };
    let mut manifest = Manifest::from_document(manifest_type, kind, &document)?;
    manifest.platform = Some(spec.platform.clone());
    let mut blobs = vec![config];
    blobs.extend(layers);
    Ok(BuiltImage { blobs, manifest })
}
