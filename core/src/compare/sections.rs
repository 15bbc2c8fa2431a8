//! The shapes of one section's difference: a value, a set of names, a map by key.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// One value on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueDiff<T> {
    /// Whether both sides hold the same value.
    pub same: bool,
    /// The old image's value.
    pub old: T,
    /// The new image's value.
    pub new: T,
}

impl<T: PartialEq> ValueDiff<T> {
    /// Both values, compared.
    pub fn of(old: T, new: T) -> Self {
        ValueDiff {
            same: old == new,
            old,
            new,
        }
    }
}

/// Names present on one side only (exposed ports, volumes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetDiff {
    /// Whether both sides list the same names.
    pub same: bool,
    /// Only in the new image, sorted.
    pub added: Vec<String>,
    /// Only in the old image, sorted.
    pub removed: Vec<String>,
    /// In both, sorted.
    pub kept: Vec<String>,
}

/// Compares two lists of names as sets.
pub fn diff_set(old: &[String], new: &[String]) -> SetDiff {
    let old: BTreeSet<&String> = old.iter().collect();
    let new: BTreeSet<&String> = new.iter().collect();
    let added: Vec<String> = new.difference(&old).map(|s| (*s).clone()).collect();
    let removed: Vec<String> = old.difference(&new).map(|s| (*s).clone()).collect();
    SetDiff {
        same: added.is_empty() && removed.is_empty(),
        added,
        removed,
        kept: old.intersection(&new).map(|s| (*s).clone()).collect(),
    }
}

/// How one key differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyChangeKind {
    /// Only in the new image.
    Added,
    /// Only in the old image.
    Removed,
    /// In both, with other values.
    Changed,
}

/// One key that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyChange {
    /// The variable or label name.
    pub key: String,
    /// Added, removed or changed.
    pub kind: KeyChangeKind,
    /// The old value, when the old image has the key.
    pub old: Option<String>,
    /// The new value, when the new image has the key.
    pub new: Option<String>,
}

/// A map compared key by key (environment variables, labels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyedDiff {
    /// Whether no key differs.
    pub same: bool,
    /// The keys that differ, sorted by key.
    pub changes: Vec<KeyChange>,
    /// How many keys hold the same value on both sides.
    pub unchanged: usize,
}

/// Compares two `(key, value)` lists by key; a key given twice keeps its last value (as a
/// container runtime applies `Env`).
pub fn diff_keyed(old: &[(String, String)], new: &[(String, String)]) -> KeyedDiff {
    let old: BTreeMap<&str, &str> = old.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let new: BTreeMap<&str, &str> = new.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let keys: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for key in keys {
        let (a, b) = (old.get(key), new.get(key));
        let kind = match (a, b) {
            (Some(a), Some(b)) if a == b => {
                unchanged += 1;
                continue;
            }
            (Some(_), Some(_)) => KeyChangeKind::Changed,
            (Some(_), None) => KeyChangeKind::Removed,
            (None, _) => KeyChangeKind::Added,
        };
        changes.push(KeyChange {
            key: key.to_owned(),
            kind,
            old: a.map(|s| (*s).to_owned()),
            new: b.map(|s| (*s).to_owned()),
        });
    }
    KeyedDiff {
        same: changes.is_empty(),
        changes,
        unchanged,
    }
}
