//! Writers of local image archives, for tests and for the browser tests that drop them:
//!
//! - `docker save`, legacy layout (Docker before 25; moby `image/tarexport`, spec "Docker
//!   Image Specification v1.2" for the config): `manifest.json` (`[{"Config", "RepoTags",
//!   "Layers"}]`), the config as `<hex>.json`, each layer as `<id>/layer.tar` (uncompressed)
//!   beside `<id>/VERSION` and `<id>/json`, and `repositories` (`{repo: {tag: id}}`).
//! - `docker save` since Docker 25: the same `manifest.json` and `repositories`, naming files
//!   of an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/<hex>`) beside them.
//! - an OCI image layout (OCI image-spec `image-layout.md`), as a list of files or as a tar;
//!   several platforms of one image go in an image index blob that `index.json` names.

use serde_json::{Value, json};

use super::{FIXED_MTIME, hex, sha256};

/// Media type of an OCI image manifest.
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// Media type of an OCI image index.
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// Media type of an OCI image config.
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// Media type of an uncompressed OCI layer.
pub const OCI_LAYER_TAR: &str = "application/vnd.oci.image.layer.v1.tar";

/// One layer blob as stored in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveLayer {
    /// Its media type in an OCI manifest (`docker save` always writes uncompressed tars).
    pub media_type: String,
    /// The blob's bytes.
    pub blob: Vec<u8>,
}

/// One image (one platform): its config and layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveImage {
    /// The config JSON, exactly as stored.
    pub config: Vec<u8>,
    /// Layers, bottom first.
    pub layers: Vec<ArchiveLayer>,
    /// `os`, `architecture` and optional `variant`, for an index entry.
    pub platform: (String, String, Option<String>),
}

/// A config JSON for `os`/`architecture` with these diff_ids and one history step per layer.
pub fn config_json(os: &str, architecture: &str, diff_ids: &[String]) -> Vec<u8> {
    let history: Vec<Value> = (0..diff_ids.len())
        .map(|i| {
            json!({"created": crate::lazy::time::format_rfc3339(FIXED_MTIME),
                   "created_by": format!("layer {i}")})
        })
        .collect();
    serde_json::to_vec(&json!({
        "architecture": architecture,
        "os": os,
        "created": crate::lazy::time::format_rfc3339(FIXED_MTIME),
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }))
    .expect("JSON of plain values")
}

/// An uncompressed layer tar of `files` (with parent directories), deterministic.
pub fn layer_tar(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for item in super::items(files) {
        match item {
            super::Item::Dir(p) => out.extend_from_slice(&super::tar_bytes::header(&p, true, 0)),
            super::Item::File(p, b) => {
                out.extend_from_slice(&super::tar_bytes::header(&p, false, b.len() as u64));
                out.extend_from_slice(&b);
                out.extend_from_slice(&super::tar_bytes::padding(b.len()));
            }
        }
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

/// The OCI manifest JSON of an image, with its bytes' digest.
pub fn manifest_json(image: &ArchiveImage) -> Vec<u8> {
    let layers: Vec<Value> = image
        .layers
        .iter()
        .map(
            |l| json!({"mediaType": l.media_type, "digest": sha256(&l.blob), "size": l.blob.len()}),
        )
        .collect();
    serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": sha256(&image.config), "size": image.config.len()},
        "layers": layers,
    }))
    .expect("JSON of plain values")
}

fn platform_json(image: &ArchiveImage) -> Value {
    let (os, arch, variant) = &image.platform;
    match variant {
        Some(v) => json!({"os": os, "architecture": arch, "variant": v}),
        None => json!({"os": os, "architecture": arch}),
    }
}

/// A `docker save` tarball in the legacy layout: each `(tags, image)` is one entry of
/// `manifest.json` (tags like `example.com/app:1.0`; layers must be uncompressed tars).
pub fn docker_save_legacy(images: &[(Vec<String>, ArchiveImage)]) -> Vec<u8> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut manifest = Vec::new();
    let mut repositories = serde_json::Map::new();
    for (tags, image) in images {
        let config_name = format!("{}.json", &sha256(&image.config)[7..]);
        files.push((config_name.clone(), image.config.clone()));
        let mut layer_names = Vec::new();
        let mut parent: Option<String> = None;
        let mut last_id = String::new();
        for layer in &image.layers {
            // Layer ids chain as docker's v1 ids did: hash of the parent id and the layer.
            let id = hex(&sha2_of(&[
                parent.as_deref().unwrap_or("").as_bytes(),
                &layer.blob,
            ]));
            files.push((format!("{id}/VERSION"), b"1.0".to_vec()));
            let mut v1 =
                json!({"id": id, "created": crate::lazy::time::format_rfc3339(FIXED_MTIME)});
            if let Some(p) = &parent {
                v1["parent"] = json!(p);
            }
            files.push((
                format!("{id}/json"),
                serde_json::to_vec(&v1).expect("plain JSON"),
            ));
            files.push((format!("{id}/layer.tar"), layer.blob.clone()));
            layer_names.push(format!("{id}/layer.tar"));
            parent = Some(id.clone());
            last_id = id;
        }
        for tag in tags {
            if let Some((repo, t)) = tag.rsplit_once(':') {
                let entry = repositories
                    .entry(repo.to_string())
                    .or_insert_with(|| json!({}));
                entry[t] = json!(last_id);
            }
        }
        manifest.push(json!({"Config": config_name, "RepoTags": tags, "Layers": layer_names}));
    }
    files.push((
        "manifest.json".into(),
        serde_json::to_vec(&manifest).expect("plain JSON"),
    ));
    files.push((
        "repositories".into(),
        serde_json::to_vec(&Value::Object(repositories)).expect("plain JSON"),
    ));
    tar_of(&files)
}

