//! The supply-chain images (`supply/*`): cosign signatures by a TEST-ONLY key (one intact,
//! one with a tampered payload), SPDX and CycloneDX SBOM attestations (one of 10,000
//! packages) listed by the referrers tag schema, SLSA provenance v0.2 and v1, an attestation
//! about another image, an index whose platforms carry BuildKit attestations, and hostile
//! envelopes (invalid base64, a wrong payload type, a 50 MB payload); a keyless cosign
//! signature (Fulcio-style certificate) and a Notary v2 signature (JWS), both by TEST-ONLY
//! certificates.

mod artifact;
mod certs;
mod documents;
mod envelope;
mod keys;

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::blob::Blob;
use super::config::{Empty, RootFs, RuntimeConfig};
use super::descriptor::Platform;
use super::image::{self, BuiltImage, Flavor, ImageSpec, Step};
use super::manifest::{ImageManifest, Kind, Manifest};
use super::media;
use super::plan::RepoPlan;
use crate::es256;
use envelope::Version;

/// Packages in the large CycloneDX SBOM.
pub const LARGE_SBOM_PACKAGES: usize = 10_000;
/// Size of the hostile oversized payload.
pub const HUGE_PAYLOAD_BYTES: usize = 50 * 1024 * 1024;

/// cosign's attestation artifact type.
const COSIGN_ATT: &str = "application/vnd.dev.cosign.artifact.att.v1+json";
/// cosign's SBOM attachment artifact type.
const COSIGN_SBOM: &str = "application/vnd.dev.cosign.artifact.sbom.v1+json";
/// The artifact type of the SBOM referrers.
const IN_TOTO_ARTIFACT: &str = "application/vnd.in-toto+json";

/// Every `supply/*` repository; `host` goes into the cosign payloads' docker-reference.
pub fn plans(host: &str) -> Result<Vec<RepoPlan>> {
    Ok(vec![
        signed(host, "supply/signed", false)?,
        signed(host, "supply/tampered", true)?,
        sbom()?,
        provenance()?,
        mismatch()?,
        index()?,
        hostile()?,
        keyless(host)?,
        notary()?,
    ])
}

/// A one-layer image titled `title` for `platform`.
fn small(title: &str, platform: Platform) -> Result<BuiltImage> {
    let label = platform.label();
    image::build(&ImageSpec {
        steps: vec![
            Step::layer(
                &format!("ADD rootfs-{title}.tar /"),
                &[(
                    "etc/regscope/image.txt",
                    format!("supply-chain test image {title} for {label}\n"),
                )],
            ),
            Step::meta("CMD [\"/bin/sh\"]"),
        ],
        runtime: RuntimeConfig {
            cmd: vec!["/bin/sh".to_owned()],
            ..RuntimeConfig::default()
        },
        platform,
        flavor: Flavor::Oci,
    })
}

/// A plan holding `built` under `latest`.
fn plan_with(repository: &str, built: &BuiltImage) -> RepoPlan {
    let mut plan = RepoPlan::new(repository);
    plan.add_blobs(built.blobs.clone());
    plan.tagged(built.manifest.clone(), &["latest"]);
    plan
}

/// `supply/signed` and `supply/tampered`: an image with a cosign `.sig` by the test key; when
/// `tamper`, the stored payload differs from the signed one (its docker-reference changed).
fn signed(host: &str, repository: &str, tamper: bool) -> Result<RepoPlan> {
    let built = small(repository, Platform::linux("amd64", None))?;
    let mut plan = plan_with(repository, &built);
    let payload = |reference: String| -> Result<Vec<u8>> {
        crate::seed::canonical::json_bytes(&json!({
            "critical": {
                "identity": {"docker-reference": reference},
                "image": {"docker-manifest-digest": built.manifest.digest},
                "type": "cosign container image signature",
            },
            "optional": null,
        }))
        .context("serializing a simple-signing payload")
    };
    let signed = payload(format!("{host}/{repository}"))?;
    let signature = STANDARD.encode(es256::sign_der(&keys::cosign(), &signed));
    let stored = if tamper {
        payload(format!("{host}/{repository}-tampered"))?
    } else {
        signed
    };
    let layer = Blob::new(media::COSIGN_SIMPLESIGNING, stored);
    let annotations =
        BTreeMap::from([("dev.cosignproject.cosign/signature".to_owned(), signature)]);
    let sig = artifact::build(
        &mut plan,
        media::COSIGN_SIG,
        &built.manifest,
        vec![(layer, annotations)],
    )?;
    let tag = artifact::cosign_tag(&built.manifest, "sig");
    plan.tagged(sig, &[tag.as_str()]);
    Ok(plan)
}

