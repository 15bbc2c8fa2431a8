//! Which seeded repository holds a blob: the CDN hosts get only a digest in their URL, but the
//! stack registry serves blobs per repository.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::{Method, StatusCode};

use super::upstream::{Forward, Upstream};

/// Digest to seeded repository, learned as registries redirect and filled by search.
#[derive(Debug, Default)]
pub struct BlobIndex {
    known: Mutex<HashMap<String, String>>,
}

impl BlobIndex {
    /// Remembers that `repository` holds `digest`.
    pub fn remember(&self, digest: &str, repository: &str) {
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(digest.to_owned(), repository.to_owned());
    }

    /// The remembered repository of `digest`.
    pub fn known(&self, digest: &str) -> Option<String> {
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(digest)
            .cloned()
    }

    /// A seeded repository holding `digest`: remembered, or found by asking each one.
    pub async fn locate(&self, upstream: &Upstream, digest: &str) -> Option<String> {
        if let Some(repository) = self.known(digest) {
            return Some(repository);
        }
        for repository in upstream.repositories().await.ok()? {
            let path = format!("/v2/{repository}/blobs/{digest}");
            let found = upstream
                .fetch(Method::HEAD, &path, &Forward::default())
                .await
                .is_ok_and(|answer| answer.status == StatusCode::OK);
            if found {
                self.remember(digest, &repository);
                return Some(repository);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_digests() {
        let index = BlobIndex::default();
        assert_eq!(index.known("sha256:a"), None);
        index.remember("sha256:a", "library/alpine");
        assert_eq!(index.known("sha256:a").as_deref(), Some("library/alpine"));
    }
}
