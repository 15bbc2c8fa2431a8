//! The media types a registry client meets, and the Accept list that asks for all manifests.

/// OCI image index.
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// OCI image manifest.
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// OCI image config.
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// OCI empty descriptor (`{}`), used as the config of artifacts.
pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
/// Docker manifest list.
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
/// Docker image manifest, schema 2.
pub const DOCKER_SCHEMA2: &str = "application/vnd.docker.distribution.manifest.v2+json";
/// Docker image config (schema 2).
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
/// Docker schema 1 manifest, signed (JWS).
pub const DOCKER_SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
/// Docker schema 1 manifest, unsigned.
pub const DOCKER_SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
/// In-toto attestation layer (BuildKit provenance and SBOM attestations).
pub const IN_TOTO: &str = "application/vnd.in-toto+json";

/// Every manifest media type, most preferred first: the `Accept` value of a manifest request.
///
/// Without the OCI types a registry answers 404 for OCI images; without any Accept a
/// schema 2 image may come back rewritten as schema 1. No q-values: some registries reject them.
pub const MANIFEST_ACCEPT: [&str; 5] = [
    OCI_INDEX,
    OCI_MANIFEST,
    DOCKER_LIST,
    DOCKER_SCHEMA2,
    DOCKER_SCHEMA1_SIGNED,
];

/// The `Accept` header value for manifest requests.
pub fn manifest_accept_header() -> String {
    MANIFEST_ACCEPT.join(", ")
}

/// The media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`).
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}
