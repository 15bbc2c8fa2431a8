//! Local image archives written by `build::archive`, read by `local` and inspected with the
//! core's ordinary flow over a transport that answers from the archive (no network): legacy
//! and OCI `docker save` tarballs, OCI layouts as a directory and as a tar, several tags and
//! several platforms; and hostile archives, refused with clear errors.
#![cfg(feature = "build")]

use regscope_core::manifest::Kind;
use regscope_core::{Client, Reference, Request, Response, Transport, TransportError};
use regscope_layers::build::archive::{self, ArchiveImage, ArchiveLayer};
use regscope_layers::lazy::check::sha256;
use regscope_layers::lazy::range::ByteRange;
use regscope_layers::local::error::LocalError;
use regscope_layers::local::files::FileMap;
use regscope_layers::local::image::{ArchiveKind, LocalImage, Resolved};
use regscope_layers::local::read_at::{index_tar, load, load_tar_bytes};

/// Answers registry requests from a local image: bytes held, or read from the dropped files.
struct LocalTransport {
    image: LocalImage,
    files: Vec<Vec<u8>>,
}

impl Transport for LocalTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let (status, headers, body) = match self.image.resolve(&request.url) {
            Some(Resolved::Bytes {
                digest,
                media_type,
                bytes,
            }) => (
                200,
                vec![
                    ("Content-Type", media_type),
                    ("Docker-Content-Digest", digest),
                ],
                bytes,
            ),
            Some(Resolved::Stored {
                digest,
                media_type,
                location,
            }) => {
                let file = &self.files[location.file];
                let bytes =
                    file[location.range.start as usize..location.range.end as usize].to_vec();
                (
                    200,
                    vec![
                        ("Content-Type", media_type),
                        ("Docker-Content-Digest", digest),
                    ],
                    bytes,
                )
            }
            None => (
                404,
                vec![("Content-Type", "application/json".to_string())],
                br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"not in the archive"}]}"#
                    .to_vec(),
            ),
        };
        Ok(Response {
            status,
            headers: headers
                .into_iter()
                .map(|(n, v)| (n.to_string(), v))
                .collect(),
            body: if request.method == regscope_core::Method::Head {
                Vec::new()
            } else {
                body
            },
            path: "local".into(),
        })
    }
}

fn now() -> u64 {
    0
}

fn reference(text: &str) -> Reference {
    text.parse().expect("test references parse")
}

fn image(arch: &str, files: &[(&str, &str)]) -> ArchiveImage {
    let files: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    let base = archive::layer_tar(&[(
        "etc/os-release".into(),
        format!("ID=test-{arch}\n").into_bytes(),
    )]);
    let top = archive::layer_tar(&files);
    let diff_ids = vec![sha256(&base), sha256(&top)];
    ArchiveImage {
        config: archive::config_json("linux", arch, &diff_ids),
        layers: vec![
            ArchiveLayer {
                media_type: archive::OCI_LAYER_TAR.into(),
                blob: base,
            },
            ArchiveLayer {
                media_type: archive::OCI_LAYER_TAR.into(),
                blob: top,
            },
        ],
        platform: ("linux".into(), arch.into(), None),
    }
}

async fn inspect(
    image: LocalImage,
    files: Vec<Vec<u8>>,
    text: &str,
    platform: Option<&str>,
) -> regscope_core::Inspection {
    let client = Client::new(LocalTransport { image, files }, now);
    client
        .inspect(
            &reference(text),
            platform.map(|p| p.parse().unwrap()).as_ref(),
        )
        .await
        .unwrap_or_else(|e| panic!("inspecting {text}: {e}"))
}

fn assert_image_matches(inspection: &regscope_core::Inspection, expected: &ArchiveImage) {
    let config = inspection.config.as_ref().expect("a config");
    assert_eq!(config.architecture(), expected.platform.1);
    let manifest = &inspection.image().manifest;
    assert_eq!(manifest.layers().len(), expected.layers.len());
    for (descriptor, layer) in manifest.layers().iter().zip(&expected.layers) {
        assert_eq!(descriptor.size(), layer.blob.len() as u64);
    }
    assert_eq!(
        inspection.config_blob.as_ref().unwrap().bytes,
        expected.config
    );
    assert_eq!(config.diff_ids().len(), expected.layers.len());
}

