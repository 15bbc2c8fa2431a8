//! Reading a local image's JSON (sans-IO): [`LocalLoader::next`] names the next file to
//! read (`index.json`, `manifest.json`, a manifest or index blob, a legacy config), the caller
//! reads it and [`LocalLoader::feed`]s it back; when nothing more is needed, the
//! [`LocalImage`] is ready. Layers are never read here.
//!
//! Formats: the OCI image layout (OCI image-spec `image-layout.md`: `oci-layout`,
//! `index.json`, `blobs/<alg>/<hex>`; `org.opencontainers.image.ref.name`, and containerd's
//! `io.containerd.image.name` that `docker save` writes); the legacy `docker save` tarball
//! (moby `image/tarexport`: `manifest.json` `[{"Config","RepoTags","Layers"}]`). For the
//! latter a Docker schema 2 manifest is synthesised (Docker's `image-manifest-v2-2.md`):
//! config descriptor from the config file's bytes, and for each layer the config's
//! `rootfs.diff_ids[i]` as digest with media type `…rootfs.diff.tar` (uncompressed), since
//! `layer.tar` is the uncompressed layer whose sha256 the diff_id is.

use std::collections::BTreeMap;

use serde_json::Value;

use super::error::LocalError;
use super::files::{FileMap, Location};
use super::image::{ArchiveKind, LocalImage, LocalReference, Object};
use crate::lazy::check::sha256;

/// Largest JSON file read (index, manifest, config).
pub const MAX_JSON_BYTES: u64 = 8 << 20;
/// Deepest nesting of indexes followed.
pub const MAX_INDEX_DEPTH: usize = 4;
/// Most manifests and indexes read in total.
pub const MAX_OBJECTS: usize = 10_000;

const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
const DOCKER_LAYER_TAR: &str = "application/vnd.docker.image.rootfs.diff.tar";

/// What the loader needs next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadStep {
    /// Read this file and feed it back.
    Read {
        /// Its path in the image.
        path: String,
        /// Where its bytes are.
        location: Location,
    },
    /// Everything is read.
    Ready(LocalImage),
}

/// The sans-IO loader of a local image.
#[derive(Debug, Clone)]
pub struct LocalLoader {
    files: FileMap,
    read: BTreeMap<String, Vec<u8>>,
}

enum Flow {
    Need(String),
    Fail(LocalError),
}

impl From<LocalError> for Flow {
    fn from(e: LocalError) -> Self {
        Flow::Fail(e)
    }
}

impl LocalLoader {
    /// Starts on an image's files.
    pub fn new(files: FileMap) -> LocalLoader {
        LocalLoader {
            files,
            read: BTreeMap::new(),
        }
    }

    /// The next file to read, or the image.
    pub fn next(&self) -> Result<LoadStep, LocalError> {
        match self.build() {
            Ok(image) => Ok(LoadStep::Ready(image)),
            Err(Flow::Need(path)) => match self.files.get(&path) {
                Some(location) => Ok(LoadStep::Read { path, location }),
                None => Err(LocalError::Read {
                    path,
                    why: "not in the archive".into(),
                }),
            },
            Err(Flow::Fail(e)) => Err(e),
        }
    }

    /// Takes the bytes of a file [`LocalLoader::next`] asked for.
    pub fn feed(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), LocalError> {
        let Some(location) = self.files.get(path) else {
            return Err(LocalError::Read {
                path: path.into(),
                why: "it was not asked for".into(),
            });
        };
        if bytes.len() as u64 != location.range.len() {
            return Err(LocalError::Read {
                path: path.into(),
                why: format!(
                    "{} bytes came back for a {}-byte file",
                    bytes.len(),
                    location.range.len()
                ),
            });
        }
        self.read.insert(path.to_string(), bytes);
        Ok(())
    }

    fn bytes(&self, path: &str, by: &str) -> Result<&[u8], Flow> {
        let Some(location) = self.files.get(path) else {
            return Err(Flow::Fail(LocalError::Missing {
                by: by.into(),
                path: path.into(),
            }));
        };
        if location.range.len() > MAX_JSON_BYTES {
            return Err(Flow::Fail(LocalError::TooLarge {
                what: path.into(),
                size: location.range.len(),
                limit: MAX_JSON_BYTES,
            }));
        }
        match self.read.get(path) {
            Some(b) => Ok(b),
            None => Err(Flow::Need(path.into())),
        }
    }

