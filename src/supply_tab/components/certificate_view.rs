//! A signing certificate as the tab shows it: the identity (subject, SANs, OIDC issuer,
//! Fulcio's fields), issuer and validity; or why it could not be read.

use regscope_supply::certificate::{CertificateError, CertificateInfo};
use yew::prelude::*;

/// The certificate's table (`data-testid="supply-certificate"`).
pub fn certificate_view(certificate: &Result<CertificateInfo, CertificateError>) -> Html {
    let cert = match certificate {
        Ok(cert) => cert,
        Err(e) => {
            return html! { <p class="bad" role="alert" data-testid="supply-certificate-error">{ format!("The signing certificate could not be read: {e}") }</p> };
        }
    };
    let row = |label: &str, value: &str, id: &str| {
        html! { <tr data-testid={format!("supply-cert-{id}")}><th>{ label.to_string() }</th><td class="break">{ value.to_string() }</td></tr> }
    };
    let subject = if cert.subject.is_empty() {
        "(empty: the identity is in the SAN)"
    } else {
        cert.subject.as_str()
    };
    html! {
        <table class="kv" data-testid="supply-certificate">
            <caption style="text-align:left"><b>{"Signing certificate"}</b></caption>
            { row("Subject", subject, "subject") }
            { for cert.sans.iter().map(|san| row("Identity (SAN)", san, "san")) }
            if let Some(issuer) = &cert.oidc_issuer { { row("OIDC issuer", issuer, "oidc-issuer") } }
            { for cert.fulcio.iter().map(|(label, value)| row(label, value, "fulcio")) }
            { row("Issued by", &cert.issuer, "issuer") }
            { row("Valid", &format!("{} to {}", cert.validity.0, cert.validity.1), "validity") }
        </table>
    }
}
