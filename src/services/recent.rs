//! Recently inspected references, in `localStorage` (references only, never credentials).

use crate::services::storage::{self, Store};

const KEY: &str = "regscope.recent";
/// How many references are kept.
pub const MAX_RECENT: usize = 8;

/// The recent references, newest first.
pub fn list() -> Vec<String> {
    let Some(text) = storage::get(Store::Local, KEY) else {
        return Vec::new();
    };
    match serde_json::from_slice::<serde_json::Value>(text.as_bytes()) {
        Ok(serde_json::Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Puts `reference` first in the list.
pub fn remember(reference: &str) {
    let list = push(list(), reference);
    storage::set(
        Store::Local,
        KEY,
        &serde_json::to_string(&serde_json::Value::from(list)).unwrap_or_default(),
    );
}

/// `reference` first, without duplicates, at most [`MAX_RECENT`] entries.
fn push(mut list: Vec<String>, reference: &str) -> Vec<String> {
    list.retain(|r| r != reference);
    list.insert(0, reference.to_string());
    list.truncate(MAX_RECENT);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates() {
        let list = push(vec!["a".into(), "b".into()], "b");
        assert_eq!(list, ["b", "a"]);
        let mut long: Vec<String> = (0..MAX_RECENT).map(|i| i.to_string()).collect();
        long = push(long, "new");
        assert_eq!(long.len(), MAX_RECENT);
        assert_eq!(long[0], "new");
    }
}
