//! cosign signatures: the simple-signing payload (`critical.image.docker-manifest-digest`)
//! compared with the image, and the signature checked against a pasted PEM public key
//! (ECDSA P-256, the key type `cosign generate-key-pair` writes; RSA with PKCS#1 v1.5 or PSS
//! padding and SHA-256 under the `rsa` feature).

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
    /// The pasted key is not a PEM public key of a supported type.
    #[error("not a PEM ECDSA P-256 or RSA public key: {0}")]
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
pub struct PublicKey(Kind);

#[derive(Clone, Debug)]
enum Kind {
    P256(VerifyingKey),
    #[cfg(feature = "rsa")]
    Rsa(Box<rsa::RsaPublicKey>),
}

impl PublicKey {
    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) of an ECDSA P-256 key, or with the
    /// `rsa` feature an RSA key (`PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, CosignError> {
        let pem = pem.trim();
        let p256 = VerifyingKey::from_public_key_pem(pem);
        #[cfg(feature = "rsa")]
        if p256.is_err() {
            use rsa::pkcs1::DecodeRsaPublicKey as _;
            let rsa = rsa::RsaPublicKey::from_public_key_pem(pem)
                .or_else(|_| rsa::RsaPublicKey::from_pkcs1_pem(pem));
            if let Ok(key) = rsa {
                return Ok(PublicKey(Kind::Rsa(Box::new(key))));
            }
        }
        p256.map(|key| PublicKey(Kind::P256(key)))
            .map_err(|e| CosignError::Key(e.to_string()))
    }

    /// Wraps a P-256 verifying key (e.g. one taken from a certificate).
    pub fn from_verifying_key(key: VerifyingKey) -> Self {
        PublicKey(Kind::P256(key))
    }

    /// The key's algorithm, as shown: `ECDSA P-256` or `RSA`.
    pub fn algorithm(&self) -> &'static str {
        match &self.0 {
            Kind::P256(_) => "ECDSA P-256",
            #[cfg(feature = "rsa")]
            Kind::Rsa(_) => "RSA",
        }
    }

    /// Checks `signature` over `message`: for P-256, DER or raw `r||s`; for RSA, PKCS#1 v1.5
    /// then PSS, both with SHA-256.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Check {
        let matched = match &self.0 {
            Kind::P256(key) => {
                let parsed =
                    Signature::from_der(signature).or_else(|_| Signature::from_slice(signature));
                let Ok(parsed) = parsed else {
                    return Check::Invalid("the signature is not an ECDSA P-256 signature".into());
                };
                key.verify(message, &parsed).is_ok()
            }
            #[cfg(feature = "rsa")]
            Kind::Rsa(key) => rsa_matches(key, message, signature),
        };
        if matched {
            Check::Verified("the signature matches the payload and the key".into())
        } else {
            Check::Invalid("the signature does not match the payload and the key".into())
        }
    }
}

#[cfg(feature = "rsa")]
fn rsa_matches(key: &rsa::RsaPublicKey, message: &[u8], signature: &[u8]) -> bool {
    use rsa::signature::Verifier as _;
    let pkcs1 = rsa::pkcs1v15::Signature::try_from(signature).is_ok_and(|s| {
        rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key.clone())
            .verify(message, &s)
            .is_ok()
    });
    pkcs1
        || rsa::pss::Signature::try_from(signature).is_ok_and(|s| {
            rsa::pss::VerifyingKey::<sha2::Sha256>::new(key.clone())
                .verify(message, &s)
                .is_ok()
        })
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

#[cfg(all(test, feature = "rsa"))]
mod rsa_tests {
    use super::*;

    const KEY: &str = include_str!("../tests/fixtures/rsa-test-key.pub");
    const PAYLOAD: &[u8] = include_bytes!("../tests/fixtures/rsa-payload.json");

    fn signature(b64: &str) -> Vec<u8> {
        decode_base64(b64).expect("base64 fixture")
    }

    #[test]
    fn rsa_pkcs1v15_and_pss_signatures_verify() {
        let key = PublicKey::from_pem(KEY).expect("RSA key");
        assert_eq!(key.algorithm(), "RSA");
        for fixture in [
            include_str!("../tests/fixtures/rsa-pkcs1v15.sig.b64"),
            include_str!("../tests/fixtures/rsa-pss.sig.b64"),
        ] {
            assert!(key.verify(PAYLOAD, &signature(fixture)).is_verified());
            let mut tampered = PAYLOAD.to_vec();
            tampered[10] ^= 1;
            assert!(key.verify(&tampered, &signature(fixture)).is_invalid());
        }
        assert!(key.verify(PAYLOAD, b"short").is_invalid());
    }
}
