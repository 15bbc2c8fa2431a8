//! Signing certificates (cosign keyless, Notary v2's `x5c`): subject, issuer, subject
//! alternative names, Sigstore Fulcio's workflow extensions, and the P-256 key that checks the
//! signature. The chain to a root and the transparency log are never checked here.

use der::asn1::Utf8StringRef;
use der::{Decode as _, Encode as _};
use p256::ecdsa::VerifyingKey;
use p256::pkcs8::DecodePublicKey as _;
use x509_cert::Certificate;
use x509_cert::der::DecodePem as _;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;

use crate::check::Check;
use crate::cosign::PublicKey;

/// What is said of every certificate-based signature: only the signature itself is checked.
pub const CHAIN_NOT_CHECKED: &str = "chain and transparency log not checked";

/// The Fulcio extensions shown, by their OID under `1.3.6.1.4.1.57264.1`: (arc, label, raw).
/// Arcs 1–6 hold the raw text; 8 and later hold a DER UTF8String.
const FULCIO: [(&str, &str, bool); 16] = [
    ("1", "OIDC issuer (v1)", true),
    ("2", "GitHub workflow trigger", true),
    ("3", "GitHub workflow SHA", true),
    ("4", "GitHub workflow name", true),
    ("5", "GitHub workflow repository", true),
    ("6", "GitHub workflow ref", true),
    ("8", "OIDC issuer", false),
    ("9", "Build signer URI", false),
    ("10", "Build signer digest", false),
    ("11", "Runner environment", false),
    ("12", "Source repository URI", false),
    ("13", "Source repository digest", false),
    ("14", "Source repository ref", false),
    ("18", "Build config URI", false),
    ("20", "Build trigger", false),
    ("21", "Run invocation URI", false),
];

/// The OID arc of Fulcio's extensions.
const FULCIO_ARC: &str = "1.3.6.1.4.1.57264.1.";

/// Why a certificate could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// Not a PEM or DER X.509 certificate.
    #[error("not an X.509 certificate: {0}")]
    Malformed(String),
}

/// What a certificate says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateInfo {
    /// The subject (RFC 4514 text).
    pub subject: String,
    /// The issuer (RFC 4514 text).
    pub issuer: String,
    /// Subject alternative names: URIs, e-mail addresses and DNS names.
    pub sans: Vec<String>,
    /// Fulcio extensions present: (label, value).
    pub fulcio: Vec<(String, String)>,
    /// The OIDC issuer (Fulcio's v2 extension, else the v1 one).
    pub oidc_issuer: Option<String>,
    /// Validity, as written (`not before`, `not after`).
    pub validity: (String, String),
    key: Option<VerifyingKey>,
}

impl CertificateInfo {
    /// Reads a PEM certificate (the first one when several are given).
    pub fn from_pem(pem: &str) -> Result<Self, CertificateError> {
        let certificate = Certificate::from_pem(pem.trim().as_bytes())
            .map_err(|e| CertificateError::Malformed(e.to_string()))?;
        Ok(Self::from_certificate(&certificate))
    }

    /// Reads a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, CertificateError> {
        let certificate =
            Certificate::from_der(der).map_err(|e| CertificateError::Malformed(e.to_string()))?;
        Ok(Self::from_certificate(&certificate))
    }

    fn from_certificate(certificate: &Certificate) -> Self {
        let tbs = &certificate.tbs_certificate;
        let mut sans = Vec::new();
        let mut fulcio = Vec::new();
        for extension in tbs.extensions.iter().flatten() {
            let oid = extension.extn_id.to_string();
            let value = extension.extn_value.as_bytes();
            if oid == "2.5.29.17" {
                if let Ok(names) = SubjectAltName::from_der(value) {
                    sans.extend(names.0.iter().filter_map(general_name));
                }
            } else if let Some(arc) = oid.strip_prefix(FULCIO_ARC)
                && let Some((_, label, raw)) = FULCIO.iter().find(|(a, _, _)| *a == arc)
            {
                let text = if *raw {
                    String::from_utf8_lossy(value).into_owned()
                } else {
                    Utf8StringRef::from_der(value)
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_else(|_| String::from_utf8_lossy(value).into_owned())
                };
                fulcio.push(((*label).to_string(), text));
            }
        }
        let find = |label: &str| {
            fulcio
                .iter()
                .find(|(l, _)| l == label)
                .map(|(_, v)| v.clone())
        };
        let oidc_issuer = find("OIDC issuer").or_else(|| find("OIDC issuer (v1)"));
        let key = tbs
            .subject_public_key_info
            .to_der()
            .ok()
            .and_then(|der| VerifyingKey::from_public_key_der(&der).ok());
        CertificateInfo {
            subject: tbs.subject.to_string(),
            issuer: tbs.issuer.to_string(),
            sans,
            fulcio,
            oidc_issuer,
            validity: (
                tbs.validity.not_before.to_string(),
                tbs.validity.not_after.to_string(),
            ),
            key,
        }
    }

    /// Checks `signature` (DER or raw `r||s`) over `message` with the certificate's key.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Check {
        match self.key {
            Some(key) => match PublicKey::from_verifying_key(key).verify(message, signature) {
                Check::Verified(_) => Check::Verified(format!(
                    "the signature matches the certificate's key ({CHAIN_NOT_CHECKED})"
                )),
                other => other,
            },
            None => Check::NotChecked("the certificate's key is not ECDSA P-256".into()),
        }
    }

    /// The chain's check: never run here.
    pub fn chain(&self) -> Check {
        Check::NotChecked(CHAIN_NOT_CHECKED.into())
    }
}

fn general_name(name: &GeneralName) -> Option<String> {
    match name {
        GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
        GeneralName::Rfc822Name(mail) => Some(mail.to_string()),
        GeneralName::DnsName(dns) => Some(dns.to_string()),
        _ => None,
    }
}
