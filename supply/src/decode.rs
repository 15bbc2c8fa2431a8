//! What one artifact layer says, decoded from its bytes and media type with no I/O: an
//! in-toto statement (raw, as BuildKit writes it, or in a DSSE envelope, as cosign does) with
//! its provenance or SBOM, or a cosign simple-signing payload with its checks.

use std::collections::BTreeMap;

use crate::check::Check;
use crate::cosign::{self, CosignError, PublicKey, SimpleSigning};
use crate::dsse::{self, DsseError, Envelope};
use crate::provenance::{self, Provenance};
use crate::sbom::{self, Format, PackageTable, SbomError};
use crate::statement::{Statement, StatementError, SubjectMatch};

/// The media type BuildKit gives in-toto statement layers.
pub const IN_TOTO_LAYER: &str = "application/vnd.in-toto+json";

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
    /// The DSSE signatures: not checked (no key is known for attestations).
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
    /// Whether the layer carries a keyless certificate (its chain is never checked here).
    pub has_certificate: bool,
}

/// What a layer holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// An in-toto statement.
    Attestation(Box<Attested>),
    /// A cosign simple-signing signature.
    Signature(Signed),
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
    match media_type {
        dsse::MEDIA_TYPE => {
            let envelope = Envelope::parse(bytes)?;
            let payload = envelope.payload_of_type(dsse::IN_TOTO_PAYLOAD_TYPE)?;
            let statement = Statement::parse(payload)?;
            let info = (envelope.payload_type.clone(), envelope.signatures.len());
            Ok(attested(Some(info), statement, subject))
        }
        IN_TOTO_LAYER => Ok(attested(None, Statement::parse(bytes)?, subject)),
        cosign::SIMPLE_SIGNING => {
            let payload = SimpleSigning::parse(bytes)?;
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
            Ok(Content::Signature(Signed {
                payload,
                digest,
                signature,
                has_certificate: annotations.contains_key(cosign::CERTIFICATE_ANNOTATION),
            }))
        }
        _ => Ok(Content::Other),
    }
}

fn attested(
    envelope: Option<(String, usize)>,
    statement: Statement,
    subject: Option<&str>,
) -> Content {
    let provenance = provenance::summarise(&statement.predicate_type, &statement.predicate);
    let is_sbom = sbom::SPDX_PREDICATES.contains(&statement.predicate_type.as_str())
        || statement.predicate_type == sbom::CYCLONEDX_PREDICATE;
    let sbom = is_sbom.then(|| {
        sbom::parse(&statement.predicate).map(|s| (s.format, PackageTable::new(s.packages)))
    });
    let signature = match &envelope {
        Some((_, 0)) => Check::NotChecked("the envelope carries no signature".into()),
        Some(_) => Check::NotChecked("no key is given for attestation signatures".into()),
        None => Check::NotChecked("a bare statement carries no signature".into()),
    };
    Content::Attestation(Box::new(Attested {
        envelope,
        subject: statement.subject_match(subject),
        statement,
        provenance,
        sbom,
        signature,
    }))
}
