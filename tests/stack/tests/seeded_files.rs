//! Seeds the Files tab's images into a throw-away CNCF registry (Debian's `docker-registry`, on a port in
//! 18600-18639, storage in a temporary folder), then pulls the Files tab's images (`files/*`,
//! `hostile/*`) back: each manifest and blob by digest, each layer's content against its
//! config's diff id, and the blob origin's injected fault on the same storage.

mod support;

use std::collections::BTreeMap;
use std::io::Read as _;

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use support::{Origin, Registry, seed};

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// One pulled image: its manifest, config, and every blob by digest.
struct Pulled {
    manifest: Value,
    config: Value,
    layers: Vec<(Value, Vec<u8>)>,
}

impl Pulled {
    fn diff_ids(&self) -> Vec<String> {
        self.config["rootfs"]["diff_ids"]
            .as_array()
            .expect("diff_ids")
            .iter()
            .map(|v| v.as_str().expect("diff id").to_owned())
            .collect()
    }

    fn layer(&self, index: usize) -> &[u8] {
        &self.layers[index].1
    }
}

/// Pulls `repository:tag`, checking the manifest's and every blob's digest and size.
async fn pull(http: &reqwest::Client, base: &str, row: &Value) -> Pulled {
    let repository = row["repository"].as_str().expect("repository");
    let tag = row["tag"].as_str().expect("tag");
    let response = http
        .get(format!("{base}/v2/{repository}/manifests/{tag}"))
        .header("accept", row["media_type"].as_str().expect("media type"))
        .send()
        .await
        .expect("manifest GET");
    assert_eq!(response.status(), 200, "{repository}:{tag}");
    let header = response
        .headers()
        .get("docker-content-digest")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.bytes().await.expect("manifest body");
    let digest = row["digest"].as_str().expect("digest");
    assert_eq!(header.as_deref(), Some(digest), "{repository}:{tag}");
    assert_eq!(sha256(&body), digest, "{repository}:{tag}");
    let manifest: Value = serde_json::from_slice(&body).expect("manifest JSON");
    let blob = |descriptor: &Value| {
        let url = format!(
            "{base}/v2/{repository}/blobs/{}",
            descriptor["digest"].as_str().expect("digest")
        );
        let descriptor = descriptor.clone();
        async move {
            let bytes = http
                .get(url)
                .send()
                .await
                .expect("blob GET")
                .bytes()
                .await
                .expect("blob body")
                .to_vec();
            assert_eq!(Some(sha256(&bytes).as_str()), descriptor["digest"].as_str());
            assert_eq!(Some(bytes.len() as u64), descriptor["size"].as_u64());
            bytes
        }
    };
    let config = serde_json::from_slice(&blob(&manifest["config"]).await).expect("config JSON");
    let mut layers = Vec::new();
    for descriptor in manifest["layers"].as_array().expect("layers") {
        layers.push((descriptor.clone(), blob(descriptor).await));
    }
    Pulled {
        manifest,
        config,
        layers,
    }
}

fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

/// Every zstd frame decoded and concatenated; skippable frames (zstd:chunked's TOC, tar-split
/// and footer) contribute nothing.
fn unzstd(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while rest.len() >= 8 {
        let magic = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
        if magic & 0xffff_fff0 == 0x184d_2a50 {
            let len = u32::from_le_bytes(rest[4..8].try_into().expect("4 bytes")) as usize;
            rest = &rest[8 + len..];
            continue;
        }
        let mut decoder = ruzstd::decoding::StreamingDecoder::new(&mut rest).expect("zstd frame");
        decoder.read_to_end(&mut out).expect("zstd data");
    }
    assert!(rest.is_empty(), "trailing bytes after the last frame");
    out
}

/// The tar of a layer, by its media type.
fn tar_of(descriptor: &Value, blob: &[u8]) -> Vec<u8> {
    match descriptor["mediaType"].as_str().expect("media type") {
        "application/vnd.oci.image.layer.v1.tar" => blob.to_vec(),
        "application/vnd.oci.image.layer.v1.tar+zstd" => unzstd(blob),
        _ => gunzip(blob).expect("gzip"),
    }
}

