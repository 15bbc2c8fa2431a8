//! One layer of an artifact as the tab shows it: a statement (its subjects against the
//! manifest, its envelope's signature, provenance or SBOM), a cosign signature (the signed
//! digest, the signature against the pasted key, a keyless certificate), a Notary v2
//! signature, a bare SBOM, or why it could not be read.

use regscope_core::manifest::Descriptor;
use regscope_supply::decode::{Attested, Content, Signed};
use regscope_supply::gather::{Gathered, Layer};
use regscope_supply::notary::NotarySignature;
use regscope_supply::statement::StatementVersion;
use yew::prelude::*;

use super::certificate_view::certificate_view;
use super::check_line::check_line;
use super::provenance_view::provenance_view;
use super::sbom_table::SbomTable;
use crate::format;
use crate::supply_tab::labels::subject_check;
use crate::supply_tab::use_gathered::Shared;

/// Layer `index` of artifact `artifact` (`data-testid="supply-layer"`, its media type in
/// `data-media-type`).
pub fn layer_view(
    gathered: &Shared<Gathered>,
    artifact: usize,
    index: usize,
    layer: &Layer,
) -> Html {
    let subject = gathered.0.artifacts[artifact].subject.as_str();
    let body = match &layer.content {
        Err(e) => html! {
            <p class="bad" role="alert" data-testid="supply-layer-error">{ format!("Not read: {e}") }</p>
        },
        Ok(Content::Attestation(a)) => attestation(gathered, artifact, index, a, subject),
        Ok(Content::Signature(s)) => signature(s, subject),
        Ok(Content::Notary(n)) => notary(n),
        Ok(Content::Sbom(_)) => html! {
            <SbomTable gathered={gathered.clone()} {artifact} layer={index} />
        },
        Ok(Content::Other) => html! {
            <p class="muted" data-testid="supply-layer-other">{"Not decoded: the tab does not read this media type."}</p>
        },
    };
    html! {
        <div data-testid="supply-layer" data-media-type={layer.descriptor.media_type().to_string()}
            style="border-top:1px solid #8884;padding-top:.5rem;margin-top:.5rem">
            { descriptor_line("Layer", &layer.descriptor) }
            { body }
        </div>
    }
}

/// A descriptor's media type, digest and size in one line.
pub fn descriptor_line(what: &str, d: &Descriptor) -> Html {
    html! {
        <p class="small">{ format!("{what} ") }<code data-testid="supply-media-type">{ d.media_type().to_string() }</code>
            {" · "}<code class="break">{ d.digest().to_string() }</code>{ format!(" · {}", format::size(d.size())) }</p>
    }
}

fn attestation(
    gathered: &Shared<Gathered>,
    artifact: usize,
    index: usize,
    a: &Attested,
    subject: &str,
) -> Html {
    let version = match a.statement.version {
        StatementVersion::V01 => "in-toto statement v0.1",
        StatementVersion::V1 => "in-toto statement v1",
    };
    let envelope = match &a.envelope {
        Some((payload_type, n)) => {
            format!("in a DSSE envelope (payload type {payload_type}, {n} signature(s))")
        }
        None => "bare (no DSSE envelope)".to_string(),
    };
    html! {
        <div data-testid="supply-statement" data-predicate-type={a.statement.predicate_type.clone()}>
            <p>{ format!("{version}, {envelope}") }<br />
                {"Predicate type "}<code>{ a.statement.predicate_type.clone() }</code></p>
            <ul class="plain">
                { check_line("subject", "Subject digest against this manifest", &subject_check(&a.subject, subject)) }
                { check_line("signature", "Envelope signature against the pasted key", &a.signature) }
            </ul>
            if let Some(p) = &a.provenance { { provenance_view(p) } }
            if a.sbom.is_some() { <SbomTable gathered={gathered.clone()} {artifact} layer={index} /> }
        </div>
    }
}

fn signature(s: &Signed, subject: &str) -> Html {
    html! {
        <div data-testid="supply-signature">
            <table class="kv">
                <tr><th>{"Signed reference"}</th><td class="break" data-testid="supply-signed-reference">{ s.payload.docker_reference.clone() }</td></tr>
                <tr><th>{"Signed manifest digest"}</th><td class="break"><code>{ s.payload.manifest_digest.clone() }</code></td></tr>
                <tr><th>{"Image manifest"}</th><td class="break"><code>{ subject.to_string() }</code></td></tr>
            </table>
            <ul class="plain">
                { check_line("digest", "docker-manifest-digest against the image", &s.digest) }
                { check_line("signature", "Signature against the pasted key", &s.signature) }
                if let Some(k) = &s.keyless {
                    { check_line("cert-signature", "Signature against the certificate's key (keyless)", &k.signature) }
                    { check_line("chain", "Certificate chain and transparency log", &k.chain) }
                }
            </ul>
            if let Some(k) = &s.keyless { { certificate_view(&k.certificate) } }
        </div>
    }
}

fn notary(n: &NotarySignature) -> Html {
    html! {
        <div data-testid="supply-notary">
            <table class="kv">
                <tr><th>{"Envelope"}</th><td>{ format!("JWS, algorithm {}", n.alg) }</td></tr>
                <tr><th>{"Signing time"}</th><td>{ n.signing_time.clone().unwrap_or_else(|| "not given".into()) }</td></tr>
                <tr><th>{"Signed target"}</th><td class="break"><code>{ n.target_digest.clone() }</code></td></tr>
            </table>
            <ul class="plain">
                { check_line("target", "Signed target against this manifest", &n.target) }
                { check_line("cert-signature", "Signature against the certificate's key", &n.signature) }
                { check_line("chain", "Certificate chain and transparency log", &n.chain) }
            </ul>
            { certificate_view(&n.certificate) }
        </div>
    }
}
