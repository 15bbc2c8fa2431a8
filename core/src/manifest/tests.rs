//! Manifest parsing tables. Documents are shaped after the OCI image-spec examples
//! (`manifest.md`, `image-index.md`, `descriptor.md`), Docker's schema 2 spec
//! (`docs/spec/manifest-v2-2.md` in distribution) and BuildKit's attestation storage doc.

use super::*;

const D1: &str = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
const D2: &str = "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0";
const D3: &str = "sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b";

fn oci_manifest() -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
        "config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{D1}","size":7023}},
        "layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{D2}","size":32654}},
                  {{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{D3}","size":16724}}],
        "annotations":{{"com.example.key1":"value1"}}}}"#
    )
}

fn oci_index() -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
        {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{D1}","size":7143,"platform":{{"architecture":"ppc64le","os":"linux"}}}},
        {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{D2}","size":7682,"platform":{{"architecture":"amd64","os":"linux"}}}},
        {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{D3}","size":839,"platform":{{"architecture":"unknown","os":"unknown"}},
          "annotations":{{"vnd.docker.reference.digest":"{D2}","vnd.docker.reference.type":"attestation-manifest"}}}}]}}"#
    )
}

#[test]
fn oci_manifest_by_content_type() {
    let m = Manifest::parse(mt::OCI_MANIFEST, oci_manifest().as_bytes()).unwrap();
    assert_eq!(m.kind(), Kind::OciManifest);
    assert_eq!(m.media_type(), mt::OCI_MANIFEST);
    assert_eq!(m.config().unwrap().digest(), D1);
    assert_eq!(m.layers().len(), 2);
    assert_eq!(m.layers_size(), 32654 + 16724);
    assert!(m.manifests().is_empty());
    assert_eq!(m.role(), Role::Image);
    assert_eq!(m.artifact_type(), None);
}

#[test]
fn generic_content_types_fall_back_to_the_document() {
    for content_type in ["", "application/json", "text/plain; charset=utf-8"] {
        let m = Manifest::parse(content_type, oci_index().as_bytes()).unwrap();
        assert_eq!(m.kind(), Kind::OciIndex, "{content_type}");
    }
}

#[test]
fn attestation_entries_are_not_platforms() {
    let m = Manifest::parse(mt::OCI_INDEX, oci_index().as_bytes()).unwrap();
    let platforms: Vec<String> = m
        .platforms()
        .map(|d| d.platform().unwrap().to_string())
        .collect();
    assert_eq!(platforms, ["linux/ppc64le", "linux/amd64"]);
    let attestation = m.attestations().next().unwrap();
    assert!(attestation.is_attestation());
    assert_eq!(attestation.attests(), Some(D2));
    assert_eq!(m.choose_platform(None).unwrap().digest(), D2);
    let ppc = "linux/ppc64le".parse().unwrap();
    assert_eq!(m.choose_platform(Some(&ppc)).unwrap().digest(), D1);
    assert!(
        m.choose_platform(Some(&"linux/s390x".parse().unwrap()))
            .is_none()
    );
}

/// One index entry with `annotations` (a JSON object body) and a platform.
fn entry(digest: &str, platform: &str, annotations: &str) -> String {
    let (os, arch) = platform.split_once('/').unwrap();
    format!(
        r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{digest}","size":1,
        "platform":{{"os":"{os}","architecture":"{arch}"}},"annotations":{{{annotations}}}}}"#
    )
}