/// Member names and types of a tar.
fn members(tar: &[u8]) -> Vec<(String, tar::EntryType)> {
    let mut archive = tar::Archive::new(tar);
    archive
        .entries()
        .expect("entries")
        .map(|e| {
            let e = e.expect("entry");
            (
                String::from_utf8_lossy(&e.path_bytes()).into_owned(),
                e.header().entry_type(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_files_and_hostile_image_pulls_back_by_digest() {
    let registry = Registry::start();
    let started = std::time::Instant::now();
    let seeded = seed(&registry, &["files/", "hostile/"]);
    eprintln!(
        "seeded {} references into {} in {:.1} s",
        seeded.len(),
        registry.base,
        started.elapsed().as_secs_f64()
    );
    // In a workspace build reqwest has the relay's rustls-no-provider feature: pick ring first.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let mut images: BTreeMap<String, Pulled> = BTreeMap::new();
    for row in &seeded {
        let repository = row["repository"].as_str().expect("repository");
        if repository.starts_with("files/") || repository.starts_with("hostile/") {
            images.insert(
                repository.to_owned(),
                pull(&http, &registry.base, row).await,
            );
        }
    }
    for name in [
        "files/many",
        "files/zstd",
        "files/uncompressed",
        "files/docker",
        "files/estargz",
        "files/zstd-chunked",
        "files/layered",
        "hostile/traversal",
        "hostile/pax-huge-record",
        "hostile/pax-huge-header",
        "hostile/gnu-huge-name",
        "hostile/bomb",
        "hostile/zstd-bomb",
        "hostile/truncated-gzip",
        "hostile/bad-checksum",
        "hostile/diff-id-mismatch",
        "hostile/digest-mismatch",
        "hostile/link-loops",
    ] {
        assert!(images.contains_key(name), "{name} was not seeded");
    }

    // Every well-formed layer decodes to the tar its config names.
    for (name, image) in images.iter().filter(|(n, _)| n.starts_with("files/")) {
        let diff_ids = image.diff_ids();
        assert_eq!(diff_ids.len(), image.layers.len(), "{name}");
        for ((descriptor, blob), diff_id) in image.layers.iter().zip(&diff_ids) {
            assert_eq!(&sha256(&tar_of(descriptor, blob)), diff_id, "{name}");
        }
    }
    let media = |name: &str| {
        images[name].manifest["layers"][0]["mediaType"]
            .as_str()
            .expect("media type")
            .to_owned()
    };
    assert_eq!(
        media("files/zstd"),
        "application/vnd.oci.image.layer.v1.tar+zstd"
    );
    assert_eq!(
        media("files/uncompressed"),
        "application/vnd.oci.image.layer.v1.tar"
    );
    assert_eq!(
        media("files/docker"),
        "application/vnd.docker.image.rootfs.diff.tar.gzip"
    );
    let app = images["files/uncompressed"].diff_ids();
    assert_eq!(
        images["files/zstd"].diff_ids(),
        app,
        "one tree, three codecs"
    );
    assert_eq!(
        images["files/docker"].diff_ids(),
        app,
        "one tree, three codecs"
    );

    let many = members(&gunzip(images["files/many"].layer(0)).expect("gzip"));
    let files = many
        .iter()
        .filter(|(_, kind)| *kind == tar::EntryType::Regular)
        .count();
    assert!(files >= 20_000, "files/many holds {files} files");

    let annotations = |name: &str| images[name].manifest["layers"][0]["annotations"].clone();
    assert!(annotations("files/estargz")["containerd.io/snapshot/stargz/toc.digest"].is_string());
    assert!(
        annotations("files/zstd-chunked")["io.github.containers.zstd-chunked.manifest-checksum"]
            .is_string()
    );

    let layered = &images["files/layered"];
    assert_eq!(layered.layers.len(), 3);
    let names: Vec<String> = (0..3)
        .flat_map(|i| members(&gunzip(layered.layer(i)).expect("gzip")))
        .map(|(name, _)| name)
        .collect();
    for wanted in [
        "var/cache/app/.wh..wh..opq",
        "opt/.wh.old",
        "srv/café-naïve-日本語.txt",
        "data/hardlink.bin",
    ] {
        assert!(names.iter().any(|n| n == wanted), "{wanted}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.len() > 100 && n.ends_with("pax-path-record.txt"))
    );
    assert!(
        names
            .iter()
            .any(|n| n.len() > 100 && n.ends_with("gnu-long-name-entry.txt"))
    );

    // The hostile layers are what they claim to be.
    let bomb = images["hostile/bomb"].layer(0);
    assert!(bomb.len() < 5 << 20, "the bomb is small: {}", bomb.len());
    let zstd_bomb = &images["hostile/zstd-bomb"];
    assert!(zstd_bomb.layer(0).len() < 200 << 10);
    assert_eq!(
        zstd_bomb.diff_ids(),
        images["hostile/bomb"].diff_ids(),
        "one expansion"
    );
    assert!(gunzip(images["hostile/truncated-gzip"].layer(0)).is_err());
    let mismatch = &images["hostile/diff-id-mismatch"];
    assert_ne!(
        sha256(&gunzip(mismatch.layer(0)).expect("gzip")),
        mismatch.diff_ids()[0]
    );
    let traversal = members(&gunzip(images["hostile/traversal"].layer(0)).expect("gzip"));
    assert!(traversal.iter().any(|(n, _)| n.starts_with("../")));
    assert!(traversal.iter().any(|(n, _)| n.starts_with('/')));
    assert_eq!(images["hostile/link-loops"].layers.len(), 2);

    // The blob origin over the same storage serves the digest-mismatch layer wrong, and the
    // others right.
    let origin = Origin::start(&registry);
    let tampered = &images["hostile/digest-mismatch"].layers[0];
    let digest = tampered.0["digest"].as_str().expect("digest");
    let served = origin.get_blob(&http, digest).await;
    assert_eq!(served.len(), tampered.1.len(), "same length");
    assert_ne!(sha256(&served), digest, "other bytes");
    let honest = &images["files/uncompressed"].layers[0];
    let digest = honest.0["digest"].as_str().expect("digest");
    assert_eq!(sha256(&origin.get_blob(&http, digest).await), digest);
}
