//! What one artifact layer says, decoded from its bytes and media type with no I/O: an
//! in-toto statement (raw, as BuildKit writes it, or in a DSSE envelope, as cosign does) with
//! its provenance or SBOM, or a cosign simple-signing payload with its checks.

use std::collections::BTreeMap;
use std::future::{Future, ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::certificate::{CertificateError, CertificateInfo};
use crate::check::Check;
use crate::cosign::{self, CosignError, PublicKey, SimpleSigning};
use crate::dsse::{self, DsseError, Envelope};
use crate::notary::{self, NotaryError, NotarySignature};
use crate::provenance::{self, Provenance};
use crate::sbom::{self, Format, PackageTable, SbomError};
use crate::statement::{Statement, StatementError, SubjectMatch};

/// The media type BuildKit gives in-toto statement layers.
pub const IN_TOTO_LAYER: &str = "application/vnd.in-toto+json";
/// SPDX JSON, as `cosign attach sbom` types it.
pub const SPDX_JSON: &str = "application/spdx+json";
/// SPDX JSON, as older cosign versions type it.
pub const SPDX_JSON_TEXT: &str = "text/spdx+json";
/// CycloneDX JSON.
pub const CYCLONEDX_JSON: &str = "application/vnd.cyclonedx+json";

/// Why a layer could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The DSSE envelope is broken.
    #[error(transparent)]
    Dsse(#[from] DsseError),
    /// The statement is broken.
    #[error(transparent)]
    Statement(#[from] StatementError),
    /// The simple-signing payload is broken.
    #[error(transparent)]
    Cosign(#[from] CosignError),
    /// The Notary v2 envelope is broken.
    #[error(transparent)]
    Notary(#[from] NotaryError),
}

/// A decoded in-toto statement with what its predicate holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Attested {
    /// The DSSE payload type and signature count, when it came in an envelope.
    pub envelope: Option<(String, usize)>,
    /// The statement.
    pub statement: Statement,
    /// Its subjects against the manifest the artifact is attached to.
    pub subject: SubjectMatch,
    /// The provenance summary, for SLSA predicates.
    pub provenance: Option<Provenance>,
    /// The SBOM's format and package table, for SPDX and CycloneDX predicates.
    pub sbom: Option<Result<(Format, PackageTable), SbomError>>,
    /// The DSSE signatures against the given key (over the pre-authentication encoding).
    pub signature: Check,
}

/// A decoded cosign signature layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Signed {
    /// The payload.
    pub payload: SimpleSigning,
    /// The signed digest against the inspected image.
    pub digest: Check,
    /// The signature against the given key.
    pub signature: Check,
    /// For a keyless signature (a certificate in the layer's annotations): what it says and
    /// the signature against its key.
    pub keyless: Option<Keyless>,
}

/// A keyless signature's certificate and checks.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyless {
    /// The certificate.
    pub certificate: Result<CertificateInfo, CertificateError>,
    /// The signature against the certificate's key.
    pub signature: Check,
    /// The chain and transparency log: never checked.
    pub chain: Check,
}

/// What a layer holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// An in-toto statement.
    Attestation(Box<Attested>),
    /// A cosign simple-signing signature.
    Signature(Box<Signed>),
    /// A Notary v2 signature.
    Notary(Box<NotarySignature>),
    /// A bare SBOM document (a cosign `.sbom` attachment): its format and package table.
    Sbom(Result<(Format, PackageTable), SbomError>),
    /// Something else (its media type says what); not decoded.
    Other,
}

/// Decodes a layer of `media_type` with `annotations`, attached to the manifest `subject`
/// (`sha256:<hex>`), checking a cosign signature with `key` when one is given.
pub fn decode(
    media_type: &str,
    annotations: &BTreeMap<String, String>,
    bytes: &[u8],
    subject: Option<&str>,
    key: Option<&PublicKey>,
) -> Result<Content, DecodeError> {
    let mut decoding = pin!(decode_paced(
        media_type,
        annotations,
        bytes,
        subject,
        key,
        &|| ready(())
    ));
    let mut context = Context::from_waker(Waker::noop());
    // Every pause is over at once, so the first poll finishes.
    loop {
        if let Poll::Ready(content) = decoding.as_mut().poll(&mut context) {
            return content;
        }
    }
}

