//! Test documents for the readers of `json_value`: a valid example with the value at each
//! place replaced by values of every JSON type, to compare a reader with the derived code.

use serde_json::{Value, json};

/// Values of every JSON type and shape: scalars, arrays (short, long, mixed) and objects.
pub(crate) fn replacements() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(3),
        json!(-3),
        json!(1.5),
        json!(1e30),
        json!("x"),
        json!([]),
        json!(["x", "y"]),
        json!([1]),
        json!(["m", "sha256:ab", 3]),
        json!(["m", "sha256:ab", 3, null, {}, [], "a", "extra"]),
        json!([null, "a", null, "c", true]),
        json!(["a", ["b"], null, "d", "e", "f", "g", {"h": "i"}, "j", "k"]),
        json!({}),
        json!({"a": 1}),
        json!({"a": "b", "c": "d"}),
    ]
}

fn paths(value: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        let mut next = at.clone();
        next.push(key);
        paths(child, next, out);
    }
}

/// `example` with the value at each place (but the root) replaced by each of `replacements()`,
/// with a description of the change.
pub(crate) fn variants(example: &Value) -> Vec<(String, Value)> {
    let mut all = Vec::new();
    paths(example, Vec::new(), &mut all);
    let mut out = Vec::new();
    for path in all.iter().filter(|p| !p.is_empty()) {
        for replacement in replacements() {
            let mut document = example.clone();
            let mut slot = &mut document;
            for key in path {
                slot = match slot {
                    Value::Array(items) => &mut items[key.parse::<usize>().unwrap()],
                    other => &mut other[key.as_str()],
                };
            }
            *slot = replacement.clone();
            out.push((format!("{path:?} = {replacement}"), document));
        }
    }
    out
}