#[tokio::test(flavor = "current_thread")]
async fn legacy_docker_save_is_inspected_through_a_synthesised_manifest() {
    let a = image("amd64", &[("app/run.sh", "echo a")]);
    let b = image("arm64", &[("app/run.sh", "echo b")]);
    let tar = archive::docker_save_legacy(&[
        (
            vec![
                "example.com/app:1.0".into(),
                "example.com/app:latest".into(),
            ],
            a.clone(),
        ),
        (vec!["example.com/other:2".into()], b.clone()),
    ]);
    let local = load_tar_bytes(&tar).unwrap();
    assert_eq!(local.kind, ArchiveKind::DockerSaveLegacy);
    let names: Vec<_> = local
        .references
        .iter()
        .map(|r| r.name.clone().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "example.com/app:1.0",
            "example.com/app:latest",
            "example.com/other:2"
        ]
    );
    assert!(local.references.iter().all(|r| r.synthesised_manifest));
    // One key order whatever serde_json's features (the app builds it with preserve_order):
    // the synthesised manifest's digest is the same in the browser and natively.
    match local.resolve(&format!("/v2/app/manifests/{}", local.references[0].digest)) {
        Some(Resolved::Bytes { bytes, .. }) => assert!(
            bytes.starts_with(br#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":"#),
            "{}",
            String::from_utf8_lossy(&bytes)
        ),
        other => panic!("{other:?}"),
    }
    let inspection = inspect(local.clone(), vec![tar.clone()], "local.test/app:1.0", None).await;
    assert_eq!(inspection.top.manifest.kind(), Kind::DockerSchema2);
    assert_image_matches(&inspection, &a);
    // The synthesised layer digests are the diff_ids, and each one is the layer.tar served.
    for (descriptor, layer) in inspection.top.manifest.layers().iter().zip(&a.layers) {
        assert_eq!(descriptor.digest(), sha256(&layer.blob));
        match local.resolve(&format!("/v2/app/blobs/{}", descriptor.digest())) {
            Some(Resolved::Stored { location, .. }) => assert_eq!(
                &tar[location.range.start as usize..location.range.end as usize],
                &layer.blob[..]
            ),
            other => panic!("{other:?}"),
        }
    }
    let other = inspect(local, vec![tar], "local.test/other:2", None).await;
    assert_image_matches(&other, &b);
}

#[tokio::test(flavor = "current_thread")]
async fn docker_save_with_an_oci_layout_is_inspected() {
    let a = image("amd64", &[("srv/index.html", "<p>hi</p>")]);
    let tar = archive::docker_save_oci(&[(vec!["example.com/web:3".into()], a.clone())]);
    let local = load_tar_bytes(&tar).unwrap();
    assert_eq!(local.kind, ArchiveKind::DockerSaveOci);
    assert!(!local.references[0].synthesised_manifest);
    let inspection = inspect(local, vec![tar], "local.test/web:3", None).await;
    assert_eq!(inspection.top.manifest.kind(), Kind::OciManifest);
    assert_eq!(inspection.top.digest, sha256(&archive::manifest_json(&a)));
    assert_image_matches(&inspection, &a);
}

#[tokio::test(flavor = "current_thread")]
async fn an_oci_layout_tar_with_several_platforms_is_inspected_per_platform() {
    let amd = image("amd64", &[("bin/tool", "amd")]);
    let arm = image("arm64", &[("bin/tool", "arm")]);
    let single = image("s390x", &[("bin/tool", "z")]);
    let entries = vec![
        (Some("multi".to_string()), vec![amd.clone(), arm.clone()]),
        (Some("single".to_string()), vec![single.clone()]),
    ];
    let tar = archive::oci_layout_tar(&entries);
    let local = load_tar_bytes(&tar).unwrap();
    assert_eq!(local.kind, ArchiveKind::OciLayout);
    assert_eq!(local.references.len(), 2);
    let top = inspect(local.clone(), vec![tar.clone()], "local.test/x:multi", None).await;
    assert_eq!(top.top.manifest.kind(), Kind::OciIndex);
    let platforms: Vec<String> = top
        .top
        .manifest
        .platforms()
        .map(|d| d.platform().unwrap().to_string())
        .collect();
    assert_eq!(platforms, ["linux/amd64", "linux/arm64"]);
    assert_image_matches(&top, &amd);
    let arm_view = inspect(
        local.clone(),
        vec![tar.clone()],
        "local.test/x:multi",
        Some("linux/arm64"),
    )
    .await;
    assert_image_matches(&arm_view, &arm);
    let s = inspect(local, vec![tar], "local.test/x:single", None).await;
    assert_image_matches(&s, &single);
}