/// The simple-signing payload of `digest` in `reference`.
fn simple_signing(reference: &str, digest: &str) -> Result<Vec<u8>> {
    crate::seed::canonical::json_bytes(&json!({
        "critical": {
            "identity": {"docker-reference": reference},
            "image": {"docker-manifest-digest": digest},
            "type": "cosign container image signature",
        },
        "optional": null,
    }))
    .context("serializing a simple-signing payload")
}

/// `supply/keyless`: a cosign `.sig` signed by the key of a Fulcio-style certificate, with the
/// certificate and its (test CA) chain in the layer's annotations.
fn keyless(host: &str) -> Result<RepoPlan> {
    use x509_cert::der::EncodePem as _;
    use x509_cert::der::pem::LineEnding;
    let repository = "supply/keyless";
    let built = small(repository, Platform::linux("amd64", None))?;
    let mut plan = plan_with(repository, &built);
    let payload = simple_signing(&format!("{host}/{repository}"), &built.manifest.digest)?;
    let signature = STANDARD.encode(es256::sign_der(&keys::keyless(), &payload));
    let pem = |c: x509_cert::Certificate| c.to_pem(LineEnding::LF).context("PEM");
    let annotations = BTreeMap::from([
        ("dev.cosignproject.cosign/signature".to_owned(), signature),
        (
            "dev.sigstore.cosign/certificate".to_owned(),
            pem(certs::keyless()?)?,
        ),
        ("dev.sigstore.cosign/chain".to_owned(), pem(certs::ca()?)?),
    ]);
    let layer = Blob::new(media::COSIGN_SIMPLESIGNING, payload);
    let sig = artifact::build(
        &mut plan,
        media::COSIGN_SIG,
        &built.manifest,
        vec![(layer, annotations)],
    )?;
    let tag = artifact::cosign_tag(&built.manifest, "sig");
    plan.tagged(sig, &[tag.as_str()]);
    Ok(plan)
}

/// `supply/notary`: a Notary v2 signature (JWS, ES256, `x5c` of the leaf and the test CA)
/// listed by the referrers tag schema.
fn notary() -> Result<RepoPlan> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use x509_cert::der::Encode as _;
    const NOTARY: &str = "application/vnd.cncf.notary.signature";
    let built = small("supply/notary", Platform::linux("amd64", None))?;
    let mut plan = plan_with("supply/notary", &built);
    let subject = &built.manifest;
    let target = json!({"targetArtifact": {
        "mediaType": subject.media_type,
        "digest": subject.digest,
        "size": subject.bytes.len(),
    }});
    let protected = json!({
        "alg": "ES256",
        "cty": "application/vnd.cncf.notary.payload.v1+json",
        "crit": ["io.cncf.notary.signingScheme"],
        "io.cncf.notary.signingScheme": "notary.x509",
        "io.cncf.notary.signingTime": "2024-01-01T00:00:00Z",
    });
    let encode = |v: &serde_json::Value| -> Result<String> {
        Ok(URL_SAFE_NO_PAD.encode(crate::seed::canonical::json_bytes(v).context("JWS part")?))
    };
    let (protected, payload) = (encode(&protected)?, encode(&target)?);
    let signature = es256::sign_raw(&keys::notary(), format!("{protected}.{payload}").as_bytes());
    let der = |c: x509_cert::Certificate| -> Result<String> {
        Ok(STANDARD.encode(c.to_der().context("DER")?))
    };
    let jws = json!({
        "payload": payload,
        "protected": protected,
        "header": {
            "x5c": [der(certs::notary()?)?, der(certs::ca()?)?],
            "io.cncf.notary.signingAgent": "regscope-stack",
        },
        "signature": URL_SAFE_NO_PAD.encode(signature),
    });
    let layer = Blob::new(
        "application/jose+json",
        crate::seed::canonical::json_bytes(&jws).context("JWS")?,
    );
    let manifest = artifact::build(&mut plan, NOTARY, subject, vec![(layer, BTreeMap::new())])?;
    artifact::tag_schema_index(&mut plan, subject, vec![(manifest, NOTARY)])?;
    Ok(plan)
}