#[test]
fn only_attestation_manifest_entries_are_attestations() {
    // (annotations, platform) → (is a platform, is an attestation, typed entry's type)
    type Expected<'a> = (bool, bool, Option<&'a str>);
    let cases: [(&str, &str, Expected<'_>); 6] = [
        ("", "linux/amd64", (true, false, None)),
        (
            r#""vnd.docker.reference.type":"attestation-manifest","vnd.docker.reference.digest":"sha256:00""#,
            "unknown/unknown",
            (false, true, None),
        ),
        // regclient's test images: a `builder` entry is what it says, not an attestation.
        (
            r#""vnd.docker.reference.type":"builder","vnd.docker.reference.digest":"sha256:00""#,
            "unknown/unknown",
            (false, false, Some("builder")),
        ),
        (
            r#""vnd.docker.reference.type":"sbom""#,
            "linux/amd64",
            (false, false, Some("sbom")),
        ),
        // A reference digest alone, on unknown/unknown, does not make an attestation.
        (
            r#""vnd.docker.reference.digest":"sha256:00""#,
            "unknown/unknown",
            (true, false, None),
        ),
        (
            r#""org.opencontainers.image.ref.name":"x""#,
            "linux/arm64",
            (true, false, None),
        ),
    ];
    for (annotations, platform, (is_platform, is_attestation, typed)) in cases {
        let index = format!(
            r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[{}]}}"#,
            mt::OCI_INDEX,
            entry(D1, platform, annotations)
        );
        let m = Manifest::parse(mt::OCI_INDEX, index.as_bytes()).unwrap();
        assert_eq!(m.platforms().count() == 1, is_platform, "{annotations}");
        assert_eq!(
            m.attestations().count() == 1,
            is_attestation,
            "{annotations}"
        );
        let typed_entry = m
            .typed_entries()
            .next()
            .and_then(Descriptor::reference_type);
        assert_eq!(typed_entry, typed, "{annotations}");
        assert_eq!(m.manifests()[0].attests().is_some(), is_attestation);
        assert_eq!(m.choose_platform(None).is_some(), is_platform);
    }
}

#[test]
fn docker_schema2_and_list() {
    let schema2 = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","config":{{"mediaType":"{}","size":7023,"digest":"{D1}"}},
        "layers":[{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":32654,"digest":"{D2}"}}]}}"#,
        mt::DOCKER_SCHEMA2,
        mt::DOCKER_CONFIG
    );
    let m = Manifest::parse(mt::DOCKER_SCHEMA2, schema2.as_bytes()).unwrap();
    assert_eq!(m.kind(), Kind::DockerSchema2);
    let list = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[{{"mediaType":"{}","size":7143,"digest":"{D1}",
        "platform":{{"architecture":"arm","os":"linux","variant":"v7"}}}}]}}"#,
        mt::DOCKER_LIST,
        mt::DOCKER_SCHEMA2
    );
    let m = Manifest::parse("application/json", list.as_bytes()).unwrap();
    assert_eq!(m.kind(), Kind::DockerList);
    assert_eq!(m.manifests()[0].platform().unwrap().variant(), Some("v7"));
}

#[test]
fn artifacts_and_signatures() {
    let artifact = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","artifactType":"application/vnd.example.sbom.v1",
        "config":{{"mediaType":"{}","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}},
        "layers":[{{"mediaType":"application/vnd.example.sbom.v1+json","digest":"{D2}","size":10}}],
        "subject":{{"mediaType":"{}","digest":"{D1}","size":7023}}}}"#,
        mt::OCI_MANIFEST,
        mt::OCI_EMPTY,
        mt::OCI_MANIFEST
    );
    let m = Manifest::parse(mt::OCI_MANIFEST, artifact.as_bytes()).unwrap();
    assert_eq!(m.artifact_type(), Some("application/vnd.example.sbom.v1"));
    assert_eq!(m.subject().unwrap().digest(), D1);
    assert_eq!(
        m.role(),
        Role::Artifact("application/vnd.example.sbom.v1".into())
    );

    let cosign = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{D1}","size":233}},
        "layers":[{{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","digest":"{D2}","size":250,
        "annotations":{{"dev.cosignproject.cosign/signature":"MEUCIQ=="}}}}]}}"#,
        mt::OCI_MANIFEST
    );
    let m = Manifest::parse(mt::OCI_MANIFEST, cosign.as_bytes()).unwrap();
    assert_eq!(m.role(), Role::Signature);

    let attestation = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{D1}","size":167}},
        "layers":[{{"mediaType":"application/vnd.in-toto+json","digest":"{D2}","size":1234,
        "annotations":{{"in-toto.io/predicate-type":"https://slsa.dev/provenance/v0.2"}}}}]}}"#,
        mt::OCI_MANIFEST
    );
    assert_eq!(
        Manifest::parse("", attestation.as_bytes()).unwrap().role(),
        Role::Attestation
    );
}