/// [`decode`], awaiting `pause()` between its steps (the envelope read, the statement parsed,
/// its signature checked, its predicate read into a provenance summary or a package table;
/// a bare SBOM parsed, then read into its table), so a caller can let other work run between
/// them.
pub async fn decode_paced<P: Fn() -> F, F: Future<Output = ()>>(
    media_type: &str,
    annotations: &BTreeMap<String, String>,
    bytes: &[u8],
    subject: Option<&str>,
    key: Option<&PublicKey>,
    pause: &P,
) -> Result<Content, DecodeError> {
    match media_type {
        dsse::MEDIA_TYPE => {
            let envelope = Envelope::parse(bytes)?;
            pause().await;
            let payload = envelope.payload_of_type(dsse::IN_TOTO_PAYLOAD_TYPE)?;
            let statement = Statement::parse(payload)?;
            pause().await;
            let info = (envelope.payload_type.clone(), envelope.signatures.len());
            let signature = envelope_signature(&envelope, key);
            drop(envelope);
            pause().await;
            Ok(attested(Some(info), statement, subject, signature))
        }
        IN_TOTO_LAYER => {
            let statement = Statement::parse(bytes)?;
            pause().await;
            Ok(attested(
                None,
                statement,
                subject,
                Check::NotChecked("a bare statement carries no signature".into()),
            ))
        }
        notary::JWS_MEDIA_TYPE => Ok(Content::Notary(Box::new(notary::decode(bytes, subject)?))),
        cosign::SIMPLE_SIGNING => {
            let payload = SimpleSigning::parse(bytes)?;
            let signature_text = annotations.get(cosign::SIGNATURE_ANNOTATION);
            let keyless = annotations
                .get(cosign::CERTIFICATE_ANNOTATION)
                .map(|pem| keyless(pem, bytes, signature_text.map(String::as_str)));
            let digest = match subject {
                Some(image) => payload.digest_check(image),
                None => Check::NotChecked("no image digest to compare with".into()),
            };
            let signature = cosign::verify_signature(
                bytes,
                annotations
                    .get(cosign::SIGNATURE_ANNOTATION)
                    .map(String::as_str),
                key,
            );
            Ok(Content::Signature(Box::new(Signed {
                payload,
                digest,
                signature,
                keyless,
            })))
        }
        SPDX_JSON | SPDX_JSON_TEXT | CYCLONEDX_JSON => {
            let document = match serde_json::from_slice(bytes) {
                Ok(document) => document,
                Err(e) => return Ok(Content::Sbom(Err(SbomError::Malformed(e.to_string())))),
            };
            pause().await;
            Ok(Content::Sbom(
                sbom::parse(&document).map(|s| (s.format, PackageTable::new(s.packages))),
            ))
        }
        _ => Ok(Content::Other),
    }
}

/// The envelope's signatures against `key`: verified when one matches.
fn envelope_signature(envelope: &Envelope, key: Option<&PublicKey>) -> Check {
    if envelope.signatures.is_empty() {
        return Check::NotChecked("the envelope carries no signature".into());
    }
    let Some(key) = key else {
        return Check::NotChecked("no public key given".into());
    };
    let pae = envelope.pae();
    let mut outcome = Check::Invalid("no signature of the envelope is valid base64".into());
    for signature in &envelope.signatures {
        if let Some(sig) = &signature.sig {
            outcome = key.verify(&pae, sig);
            if outcome.is_verified() {
                return outcome;
            }
        }
    }
    outcome
}

