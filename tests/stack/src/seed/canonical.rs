//! JSON bytes that do not depend on how serde_json was built: object keys written in sorted
//! order. serde_json keeps insertion order when any crate of the build turns on its
//! `preserve_order` feature (the app does, so a workspace build has it) and sorts keys
//! otherwise; seeded blobs written from `Value`s must hash the same either way, or their pinned
//! digests would hold in one build and not the other.

use serde_json::{Map, Value};

/// `value` with every object's keys in sorted order, whatever the map type keeps.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                out.insert(key.clone(), sorted(&map[key]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The compact JSON of `value`, keys sorted at every level.
pub fn json_bytes(value: &Value) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&sorted(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_out_sorted_at_every_level_whatever_the_insertion_order() {
        let mut inner = Map::new();
        inner.insert("z".into(), Value::from(1));
        inner.insert("a".into(), Value::from(2));
        let mut outer = Map::new();
        outer.insert("b".into(), Value::Array(vec![Value::Object(inner)]));
        outer.insert("a".into(), Value::Null);
        let bytes = json_bytes(&Value::Object(outer)).unwrap();
        assert_eq!(bytes, br#"{"a":null,"b":[{"a":2,"z":1}]}"#);
    }
}