#[test]
fn schema1_unsigned_and_signed() {
    let unsigned = format!(
        r#"{{"schemaVersion":1,"name":"library/hello","tag":"latest","architecture":"amd64",
        "fsLayers":[{{"blobSum":"{D1}"}},{{"blobSum":"{D2}"}}],
        "history":[{{"v1Compatibility":"{{\"id\":\"b\"}}"}},{{"v1Compatibility":"{{\"id\":\"a\"}}"}}]}}"#
    );
    let m = Manifest::parse(mt::DOCKER_SCHEMA1, unsigned.as_bytes()).unwrap();
    assert_eq!(m.kind(), Kind::Schema1);
    assert_eq!(m.layers().len(), 2);
    assert_eq!(m.schema1().unwrap().name, "library/hello");
    assert_eq!(m.schema1().unwrap().v1_history.len(), 2);

    let signed = unsigned.trim_end_matches('}').to_string()
        + r#","signatures":[{"header":{"jwk":{"crv":"P-256","kty":"EC"},"alg":"ES256"},"signature":"abc_-","protected":"eyJ9"}]}"#;
    let m = Manifest::parse(mt::DOCKER_SCHEMA1_SIGNED, signed.as_bytes()).unwrap();
    assert_eq!(m.kind(), Kind::Schema1Signed);
    assert_eq!(m.schema1().unwrap().signatures, 1);
    // Without a Content-Type it is recognised from schemaVersion and signatures.
    assert_eq!(
        Manifest::parse("", signed.as_bytes()).unwrap().kind(),
        Kind::Schema1Signed
    );
}

