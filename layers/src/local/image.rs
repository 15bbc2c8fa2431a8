//! A local image as the registry protocol sees it: references (tags) pointing at manifests,
//! and objects by digest (manifests held in memory, blobs where the archive stores them),
//! so the core's ordinary inspect flow can run over it through a transport that answers
//! `/v2/<name>/manifests/<tag|digest>` and `/v2/<name>/blobs/<digest>` with [`LocalImage::resolve`].

use std::collections::BTreeMap;

use super::files::Location;

/// What kind of archive the image came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArchiveKind {
    /// `docker save` before Docker 25: `manifest.json`, `<id>/layer.tar`; the manifest is
    /// synthesised.
    DockerSaveLegacy,
    /// `docker save` since Docker 25: an OCI layout beside `manifest.json`.
    DockerSaveOci,
    /// An OCI image layout (directory or tar).
    OciLayout,
}

/// One reference the archive holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocalReference {
    /// The name as the archive records it (`example.com/app:1.0`, or an OCI `ref.name` such
    /// as `1.0`); `None` for an untagged image.
    pub name: Option<String>,
    /// The manifest (or index) digest it points at.
    pub digest: String,
    /// That object's media type.
    pub media_type: String,
    /// True when the manifest was synthesised from a legacy `docker save` (its layer digests
    /// are the config's diff_ids, the layers being uncompressed tars): shown as such.
    pub synthesised_manifest: bool,
}

/// One object by digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Object {
    pub media_type: String,
    pub bytes: Option<Vec<u8>>,
    pub location: Option<Location>,
}

/// What a registry-style path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Bytes already held (manifests, indexes, synthesised manifests).
    Bytes {
        /// Digest of the bytes.
        digest: String,
        /// Media type.
        media_type: String,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// Bytes to read from the archive (configs, layers).
    Stored {
        /// The digest naming them (checked by whoever reads them, as for any blob).
        digest: String,
        /// Media type when known (empty otherwise).
        media_type: String,
        /// Where they are.
        location: Location,
    },
}

/// A local image archive, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalImage {
    /// Its kind.
    pub kind: ArchiveKind,
    /// The references it holds, in archive order.
    pub references: Vec<LocalReference>,
    pub(crate) objects: BTreeMap<String, Object>,
}

impl LocalImage {
    /// Answers a registry API path (or a whole URL): `/v2/<name>/manifests/<tag|digest>`
    /// or `/v2/<name>/blobs/<digest>`.
    pub fn resolve(&self, path_or_url: &str) -> Option<Resolved> {
        let path = path_or_url.split(['?', '#']).next()?;
        let (_, api) = path.split_once("/v2/")?;
        if let Some((name, reference)) = api.rsplit_once("/manifests/") {
            return self.manifest(name, reference);
        }
        if let Some((_, digest)) = api.rsplit_once("/blobs/") {
            return self.blob(digest);
        }
        None
    }

    /// A manifest by tag (matched against the archive's names) or digest.
    pub fn manifest(&self, repository: &str, reference: &str) -> Option<Resolved> {
        let digest = if reference.contains(':') {
            reference.to_string()
        } else {
            self.references
                .iter()
                .find(|r| {
                    r.name
                        .as_deref()
                        .is_some_and(|n| names_match(n, repository, reference))
                })?
                .digest
                .clone()
        };
        let object = self.objects.get(&digest)?;
        let bytes = object.bytes.clone()?;
        Some(Resolved::Bytes {
            digest,
            media_type: object.media_type.clone(),
            bytes,
        })
    }

    /// A blob (or manifest) by digest.
    pub fn blob(&self, digest: &str) -> Option<Resolved> {
        let object = self.objects.get(digest)?;
        if let Some(bytes) = &object.bytes {
            return Some(Resolved::Bytes {
                digest: digest.to_string(),
                media_type: object.media_type.clone(),
                bytes: bytes.clone(),
            });
        }
        Some(Resolved::Stored {
            digest: digest.to_string(),
            media_type: object.media_type.clone(),
            location: object.location?,
        })
    }
}

/// Whether an archive's name (`example.com/app:1.0`, `app:1.0`, `1.0`) names `repo:tag`.
fn names_match(name: &str, repository: &str, tag: &str) -> bool {
    let full = format!("{repository}:{tag}");
    name == tag
        || name == full
        || name.ends_with(&format!("/{full}"))
        || full.ends_with(&format!("/{name}"))
}

#[cfg(test)]
mod tests {
    use super::names_match;

    #[test]
    fn names_match_as_docker_writes_them() {
        assert!(names_match("example.com/app:1.0", "app", "1.0"));
        assert!(names_match("example.com/app:1.0", "example.com/app", "1.0"));
        assert!(names_match("alpine:3", "library/alpine", "3"));
        assert!(names_match("1.0", "anything", "1.0"));
        assert!(!names_match("example.com/app:1.0", "pp", "1.0"));
        assert!(!names_match("example.com/app:1.0", "app", "2.0"));
    }
}
