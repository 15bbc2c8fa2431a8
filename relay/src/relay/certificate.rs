//! An upstream certificate rustls did not accept, worded for a person: which host, what is
//! wrong with the certificate (as far as rustls tells), and the relay flag that fixes it.

use regscope_core::contract::RelayErrorKind;
use rustls::CertificateError;
use url::Url;

use crate::error::RelayError;
use crate::tls::SelfSigned;

/// The certificate error inside a client error, if the failure was one.
pub fn certificate_error<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a CertificateError> {
    if let Some(rustls::Error::InvalidCertificate(problem)) = error.downcast_ref::<rustls::Error>()
    {
        return Some(problem);
    }
    // An io::Error hides the error it wraps from `source()` (and may wrap another io::Error):
    // look inside it too.
    if let Some(inner) = error
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
        && let Some(found) = certificate_error(inner)
    {
        return Some(found);
    }
    certificate_error(error.source()?)
}

/// The relay error for `problem` with the certificate of `url`'s host.
pub fn refused(problem: &CertificateError, url: &Url) -> RelayError {
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => "the registry".to_owned(),
    };
    let skip = format!("--insecure-registry https://{host} to skip the check");
    let (what, fix) = match problem {
        CertificateError::UnknownIssuer => (
            "it is signed by an issuer the relay does not know (a company CA?)".to_owned(),
            format!("start the relay with --ca-cert FILE holding that CA, or {skip}"),
        ),
        CertificateError::Other(other) if other.0.is::<SelfSigned>() => (
            "it is self-signed".to_owned(),
            format!("start the relay with --ca-cert FILE holding this certificate, or {skip}"),
        ),
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => (
            format!(
                "it is not valid for the name {}",
                url.host_str().unwrap_or("")
            ),
            format!("use the name the certificate was made for, or start the relay with {skip}"),
        ),
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => (
            "it has expired".to_owned(),
            format!("renew it, or start the relay with {skip}"),
        ),
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => (
            "it is not valid yet (check the clocks)".to_owned(),
            format!("start the relay with {skip}"),
        ),
        other => (
            format!(
                "rustls says: {}",
                rustls::Error::InvalidCertificate(other.clone())
            ),
            format!("start the relay with {skip}"),
        ),
    };
    RelayError::new(
        RelayErrorKind::UpstreamCertificate,
        format!("the relay does not trust the certificate of {host}: {what}; {fix}"),
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn each_problem_names_the_host_what_and_the_flag() {
        let corp = url("https://registry.corp.test:5116/v2/");
        let unknown = refused(&CertificateError::UnknownIssuer, &corp);
        assert_eq!(unknown.kind(), RelayErrorKind::UpstreamCertificate);
        assert!(unknown.message().contains("registry.corp.test:5116"));
        assert!(unknown.message().contains("issuer"));
        assert!(unknown.message().contains("--ca-cert"));
        let own = CertificateError::Other(rustls::OtherError(Arc::new(SelfSigned)));
        let self_signed = refused(&own, &url("https://selfsigned.corp.test/v2/"));
        assert!(self_signed.message().contains("self-signed"));
        assert!(
            self_signed
                .message()
                .contains("--insecure-registry https://selfsigned.corp.test ")
        );
        let name = refused(&CertificateError::NotValidForName, &corp);
        assert!(
            name.message()
                .contains("not valid for the name registry.corp.test")
        );
        assert!(!name.message().contains("--ca-cert"));
        let expired = refused(&CertificateError::Expired, &corp);
        assert!(expired.message().contains("expired"));
    }

    #[test]
    fn finds_the_certificate_error_inside_io_errors() {
        let tls = rustls::Error::InvalidCertificate(CertificateError::Expired);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, tls);
        assert_eq!(certificate_error(&io), Some(&CertificateError::Expired));
        let nested = std::io::Error::other(io);
        assert_eq!(certificate_error(&nested), Some(&CertificateError::Expired));
        let plain = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        assert_eq!(certificate_error(&plain), None);
    }
}
