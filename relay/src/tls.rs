//! TLS toward registries: the web PKI roots plus the operator's `--ca-cert` files (a company
//! CA, or a registry's own self-signed certificate), checked by rustls; a self-signed
//! certificate is told apart from one of an unknown issuer, so the page can say which. Hosts on
//! the insecure list get Docker's treatment instead: their certificate is not checked (the
//! handshake's signatures still are).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

/// A `--ca-cert` file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CaCertError {
    /// The file could not be read or holds no PEM certificate.
    #[error("--ca-cert {path}: no PEM certificate could be read ({detail})")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// A certificate of the file is not usable as a trust anchor.
    #[error("--ca-cert {path}: a certificate is not usable as a trust anchor ({detail})")]
    Unusable {
        /// The file.
        path: PathBuf,
        /// What rustls said.
        detail: String,
    },
}

/// The marker a self-signed certificate is reported with (inside
/// [`CertificateError::Other`]).
#[derive(Debug, thiserror::Error)]
#[error("the certificate is self-signed")]
pub struct SelfSigned;

/// Reads every certificate of each PEM file.
pub fn load_ca_certs(paths: &[PathBuf]) -> Result<Vec<CertificateDer<'static>>, CaCertError> {
    let mut all = Vec::new();
    for path in paths {
        let unreadable = |detail: String| CaCertError::Unreadable {
            path: path.clone(),
            detail,
        };
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(|e| unreadable(e.to_string()))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| unreadable(e.to_string()))?;
        if certs.is_empty() {
            return Err(unreadable("the file has no CERTIFICATE block".into()));
        }
        all.extend(certs);
    }
    Ok(all)
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The web PKI roots and `extra`.
fn roots(extra: &[CertificateDer<'static>], origin: &Path) -> Result<RootCertStore, CaCertError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for cert in extra {
        roots.add(cert.clone()).map_err(|e| CaCertError::Unusable {
            path: origin.to_owned(),
            detail: e.to_string(),
        })?;
    }
    Ok(roots)
}

/// The configuration that checks certificates against the web PKI roots and `extra`.
pub fn verified(
    extra: &[CertificateDer<'static>],
) -> Result<ClientConfig, Box<dyn std::error::Error + Send + Sync>> {
    let provider = provider();
    let roots = roots(extra, Path::new("(the --ca-cert files)"))?;
    let inner =
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone()).build()?;
    let verifier = Arc::new(TellsSelfSigned {
        inner,
        provider: provider.clone(),
    });
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// The configuration for insecure registries: any certificate is accepted.
pub fn unverified() -> Result<ClientConfig, Box<dyn std::error::Error + Send + Sync>> {
    let provider = provider();
    let verifier = Arc::new(AnyCertificate {
        provider: provider.clone(),
    });
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// rustls's web PKI check; an unknown issuer that is the certificate itself is reported as
/// [`SelfSigned`].
#[derive(Debug)]
struct TellsSelfSigned {
    inner: Arc<WebPkiServerVerifier>,
    provider: Arc<CryptoProvider>,
}

impl TellsSelfSigned {
    /// True when `end_entity` chains to itself (its own key signed it).
    fn is_self_signed(
        &self,
        end_entity: &CertificateDer<'_>,
        name: &ServerName<'_>,
        now: UnixTime,
    ) -> bool {
        let mut own = RootCertStore::empty();
        if own.add(end_entity.clone().into_owned()).is_err() {
            return false;
        }
        let Ok(alone) =
            WebPkiServerVerifier::builder_with_provider(Arc::new(own), self.provider.clone())
                .build()
        else {
            return false;
        };
        !matches!(
            alone.verify_server_cert(end_entity, &[], name, &[], now),
            Err(rustls::Error::InvalidCertificate(
                CertificateError::UnknownIssuer | CertificateError::BadSignature
            ))
        )
    }
}

impl ServerCertVerifier for TellsSelfSigned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer))
                if intermediates.is_empty() && self.is_self_signed(end_entity, name, now) =>
            {
                Err(rustls::Error::InvalidCertificate(CertificateError::Other(
                    rustls::OtherError(Arc::new(SelfSigned)),
                )))
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Accepts any certificate (Docker's insecure registries); handshake signatures are checked.
#[derive(Debug)]
struct AnyCertificate {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_ca_files_are_named() {
        let missing = PathBuf::from("/nonexistent/regscope-ca.pem");
        let error = load_ca_certs(std::slice::from_ref(&missing)).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/regscope-ca.pem"));
        let dir = std::env::temp_dir().join(format!("regscope-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let error = load_ca_certs(&[empty]).unwrap_err();
        assert!(
            error.to_string().contains("no CERTIFICATE block"),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
