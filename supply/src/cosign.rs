//! cosign signatures: the simple-signing payload (`critical.image.docker-manifest-digest`)
//! compared with the image, and the signature checked against a pasted PEM public key
//! (ECDSA P-256, the key type `cosign generate-key-pair` writes).

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey as _;
use serde::Deserialize;

use crate::check::Check;
use crate::dsse::decode_base64;

/// The layer annotation holding a cosign signature (base64).
pub const SIGNATURE_ANNOTATION: &str = "dev.cosignproject.cosign/signature";
/// The layer annotation holding a keyless signature's certificate (PEM).
pub const CERTIFICATE_ANNOTATION: &str = "dev.sigstore.cosign/certificate";
/// The media type of a simple-signing payload.
pub const SIMPLE_SIGNING: &str = "application/vnd.dev.cosign.simplesigning.v1+json";

/// Why a payload or key could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CosignError {
    /// The payload is not a simple-signing document.
    #[error("not a simple-signing payload: {0}")]
    Payload(String),
    /// The pasted key is not a PEM P-256 public key.
    #[error("not a PEM ECDSA P-256 public key: {0}")]
    Key(String),
}

/// The parts of a simple-signing payload that are shown and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleSigning {
    /// `critical.identity.docker-reference`.
    pub docker_reference: String,
    /// `critical.image.docker-manifest-digest`.
    pub manifest_digest: String,
    /// `critical.type`.
    pub kind: String,
}

#[derive(Deserialize)]
struct Raw {
    critical: Critical,
}

#[derive(Deserialize)]
struct Critical {
    #[serde(default)]
    identity: Identity,
    image: Image,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize, Default)]
struct Identity {
    #[serde(rename = "docker-reference", default)]
    docker_reference: String,
}

#[derive(Deserialize)]
struct Image {
    #[serde(rename = "docker-manifest-digest")]
    docker_manifest_digest: String,
}

impl SimpleSigning {
    /// Parses a simple-signing payload.
    pub fn parse(bytes: &[u8]) -> Result<Self, CosignError> {
        let raw: Raw =
            serde_json::from_slice(bytes).map_err(|e| CosignError::Payload(e.to_string()))?;
        Ok(SimpleSigning {
            docker_reference: raw.critical.identity.docker_reference,
            manifest_digest: raw.critical.image.docker_manifest_digest,
            kind: raw.critical.kind,
        })
    }

    /// Compares the signed digest with the inspected image's.
    pub fn digest_check(&self, image_digest: &str) -> Check {
        if self.manifest_digest == image_digest {
            Check::Verified(format!(
                "the payload signs {image_digest}, the inspected image"
            ))
        } else {
            Check::Invalid(format!(
                "the payload signs {}, not the inspected image {image_digest}",
                self.manifest_digest
            ))
        }
    }
}

/// A public key pasted by the user.
#[derive(Clone, Debug)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) of an ECDSA P-256 key.
    pub fn from_pem(pem: &str) -> Result<Self, CosignError> {
        VerifyingKey::from_public_key_pem(pem.trim())
            .map(PublicKey)
            .map_err(|e| CosignError::Key(e.to_string()))
    }

    /// Wraps a verifying key (e.g. one taken from a certificate).
    pub fn from_verifying_key(key: VerifyingKey) -> Self {
        PublicKey(key)
    }

    /// Checks `signature` (DER or raw `r||s`) over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Check {
        let parsed = Signature::from_der(signature).or_else(|_| Signature::from_slice(signature));
        let Ok(parsed) = parsed else {
            return Check::Invalid("the signature is not an ECDSA P-256 signature".into());
        };
        match self.0.verify(message, &parsed) {
            Ok(()) => Check::Verified("the signature matches the payload and the key".into()),
            Err(_) => Check::Invalid("the signature does not match the payload and the key".into()),
        }
    }
}

/// Checks a cosign signature (the annotation's base64 text) over `payload` with `key`.
pub fn verify_signature(
    payload: &[u8],
    signature_b64: Option<&str>,
    key: Option<&PublicKey>,
) -> Check {
    let Some(text) = signature_b64 else {
        return Check::NotChecked(format!(
            "the layer has no {SIGNATURE_ANNOTATION} annotation"
        ));
    };
    let Some(signature) = decode_base64(text) else {
        return Check::Invalid("the signature annotation is not valid base64".into());
    };
    match key {
        Some(key) => key.verify(payload, &signature),
        None => Check::NotChecked("no public key given".into()),
    }
}
