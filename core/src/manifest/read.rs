//! Descriptors and platforms read field by field from a parsed manifest `Value`, with serde's
//! messages, as `#[derive(Deserialize)]` read them before (see `json_value` for why).

use serde_json::Value;

use super::{Descriptor, Platform};
use crate::json_value::{
    Mismatch, items, optional_string, string, string_map, strings, struct_fields, unsigned,
};

/// A platform: every field optional, `os.version` and `os.features` under their dotted names.
pub(super) fn platform(value: &Value) -> Result<Platform, Mismatch> {
    const FIELDS: [&str; 5] = ["architecture", "os", "variant", "os.version", "os.features"];
    let mut platform = Platform::new("", "", None);
    struct_fields(value, "Platform", &FIELDS, 0, &mut |i, v| {
        match i {
            0 => platform.architecture = string(v)?,
            1 => platform.os = string(v)?,
            2 => platform.variant = optional_string(v)?,
            3 => platform.os_version = optional_string(v)?,
            _ => platform.os_features = strings(v)?,
        }
        Ok(())
    })?;
    Ok(platform)
}

/// A descriptor: `digest` and `size` required, the rest optional.
pub(super) fn descriptor(value: &Value) -> Result<Descriptor, Mismatch> {
    const FIELDS: [&str; 7] = [
        "mediaType",
        "digest",
        "size",
        "platform",
        "annotations",
        "urls",
        "artifactType",
    ];
    let mut d = Descriptor::new("", "", 0);
    struct_fields(value, "Descriptor", &FIELDS, 0b110, &mut |i, v| {
        match i {
            0 => d.media_type = string(v)?,
            1 => d.digest = string(v)?,
            2 => d.size = unsigned(v)?,
            3 => d.platform = optional(v, platform)?,
            4 => d.annotations = string_map(v)?,
            5 => d.urls = strings(v)?,
            _ => d.artifact_type = optional_string(v)?,
        }
        Ok(())
    })?;
    Ok(d)
}

/// `read(value)`, or `None` for `null`.
pub(super) fn optional<T>(
    value: &Value,
    read: fn(&Value) -> Result<T, Mismatch>,
) -> Result<Option<T>, Mismatch> {
    match value {
        Value::Null => Ok(None),
        other => read(other).map(Some),
    }
}

/// An array read item by item (`null` is a mismatch).
pub(super) fn list<T>(
    value: &Value,
    read: fn(&Value) -> Result<T, Mismatch>,
) -> Result<Vec<T>, Mismatch> {
    items(value)?.iter().map(read).collect()
}
