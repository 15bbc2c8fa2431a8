//! Hostile layers never panic the decoders: arbitrary bytes under every media type the
//! decoder reads, envelopes with arbitrary payloads and types, and arbitrary SBOM JSON.

use std::collections::BTreeMap;

use base64::Engine as _;
use proptest::prelude::*;
use regscope_supply::cosign::{self, PublicKey};
use regscope_supply::decode::{self, IN_TOTO_LAYER};
use regscope_supply::dsse;
use regscope_supply::notary;
use regscope_supply::sbom;
use serde_json::{Value, json};

const MEDIA_TYPES: [&str; 5] = [
    dsse::MEDIA_TYPE,
    IN_TOTO_LAYER,
    cosign::SIMPLE_SIGNING,
    notary::JWS_MEDIA_TYPE,
    "application/octet-stream",
];

fn key() -> PublicKey {
    PublicKey::from_pem(include_str!(
        "../../tests/stack/src/seed/supply/cosign-test-key.pub"
    ))
    .expect("test key")
}

/// JSON values up to a small depth.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("components".to_string()),
                    Just("packages".to_string()),
                    Just("licenses".to_string()),
                    Just("externalRefs".to_string()),
                    Just("digest".to_string()),
                    "[a-z]{1,6}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_bytes_give_an_answer(bytes in prop::collection::vec(any::<u8>(), 0..512), kind in 0usize..5, certificate in any::<bool>()) {
        let mut annotations = BTreeMap::new();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        annotations.insert(cosign::SIGNATURE_ANNOTATION.to_string(), text.clone());
        if certificate {
            annotations.insert(cosign::CERTIFICATE_ANNOTATION.to_string(), format!("-----BEGIN CERTIFICATE-----\n{text}\n-----END CERTIFICATE-----\n"));
        }
        let _ = decode::decode(MEDIA_TYPES[kind], &annotations, &bytes, Some("sha256:00"), Some(&key()));
    }

    #[test]
    fn envelopes_with_any_payload_give_an_answer(
        payload in prop::collection::vec(any::<u8>(), 0..256),
        payload_type in prop_oneof![Just(dsse::IN_TOTO_PAYLOAD_TYPE.to_string()), ".{0,20}"],
        raw in prop_oneof![Just(None), ".{0,40}".prop_map(Some)],
        statement in json_value(),
    ) {
        let encoded = raw.unwrap_or_else(|| base64::engine::general_purpose::URL_SAFE.encode(&payload));
        let envelope = json!({"payloadType": payload_type, "payload": encoded, "signatures": [{"sig": "%%"}]});
        let bytes = serde_json::to_vec(&envelope).expect("json");
        let _ = decode::decode(dsse::MEDIA_TYPE, &BTreeMap::new(), &bytes, None, None);
        let inner = json!({"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://cyclonedx.org/bom",
            "subject": statement.clone(), "predicate": statement});
        let bytes = serde_json::to_vec(&inner).expect("json");
        let _ = decode::decode(IN_TOTO_LAYER, &BTreeMap::new(), &bytes, Some("sha256:00"), None);
    }

    #[test]
    fn arbitrary_sbom_json_gives_an_answer(mut document in json_value(), cyclonedx in any::<bool>()) {
        if let Value::Object(map) = &mut document {
            if cyclonedx {
                map.insert("bomFormat".into(), "CycloneDX".into());
                map.insert("specVersion".into(), "1.6".into());
            } else {
                map.insert("spdxVersion".into(), "SPDX-2.3".into());
            }
        }
        let _ = sbom::parse(&document);
    }
}

proptest! {
    #[test]
    fn jws_with_any_parts_gives_an_answer(
        protected in prop_oneof![".{0,30}", json_value().prop_map(|v| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string()))],
        payload in json_value(),
        x5c in prop::collection::vec(prop_oneof![".{0,40}", prop::collection::vec(any::<u8>(), 0..200).prop_map(|b| base64::engine::general_purpose::STANDARD.encode(b))], 0..3),
    ) {
        let jws = json!({
            "protected": protected,
            "payload": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.to_string()),
            "header": {"x5c": x5c},
            "signature": "AAAA",
        });
        let bytes = serde_json::to_vec(&jws).expect("json");
        let _ = notary::decode(&bytes, Some("sha256:00"));
    }
}

#[test]
fn deeply_nested_components_stop_at_the_depth_limit() {
    let mut component = json!({"type": "library", "name": "leaf"});
    for n in 0..200 {
        component = json!({"type": "library", "name": format!("c{n}"), "components": [component]});
    }
    let document =
        json!({"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [component]});
    let sbom = sbom::parse(&document).expect("read");
    assert_eq!(sbom.packages.len(), 17);
}
