//! Gathering an image's supply-chain artifacts over the core's client: BuildKit attestation
//! manifests of an index, OCI referrers (API or `sha256-<hex>` tag), cosign `.sig`/`.att`/
//! `.sbom` tags, for the image and each platform; every layer fetched within the size caps
//! and decoded.

use std::future::{Future, Ready, ready};

use regscope_core::manifest::Descriptor;
use regscope_core::referrers::FoundBy;
use regscope_core::{Client, Error, Reference, Transport};

use crate::cosign::PublicKey;
use crate::decode::{self, Content, DecodeError};
use crate::limits;

/// The artifact type of a Notary v2 signature.
pub const NOTARY_SIGNATURE: &str = "application/vnd.cncf.notary.signature";

/// Where an artifact was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// An index entry with `vnd.docker.reference.type: attestation-manifest`.
    AttestationManifest,
    /// The registry's referrers API.
    ReferrersApi,
    /// The referrers tag fallback `sha256-<hex>`.
    ReferrersTag,
    /// A cosign tag (`sha256-<hex>.sig`, `.att`, `.sbom`).
    CosignTag(String),
}

/// What kind of artifact it is, from its artifact type, media types and where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArtifactKind {
    /// A cosign signature.
    CosignSignature,
    /// A cosign attestation or a DSSE-wrapped in-toto statement.
    Attestation,
    /// A cosign SBOM attachment.
    CosignSbom,
    /// A BuildKit attestation manifest.
    BuildKitAttestation,
    /// A Notary v2 signature.
    NotarySignature,
    /// Anything else.
    Other,
}

/// Why a layer (or an artifact manifest) was not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LayerError {
    /// The descriptor announces more than the cap: refused before fetching.
    #[error("{size} bytes is more than the {max}-byte limit: not fetched")]
    TooLarge {
        /// What the descriptor says.
        size: u64,
        /// The cap.
        max: u64,
    },
    /// The registry did not give it.
    #[error("could not fetch it: {0}")]
    Fetch(String),
    /// Its bytes could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// One layer of an artifact and what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// Its descriptor.
    pub descriptor: Descriptor,
    /// What it holds, or why it was not read.
    pub content: Result<Content, LayerError>,
}

/// One artifact attached to a manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct Artifact {
    /// The digest of the manifest it is about.
    pub subject: String,
    /// The platform of that manifest (`os/arch[/variant]`), for an index's platforms.
    pub platform: Option<String>,
    /// Its own descriptor (media type, digest, size, artifact type).
    pub descriptor: Descriptor,
    /// Where it was found.
    pub found: Found,
    /// What kind of artifact it is.
    pub kind: ArtifactKind,
    /// Its layers, or why its manifest was not read.
    pub layers: Result<Vec<Layer>, LayerError>,
}

/// Everything gathered for an image.
#[derive(Clone, Debug, PartialEq)]
pub struct Gathered {
    /// The digest of the manifest inspected (an index or an image).
    pub top: String,
    /// The artifacts, the top manifest's first, then each platform's.
    pub artifacts: Vec<Artifact>,
    /// How many were left out by [`limits::MAX_ARTIFACTS`] or [`limits::MAX_PLATFORMS`].
    pub left_out: usize,
    /// Manifests whose referrers could not be listed: (digest, why). The others are still
    /// gathered.
    pub unlisted: Vec<(String, String)>,
}

/// Gathers and decodes every artifact of `reference`; cosign signatures are checked with `key`.
pub async fn gather<T: Transport>(
    client: &Client<T>,
    reference: &Reference,
    key: Option<&PublicKey>,
) -> Result<Gathered, Error> {
    gather_paced(client, reference, key, &no_pause).await
}

/// A pause that is over at once.
fn no_pause() -> Ready<()> {
    ready(())
}