/// A `docker save` tarball as Docker 25 and later write it: an OCI layout plus the legacy
/// `manifest.json` and `repositories` naming its blobs.
pub fn docker_save_oci(images: &[(Vec<String>, ArchiveImage)]) -> Vec<u8> {
    let mut blobs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut index_manifests = Vec::new();
    let mut legacy = Vec::new();
    let mut repositories = serde_json::Map::new();
    for (tags, image) in images {
        let manifest = manifest_json(image);
        add_blob(&mut blobs, &image.config);
        for layer in &image.layers {
            add_blob(&mut blobs, &layer.blob);
        }
        add_blob(&mut blobs, &manifest);
        let manifest_digest = sha256(&manifest);
        for tag in tags {
            let short = tag.rsplit_once(':').map_or("latest", |(_, t)| t);
            index_manifests.push(json!({
                "mediaType": OCI_MANIFEST, "digest": manifest_digest, "size": manifest.len(),
                "annotations": {"io.containerd.image.name": tag, "org.opencontainers.image.ref.name": short},
            }));
            if let Some((repo, t)) = tag.rsplit_once(':') {
                let entry = repositories
                    .entry(repo.to_string())
                    .or_insert_with(|| json!({}));
                entry[t] = json!(manifest_digest[7..]);
            }
        }
        if tags.is_empty() {
            index_manifests.push(json!({"mediaType": OCI_MANIFEST, "digest": manifest_digest, "size": manifest.len()}));
        }
        legacy.push(json!({
            "Config": blob_path(&image.config),
            "RepoTags": tags,
            "Layers": image.layers.iter().map(|l| blob_path(&l.blob)).collect::<Vec<_>>(),
        }));
    }
    let mut files = vec![("oci-layout".to_string(), OCI_LAYOUT_FILE.to_vec())];
    files.push((
        "index.json".into(),
        serde_json::to_vec(
            &json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": index_manifests}),
        )
        .expect("plain JSON"),
    ));
    files.extend(blobs);
    files.push((
        "manifest.json".into(),
        serde_json::to_vec(&legacy).expect("plain JSON"),
    ));
    files.push((
        "repositories".into(),
        serde_json::to_vec(&Value::Object(repositories)).expect("plain JSON"),
    ));
    tar_of(&files)
}

const OCI_LAYOUT_FILE: &[u8] = br#"{"imageLayoutVersion":"1.0.0"}"#;

/// An OCI image layout as relative paths and contents: each `(ref name, platforms)` is one
/// entry of `index.json` — the image manifest itself for one platform, an image index blob
/// for several.
pub fn oci_layout_files(entries: &[(Option<String>, Vec<ArchiveImage>)]) -> Vec<(String, Vec<u8>)> {
    let mut blobs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut top = Vec::new();
    for (name, images) in entries {
        let mut descriptors = Vec::new();
        for image in images {
            let manifest = manifest_json(image);
            add_blob(&mut blobs, &image.config);
            for layer in &image.layers {
                add_blob(&mut blobs, &layer.blob);
            }
            add_blob(&mut blobs, &manifest);
            descriptors.push(
                json!({"mediaType": OCI_MANIFEST, "digest": sha256(&manifest),
                                    "size": manifest.len(), "platform": platform_json(image)}),
            );
        }
        let mut descriptor = if descriptors.len() == 1 {
            let mut only = descriptors.remove(0);
            if let Some(obj) = only.as_object_mut() {
                obj.remove("platform");
            }
            only
        } else {
            let index = serde_json::to_vec(
                &json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": descriptors}),
            )
            .expect("plain JSON");
            add_blob(&mut blobs, &index);
            json!({"mediaType": OCI_INDEX, "digest": sha256(&index), "size": index.len()})
        };
        if let Some(n) = name {
            descriptor["annotations"] = json!({"org.opencontainers.image.ref.name": n});
        }
        top.push(descriptor);
    }
    let mut files = vec![("oci-layout".to_string(), OCI_LAYOUT_FILE.to_vec())];
    files.push((
        "index.json".into(),
        serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": top}))
            .expect("plain JSON"),
    ));
    files.extend(blobs);
    files
}

/// [`oci_layout_files`] as one tar.
pub fn oci_layout_tar(entries: &[(Option<String>, Vec<ArchiveImage>)]) -> Vec<u8> {
    tar_of(&oci_layout_files(entries))
}

fn blob_path(bytes: &[u8]) -> String {
    format!("blobs/sha256/{}", &sha256(bytes)[7..])
}

fn add_blob(blobs: &mut Vec<(String, Vec<u8>)>, bytes: &[u8]) {
    let path = blob_path(bytes);
    if !blobs.iter().any(|(p, _)| *p == path) {
        blobs.push((path, bytes.to_vec()));
    }
}

fn sha2_of(parts: &[&[u8]]) -> Vec<u8> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_vec()
}

/// A tar of these files in this order (parent directories added once, before their first
/// file), every header with the fixed time, owner 0 and mode 0644/0755.
pub fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dirs_done: Vec<String> = Vec::new();
    for (path, bytes) in files {
        let mut parents = Vec::new();
        let mut p = path.as_str();
        while let Some((dir, _)) = p.rsplit_once('/') {
            parents.push(dir.to_string());
            p = dir;
        }
        for dir in parents.into_iter().rev() {
            if !dirs_done.contains(&dir) {
                out.extend_from_slice(&super::tar_bytes::header(&dir, true, 0));
                dirs_done.push(dir);
            }
        }
        out.extend_from_slice(&super::tar_bytes::header(path, false, bytes.len() as u64));
        out.extend_from_slice(bytes);
        out.extend_from_slice(&super::tar_bytes::padding(bytes.len()));
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}
