//! Immutable objects (manifests and blobs fetched by digest) kept for the page session, so no
//! request is made twice for the same object.

use std::collections::VecDeque;

/// Objects larger than this are not kept.
pub const MAX_OBJECT_BYTES: usize = 4 * 1024 * 1024;
/// At most this many bytes are kept in all; the oldest objects go first.
pub const MAX_TOTAL_BYTES: usize = 32 * 1024 * 1024;

/// A content-addressed object as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedObject {
    /// The Content-Type the registry sent.
    pub content_type: String,
    /// The exact bytes.
    pub bytes: Vec<u8>,
}

/// Objects by registry host and digest, bounded in size, oldest evicted first.
#[derive(Clone, Debug, Default)]
pub struct ObjectCache {
    /// (host, digest, object), oldest first. Searched in order: a page keeps tens of objects,
    /// and a map type would add its own code to the wasm bundle.
    objects: VecDeque<(String, String, CachedObject)>,
    total: usize,
}

impl ObjectCache {
    /// The object with `digest` on registry `host`, if kept.
    pub fn get(&self, host: &str, digest: &str) -> Option<&CachedObject> {
        self.objects
            .iter()
            .find(|(h, d, _)| h == host && d == digest)
            .map(|(_, _, object)| object)
    }

    /// Keeps an object whose bytes were verified against `digest`.
    pub fn insert(&mut self, host: &str, digest: &str, object: CachedObject) {
        let size = object.bytes.len();
        if size > MAX_OBJECT_BYTES || self.get(host, digest).is_some() {
            return;
        }
        while self.total + size > MAX_TOTAL_BYTES {
            let Some((_, _, evicted)) = self.objects.pop_front() else {
                break;
            };
            self.total -= evicted.bytes.len();
        }
        self.total += size;
        self.objects
            .push_back((host.to_string(), digest.to_string(), object));
    }

    /// How many objects are kept.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(size: usize) -> CachedObject {
        CachedObject {
            content_type: "x".into(),
            bytes: vec![0; size],
        }
    }

    #[test]
    fn keeps_and_evicts_oldest_first() {
        let mut cache = ObjectCache::default();
        cache.insert("h", "a", object(MAX_OBJECT_BYTES));
        assert!(cache.get("h", "a").is_some());
        assert!(cache.get("other", "a").is_none());
        for i in 0..8 {
            cache.insert("h", &format!("d{i}"), object(MAX_OBJECT_BYTES));
        }
        assert!(cache.get("h", "a").is_none(), "the oldest went first");
        assert_eq!(cache.len(), 8);
        cache.insert("h", "huge", object(MAX_OBJECT_BYTES + 1));
        assert!(cache.get("h", "huge").is_none());
    }
}
