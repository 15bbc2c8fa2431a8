//! Typed fields read out of an already parsed [`Value`], with the messages serde gives when it
//! deserializes a type from a `Value` (`invalid type: integer `3`, expected a string`).
//!
//! Documents that are parsed to a `Value` anyway are read with these small functions instead of
//! a second, derived deserialization: the derived code, instantiated for each field type, is
//! several kilobytes of the wasm bundle.

use std::collections::BTreeMap;

use serde::de::{Error as _, Unexpected};
use serde_json::{Map, Value};

/// Why a value does not have the expected type, worded as serde words it.
pub(crate) type Mismatch = String;

/// `invalid type: <what value is>, expected <expected>`.
pub(crate) fn invalid_type(value: &Value, expected: &str) -> Mismatch {
    let unexpected = match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    serde_json::Error::invalid_type(unexpected, &expected).to_string()
}

/// A string.
pub(crate) fn string(value: &Value) -> Result<String, Mismatch> {
    match value {
        Value::String(s) => Ok(s.clone()),
        other => Err(invalid_type(other, "a string")),
    }
}

/// A string, or `None` for `null`.
pub(crate) fn optional_string(value: &Value) -> Result<Option<String>, Mismatch> {
    match value {
        Value::Null => Ok(None),
        other => string(other).map(Some),
    }
}

/// A boolean.
pub(crate) fn boolean(value: &Value) -> Result<bool, Mismatch> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(invalid_type(other, "a boolean")),
    }
}

/// The items of an array, or none for `null`.
pub(crate) fn items_or_null(value: &Value) -> Result<&[Value], Mismatch> {
    match value {
        Value::Null => Ok(&[]),
        Value::Array(items) => Ok(items),
        other => Err(invalid_type(other, "a sequence")),
    }
}

/// An array of strings; empty for `null`.
pub(crate) fn strings_or_null(value: &Value) -> Result<Vec<String>, Mismatch> {
    items_or_null(value)?.iter().map(string).collect()
}

/// An object, or `None` for `null`.
pub(crate) fn object_or_null(value: &Value) -> Result<Option<&Map<String, Value>>, Mismatch> {
    match value {
        Value::Null => Ok(None),
        Value::Object(map) => Ok(Some(map)),
        other => Err(invalid_type(other, "a map")),
    }
}

/// An unsigned integer, as serde reads a `u64`.
pub(crate) fn unsigned(value: &Value) -> Result<u64, Mismatch> {
    match value {
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Ok(u),
            (None, Some(i)) => {
                Err(serde_json::Error::invalid_value(Unexpected::Signed(i), &"u64").to_string())
            }
            (None, None) => Err(invalid_type(value, "u64")),
        },
        other => Err(invalid_type(other, "u64")),
    }
}

/// The items of an array (`null` is a mismatch).
pub(crate) fn items(value: &Value) -> Result<&[Value], Mismatch> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(invalid_type(other, "a sequence")),
    }
}

/// An array of strings (`null` is a mismatch).
pub(crate) fn strings(value: &Value) -> Result<Vec<String>, Mismatch> {
    items(value)?.iter().map(string).collect()
}

/// An object (`null` is a mismatch).
pub(crate) fn object(value: &Value) -> Result<&Map<String, Value>, Mismatch> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(invalid_type(other, "a map")),
    }
}

/// An object of string values (`null` is a mismatch).
pub(crate) fn string_map(value: &Value) -> Result<BTreeMap<String, String>, Mismatch> {
    let mut map = BTreeMap::new();
    for (key, v) in object(value)? {
        map.insert(key.clone(), string(v)?);
    }
    Ok(map)
}

/// Reads a struct as serde's derive does from a `Value`: an object by field name (other keys
/// ignored, in document order), or an array by position. `set(i, value)` receives field `i` of
/// `fields`; `name` is the struct's name for errors. Bit `i` of `required` marks field `i` as
/// having no default: missing, it is an error (`missing field`, or a too short array).
pub(crate) fn struct_fields<'a>(
    value: &'a Value,
    name: &str,
    fields: &[&'static str],
    required: u32,
    set: &mut dyn FnMut(usize, &'a Value) -> Result<(), Mismatch>,
) -> Result<(), Mismatch> {
    match value {
        Value::Object(map) => {
            let mut seen = 0u32;
            for (key, field) in map {
                if let Some(i) = fields.iter().position(|f| f == key) {
                    seen |= 1 << i;
                    set(i, field)?;
                }
            }
            let missing = required & !seen;
            if missing != 0 {
                let field = fields[missing.trailing_zeros() as usize];
                return Err(serde_json::Error::missing_field(field).to_string());
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, field) in items.iter().take(fields.len()).enumerate() {
                set(i, field)?;
            }
            let missing = required >> items.len().min(31);
            if items.len() < fields.len() && missing != 0 {
                let at = items.len() + missing.trailing_zeros() as usize;
                let plural = if fields.len() == 1 { "" } else { "s" };
                let expected = format!("struct {name} with {} element{plural}", fields.len());
                return Err(serde_json::Error::invalid_length(at, &expected.as_str()).to_string());
            }
            if items.len() > fields.len() {
                return Err(serde_json::Error::invalid_length(
                    items.len(),
                    &"fewer elements in array",
                )
                .to_string());
            }
            Ok(())
        }
        other => Err(invalid_type(other, &format!("struct {name}"))),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    /// The same messages as serde's own deserialization from a `Value`.
    #[test]
    fn mismatches_are_worded_as_serde_words_them() {
        for value in [
            json!(null),
            json!(true),
            json!(3),
            json!(-3),
            json!(1.5),
            json!("x"),
            json!([1]),
            json!({"a": 1}),
        ] {
            if !value.is_string() {
                let serde = String::deserialize(value.clone()).unwrap_err().to_string();
                assert_eq!(string(&value).unwrap_err(), serde);
            }
            if !value.is_boolean() {
                let serde = bool::deserialize(value.clone()).unwrap_err().to_string();
                assert_eq!(boolean(&value).unwrap_err(), serde);
            }
            if !value.is_array() && !value.is_null() {
                let serde = Vec::<String>::deserialize(value.clone())
                    .unwrap_err()
                    .to_string();
                assert_eq!(strings_or_null(&value).unwrap_err(), serde);
            }
        }
    }

    #[test]
    fn structs_read_from_objects_and_arrays() {
        let fields = ["a", "b"];
        let mut seen = Vec::new();
        let value = json!({"b": 1, "x": 2, "a": 3});
        struct_fields(&value, "S", &fields, 0, &mut |i, v| {
            seen.push((i, v.clone()));
            Ok(())
        })
        .unwrap();
        seen.sort_by_key(|(i, _)| *i);
        assert_eq!(seen, [(0, json!(3)), (1, json!(1))]);
        let long = json!([1, 2, 3]);
        let error = struct_fields(&long, "S", &fields, 0, &mut |_, _| Ok(())).unwrap_err();
        assert_eq!(error, "invalid length 3, expected fewer elements in array");
        let error = struct_fields(&json!("s"), "S", &fields, 0, &mut |_, _| Ok(())).unwrap_err();
        assert_eq!(error, "invalid type: string \"s\", expected struct S");
    }
}