    fn json(&self, path: &str, by: &str) -> Result<(Value, &[u8]), Flow> {
        let bytes = self.bytes(path, by)?;
        let value = serde_json::from_slice(bytes).map_err(|e| LocalError::BadJson {
            path: path.into(),
            why: e.to_string(),
        })?;
        Ok((value, bytes))
    }

    fn build(&self) -> Result<LocalImage, Flow> {
        if self.files.has("index.json") {
            let kind = if self.files.has("manifest.json") {
                ArchiveKind::DockerSaveOci
            } else {
                ArchiveKind::OciLayout
            };
            return self.oci(kind);
        }
        if self.files.has("manifest.json") {
            return self.legacy();
        }
        Err(Flow::Fail(LocalError::NotAnImage(
            "neither index.json (an OCI layout) nor manifest.json (docker save) is at its top"
                .into(),
        )))
    }

    fn oci(&self, kind: ArchiveKind) -> Result<LocalImage, Flow> {
        let (index, _) = self.json("index.json", "the layout")?;
        let manifests = descriptors(&index, "index.json")?;
        let mut objects = BTreeMap::new();
        let mut references = Vec::new();
        let mut visits = 0usize;
        for d in &manifests {
            let name = annotation(d, "io.containerd.image.name")
                .or_else(|| annotation(d, "org.opencontainers.image.ref.name"));
            let (digest, media_type) = self.walk(d, "index.json", 0, &mut objects, &mut visits)?;
            references.push(LocalReference {
                name,
                digest,
                media_type,
                synthesised_manifest: false,
            });
        }
        Ok(LocalImage {
            kind,
            references,
            objects,
        })
    }