#[test]
fn refusals_say_what_is_wrong() {
    type IsExpected = fn(&ManifestError) -> bool;
    let cases: Vec<(&str, String, IsExpected)> = vec![
        ("", "not json".into(), |e| matches!(e, ManifestError::NotJson(_))),
        ("", "[1,2]".into(), |e| matches!(e, ManifestError::NotAnObject)),
        ("text/html", "{}".into(), |e| matches!(e, ManifestError::NotAManifestType(_))),
        ("", r#"{"schemaVersion":3}"#.into(), |e| matches!(e, ManifestError::UnknownSchemaVersion(_))),
        ("", r#"{"schemaVersion":"2"}"#.into(), |e| matches!(e, ManifestError::UnknownSchemaVersion(_))),
        ("", "{}".into(), |e| matches!(e, ManifestError::UnknownSchemaVersion(_))),
        (mt::OCI_INDEX, oci_manifest(), |e| matches!(e, ManifestError::MediaTypeConflict { .. })),
        (mt::OCI_MANIFEST, r#"{"schemaVersion":2,"layers":[]}"#.into(), |e| matches!(e, ManifestError::Invalid(_))),
        (mt::OCI_INDEX, r#"{"schemaVersion":2}"#.into(), |e| matches!(e, ManifestError::Invalid(_))),
        (mt::OCI_MANIFEST, oci_manifest().replace(D2, "sha256:"), |e| matches!(e, ManifestError::Invalid(_))),
        (mt::OCI_MANIFEST, oci_manifest().replace("32654", "-1"), |e| matches!(e, ManifestError::Invalid(_))),
        ("", r#"{"schemaVersion":2,"mediaType":"application/x-nope"}"#.into(), |e| matches!(e, ManifestError::Invalid(_))),
        (mt::DOCKER_SCHEMA1_SIGNED, r#"{"schemaVersion":1,"fsLayers":[],"signatures":[]}"#.into(), |e| matches!(e, ManifestError::BadSignature(_))),
        (mt::DOCKER_SCHEMA1_SIGNED, r#"{"schemaVersion":1,"fsLayers":[],"signatures":[{"header":{"alg":"ES256"},"signature":"a b","protected":"x"}]}"#.into(), |e| matches!(e, ManifestError::BadSignature(_))),
        (mt::DOCKER_SCHEMA1, r#"{"schemaVersion":1,"fsLayers":[{"blobSum":"x"}]}"#.into(), |e| matches!(e, ManifestError::Invalid(_))),
    ];
    for (content_type, body, expected) in cases {
        let err = Manifest::parse(content_type, body.as_bytes()).unwrap_err();
        assert!(expected(&err), "{content_type} {body}: got {err:?}");
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn messages_name_the_field_and_its_place() {
    let cases: Vec<(&str, String, &str)> = vec![
        (
            mt::OCI_MANIFEST,
            oci_manifest().replace("32654", "-1"),
            "invalid manifest: in `layers[0]`: `size` is not a non-negative integer",
        ),
        (
            mt::OCI_MANIFEST,
            oci_manifest().replace(D3, "sha256:"),
            "invalid manifest: in `layers[1]`: \"sha256:\" is not a digest",
        ),
        (
            mt::OCI_MANIFEST,
            r#"{"schemaVersion":2,"layers":[]}"#.into(),
            "invalid manifest: OCI image manifest needs a config",
        ),
        (
            mt::OCI_INDEX,
            r#"{"schemaVersion":2,"manifests":{}}"#.into(),
            "invalid manifest: `manifests` is not an array",
        ),
        (
            mt::OCI_INDEX,
            r#"{"schemaVersion":2,"manifests":[["m","sha256:ab",1]]}"#.into(),
            "invalid manifest: in `manifests[0]`: the descriptor is not an object",
        ),
        (
            mt::OCI_INDEX,
            oci_index().replace(r#""os":"linux"}"#, r#""os":["linux"]}"#),
            "invalid manifest: in `manifests[0]`: in `platform`: `os` is not a string",
        ),
        (
            mt::OCI_MANIFEST,
            oci_manifest().replace(r#""value1""#, "1"),
            "invalid manifest: `annotations.com.example.key1` is not a string",
        ),
        (
            mt::DOCKER_SCHEMA1,
            r#"{"schemaVersion":1,"fsLayers":[{"blobSum":1}]}"#.into(),
            "invalid manifest: in `fsLayers[0]`: `blobSum` is not a string",
        ),
        (
            mt::DOCKER_SCHEMA1,
            r#"{"schemaVersion":1,"name":"a"}"#.into(),
            "invalid manifest: `fsLayers` is missing",
        ),
        (
            mt::DOCKER_SCHEMA1_SIGNED,
            r#"{"schemaVersion":1,"fsLayers":[],"signatures":[{"header":{"alg":"ES256","jwk":{}},"protected":"x"}]}"#.into(),
            "malformed schema 1 signature: in `signatures[0]`: `signature` is missing",
        ),
    ];
    for (content_type, body, expected) in cases {
        let error = Manifest::parse(content_type, body.as_bytes()).unwrap_err();
        assert_eq!(error.to_string(), expected, "{body}");
    }
}

#[test]
fn nulls_read_as_missing_and_unknown_fields_are_ignored() {
    let manifest = oci_manifest().replace(
        r#""annotations":{"com.example.key1":"value1"}"#,
        r#""annotations":null,"subject":null,"artifactType":null,"x-extra":[1,{"a":null}]"#,
    );
    let m = Manifest::parse(mt::OCI_MANIFEST, manifest.as_bytes()).unwrap();
    assert!(m.annotations().is_empty() && m.subject().is_none());
    assert_eq!(m.artifact_type(), None);
    assert_eq!(m.layers().len(), 2);
}
