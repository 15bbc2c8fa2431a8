//! A fetched document's raw JSON as a tree, for showing it as the registry sent it (with
//! serde_json's `preserve_order`, which the app turns on, keys stay in the registry's order).

use serde_json::Value;

/// The JSON tree of `bytes`; `None` when they are not JSON (show them as text then).
pub fn json_tree(bytes: &[u8]) -> Option<Value> {
    serde_json::from_slice(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_reads_and_anything_else_does_not() {
        let tree = json_tree(br#"{"schemaVersion":2,"layers":[]}"#).expect("JSON");
        assert_eq!(tree["schemaVersion"], 2);
        assert!(json_tree(b"not json").is_none());
        assert!(json_tree(b"").is_none());
        assert!(json_tree(&[0xff, 0xfe]).is_none());
    }
}
