//! Typed fields read by key out of an already parsed JSON object, with short messages of our
//! own (`` `layers` is not an array ``, `` in `layers[2]`: `digest` is missing ``).
//!
//! Manifests and configs are parsed to a `Value` anyway (their kind is sniffed, the raw JSON is
//! shown); reading them from it by key costs the wasm bundle less than a second, derived
//! deserialization. A `null` field reads as a missing one; other keys are ignored.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// What is wrong with a document, for a person.
pub(crate) type Problem = String;

/// `` `key` is not <expected> ``.
fn not(key: &str, expected: &str) -> Problem {
    format!("`{key}` is not {expected}")
}

/// A problem found inside the field `place` (e.g. `` layers[2] ``), said so.
fn inside(place: &str, problem: Problem) -> Problem {
    format!("in `{place}`: {problem}")
}

/// The fields of one JSON object.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    /// `value` as an object; `what` names it in the message when it is not one.
    pub(crate) fn of(value: &'a Value, what: &str) -> Result<Self, Problem> {
        value
            .as_object()
            .map(Fields)
            .ok_or_else(|| format!("{what} is not an object"))
    }

    /// The value of `key`, unless it is missing or `null`.
    pub(crate) fn get(self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// A string, or `None` when missing.
    pub(crate) fn string(self, key: &str) -> Result<Option<String>, Problem> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(not(key, "a string")),
        }
    }

    /// A string, empty when missing.
    pub(crate) fn text(self, key: &str) -> Result<String, Problem> {
        Ok(self.string(key)?.unwrap_or_default())
    }

    /// A string that must be there.
    pub(crate) fn required_text(self, key: &str) -> Result<String, Problem> {
        self.string(key)?
            .ok_or_else(|| format!("`{key}` is missing"))
    }

    /// A non-negative integer, or `None` when missing.
    pub(crate) fn unsigned(self, key: &str) -> Result<Option<u64>, Problem> {
        self.get(key)
            .map(|v| v.as_u64().ok_or_else(|| not(key, "a non-negative integer")))
            .transpose()
    }

    /// A boolean, false when missing.
    pub(crate) fn flag(self, key: &str) -> Result<bool, Problem> {
        match self.get(key) {
            None => Ok(false),
            Some(v) => v.as_bool().ok_or_else(|| not(key, "true or false")),
        }
    }

    /// An array of strings, empty when missing.
    pub(crate) fn strings(self, key: &str) -> Result<Vec<String>, Problem> {
        let items = self.items(key)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                _ => return Err(not(&format!("{key}[{i}]"), "a string")),
            }
        }
        Ok(out)
    }

    /// An object of string values, empty when missing.
    pub(crate) fn string_map(self, key: &str) -> Result<BTreeMap<String, String>, Problem> {
        let mut map = BTreeMap::new();
        for (name, value) in self.entries(key)? {
            match value {
                Value::String(s) => map.insert(name.clone(), s.clone()),
                _ => return Err(not(&format!("{key}.{name}"), "a string")),
            };
        }
        Ok(map)
    }

    /// The keys of an object, sorted (its values are not read); none when missing.
    pub(crate) fn keys(self, key: &str) -> Result<Vec<String>, Problem> {
        let mut keys: Vec<String> = Vec::new();
        for (name, _) in self.entries(key)? {
            // Sorted insertion: a few keys, and no sort routine of its own in the wasm bundle.
            if let Err(at) = keys.binary_search(name) {
                keys.insert(at, name.clone());
            }
        }
        Ok(keys)
    }

    /// The object at `key` read by `read`, or `None` when missing; problems inside it are
    /// said to be in `key`.
    pub(crate) fn object<T>(
        self,
        key: &str,
        read: impl FnOnce(&'a Value) -> Result<T, Problem>,
    ) -> Result<Option<T>, Problem> {
        self.get(key)
            .map(|value| read(value).map_err(|problem| inside(key, problem)))
            .transpose()
    }

    /// The array at `key`, each item read by `read`, or `None` when missing; problems inside
    /// an item are said to be in `key[i]`.
    pub(crate) fn list<T>(
        self,
        key: &str,
        read: impl Fn(&'a Value) -> Result<T, Problem>,
    ) -> Result<Option<Vec<T>>, Problem> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let items = value.as_array().ok_or_else(|| not(key, "an array"))?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(read(item).map_err(|problem| inside(&format!("{key}[{i}]"), problem))?);
        }
        Ok(Some(out))
    }

    /// The items of an array, none when missing.
    fn items(self, key: &str) -> Result<&'a [Value], Problem> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(not(key, "an array")),
        }
    }

    /// The entries of an object, none when missing.
    fn entries(self, key: &str) -> Result<impl Iterator<Item = (&'a String, &'a Value)>, Problem> {
        match self.get(key) {
            None => Ok(None.into_iter().flatten()),
            Some(Value::Object(map)) => Ok(Some(map).into_iter().flatten()),
            Some(_) => Err(not(key, "an object")),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read<T>(document: Value, get: impl Fn(Fields) -> Result<T, Problem>) -> Result<T, Problem> {
        get(Fields::of(&document, "the document")?)
    }

    #[test]
    fn missing_and_null_fields_read_as_empty() {
        for document in [json!({}), json!({"a": null})] {
            assert_eq!(read(document.clone(), |f| f.string("a")), Ok(None));
            assert_eq!(read(document.clone(), |f| f.text("a")), Ok(String::new()));
            assert_eq!(read(document.clone(), |f| f.unsigned("a")), Ok(None));
            assert_eq!(read(document.clone(), |f| f.flag("a")), Ok(false));
            assert_eq!(read(document.clone(), |f| f.strings("a")), Ok(vec![]));
            assert_eq!(read(document.clone(), |f| f.keys("a")), Ok(vec![]));
            assert!(
                read(document.clone(), |f| f.string_map("a"))
                    .unwrap()
                    .is_empty()
            );
            assert_eq!(read(document.clone(), |f| f.list("a", |_| Ok(1))), Ok(None));
            assert_eq!(
                read(document, |f| f.required_text("a")),
                Err("`a` is missing".to_string())
            );
        }
    }

    #[test]
    fn wrong_types_are_named() {
        let document = json!({"s": 1, "n": -1, "f": 1.5, "b": "yes", "l": {}, "m": [], "o": "x"});
        assert_eq!(
            read(document.clone(), |f| f.string("s")),
            Err("`s` is not a string".into())
        );
        assert_eq!(
            read(document.clone(), |f| f.unsigned("n")),
            Err("`n` is not a non-negative integer".into())
        );
        assert!(read(document.clone(), |f| f.unsigned("f")).is_err());
        assert_eq!(
            read(document.clone(), |f| f.flag("b")),
            Err("`b` is not true or false".into())
        );
        assert_eq!(
            read(document.clone(), |f| f.strings("l")),
            Err("`l` is not an array".into())
        );
        assert_eq!(
            read(document.clone(), |f| f.keys("m")),
            Err("`m` is not an object".into())
        );
        assert_eq!(
            read(document.clone(), |f| f
                .object("o", |v| Fields::of(v, "the o").map(|_| ()))),
            Err("in `o`: the o is not an object".into())
        );
        assert_eq!(
            Fields::of(&json!([1]), "the manifest").err(),
            Some("the manifest is not an object".into())
        );
    }

    #[test]
    fn problems_inside_items_say_where() {
        let document = json!({"tags": ["a", 2], "labels": {"k": 1}, "items": [{}, {"x": 1}]});
        assert_eq!(
            read(document.clone(), |f| f.strings("tags")),
            Err("`tags[1]` is not a string".into())
        );
        assert_eq!(
            read(document.clone(), |f| f.string_map("labels")),
            Err("`labels.k` is not a string".into())
        );
        let item = |v: &Value| Fields::of(v, "an item")?.required_text("x");
        assert_eq!(
            read(document, |f| f.list("items", item)),
            Err("in `items[0]`: `x` is missing".into())
        );
    }

    #[test]
    fn values_are_read() {
        let document =
            json!({"s": "v", "n": 7, "b": true, "l": ["x", "y"], "m": {"b": "2", "a": "1"}});
        assert_eq!(
            read(document.clone(), |f| f.required_text("s")),
            Ok("v".into())
        );
        assert_eq!(read(document.clone(), |f| f.unsigned("n")), Ok(Some(7)));
        assert_eq!(read(document.clone(), |f| f.flag("b")), Ok(true));
        assert_eq!(
            read(document.clone(), |f| f.strings("l")),
            Ok(vec!["x".into(), "y".into()])
        );
        assert_eq!(
            read(document.clone(), |f| f.keys("m")),
            Ok(vec!["a".into(), "b".into()])
        );
        let map = read(document, |f| f.string_map("m")).unwrap();
        assert_eq!(map.get("a").map(String::as_str), Some("1"));
    }
}
