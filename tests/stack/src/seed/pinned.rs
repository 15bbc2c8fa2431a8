//! Pins the seeded digests: if a dependency (for example a different flate2 backend) or a
//! code change alters any byte of the images, this test says so before the stack does.

use super::catalog;
use super::report;

/// Digests every machine must produce (reference as served from 127.0.0.1:5000).
const PINNED: &[(&str, &str)] = &[
    (
        "library/alpine:latest",
        "sha256:b173c875db54cf43166bfd4f83531055f298597cb2aa13323e6584c20aaddb61",
    ),
    (
        "library/alpine@sha256:34b833d2334e802387554f63cffee2cec9cdb797b28cff24dd6b1502b84a7fe8",
        "sha256:34b833d2334e802387554f63cffee2cec9cdb797b28cff24dd6b1502b84a7fe8",
    ),
    (
        "library/alpine:sha256-34b833d2334e802387554f63cffee2cec9cdb797b28cff24dd6b1502b84a7fe8.sig",
        "sha256:2a81641a0219ca23024822162962746289bf39983c6812b28e8565d9faebe294",
    ),
    (
        "oci/single:1.0",
        "sha256:6f3804514415230c92f3cda61e2836de07a8dff38c58d463b08a3855dcdbcd6b",
    ),
    (
        "docker/schema2:latest",
        "sha256:ac2397f1a86e04b207aceb25b4236bca91f9a8ce6d175bd024035787308edf77",
    ),
    (
        "docker/list:latest",
        "sha256:76105b6f0df25b5d4516937897625f62882984bb4b91a7953db92ef3d67302cb",
    ),
    (
        "docker/schema1:latest",
        "sha256:c4cbde1c8d7446b7ad988a381d4eb5bfef33f75700973660ebc28d87875fe6b5",
    ),
    (
        "private/app:1.0",
        "sha256:9b6a4c3939db815de8c968e56339a22085025ce65dd846d2b85cfb2bd0bd0f10",
    ),
    (
        "many/tags:latest",
        "sha256:a903347b0f89006408c5f4261529f419abefc2c5d4ec937a14e13559d0355b27",
    ),
];

#[test]
fn seeded_digests_are_pinned() {
    let host = regscope_stack::facts::REGISTRY;
    let plans = catalog::build(host).expect("catalog");
    let entries = report::entries(host, &plans);
    for (reference, digest) in PINNED {
        let full = format!("{host}/{reference}");
        let entry = entries
            .iter()
            .find(|e| e.reference == full)
            .unwrap_or_else(|| panic!("{full} is not seeded"));
        assert_eq!(entry.digest, *digest, "{full}");
    }
    let many = entries
        .iter()
        .filter(|e| e.repository == "many/tags")
        .count();
    assert_eq!(many, catalog::MANY_TAGS + 1);
}
