//! What to push to one repository: blobs first, then manifests in dependency order.

use super::blob::Blob;
use super::manifest::Manifest;

/// One manifest to push, by digest and/or under tags.
#[derive(Debug, Clone)]
pub struct Push {
    /// The manifest.
    pub manifest: Manifest,
    /// Tags to put it under.
    pub tags: Vec<String>,
    /// Whether to also put it by digest (always done when there are no tags).
    pub by_digest: bool,
}

impl Push {
    /// The references (`tag` or digest) it is pushed under, digest first.
    pub fn references(&self) -> Vec<&str> {
        let mut refs = Vec::new();
        if self.by_digest || self.tags.is_empty() {
            refs.push(self.manifest.digest.as_str());
        }
        refs.extend(self.tags.iter().map(String::as_str));
        refs
    }
}

/// Everything pushed to one repository.
#[derive(Debug, Clone)]
pub struct RepoPlan {
    /// Repository name, e.g. `library/alpine`.
    pub repository: String,
    /// Blobs, without duplicates.
    pub blobs: Vec<Blob>,
    /// Manifests, children before the indexes and artifacts that reference them.
    pub pushes: Vec<Push>,
}

impl RepoPlan {
    /// An empty plan for `repository`.
    pub fn new(repository: &str) -> Self {
        Self {
            repository: repository.to_owned(),
            blobs: Vec::new(),
            pushes: Vec::new(),
        }
    }

    /// Adds blobs, skipping digests already present.
    pub fn add_blobs(&mut self, blobs: impl IntoIterator<Item = Blob>) {
        for blob in blobs {
            if !self.blobs.iter().any(|b| b.digest == blob.digest) {
                self.blobs.push(blob);
            }
        }
    }

    /// Adds a manifest pushed by digest only.
    pub fn untagged(&mut self, manifest: Manifest) {
        self.pushes.push(Push {
            manifest,
            tags: Vec::new(),
            by_digest: true,
        });
    }

    /// Adds a manifest pushed under `tags`.
    pub fn tagged(&mut self, manifest: Manifest, tags: &[&str]) {
        self.pushes.push(Push {
            manifest,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            by_digest: false,
        });
    }
}