/// [`gather`], awaiting `pause()` between fetching a layer and each step of decoding it (see
/// [`decode::decode_paced`]): in a browser page, a pause that ends in a later task of the event
/// loop keeps a large SBOM's reading from holding the main thread in one long task.
pub async fn gather_paced<T: Transport, P: Fn() -> F, F: Future<Output = ()>>(
    client: &Client<T>,
    reference: &Reference,
    key: Option<&PublicKey>,
    pause: &P,
) -> Result<Gathered, Error> {
    let top = client
        .fetch_manifest(reference, reference.manifest_target())
        .await?;
    let mut gathered = Gathered {
        top: top.digest.clone(),
        artifacts: Vec::new(),
        left_out: 0,
        unlisted: Vec::new(),
    };
    let mut subjects = vec![(top.digest.clone(), None)];
    let platforms: Vec<&Descriptor> = top.manifest.platforms().collect();
    gathered.left_out += platforms.len().saturating_sub(limits::MAX_PLATFORMS);
    for platform in platforms.into_iter().take(limits::MAX_PLATFORMS) {
        let label = platform.platform().map(ToString::to_string);
        subjects.push((platform.digest().to_string(), label));
    }
    let attestations: Vec<&Descriptor> = top.manifest.attestations().collect();
    gathered.left_out += attestations.len().saturating_sub(limits::MAX_ARTIFACTS);
    for entry in attestations.into_iter().take(limits::MAX_ARTIFACTS) {
        let Some(attests) = entry.attests() else {
            continue;
        };
        let platform = subjects
            .iter()
            .find(|(digest, _)| digest == attests)
            .and_then(|(_, label)| label.clone());
        let artifact = read(
            client,
            reference,
            entry.clone(),
            Found::AttestationManifest,
            attests,
            platform,
            key,
            pause,
        )
        .await;
        gathered.artifacts.push(artifact);
    }
    for (subject, platform) in subjects {
        let referrers = match client.list_referrers(reference, &subject).await {
            Ok(referrers) => referrers,
            Err(error) => {
                gathered.unlisted.push((subject, error.to_string()));
                continue;
            }
        };
        gathered.left_out += referrers.len().saturating_sub(limits::MAX_ARTIFACTS);
        for referrer in referrers.into_iter().take(limits::MAX_ARTIFACTS) {
            let found = match referrer.found_by {
                FoundBy::Api => Found::ReferrersApi,
                FoundBy::TagSchema => Found::ReferrersTag,
                FoundBy::CosignTag(tag) => Found::CosignTag(tag),
            };
            let artifact = read(
                client,
                reference,
                referrer.descriptor,
                found,
                &subject,
                platform.clone(),
                key,
                pause,
            )
            .await;
            gathered.artifacts.push(artifact);
        }
    }
    Ok(gathered)
}

/// The kind of an artifact from its descriptor and where it was found.
pub fn kind_of(descriptor: &Descriptor, found: &Found) -> ArtifactKind {
    if *found == Found::AttestationManifest {
        return ArtifactKind::BuildKitAttestation;
    }
    match descriptor.artifact_type().unwrap_or("") {
        "application/vnd.dev.cosign.artifact.sig.v1+json" => ArtifactKind::CosignSignature,
        "application/vnd.dev.cosign.artifact.att.v1+json" => ArtifactKind::Attestation,
        "application/vnd.dev.cosign.artifact.sbom.v1+json" => ArtifactKind::CosignSbom,
        NOTARY_SIGNATURE => ArtifactKind::NotarySignature,
        t if t.starts_with("application/vnd.in-toto") || t.starts_with("application/vnd.dsse") => {
            ArtifactKind::Attestation
        }
        _ => ArtifactKind::Other,
    }
}

#[allow(clippy::too_many_arguments)]
async fn read<T: Transport, P: Fn() -> F, F: Future<Output = ()>>(
    client: &Client<T>,
    reference: &Reference,
    descriptor: Descriptor,
    found: Found,
    subject: &str,
    platform: Option<String>,
    key: Option<&PublicKey>,
    pause: &P,
) -> Artifact {
    let kind = kind_of(&descriptor, &found);
    let layers = read_layers(client, reference, &descriptor, subject, key, pause).await;
    Artifact {
        subject: subject.to_string(),
        platform,
        descriptor,
        found,
        kind,
        layers,
    }
}

async fn read_layers<T: Transport, P: Fn() -> F, F: Future<Output = ()>>(
    client: &Client<T>,
    reference: &Reference,
    descriptor: &Descriptor,
    subject: &str,
    key: Option<&PublicKey>,
    pause: &P,
) -> Result<Vec<Layer>, LayerError> {
    if descriptor.size() > limits::MAX_MANIFEST_BYTES {
        return Err(LayerError::TooLarge {
            size: descriptor.size(),
            max: limits::MAX_MANIFEST_BYTES,
        });
    }
    let manifest = client
        .fetch_manifest(reference, descriptor.digest())
        .await
        .map_err(|e| LayerError::Fetch(e.to_string()))?;
    let mut layers = Vec::new();
    for layer in manifest
        .manifest
        .layers()
        .iter()
        .take(limits::MAX_LAYERS_PER_ARTIFACT)
    {
        let content = read_layer(client, reference, layer, subject, key, pause).await;
        layers.push(Layer {
            descriptor: layer.clone(),
            content,
        });
    }
    Ok(layers)
}

async fn read_layer<T: Transport, P: Fn() -> F, F: Future<Output = ()>>(
    client: &Client<T>,
    reference: &Reference,
    layer: &Descriptor,
    subject: &str,
    key: Option<&PublicKey>,
    pause: &P,
) -> Result<Content, LayerError> {
    if layer.size() > limits::MAX_PAYLOAD_BYTES {
        return Err(LayerError::TooLarge {
            size: layer.size(),
            max: limits::MAX_PAYLOAD_BYTES,
        });
    }
    let blob = client
        .fetch_blob(reference, layer.digest(), "supply-chain artifact")
        .await
        .map_err(|e| LayerError::Fetch(e.to_string()))?;
    pause().await;
    Ok(decode::decode_paced(
        layer.media_type(),
        layer.annotations(),
        &blob.bytes,
        Some(subject),
        key,
        pause,
    )
    .await?)
}
