//! TEST-ONLY X.509 certificates for the keyless and Notary v2 images, built field by field and
//! signed with deterministic ECDSA (RFC 6979), so their bytes never change: a test CA, a
//! Fulcio-style keyless leaf (empty subject, a workflow URI as SAN, Fulcio's extensions) and a
//! Notary signing leaf.

use std::str::FromStr as _;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use p256::ecdsa::SigningKey;
use p256::pkcs8::EncodePublicKey as _;
use x509_cert::Certificate;
use x509_cert::der::asn1::{
    BitString, Ia5String, ObjectIdentifier, OctetString, UtcTime, Utf8StringRef,
};
use x509_cert::der::{Decode as _, Encode as _};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};
use x509_cert::{TbsCertificate, Version};

use crate::es256;

/// ecdsa-with-SHA256.
const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
/// The CA's name.
pub const CA_NAME: &str = "CN=regscope TEST-ONLY CA,O=regscope";
/// The Notary leaf's subject.
pub const NOTARY_SUBJECT: &str = "CN=regscope supply TEST-ONLY signer,O=regscope,C=ZZ";
/// The keyless leaf's SAN (a workflow identity, as Fulcio writes for CI tokens).
pub const KEYLESS_SAN: &str =
    "https://example.invalid/regscope/supply-demo/.ci/release.yml@refs/heads/main";
/// The OIDC issuer written into the keyless leaf.
pub const KEYLESS_ISSUER: &str = "https://token.actions.example.invalid";

/// One Fulcio extension: arc under `1.3.6.1.4.1.57264.1`, value, whether DER-encoded.
const FULCIO: [(&str, &str, bool); 6] = [
    ("1", KEYLESS_ISSUER, false),
    ("8", KEYLESS_ISSUER, true),
    (
        "9",
        "https://example.invalid/regscope/supply-demo/.ci/release.yml@refs/heads/main",
        true,
    ),
    ("12", "https://example.invalid/regscope/supply-demo", true),
    ("13", super::documents::SOURCE_COMMIT, true),
    ("14", "refs/heads/main", true),
];

fn time(unix: u64) -> Result<Time> {
    Ok(Time::UtcTime(
        UtcTime::from_unix_duration(Duration::from_secs(unix)).context("UTC time")?,
    ))
}

fn extension(oid: &str, value: Vec<u8>) -> Result<Extension> {
    Ok(Extension {
        extn_id: ObjectIdentifier::new(oid).map_err(|e| anyhow!("{e}"))?,
        critical: false,
        extn_value: OctetString::new(value).context("extension value")?,
    })
}

/// A certificate for `key` named `subject`, issued by the CA (`serial`, extensions given).
fn issue(
    key: &SigningKey,
    subject: &str,
    serial: u8,
    extensions: Vec<Extension>,
) -> Result<Certificate> {
    let algorithm = AlgorithmIdentifierOwned {
        oid: ECDSA_SHA256,
        parameters: None,
    };
    let spki = key
        .verifying_key()
        .to_public_key_der()
        .context("public key")?;
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: SerialNumber::new(&[serial]).context("serial")?,
        signature: algorithm.clone(),
        issuer: Name::from_str(CA_NAME).context("issuer")?,
        // 2024-01-01 to 2044-01-01.
        validity: Validity {
            not_before: time(1_704_067_200)?,
            not_after: time(2_335_219_200)?,
        },
        subject: if subject.is_empty() {
            Name::default()
        } else {
            Name::from_str(subject).context("subject")?
        },
        subject_public_key_info: SubjectPublicKeyInfoOwned::from_der(spki.as_bytes())
            .context("spki")?,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: (!extensions.is_empty()).then_some(extensions),
    };
    let signed = tbs.to_der().context("encoding the certificate")?;
    let signature = es256::sign_der(&super::keys::ca(), &signed);
    Ok(Certificate {
        tbs_certificate: tbs,
        signature_algorithm: algorithm,
        signature: BitString::from_bytes(&signature).context("signature")?,
    })
}

/// The CA's own certificate (self-issued).
pub fn ca() -> Result<Certificate> {
    issue(&super::keys::ca(), CA_NAME, 1, Vec::new())
}

/// The keyless leaf: empty subject, the workflow SAN, Fulcio's extensions.
pub fn keyless() -> Result<Certificate> {
    let san = SubjectAltName(vec![GeneralName::UniformResourceIdentifier(
        Ia5String::new(KEYLESS_SAN).context("SAN")?,
    )]);
    let mut extensions = vec![extension("2.5.29.17", san.to_der().context("SAN")?)?];
    for (arc, value, der) in FULCIO {
        let bytes = if der {
            Utf8StringRef::new(value)
                .context("UTF8String")?
                .to_der()
                .context("UTF8String")?
        } else {
            value.as_bytes().to_vec()
        };
        extensions.push(extension(&format!("1.3.6.1.4.1.57264.1.{arc}"), bytes)?);
    }
    issue(&super::keys::keyless(), "", 2, extensions)
}

/// The Notary v2 signing leaf.
pub fn notary() -> Result<Certificate> {
    issue(&super::keys::notary(), NOTARY_SUBJECT, 3, Vec::new())
}