/// `supply/sbom`: SPDX 2.3 (4 packages) and CycloneDX 1.5 (10,000 packages) attestations,
/// listed by the referrers tag schema, and a bare SPDX document under the `.sbom` tag.
fn sbom() -> Result<RepoPlan> {
    let built = small("supply/sbom", Platform::linux("amd64", None))?;
    let mut plan = plan_with("supply/sbom", &built);
    let subject = &built.manifest;
    let name = "pkg:docker/supply/sbom@latest";
    let spdx = envelope::statement(
        Version::V1,
        name,
        &subject.digest,
        documents::SPDX,
        documents::spdx("SPDX-2.3", "supply-sbom", 4),
    );
    let cdx = envelope::statement(
        Version::V1,
        name,
        &subject.digest,
        documents::CYCLONEDX,
        documents::cyclonedx(LARGE_SBOM_PACKAGES),
    );
    let mut artifacts = Vec::new();
    for statement in [spdx, cdx] {
        let layer = envelope::dsse_layer(&statement)?;
        let manifest = artifact::build(&mut plan, IN_TOTO_ARTIFACT, subject, vec![layer])?;
        artifacts.push((manifest, IN_TOTO_ARTIFACT));
    }
    artifact::tag_schema_index(&mut plan, subject, artifacts)?;
    // A bare SPDX 2.3 document attached as cosign does (`cosign attach sbom`): a `.sbom` tag.
    let document = documents::spdx("SPDX-2.3", "supply-sbom-attached", 3);
    let layer = Blob::new(
        "text/spdx+json",
        crate::seed::canonical::json_bytes(&document).context("SPDX document")?,
    );
    let attached = artifact::build(
        &mut plan,
        COSIGN_SBOM,
        subject,
        vec![(layer, BTreeMap::new())],
    )?;
    let tag = artifact::cosign_tag(subject, "sbom");
    plan.tagged(attached, &[tag.as_str()]);
    Ok(plan)
}

/// An `.att` artifact of `layers` about `subject`, tagged with cosign's convention.
fn attach(
    plan: &mut RepoPlan,
    subject: &Manifest,
    layers: Vec<(Blob, BTreeMap<String, String>)>,
) -> Result<()> {
    let att = artifact::build(plan, COSIGN_ATT, subject, layers)?;
    let tag = artifact::cosign_tag(subject, "att");
    plan.tagged(att, &[tag.as_str()]);
    Ok(())
}

/// `supply/provenance`: SLSA provenance v0.2 (in-toto v0.1) and v1 (in-toto v1) in `.att`.
fn provenance() -> Result<RepoPlan> {
    let built = small("supply/provenance", Platform::linux("amd64", None))?;
    let mut plan = plan_with("supply/provenance", &built);
    let name = "pkg:docker/supply/provenance@latest";
    let digest = &built.manifest.digest;
    let layers = vec![
        envelope::dsse_layer(&envelope::statement(
            Version::V01,
            name,
            digest,
            documents::SLSA_V02,
            documents::slsa_v02(),
        ))?,
        envelope::dsse_layer(&envelope::statement(
            Version::V1,
            name,
            digest,
            documents::SLSA_V1,
            documents::slsa_v1(),
        ))?,
    ];
    attach(&mut plan, &built.manifest, layers)?;
    Ok(plan)
}

/// `supply/mismatch`: an `.att` whose statement names another image's digest.
fn mismatch() -> Result<RepoPlan> {
    let built = small("supply/mismatch", Platform::linux("amd64", None))?;
    let other = small("supply/mismatch-other", Platform::linux("amd64", None))?;
    let mut plan = plan_with("supply/mismatch", &built);
    let statement = envelope::statement(
        Version::V1,
        "pkg:docker/supply/mismatch@latest",
        &other.manifest.digest,
        documents::SLSA_V1,
        documents::slsa_v1(),
    );
    attach(
        &mut plan,
        &built.manifest,
        vec![envelope::dsse_layer(&statement)?],
    )?;
    Ok(plan)
}

