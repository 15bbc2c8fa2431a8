//! What the registry tests run against: the running registry stack's token-auth registry,
//! seeded with the `supply/*` images by `tests/stack/up`, and the core's client over
//! the stack's native transport.

use std::time::Duration;

use regscope_core::Client;
use serde_json::Value;

/// The test key's public half, as a user would paste it (TEST-ONLY key).
pub const COSIGN_TEST_PUBLIC_KEY: &str =
    include_str!("../../../tests/stack/src/seed/supply/cosign-test-key.pub");

/// The registry the tests read: the running stack's token-auth registry, which
/// `tests/stack/up` seeds with the `supply/*` images (their payloads name this host).
pub const REGISTRY: &str = regscope_stack::facts::REGISTRY;

/// The stack's seeded list (`seeded.json`), one JSON row per reference.
pub fn seeded_rows() -> Vec<Value> {
    let path = regscope_stack::facts::stack_dir().join("seeded.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (start the registry stack: tests/stack/up)",
            path.display()
        )
    });
    serde_json::from_slice(&bytes).expect("seeded JSON")
}

/// The digest seeded for `repository:tag`.
pub fn digest_of(rows: &[Value], repository: &str, tag: &str) -> String {
    rows.iter()
        .find(|r| r["repository"] == repository && r["tag"] == tag)
        .and_then(|r| r["digest"].as_str())
        .unwrap_or_else(|| panic!("{repository}:{tag} was not seeded"))
        .to_string()
}

pub use regscope_stack::native_transport::NativeTransport;

/// A client over plain HTTP (requests give up after 60 s: the SBOM documents are large).
pub fn client() -> Client<NativeTransport> {
    regscope_stack::native_transport::native_client(Duration::from_secs(60))
}
