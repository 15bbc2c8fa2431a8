//! The hand readers against the derived code they replaced: the spec-shaped examples with every
//! value replaced by values of every JSON type read the same, or fail with the same message.

use serde_json::{Value, json};

use super::{derived, raw, schema1};
use crate::json_variants::variants;

const D1: &str = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
const D2: &str = "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0";

fn examples() -> Vec<Value> {
    let descriptor = |media_type: &str, digest: &str| json!({"mediaType": media_type, "digest": digest, "size": 7023});
    let full_entry = json!({
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": D2, "size": 7682,
        "platform": {"architecture": "amd64", "os": "windows", "variant": "v3",
                     "os.version": "10.0.17763.1", "os.features": ["win32k"]},
        "annotations": {"a": "b"}, "urls": ["https://example.com/x"],
        "artifactType": "application/vnd.example"
    });
    vec![
        json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
               "artifactType": "application/vnd.example",
               "config": descriptor("application/vnd.oci.image.config.v1+json", D1),
               "layers": [descriptor("application/vnd.oci.image.layer.v1.tar+gzip", D2)],
               "subject": descriptor("application/vnd.oci.image.manifest.v1+json", D1),
               "annotations": {"k": "v"}}),
        json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
               "manifests": [full_entry]}),
        json!({"schemaVersion": 1, "name": "library/hello", "tag": "latest", "architecture": "amd64",
               "fsLayers": [{"blobSum": D1}],
               "history": [{"v1Compatibility": "{\"id\":\"b\"}"}],
               "signatures": [{"header": {"jwk": {"kty": "EC"}, "alg": "ES256"},
                               "signature": "abc_-", "protected": "eyJ9"}]}),
    ]
}

#[test]
fn schema2_fields_are_read_as_the_derived_code_read_them() {
    let mut compared = 0;
    for example in examples() {
        for (change, document) in variants(&example) {
            let ours = raw::raw_v2(&document);
            assert_eq!(ours, derived::raw_v2(document.clone()), "{change}");
            compared += 1;
        }
    }
    assert!(compared > 900, "{compared}");
}

#[test]
fn schema1_fields_are_read_as_the_derived_code_read_them() {
    let mut compared = 0;
    for example in examples() {
        for (change, document) in variants(&example) {
            let ours = schema1::raw(&document);
            assert_eq!(ours, derived::raw_schema1(document.clone()), "{change}");
            compared += 1;
        }
    }
    assert!(compared > 900, "{compared}");
}

#[test]
fn short_and_long_arrays_as_descriptors() {
    for entry in [
        json!([]),
        json!(["m"]),
        json!(["m", D1]),
        json!(["m", D1, 3]),
        json!(["m", D1, 3, null, {}, [], null, 1]),
    ] {
        let document = json!({"config": entry.clone(), "fsLayers": [entry.clone()]});
        assert_eq!(
            raw::raw_v2(&document),
            derived::raw_v2(document.clone()),
            "{entry}"
        );
        assert_eq!(
            schema1::raw(&document),
            derived::raw_schema1(document.clone()),
            "{entry}"
        );
    }
}
