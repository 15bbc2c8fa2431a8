//! Every seeded `supply/*` case gathered from the registry stack's token-auth registry,
//! decoded and verified, with the exact expected outcome of each check.

mod support;

use std::time::Instant;

use p256::pkcs8::{EncodePublicKey as _, LineEnding};
use regscope_core::{Client, Reference};
use regscope_supply::Check;
use regscope_supply::cosign::PublicKey;
use regscope_supply::decode::{Attested, Content, DecodeError, Signed};
use regscope_supply::dsse::DsseError;
use regscope_supply::gather::{Artifact, ArtifactKind, Found, Gathered, LayerError, gather};
use regscope_supply::limits;
use regscope_supply::sbom::{Column, Format};
use regscope_supply::statement::{StatementVersion, SubjectMatch};
use serde_json::Value;

use support::{COSIGN_TEST_PUBLIC_KEY, NativeTransport, REGISTRY, client, digest_of, seeded_rows};

struct Case<'a> {
    client: &'a Client<NativeTransport>,
    rows: &'a [Value],
}

impl Case<'_> {
    async fn gather(&self, repository: &str, key: Option<&PublicKey>) -> Gathered {
        let reference: Reference = format!("{REGISTRY}/{repository}:latest")
            .parse()
            .expect("reference");
        let gathered = gather(self.client, &reference, key)
            .await
            .expect("gathered");
        assert_eq!(gathered.top, digest_of(self.rows, repository, "latest"));
        assert_eq!(gathered.left_out, 0);
        assert_eq!(gathered.unlisted, Vec::new());
        gathered
    }

    fn digest(&self, repository: &str) -> String {
        digest_of(self.rows, repository, "latest")
    }
}

fn layers(artifact: &Artifact) -> Vec<&Result<Content, LayerError>> {
    artifact
        .layers
        .as_ref()
        .expect("artifact manifest read")
        .iter()
        .map(|l| &l.content)
        .collect()
}

fn signed(artifact: &Artifact) -> &Signed {
    match layers(artifact).as_slice() {
        [Ok(Content::Signature(s))] => s,
        other => panic!("expected one signature layer, got {other:?}"),
    }
}

fn attested(content: &Result<Content, LayerError>) -> &Attested {
    match content {
        Ok(Content::Attestation(a)) => a,
        other => panic!("expected an attestation, got {other:?}"),
    }
}

fn other_key() -> PublicKey {
    let key = p256::ecdsa::SigningKey::from_bytes(&[7u8; 32].into()).expect("key");
    let pem = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("pem");
    PublicKey::from_pem(&pem).expect("other key")
}

