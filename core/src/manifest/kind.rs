//! The kinds of manifest, and how a document's kind is decided: the Content-Type first, then
//! the document's `mediaType`, then its `schemaVersion` and shape.

use serde_json::{Map, Value};

use super::ManifestError;
use crate::media_types as mt;

/// Which kind of document a manifest is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// OCI image index: entries per platform.
    OciIndex,
    /// OCI image manifest (also artifacts).
    OciManifest,
    /// Docker manifest list.
    DockerList,
    /// Docker image manifest, schema 2.
    DockerSchema2,
    /// Docker schema 1 with JWS signatures.
    Schema1Signed,
    /// Docker schema 1 without signatures.
    Schema1,
}

impl Kind {
    /// True for an index or list (its entries are other manifests).
    pub fn is_index(self) -> bool {
        matches!(self, Kind::OciIndex | Kind::DockerList)
    }

    /// True for Docker schema 1, signed or not.
    pub fn is_schema1(self) -> bool {
        matches!(self, Kind::Schema1 | Kind::Schema1Signed)
    }

    /// The canonical media type of this kind.
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::OciIndex => mt::OCI_INDEX,
            Kind::OciManifest => mt::OCI_MANIFEST,
            Kind::DockerList => mt::DOCKER_LIST,
            Kind::DockerSchema2 => mt::DOCKER_SCHEMA2,
            Kind::Schema1Signed => mt::DOCKER_SCHEMA1_SIGNED,
            Kind::Schema1 => mt::DOCKER_SCHEMA1,
        }
    }

    /// A short name for people: "OCI index", "Docker schema 2"…
    pub fn label(self) -> &'static str {
        match self {
            Kind::OciIndex => "OCI image index",
            Kind::OciManifest => "OCI image manifest",
            Kind::DockerList => "Docker manifest list",
            Kind::DockerSchema2 => "Docker image manifest (schema 2)",
            Kind::Schema1Signed => "Docker schema 1 (signed)",
            Kind::Schema1 => "Docker schema 1",
        }
    }

    /// The kind whose media type is `media_type`.
    fn of_media_type(media_type: &str) -> Option<Kind> {
        Some(match media_type {
            mt::OCI_INDEX => Kind::OciIndex,
            mt::OCI_MANIFEST => Kind::OciManifest,
            mt::DOCKER_LIST => Kind::DockerList,
            mt::DOCKER_SCHEMA2 => Kind::DockerSchema2,
            mt::DOCKER_SCHEMA1_SIGNED => Kind::Schema1Signed,
            mt::DOCKER_SCHEMA1 => Kind::Schema1,
            _ => return None,
        })
    }
}

/// Content-Types that say nothing about the document: sniff the JSON instead.
const GENERIC_TYPES: [&str; 5] = [
    "",
    "application/json",
    "text/plain",
    "application/octet-stream",
    "binary/octet-stream",
];

/// Decides the kind of `object` served with the Content-Type essence `content_type`.
pub(super) fn detect(
    content_type: &str,
    object: &Map<String, Value>,
) -> Result<Kind, ManifestError> {
    let declared = object.get("mediaType").and_then(Value::as_str);
    let schema_version = match object.get("schemaVersion") {
        Some(Value::Number(n)) => n.as_u64(),
        None => None,
        Some(other) => {
            return Err(ManifestError::UnknownSchemaVersion(
                serde_json::to_string(other).unwrap_or_default(),
            ));
        }
    };
    // Schema 1 is one kind with or without signatures; which one, the document says.
    let signed_or_not = |kind: Kind| match kind {
        Kind::Schema1 | Kind::Schema1Signed if object.contains_key("signatures") => {
            Kind::Schema1Signed
        }
        Kind::Schema1 | Kind::Schema1Signed => Kind::Schema1,
        other => other,
    };
    let kind = match (Kind::of_media_type(content_type), declared) {
        (Some(_), Some(declared)) if declared != content_type => {
            return Err(ManifestError::MediaTypeConflict {
                content_type: content_type.to_string(),
                declared: declared.to_string(),
            });
        }
        (Some(kind), _) => signed_or_not(kind),
        (None, _) if !GENERIC_TYPES.contains(&content_type) => {
            return Err(ManifestError::NotAManifestType(content_type.to_string()));
        }
        (None, Some(declared)) => match Kind::of_media_type(declared) {
            Some(kind) => signed_or_not(kind),
            None => {
                return Err(ManifestError::Invalid(format!(
                    "unknown mediaType \"{declared}\""
                )));
            }
        },
        (None, None) => match schema_version {
            Some(1) => signed_or_not(Kind::Schema1),
            Some(2) if object.contains_key("manifests") => Kind::OciIndex,
            Some(2) if object.contains_key("config") => Kind::OciManifest,
            Some(2) => {
                return Err(ManifestError::Invalid(
                    "schemaVersion 2 without mediaType, config or manifests".into(),
                ));
            }
            _ => return Err(unknown_version(schema_version)),
        },
    };
    let expected = if kind.is_schema1() { 1 } else { 2 };
    if schema_version != Some(expected) {
        return Err(unknown_version(schema_version));
    }
    Ok(kind)
}

fn unknown_version(version: Option<u64>) -> ManifestError {
    ManifestError::UnknownSchemaVersion(version.map_or("(missing)".into(), |v| v.to_string()))
}
