//! Notary v2 signatures (`application/vnd.cncf.notary.signature`): the JWS envelope
//! (`application/jose+json`, JSON serialization) decoded, its target artifact compared with
//! the image, the signing certificate (`x5c`) read and the ES256 signature checked with its
//! key. The chain to a trust store is not checked.

use serde::Deserialize;
use serde_json::Value;

use crate::certificate::{CertificateError, CertificateInfo};
use crate::check::Check;
use crate::dsse::decode_base64;

/// The media type of a JWS signature envelope layer.
pub const JWS_MEDIA_TYPE: &str = "application/jose+json";

/// Why an envelope could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotaryError {
    /// Not a JWS JSON serialization.
    #[error("not a JWS envelope: {0}")]
    Malformed(String),
    /// A part is not valid base64url.
    #[error("the JWS {0} is not valid base64url")]
    InvalidBase64(&'static str),
    /// The envelope has no signing certificate.
    #[error("the JWS has no x5c certificate")]
    NoCertificate,
}

/// A decoded Notary v2 signature.
#[derive(Clone, Debug, PartialEq)]
pub struct NotarySignature {
    /// The protected header's `alg`.
    pub alg: String,
    /// `io.cncf.notary.signingTime`, when given.
    pub signing_time: Option<String>,
    /// The signed target's digest (`targetArtifact.digest`).
    pub target_digest: String,
    /// The target against the image.
    pub target: Check,
    /// The signing certificate (first of `x5c`).
    pub certificate: Result<CertificateInfo, CertificateError>,
    /// The signature against the certificate's key.
    pub signature: Check,
    /// The chain: never checked.
    pub chain: Check,
}

#[derive(Deserialize)]
struct Jws {
    payload: String,
    protected: String,
    #[serde(default)]
    header: Header,
    signature: String,
}

#[derive(Deserialize, Default)]
struct Header {
    #[serde(default)]
    x5c: Vec<String>,
}

/// Decodes a Notary v2 JWS envelope about the manifest `subject`.
pub fn decode(bytes: &[u8], subject: Option<&str>) -> Result<NotarySignature, NotaryError> {
    let jws: Jws =
        serde_json::from_slice(bytes).map_err(|e| NotaryError::Malformed(e.to_string()))?;
    let protected =
        decode_base64(&jws.protected).ok_or(NotaryError::InvalidBase64("protected header"))?;
    let payload = decode_base64(&jws.payload).ok_or(NotaryError::InvalidBase64("payload"))?;
    let signature = decode_base64(&jws.signature).ok_or(NotaryError::InvalidBase64("signature"))?;
    let protected: Value =
        serde_json::from_slice(&protected).map_err(|e| NotaryError::Malformed(e.to_string()))?;
    let payload: Value =
        serde_json::from_slice(&payload).map_err(|e| NotaryError::Malformed(e.to_string()))?;
    let alg = protected["alg"].as_str().unwrap_or("").to_string();
    let target_digest = payload
        .pointer("/targetArtifact/digest")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let first = jws.header.x5c.first().ok_or(NotaryError::NoCertificate)?;
    let certificate = decode_base64(first)
        .ok_or(NotaryError::InvalidBase64("x5c certificate"))
        .map(|der| CertificateInfo::from_der(&der))?;
    let target = match subject {
        Some(image) if image == target_digest => {
            Check::Verified(format!("the payload names {image}, the inspected image"))
        }
        Some(image) => Check::Invalid(format!(
            "the payload names {target_digest}, not the inspected image {image}"
        )),
        None => Check::NotChecked("no image digest to compare with".into()),
    };
    let signed = format!("{}.{}", jws.protected.trim(), jws.payload.trim());
    let signature = match (&certificate, alg.as_str()) {
        (Ok(cert), "ES256") => cert.verify(signed.as_bytes(), &signature),
        (Ok(_), other) => {
            Check::NotChecked(format!("the {other} algorithm is not supported (ES256 is)"))
        }
        (Err(_), _) => Check::NotChecked("the certificate could not be read".into()),
    };
    let chain = match &certificate {
        Ok(cert) => cert.chain(),
        Err(_) => Check::NotChecked("the certificate could not be read".into()),
    };
    Ok(NotarySignature {
        alg,
        signing_time: protected["io.cncf.notary.signingTime"]
            .as_str()
            .map(str::to_string),
        target_digest,
        target,
        certificate,
        signature,
        chain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_envelopes_are_typed_errors() {
        assert!(matches!(
            decode(b"{}", None),
            Err(NotaryError::Malformed(_))
        ));
        let bad = br#"{"payload":"e30","protected":"%%","signature":"AA"}"#;
        assert_eq!(
            decode(bad, None),
            Err(NotaryError::InvalidBase64("protected header"))
        );
        let no_cert = br#"{"payload":"e30","protected":"e30","signature":"AA"}"#;
        assert_eq!(decode(no_cert, None), Err(NotaryError::NoCertificate));
        let junk_cert =
            br#"{"payload":"e30","protected":"e30","header":{"x5c":["AAAA"]},"signature":"AA"}"#;
        let decoded = decode(junk_cert, Some("sha256:00")).expect("decodes");
        assert!(decoded.certificate.is_err());
        assert!(decoded.target.is_invalid());
        assert_eq!(
            decoded.signature,
            Check::NotChecked("the certificate could not be read".into())
        );
    }
}