/// `supply/index`: linux/amd64 and linux/arm64/v8, each with a BuildKit attestation manifest
/// holding an SPDX 2.2 SBOM and SLSA v1 provenance as bare in-toto layers.
fn index() -> Result<RepoPlan> {
    let mut plan = RepoPlan::new("supply/index");
    let mut entries = Vec::new();
    let mut attestations = Vec::new();
    for platform in [
        Platform::linux("amd64", None),
        Platform::linux("arm64", Some("v8")),
    ] {
        let label = platform.label();
        let built = small("supply/index", platform)?;
        plan.add_blobs(built.blobs.clone());
        entries.push(built.manifest.index_entry());
        let name = format!(
            "pkg:docker/supply/index@latest?platform={}",
            label.replace('/', "%2F")
        );
        let digest = &built.manifest.digest;
        let layers = [
            envelope::statement(
                Version::V01,
                &name,
                digest,
                documents::SPDX,
                documents::spdx("SPDX-2.2", "supply-index", 2),
            ),
            envelope::statement(
                Version::V1,
                &name,
                digest,
                documents::SLSA_V1,
                documents::slsa_v1(),
            ),
        ];
        let mut blobs = Vec::new();
        let mut descriptors = Vec::new();
        for statement in &layers {
            let blob = Blob::new(
                envelope::IN_TOTO,
                crate::seed::canonical::json_bytes(statement).context("statement")?,
            );
            descriptors.push(blob.descriptor().annotate(
                "in-toto.io/predicate-type",
                statement["predicateType"].as_str().unwrap_or(""),
            ));
            blobs.push(blob);
        }
        let config = Blob::new(
            media::OCI_CONFIG,
            crate::seed::canonical::json_bytes(&json!({
                "architecture": "unknown",
                "os": "unknown",
                "config": Empty {},
                "rootfs": RootFs {
                    kind: "layers",
                    diff_ids: blobs.iter().map(|b| b.digest.clone()).collect(),
                },
            }))
            .context("attestation config")?,
        );
        let document = ImageManifest {
            schema_version: 2,
            media_type: media::OCI_MANIFEST.to_owned(),
            artifact_type: None,
            config: config.descriptor(),
            layers: descriptors,
            subject: None,
            annotations: BTreeMap::new(),
        };
        let mut manifest =
            Manifest::from_document(media::OCI_MANIFEST, Kind::OciAttestation, &document)?;
        manifest.platform = Some(Platform::unknown());
        attestations.push(
            manifest
                .index_entry()
                .annotate("vnd.docker.reference.digest", digest)
                .annotate("vnd.docker.reference.type", "attestation-manifest"),
        );
        plan.add_blobs([config]);
        plan.add_blobs(blobs);
        plan.untagged(built.manifest);
        plan.untagged(manifest);
    }
    entries.extend(attestations);
    plan.tagged(Manifest::oci_index(entries)?, &["latest"]);
    Ok(plan)
}

/// `supply/hostile`: an `.att` of three layers: a DSSE envelope whose payload is not base64,
/// one whose payload type is not in-toto, and a 50 MB envelope.
fn hostile() -> Result<RepoPlan> {
    let built = small("supply/hostile", Platform::linux("amd64", None))?;
    let mut plan = plan_with("supply/hostile", &built);
    let statement = envelope::statement(
        Version::V1,
        "pkg:docker/supply/hostile@latest",
        &built.manifest.digest,
        documents::SLSA_V1,
        documents::slsa_v1(),
    );
    let mut bad_base64 = envelope::envelope_json(envelope::IN_TOTO, b"{}");
    bad_base64["payload"] = json!("this is not base64 %%%");
    let wrong_type = envelope::envelope_json(
        "text/plain",
        &crate::seed::canonical::json_bytes(&statement).context("statement")?,
    );
    let head = br#"{"payloadType":"application/vnd.in-toto+json","payload":""#;
    let mut huge = Vec::with_capacity(HUGE_PAYLOAD_BYTES);
    huge.extend_from_slice(head);
    huge.resize(HUGE_PAYLOAD_BYTES - 3, b'A');
    huge.extend_from_slice(b"\"}\n");
    let huge = Blob::new(envelope::DSSE, huge);
    let layers = vec![
        envelope::layer_of(&bad_base64, &statement)?,
        envelope::layer_of(&wrong_type, &statement)?,
        (huge, BTreeMap::new()),
    ];
    attach(&mut plan, &built.manifest, layers)?;
    Ok(plan)
}