#[tokio::test(flavor = "current_thread")]
async fn every_supply_case_against_a_registry() {
    let rows = seeded_rows();
    let client = client();
    let case = Case {
        client: &client,
        rows: &rows,
    };
    let key = PublicKey::from_pem(COSIGN_TEST_PUBLIC_KEY).expect("test key");

    // supply/signed: the .sig tag, verified with the test key, invalid with another, not
    // checked without one.
    let image = case.digest("supply/signed");
    let g = case.gather("supply/signed", Some(&key)).await;
    assert_eq!(g.artifacts.len(), 1);
    let sig = &g.artifacts[0];
    assert_eq!(sig.kind, ArtifactKind::CosignSignature);
    assert_eq!(
        sig.found,
        Found::CosignTag(format!("{}.sig", image.replace(':', "-")))
    );
    let s = signed(sig);
    assert_eq!(s.payload.manifest_digest, image);
    assert_eq!(
        s.payload.docker_reference,
        format!("{REGISTRY}/supply/signed")
    );
    assert!(s.digest.is_verified(), "{:?}", s.digest);
    assert!(s.signature.is_verified(), "{:?}", s.signature);
    assert_eq!(s.keyless, None);
    let g = case.gather("supply/signed", Some(&other_key())).await;
    assert_eq!(
        signed(&g.artifacts[0]).signature,
        Check::Invalid("the signature does not match the payload and the key".into())
    );
    let g = case.gather("supply/signed", None).await;
    assert_eq!(
        signed(&g.artifacts[0]).signature,
        Check::NotChecked("no public key given".into())
    );

    // supply/tampered: the digest still matches, the signature does not.
    let image = case.digest("supply/tampered");
    let g = case.gather("supply/tampered", Some(&key)).await;
    let s = signed(&g.artifacts[0]);
    assert_eq!(s.payload.manifest_digest, image);
    assert!(
        s.payload
            .docker_reference
            .ends_with("supply/tampered-tampered")
    );
    assert!(s.digest.is_verified());
    assert!(s.signature.is_invalid(), "{:?}", s.signature);

    // supply/sbom: SPDX 2.3 and CycloneDX 1.5 through the referrers tag schema.
    let image = case.digest("supply/sbom");
    let g = case.gather("supply/sbom", None).await;
    assert_eq!(g.artifacts.len(), 3);
    let attached = &g.artifacts[2];
    assert_eq!(
        attached.found,
        Found::CosignTag(format!("{}.sbom", image.replace(':', "-")))
    );
    assert_eq!(attached.kind, ArtifactKind::CosignSbom);
    match layers(attached).as_slice() {
        [Ok(Content::Sbom(Ok((format, table))))] => {
            assert_eq!(*format, Format::Spdx("SPDX-2.3".into()));
            assert_eq!(table.packages().len(), 3);
        }
        other => panic!("expected a bare SBOM, got {other:?}"),
    }
    assert!(
        g.artifacts[..2]
            .iter()
            .all(|a| a.found == Found::ReferrersTag
                && a.kind == ArtifactKind::Attestation
                && a.subject == image)
    );
    let spdx = attested(layers(&g.artifacts[0])[0]);
    assert_eq!(spdx.subject, SubjectMatch::Match);
    assert_eq!(spdx.statement.version, StatementVersion::V1);
    assert_eq!(
        spdx.envelope,
        Some(("application/vnd.in-toto+json".into(), 1))
    );
    assert_eq!(
        spdx.signature,
        Check::NotChecked("no public key given".into())
    );
    let (format, table) = spdx.sbom.as_ref().expect("an SBOM").as_ref().expect("read");
    assert_eq!(*format, Format::Spdx("SPDX-2.3".into()));
    assert_eq!(table.packages().len(), 4);
    assert_eq!(table.packages()[1].purl, "pkg:npm/pkg-00001@1.0.1");
    assert_eq!(table.packages()[1].licence, "Apache-2.0");
    let cdx = attested(layers(&g.artifacts[1])[0]);
    assert_eq!(cdx.subject, SubjectMatch::Match);
    let (format, table) = cdx.sbom.as_ref().expect("an SBOM").as_ref().expect("read");
    assert_eq!(*format, Format::CycloneDx("1.5".into()));
    assert_eq!(table.packages().len(), 10_000);
    let counts = table.ecosystem_counts();
    assert_eq!(
        counts.into_iter().collect::<Vec<_>>(),
        vec![
            ("apk".to_string(), 2500),
            ("golang".to_string(), 2500),
            ("npm".to_string(), 2500),
            ("pypi".to_string(), 2500)
        ]
    );
    let started = Instant::now();
    let mut rows = table.search("pypi");
    let searched = started.elapsed();
    assert_eq!(rows.len(), 2500);
    let started = Instant::now();
    table.sort(&mut rows, Column::Version, true);
    let sorted = started.elapsed();
    assert_eq!(table.packages()[rows[0]].name, "pkg-09998");
    eprintln!("10,000-package SBOM: search {searched:?}, sort of 2,500 rows {sorted:?}");

    // supply/provenance: SLSA v0.2 (in-toto v0.1) and v1 (in-toto v1); the envelopes are
    // signed by the cosign test key, so the pasted key verifies them and another does not.
    let g = case.gather("supply/provenance", Some(&other_key())).await;
    for layer in layers(&g.artifacts[0]) {
        assert_eq!(
            attested(layer).signature,
            Check::Invalid("the signature does not match the payload and the key".into())
        );
    }
    let g = case.gather("supply/provenance", Some(&key)).await;
    for layer in layers(&g.artifacts[0]) {
        assert!(attested(layer).signature.is_verified());
    }
    assert_eq!(g.artifacts.len(), 1);
    assert_eq!(g.artifacts[0].kind, ArtifactKind::Attestation);
    let found = layers(&g.artifacts[0]);
    assert_eq!(found.len(), 2);
    let v02 = attested(found[0]);
    assert_eq!(v02.statement.version, StatementVersion::V01);
    assert_eq!(v02.subject, SubjectMatch::Match);
    let p = v02.provenance.as_ref().expect("provenance v0.2");
    assert_eq!(p.slsa_version, "v0.2");
    assert_eq!(
        p.builder.as_deref(),
        Some("https://example.invalid/builders/regscope-test@v1")
    );
    assert_eq!(
        p.source_repository.as_deref(),
        Some("https://example.invalid/regscope/supply-demo")
    );
    assert_eq!(
        p.source_commit.as_deref(),
        Some("0123456789abcdef0123456789abcdef01234567")
    );
    assert_eq!(p.entry_point.as_deref(), Some("Dockerfile"));
    assert_eq!(
        p.parameters,
        vec![
            ("build-arg.VERSION".to_string(), "1.0".to_string()),
            ("target".to_string(), "release".to_string())
        ]
    );
    assert_eq!(p.materials.len(), 2);
    let v1 = attested(found[1]);
    let p = v1.provenance.as_ref().expect("provenance v1");
    assert_eq!(p.slsa_version, "v1");
    assert_eq!(
        p.builder.as_deref(),
        Some("https://example.invalid/builders/regscope-workflow@v1")
    );
    assert_eq!(
        p.build_type.as_deref(),
        Some("https://example.invalid/build-types/workflow@v1")
    );
    assert_eq!(p.entry_point.as_deref(), Some(".ci/release.yml"));
    assert_eq!(
        p.source_commit.as_deref(),
        Some("0123456789abcdef0123456789abcdef01234567")
    );

    // supply/mismatch: the statement is about another image.
    let g = case.gather("supply/mismatch", None).await;
    let a = attested(layers(&g.artifacts[0])[0]);
    match &a.subject {
        SubjectMatch::Mismatch(found) => {
            assert_eq!(found.len(), 1);
            assert_ne!(found[0], case.digest("supply/mismatch"));
        }
        other => panic!("expected a mismatch, got {other:?}"),
    }

    // supply/index: each platform's BuildKit attestation manifest.
    let g = case.gather("supply/index", None).await;
    assert_eq!(g.artifacts.len(), 2);
    let platforms: Vec<_> = g.artifacts.iter().map(|a| a.platform.clone()).collect();
    assert_eq!(
        platforms,
        vec![Some("linux/amd64".into()), Some("linux/arm64/v8".into())]
    );
    for artifact in &g.artifacts {
        assert_eq!(artifact.found, Found::AttestationManifest);
        assert_eq!(artifact.kind, ArtifactKind::BuildKitAttestation);
        let found = layers(artifact);
        assert_eq!(found.len(), 2);
        let sbom = attested(found[0]);
        assert_eq!(sbom.envelope, None);
        assert_eq!(sbom.subject, SubjectMatch::Match);
        let (format, table) = sbom.sbom.as_ref().expect("an SBOM").as_ref().expect("read");
        assert_eq!(*format, Format::Spdx("SPDX-2.2".into()));
        assert_eq!(table.packages().len(), 2);
        let provenance = attested(found[1]);
        assert_eq!(provenance.subject, SubjectMatch::Match);
        assert!(provenance.provenance.is_some());
    }
    assert_eq!(
        g.artifacts
            .iter()
            .map(|a| a.subject.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        2
    );

    // supply/keyless: the certificate's identity shown, the signature checked with its key,
    // the chain plainly not checked; without a pasted key the key check is not run.
    let image = case.digest("supply/keyless");
    let g = case.gather("supply/keyless", None).await;
    let s = signed(&g.artifacts[0]);
    assert!(s.digest.is_verified());
    assert_eq!(s.signature, Check::NotChecked("no public key given".into()));
    assert_eq!(s.payload.manifest_digest, image);
    let keyless = s.keyless.as_ref().expect("a keyless certificate");
    let cert = keyless.certificate.as_ref().expect("certificate read");
    assert_eq!(
        cert.sans,
        vec![
            "https://example.invalid/regscope/supply-demo/.ci/release.yml@refs/heads/main"
                .to_string()
        ]
    );
    assert_eq!(
        cert.oidc_issuer.as_deref(),
        Some("https://token.actions.example.invalid")
    );
    assert_eq!(cert.subject, "");
    assert_eq!(cert.issuer, "CN=regscope TEST-ONLY CA,O=regscope");
    let fulcio: Vec<(&str, &str)> = cert
        .fulcio
        .iter()
        .map(|(l, v)| (l.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        fulcio,
        vec![
            ("OIDC issuer (v1)", "https://token.actions.example.invalid"),
            ("OIDC issuer", "https://token.actions.example.invalid"),
            (
                "Build signer URI",
                "https://example.invalid/regscope/supply-demo/.ci/release.yml@refs/heads/main"
            ),
            (
                "Source repository URI",
                "https://example.invalid/regscope/supply-demo"
            ),
            (
                "Source repository digest",
                "0123456789abcdef0123456789abcdef01234567"
            ),
            ("Source repository ref", "refs/heads/main"),
        ]
    );
    assert_eq!(
        keyless.signature,
        Check::Verified(
            "the signature matches the certificate's key (chain and transparency log not checked)"
                .into()
        )
    );
    assert_eq!(
        keyless.chain,
        Check::NotChecked("chain and transparency log not checked".into())
    );
    // The pasted cosign key is not the certificate's: that check fails on its own.
    let g = case.gather("supply/keyless", Some(&key)).await;
    assert!(signed(&g.artifacts[0]).signature.is_invalid());

    // supply/notary: the JWS decoded, its target compared, the certificate's key checks it.
    let image = case.digest("supply/notary");
    let g = case.gather("supply/notary", None).await;
    assert_eq!(g.artifacts.len(), 1);
    assert_eq!(g.artifacts[0].kind, ArtifactKind::NotarySignature);
    assert_eq!(g.artifacts[0].found, Found::ReferrersTag);
    let notary = match layers(&g.artifacts[0]).as_slice() {
        [Ok(Content::Notary(n))] => n.clone(),
        other => panic!("expected a Notary signature, got {other:?}"),
    };
    assert_eq!(notary.alg, "ES256");
    assert_eq!(notary.signing_time.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(notary.target_digest, image);
    assert!(notary.target.is_verified());
    let cert = notary.certificate.as_ref().expect("certificate read");
    assert_eq!(
        cert.subject,
        "CN=regscope supply TEST-ONLY signer,O=regscope,C=ZZ"
    );
    assert!(notary.signature.is_verified(), "{:?}", notary.signature);
    assert_eq!(
        notary.chain,
        Check::NotChecked("chain and transparency log not checked".into())
    );

    // supply/hostile: invalid base64, a wrong payload type, and 50 MB refused unread.
    let g = case.gather("supply/hostile", None).await;
    let found = layers(&g.artifacts[0]);
    assert_eq!(found.len(), 3);
    assert_eq!(
        found[0],
        &Err(LayerError::Decode(DecodeError::Dsse(
            DsseError::InvalidBase64
        )))
    );
    assert_eq!(
        found[1],
        &Err(LayerError::Decode(DecodeError::Dsse(
            DsseError::WrongPayloadType {
                found: "text/plain".into(),
                expected: "application/vnd.in-toto+json".into()
            }
        )))
    );
    assert_eq!(
        found[2],
        &Err(LayerError::TooLarge {
            size: 50 * 1024 * 1024,
            max: limits::MAX_PAYLOAD_BYTES
        })
    );
}
