//! Property tests: the manifest, config, token-response, registry-error and digest parsers
//! never panic, on arbitrary bytes and on valid documents with one mutation applied.

use proptest::prelude::*;
use regscope_core::config::ImageConfig;
use regscope_core::manifest::Manifest;
use regscope_core::{digest, media_types as mt, registry_error, token};

/// Cases per property.
const CASES: u32 = 3000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const D: &str = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

/// Valid documents of every kind, to mutate.
fn seeds() -> Vec<(&'static str, String)> {
    let descriptor = format!(
        r#"{{"mediaType":"{}","digest":"{D}","size":7}}"#,
        mt::OCI_MANIFEST
    );
    vec![
        (
            mt::OCI_INDEX,
            format!(
                r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[{{"mediaType":"{}","digest":"{D}","size":7,"platform":{{"architecture":"amd64","os":"linux"}},"annotations":{{"vnd.docker.reference.type":"attestation-manifest"}}}}]}}"#,
                mt::OCI_INDEX,
                mt::OCI_MANIFEST
            ),
        ),
        (
            mt::OCI_MANIFEST,
            format!(
                r#"{{"schemaVersion":2,"mediaType":"{}","config":{descriptor},"layers":[{descriptor}],"subject":{descriptor},"artifactType":"a/b"}}"#,
                mt::OCI_MANIFEST
            ),
        ),
        (
            mt::DOCKER_SCHEMA1_SIGNED,
            format!(
                r#"{{"schemaVersion":1,"name":"a","tag":"b","architecture":"amd64","fsLayers":[{{"blobSum":"{D}"}}],"history":[{{"v1Compatibility":"{{}}"}}],"signatures":[{{"header":{{"alg":"ES256","jwk":{{}}}},"signature":"abc","protected":"eyJmb3JtYXRMZW5ndGgiOjEwLCJmb3JtYXRUYWlsIjoiQ24wIn0"}}]}}"#
            ),
        ),
        (
            "",
            r#"{"architecture":"amd64","os":"linux","config":{"Env":["A=b"],"Entrypoint":["/x"],"ExposedPorts":{"80/tcp":{}},"Labels":{"a":"b"}},"history":[{"created_by":"x","empty_layer":true}],"rootfs":{"type":"layers","diff_ids":["sha256:00"]}}"#.to_string(),
        ),
    ]
}

/// Feeds one document to every parser; none may panic.
fn parse_everything(content_type: &str, bytes: &[u8]) {
    if let Ok(manifest) = Manifest::parse(content_type, bytes) {
        let _ = (
            manifest.platforms().count(),
            manifest.attestations().count(),
            manifest.role(),
            manifest.artifact_type(),
            manifest.layers_size(),
            manifest.choose_platform(None),
        );
    }
    if let Ok(config) = ImageConfig::parse(bytes) {
        let _ = (config.history_for_layers(), config.runtime());
    }
    let _ = digest::registry_digest(content_type, bytes);
    let _ = digest::verify(D, content_type, bytes);
    let _ = token::parse_token_response(bytes);
    let _ = registry_error::parse_errors(bytes);
}

/// One mutation of a valid document: replace, insert or delete a byte, or truncate.
fn mutate(mut bytes: Vec<u8>, op: u8, at: usize, with: u8) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    let at = at % bytes.len();
    match op % 4 {
        0 => bytes[at] = with,
        1 => bytes.insert(at, with),
        2 => {
            bytes.remove(at);
        }
        _ => bytes.truncate(at),
    }
    bytes
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn documents_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400), which in 0usize..7) {
        let types = ["", "application/json", mt::OCI_INDEX, mt::OCI_MANIFEST, mt::DOCKER_LIST, mt::DOCKER_SCHEMA2, mt::DOCKER_SCHEMA1_SIGNED];
        parse_everything(types[which], &bytes);
    }

    #[test]
    fn documents_one_mutation(which in 0usize..4, op in any::<u8>(), at in any::<usize>(), with in any::<u8>()) {
        let (content_type, document) = seeds().swap_remove(which);
        let mutated = mutate(document.into_bytes(), op, at, with);
        parse_everything(content_type, &mutated);
        parse_everything("", &mutated);
    }

    #[test]
    fn documents_with_json_shaped_noise(noise in r#"[\[\]{}",:0-9a-z\\ -]{0,200}"#) {
        parse_everything("", noise.as_bytes());
        parse_everything(mt::OCI_MANIFEST, noise.as_bytes());
    }
}

#[test]
fn the_seed_documents_are_valid() {
    for (content_type, document) in seeds().into_iter().take(3) {
        Manifest::parse(content_type, document.as_bytes())
            .unwrap_or_else(|e| panic!("{content_type}: {e}"));
    }
    ImageConfig::parse(seeds()[3].1.as_bytes()).unwrap();
}
