//! Kind detection and parsing of schema 2 documents (OCI index/manifest, Docker list/schema 2).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::read::{descriptor, list, optional};
use super::{Descriptor, Kind, Manifest, ManifestError};
use crate::json_value::{Mismatch, optional_string, string_map, struct_fields};
use crate::media_types as mt;

/// Content-Types that say nothing about the document: sniff the JSON instead.
const GENERIC_TYPES: [&str; 5] = [
    "",
    "application/json",
    "text/plain",
    "application/octet-stream",
    "binary/octet-stream",
];

fn kind_of_media_type(media_type: &str) -> Option<Kind> {
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

/// Decides the kind from the Content-Type essence first, then from `mediaType` / `schemaVersion`.
pub(super) fn detect_kind(
    content_type: &str,
    declared: Option<&str>,
    object: &Map<String, Value>,
) -> Result<Kind, ManifestError> {
    let schema_version = match object.get("schemaVersion") {
        Some(Value::Number(n)) => n.as_u64(),
        None => None,
        Some(other) => {
            return Err(ManifestError::UnknownSchemaVersion(
                serde_json::to_string(other).unwrap_or_default(),
            ));
        }
    };
    let signed = object.contains_key("signatures");
    let schema1 = |_| {
        if signed {
            Kind::Schema1Signed
        } else {
            Kind::Schema1
        }
    };
    let from_header = kind_of_media_type(content_type);
    let kind = match (from_header, declared) {
        (Some(_), Some(declared)) if declared != content_type => {
            return Err(ManifestError::MediaTypeConflict {
                content_type: content_type.to_string(),
                declared: declared.to_string(),
            });
        }
        (Some(Kind::Schema1 | Kind::Schema1Signed), _) => schema1(()),
        (Some(kind), _) => kind,
        (None, _) if !GENERIC_TYPES.contains(&content_type) => {
            return Err(ManifestError::NotAManifestType(content_type.to_string()));
        }
        (None, Some(declared)) => match kind_of_media_type(declared) {
            Some(Kind::Schema1 | Kind::Schema1Signed) => schema1(()),
            Some(kind) => kind,
            None => {
                return Err(ManifestError::Invalid(format!(
                    "unknown mediaType \"{declared}\""
                )));
            }
        },
        (None, None) => match schema_version {
            Some(1) => schema1(()),
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
    let expected = if matches!(kind, Kind::Schema1 | Kind::Schema1Signed) {
        1
    } else {
        2
    };
    if schema_version != Some(expected) {
        return Err(unknown_version(schema_version));
    }
    Ok(kind)
}

fn unknown_version(version: Option<u64>) -> ManifestError {
    ManifestError::UnknownSchemaVersion(version.map_or("(missing)".into(), |v| v.to_string()))
}

/// The fields of a schema 2 document, before the checks that depend on its kind.
#[derive(Default)]
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct RawV2 {
    pub(super) config: Option<Descriptor>,
    pub(super) layers: Option<Vec<Descriptor>>,
    pub(super) manifests: Option<Vec<Descriptor>>,
    pub(super) subject: Option<Descriptor>,
    pub(super) artifact_type: Option<String>,
    pub(super) annotations: BTreeMap<String, String>,
}

/// Reads the fields of a schema 2 document; every field may be missing.
pub(super) fn raw_v2(value: &Value) -> Result<RawV2, Mismatch> {
    const FIELDS: [&str; 6] = [
        "config",
        "layers",
        "manifests",
        "subject",
        "artifactType",
        "annotations",
    ];
    let mut raw = RawV2::default();
    struct_fields(value, "RawV2", &FIELDS, 0, &mut |i, v| {
        match i {
            0 => raw.config = optional(v, descriptor)?,
            1 => raw.layers = optional(v, |v| list(v, descriptor))?,
            2 => raw.manifests = optional(v, |v| list(v, descriptor))?,
            3 => raw.subject = optional(v, descriptor)?,
            4 => raw.artifact_type = optional_string(v)?,
            _ => raw.annotations = string_map(v)?,
        }
        Ok(())
    })?;
    Ok(raw)
}

/// Parses an index, list or image manifest whose kind is already known.
pub(super) fn parse_v2(kind: Kind, value: &Value) -> Result<Manifest, ManifestError> {
    let raw = raw_v2(value).map_err(ManifestError::Invalid)?;
    let (config, layers, manifests) = if kind.is_index() {
        let manifests = raw
            .manifests
            .ok_or_else(|| ManifestError::Invalid("an index needs a manifests array".into()))?;
        (None, Vec::new(), manifests)
    } else {
        let config = raw
            .config
            .ok_or_else(|| ManifestError::Invalid("an image manifest needs a config".into()))?;
        let layers = raw.layers.ok_or_else(|| {
            ManifestError::Invalid("an image manifest needs a layers array".into())
        })?;
        (Some(config), layers, Vec::new())
    };
    let all = config
        .iter()
        .chain(&layers)
        .chain(&manifests)
        .chain(&raw.subject);
    for descriptor in all {
        check_descriptor(descriptor)?;
    }
    Ok(Manifest {
        kind,
        media_type: kind.media_type().to_string(),
        config,
        layers,
        manifests,
        subject: raw.subject,
        artifact_type: raw.artifact_type,
        annotations: raw.annotations,
        schema1: None,
    })
}

/// A descriptor needs a media type and a digest of the form `algorithm:encoded`.
fn check_descriptor(d: &Descriptor) -> Result<(), ManifestError> {
    if d.media_type.is_empty() {
        return Err(ManifestError::Invalid(format!(
            "the descriptor {} has no mediaType",
            d.digest
        )));
    }
    if !is_digest_shaped(&d.digest) {
        return Err(ManifestError::Invalid(format!(
            "\"{}\" is not a digest",
            d.digest
        )));
    }
    Ok(())
}

/// The OCI digest grammar: `[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+`.
pub(super) fn is_digest_shaped(digest: &str) -> bool {
    let Some((algorithm, encoded)) = digest.split_once(':') else {
        return false;
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm.split(['+', '.', '_', '-']).all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    let encoded_ok = !encoded.is_empty()
        && encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'=' || b == b'_' || b == b'-');
    algorithm_ok && encoded_ok
}