fn attested(
    envelope: Option<(String, usize)>,
    statement: Statement,
    subject: Option<&str>,
    signature: Check,
) -> Content {
    let provenance = provenance::summarise(&statement.predicate_type, &statement.predicate);
    let is_sbom = sbom::SPDX_PREDICATES.contains(&statement.predicate_type.as_str())
        || statement.predicate_type == sbom::CYCLONEDX_PREDICATE;
    let sbom = is_sbom.then(|| {
        sbom::parse(&statement.predicate).map(|s| (s.format, PackageTable::new(s.packages)))
    });
    Content::Attestation(Box::new(Attested {
        envelope,
        subject: statement.subject_match(subject),
        statement,
        provenance,
        sbom,
        signature,
    }))
}

fn keyless(pem: &str, payload: &[u8], signature: Option<&str>) -> Keyless {
    let certificate = CertificateInfo::from_pem(pem);
    let signature = match (&certificate, signature.map(dsse::decode_base64)) {
        (Err(_), _) => Check::NotChecked("the certificate could not be read".into()),
        (Ok(_), None) => Check::NotChecked("the layer has no signature".into()),
        (Ok(_), Some(None)) => {
            Check::Invalid("the signature annotation is not valid base64".into())
        }
        (Ok(cert), Some(Some(sig))) => cert.verify(payload, &sig),
    };
    let chain = match &certificate {
        Ok(cert) => cert.chain(),
        Err(_) => Check::NotChecked("the certificate could not be read".into()),
    };
    Keyless {
        certificate,
        signature,
        chain,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use base64::Engine as _;

    use super::*;

    #[test]
    fn paced_decoding_pauses_between_steps_and_decodes_the_same() {
        let statement = br#"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"x","digest":{"sha256":"aa"}}],
            "predicateType":"https://cyclonedx.org/bom","predicate":{"bomFormat":"CycloneDX","specVersion":"1.5",
            "components":[{"type":"library","name":"a","version":"1","purl":"pkg:npm/a@1"}]}}"#;
        let payload = base64::engine::general_purpose::STANDARD.encode(statement);
        let envelope = format!(
            r#"{{"payloadType":"application/vnd.in-toto+json","payload":"{payload}","signatures":[]}}"#
        );
        let paused = Cell::new(0);
        let pause = || {
            paused.set(paused.get() + 1);
            ready(())
        };
        let annotations = BTreeMap::new();
        let mut decoding = pin!(decode_paced(
            dsse::MEDIA_TYPE,
            &annotations,
            envelope.as_bytes(),
            Some("sha256:aa"),
            None,
            &pause
        ));
        let paced = match decoding
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(content) => content,
            Poll::Pending => panic!("every pause is ready"),
        };
        assert_eq!(paused.get(), 3);
        let plain = decode(
            dsse::MEDIA_TYPE,
            &annotations,
            envelope.as_bytes(),
            Some("sha256:aa"),
            None,
        );
        assert_eq!(paced, plain);
        match paced {
            Ok(Content::Attestation(a)) => {
                assert_eq!(a.subject, SubjectMatch::Match);
                let (_, table) = a.sbom.expect("an SBOM").expect("read");
                assert_eq!(table.packages()[0].purl, "pkg:npm/a@1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bare_sboms_decode_by_media_type() {
        let cdx = br#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[
            {"type":"library","name":"a","version":"1","purl":"pkg:npm/a@1"}]}"#;
        match decode(CYCLONEDX_JSON, &BTreeMap::new(), cdx, None, None) {
            Ok(Content::Sbom(Ok((format, table)))) => {
                assert_eq!(format, Format::CycloneDx("1.4".into()));
                assert_eq!(table.packages()[0].ecosystem, "npm");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            decode(
                SPDX_JSON,
                &BTreeMap::new(),
                br#"{"spdxVersion":"SPDX-3.0"}"#,
                None,
                None
            ),
            Ok(Content::Sbom(Err(SbomError::UnsupportedVersion(
                "SPDX-3.0".into()
            ))))
        );
        assert!(matches!(
            decode(SPDX_JSON_TEXT, &BTreeMap::new(), b"not json", None, None),
            Ok(Content::Sbom(Err(SbomError::Malformed(_))))
        ));
    }
}