#[tokio::test(flavor = "current_thread")]
async fn an_oci_layout_directory_is_read_from_its_files() {
    let amd = image("amd64", &[("bin/tool", "amd")]);
    let files = archive::oci_layout_files(&[(Some("v1".to_string()), vec![amd.clone()])]);
    // As a browser gives a dropped folder: paths under the folder's name, one File each.
    let listing: Vec<(String, u64)> = files
        .iter()
        .map(|(p, b)| (format!("layout/{p}"), b.len() as u64))
        .collect();
    let contents: Vec<Vec<u8>> = files.into_iter().map(|(_, b)| b).collect();
    let map = FileMap::from_directory(&listing);
    let mut reads = 0;
    let local = load(map, |l| {
        reads += 1;
        Ok(contents[l.file][l.range.start as usize..l.range.end as usize].to_vec())
    })
    .unwrap();
    assert_eq!(reads, 2, "index.json and the manifest, nothing else");
    let inspection = inspect(local, contents, "local.test/anything:v1", None).await;
    assert_image_matches(&inspection, &amd);
}

#[test]
fn the_tar_index_reads_headers_only() {
    let big = image("amd64", &[("data/blob", &"x".repeat(3_000_000))]);
    let tar = archive::docker_save_legacy(&[(vec!["a:1".into()], big)]);
    let mut read = 0u64;
    let index = index_tar(tar.len() as u64, |r: ByteRange| {
        read += r.len();
        Ok(tar[r.start as usize..r.end as usize].to_vec())
    })
    .unwrap();
    assert!(index.members.contains_key("manifest.json"));
    assert!(
        read < 20 * 512,
        "{read} bytes read to index a {}-byte tar",
        tar.len()
    );
}

fn header(name: &str, size_field: &[u8], kind: u8) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    h[100..108].copy_from_slice(b"0000644\0");
    h[124..124 + size_field.len()].copy_from_slice(size_field);
    h[156] = kind;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

#[test]
fn hostile_archives_are_refused_with_clear_errors() {
    let good = archive::docker_save_legacy(&[(vec!["a:1".into()], image("amd64", &[("f", "x")]))]);
    // Truncated in the middle of a member.
    let err = load_tar_bytes(&good[..good.len() / 2]).unwrap_err();
    assert!(matches!(err, LocalError::Truncated { .. }), "{err}");
    // A member claiming a huge size.
    let mut huge = header("big", b"77777777777\0", b'0').to_vec();
    huge.extend_from_slice(&[0; 1024]);
    let err = load_tar_bytes(&huge).unwrap_err();
    assert!(
        matches!(err, LocalError::Truncated { ref what, .. } if what.contains("big")),
        "{err}"
    );
    // A `..` member name.
    let mut escape = header("../etc/passwd", b"00000000000\0", b'0').to_vec();
    escape.extend_from_slice(&[0; 1024]);
    assert_eq!(
        load_tar_bytes(&escape).unwrap_err(),
        LocalError::UnsafeName {
            name: "../etc/passwd".into()
        }
    );
    // Not a tar at all.
    assert!(matches!(
        load_tar_bytes(&[7u8; 2048]).unwrap_err(),
        LocalError::BadHeader { offset: 0 }
    ));
    // A tar without manifest.json or index.json.
    let plain = archive::tar_of(&[("README".into(), b"hi".to_vec())]);
    assert!(matches!(
        load_tar_bytes(&plain).unwrap_err(),
        LocalError::NotAnImage(_)
    ));
}