    /// Reads the manifest or index `d` names (recursively), records it and the blobs it
    /// names; returns its digest and media type.
    fn walk(
        &self,
        d: &Value,
        by: &str,
        depth: usize,
        objects: &mut BTreeMap<String, Object>,
        visits: &mut usize,
    ) -> Result<(String, String), Flow> {
        *visits += 1;
        if depth > MAX_INDEX_DEPTH || *visits > MAX_OBJECTS {
            return Err(Flow::Fail(LocalError::BadJson {
                path: by.into(),
                why: "indexes nest too deep or name too many manifests".into(),
            }));
        }
        let digest = string(d, "digest").unwrap_or_default();
        let path = blob_path(&digest).ok_or_else(|| LocalError::BadJson {
            path: by.into(),
            why: format!("{digest:?} is not a sha256 digest"),
        })?;
        let (value, bytes) = self.json(&path, by)?;
        let actual = sha256(bytes);
        if actual != digest {
            return Err(Flow::Fail(LocalError::DigestMismatch {
                path,
                expected: digest,
                actual,
            }));
        }
        let media_type = string(&value, "mediaType")
            .or_else(|| string(d, "mediaType"))
            .unwrap_or_default();
        objects.insert(
            digest.clone(),
            Object {
                media_type: media_type.clone(),
                bytes: Some(bytes.to_vec()),
                location: self.files.get(&path),
            },
        );
        if value.get("manifests").is_some() {
            for child in descriptors(&value, &path)? {
                // An index may name platforms whose manifests the archive does not hold
                // (`docker save` of one platform of a multi-platform image keeps the whole
                // index): those stay unresolvable, as on a registry missing them.
                let held = string(&child, "digest")
                    .and_then(|d| blob_path(&d))
                    .is_some_and(|p| self.files.has(&p));
                if held {
                    self.walk(&child, &path, depth + 1, objects, visits)?;
                }
            }
        } else {
            let config = value.get("config").into_iter();
            let layers = value
                .get("layers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten();
            for blob in config.chain(layers) {
                let Some(digest) = string(blob, "digest") else {
                    continue;
                };
                let location = blob_path(&digest).and_then(|p| self.files.get(&p));
                objects.entry(digest).or_insert(Object {
                    media_type: string(blob, "mediaType").unwrap_or_default(),
                    bytes: None,
                    location,
                });
            }
        }
        Ok((digest, media_type))
    }

    fn legacy(&self) -> Result<LocalImage, Flow> {
        let (manifest, _) = self.json("manifest.json", "the tarball")?;
        let bad = |why: String| {
            Flow::Fail(LocalError::BadJson {
                path: "manifest.json".into(),
                why,
            })
        };
        let items = manifest
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| bad("not a non-empty array of images".into()))?;
        let mut objects = BTreeMap::new();
        let mut references = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let config_path =
                string(item, "Config").ok_or_else(|| bad(format!("image {i} has no Config")))?;
            let (config, config_bytes) = self.json(&config_path, "manifest.json")?;
            let config_digest = sha256(config_bytes);
            let named_hex = config_path
                .rsplit('/')
                .next()
                .unwrap_or("")
                .trim_end_matches(".json")
                .to_string();
            if named_hex.len() == 64
                && named_hex.bytes().all(|c| c.is_ascii_hexdigit())
                && config_digest[7..] != named_hex
            {
                return Err(Flow::Fail(LocalError::DigestMismatch {
                    path: config_path,
                    expected: format!("sha256:{named_hex}"),
                    actual: config_digest,
                }));
            }
            let diff_ids = strings(config.pointer("/rootfs/diff_ids"));
            let layer_paths = strings(item.get("Layers"));
            if layer_paths.len() != diff_ids.len() {
                return Err(bad(format!(
                    "image {i} lists {} layers but its config {config_path} has {} diff_ids",
                    layer_paths.len(),
                    diff_ids.len()
                )));
            }
            let mut layers = Vec::new();
            for (path, diff_id) in layer_paths.iter().zip(&diff_ids) {
                let location = self.files.get(path).ok_or_else(|| LocalError::Missing {
                    by: "manifest.json".into(),
                    path: path.clone(),
                })?;
                layers.push(Descriptor {
                    media_type: DOCKER_LAYER_TAR,
                    size: location.range.len(),
                    digest: diff_id.clone(),
                });
                objects.entry(diff_id.clone()).or_insert(Object {
                    media_type: DOCKER_LAYER_TAR.into(),
                    bytes: None,
                    location: Some(location),
                });
            }
            let synthesised = serde_json::to_vec(&Synthesised {
                schema_version: 2,
                media_type: DOCKER_MANIFEST,
                config: Descriptor {
                    media_type: DOCKER_CONFIG,
                    size: config_bytes.len() as u64,
                    digest: config_digest.clone(),
                },
                layers,
            })
            .map_err(|e| bad(e.to_string()))?;
            let digest = sha256(&synthesised);
            objects.insert(
                config_digest.clone(),
                Object {
                    media_type: DOCKER_CONFIG.into(),
                    bytes: None,
                    location: self.files.get(&config_path),
                },
            );
            objects.insert(
                digest.clone(),
                Object {
                    media_type: DOCKER_MANIFEST.into(),
                    bytes: Some(synthesised),
                    location: None,
                },
            );
            let tags = strings(item.get("RepoTags"));
            let names: Vec<Option<String>> = if tags.is_empty() {
                vec![None]
            } else {
                tags.into_iter().map(Some).collect()
            };
            for name in names {
                references.push(LocalReference {
                    name,
                    digest: digest.clone(),
                    media_type: DOCKER_MANIFEST.into(),
                    synthesised_manifest: true,
                });
            }
        }
        Ok(LocalImage {
            kind: ArchiveKind::DockerSaveLegacy,
            references,
            objects,
        })
    }
}

/// A descriptor of the synthesised manifest. Structs, not `json!`, so that its bytes (and
/// digest) keep one key order whether or not serde_json preserves insertion order.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    media_type: &'static str,
    size: u64,
    digest: String,
}

/// The synthesised Docker schema 2 manifest, keys in the order Docker writes them.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Synthesised {
    schema_version: u32,
    media_type: &'static str,
    config: Descriptor,
    layers: Vec<Descriptor>,
}

fn descriptors(value: &Value, path: &str) -> Result<Vec<Value>, Flow> {
    let list = value
        .get("manifests")
        .and_then(Value::as_array)
        .ok_or_else(|| LocalError::BadJson {
            path: path.into(),
            why: "it has no manifests array".into(),
        })?;
    if list.len() > MAX_OBJECTS {
        return Err(Flow::Fail(LocalError::BadJson {
            path: path.into(),
            why: format!("it names {} manifests", list.len()),
        }));
    }
    Ok(list.clone())
}

fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn annotation(d: &Value, key: &str) -> Option<String> {
    d.get("annotations")
        .and_then(|a| a.get(key))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// `blobs/sha256/<hex>` for a well-formed sha256 digest.
fn blob_path(digest: &str) -> Option<String> {
    let hex = digest.strip_prefix("sha256:")?;
    (hex.len() == 64 && hex.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| format!("blobs/sha256/{hex}"))
}

/// The strings of a JSON array (anything else in it, or no array, gives none).
fn strings(array: Option<&Value>) -> Vec<String> {
    array
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