#[test]
fn json_that_lies_is_refused() {
    let img = image("amd64", &[("f", "x")]);
    // manifest.json names a config that is not there.
    let lying = archive::tar_of(&[(
        "manifest.json".into(),
        br#"[{"Config":"nope.json","RepoTags":["a:1"],"Layers":[]}]"#.to_vec(),
    )]);
    assert_eq!(
        load_tar_bytes(&lying).unwrap_err(),
        LocalError::Missing {
            by: "manifest.json".into(),
            path: "nope.json".into()
        }
    );
    // More layers listed than the config has diff_ids.
    let hex = &sha256(&img.config)[7..];
    let mut files = vec![(format!("{hex}.json"), img.config.clone())];
    files.push(("l/layer.tar".into(), img.layers[0].blob.clone()));
    files.push((
        "manifest.json".into(),
        format!(
            r#"[{{"Config":"{hex}.json","Layers":["l/layer.tar","l/layer.tar","l/layer.tar"]}}]"#
        )
        .into_bytes(),
    ));
    let err = load_tar_bytes(&archive::tar_of(&files)).unwrap_err();
    assert!(
        matches!(err, LocalError::BadJson { ref why, .. } if why.contains("3 layers")),
        "{err}"
    );
    // A config whose bytes are not the digest its name claims.
    let other = "0".repeat(64);
    let files = vec![
        (format!("{other}.json"), img.config.clone()),
        (
            "manifest.json".into(),
            format!(r#"[{{"Config":"{other}.json","Layers":[]}}]"#).into_bytes(),
        ),
    ];
    assert!(matches!(
        load_tar_bytes(&archive::tar_of(&files)).unwrap_err(),
        LocalError::DigestMismatch { .. }
    ));
    // An index.json naming a blob whose bytes differ.
    let mut layout = archive::oci_layout_files(&[(Some("v".into()), vec![img])]);
    let manifest = layout
        .iter_mut()
        .find(|(p, b)| {
            // The manifest: the blob whose JSON has `config` and `layers` (key order depends on
            // how serde_json was built, so look at the parsed value, not the first bytes).
            p.starts_with("blobs/")
                && serde_json::from_slice::<serde_json::Value>(b)
                    .is_ok_and(|v| v.get("config").is_some() && v.get("layers").is_some())
        })
        .unwrap();
    manifest.1.push(b' ');
    let err = load_tar_bytes(&archive::tar_of(&layout)).unwrap_err();
    assert!(matches!(err, LocalError::DigestMismatch { .. }), "{err}");
    // index.json that is not JSON.
    let bad = archive::tar_of(&[("index.json".into(), b"{not json".to_vec())]);
    assert!(matches!(
        load_tar_bytes(&bad).unwrap_err(),
        LocalError::BadJson { .. }
    ));
}

#[tokio::test(flavor = "current_thread")]
async fn an_index_naming_platforms_the_archive_lacks_still_serves_the_one_it_holds() {
    let amd = image("amd64", &[("bin/tool", "amd")]);
    let arm = image("arm64", &[("bin/tool", "arm")]);
    let mut files =
        archive::oci_layout_files(&[(Some("multi".to_string()), vec![amd.clone(), arm.clone()])]);
    // Drop the arm64 manifest blob, as `docker save` of one platform does.
    let arm_manifest = format!(
        "blobs/sha256/{}",
        &sha256(&archive::manifest_json(&arm))[7..]
    );
    files.retain(|(p, _)| *p != arm_manifest);
    let tar = archive::tar_of(&files);
    let local = load_tar_bytes(&tar).unwrap();
    let view = inspect(
        local.clone(),
        vec![tar.clone()],
        "local.test/x:multi",
        Some("linux/amd64"),
    )
    .await;
    assert_image_matches(&view, &amd);
    let client = Client::new(
        LocalTransport {
            image: local,
            files: vec![tar],
        },
        now,
    );
    let missing = client
        .inspect(
            &reference("local.test/x:multi"),
            Some(&"linux/arm64".parse().unwrap()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(missing, regscope_core::Error::NotFound { .. }),
        "{missing}"
    );
}
