//! The archive writers checked by a real tool: `skopeo inspect` (containers/image) reads the
//! `docker save` tarballs (`docker-archive:`) and the OCI layouts (`oci:` directory,
//! `oci-archive:` tar) written by `build::archive`, and sees the same config and layers as
//! `local` does.
#![cfg(feature = "build")]

use std::process::Command;

use regscope_layers::build::archive::{self, ArchiveImage, ArchiveLayer};
use regscope_layers::lazy::check::sha256;
use serde_json::Value;

fn image() -> ArchiveImage {
    let base = archive::layer_tar(&[("etc/os-release".into(), b"ID=skopeo-check\n".to_vec())]);
    let top = archive::layer_tar(&[("app/run".into(), b"#!/bin/sh\necho hi\n".to_vec())]);
    let diff_ids = vec![sha256(&base), sha256(&top)];
    ArchiveImage {
        config: archive::config_json("linux", "arm64", &diff_ids),
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
        platform: ("linux".into(), "arm64".into(), None),
    }
}

fn skopeo(args: &[&str]) -> Value {
    let out = Command::new("skopeo")
        .args(args)
        .output()
        .expect("skopeo is installed (Debian's skopeo, beside the benchmarks)");
    assert!(
        out.status.success(),
        "skopeo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("skopeo prints JSON")
}

fn check(transport_ref: &str, img: &ArchiveImage) {
    let config = skopeo(&["inspect", "--config", transport_ref]);
    assert_eq!(config["architecture"], "arm64", "{transport_ref}");
    let diff_ids: Vec<String> = img.layers.iter().map(|l| sha256(&l.blob)).collect();
    assert_eq!(config["rootfs"]["diff_ids"], serde_json::json!(diff_ids));
    let inspect = skopeo(&["inspect", transport_ref]);
    assert_eq!(
        inspect["Layers"],
        serde_json::json!(diff_ids),
        "{transport_ref}"
    );
}

#[test]
fn skopeo_reads_what_the_writers_write() {
    let img = image();
    let dir = std::env::temp_dir().join(format!("regscope-skopeo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let legacy = dir.join("legacy.tar");
    std::fs::write(
        &legacy,
        archive::docker_save_legacy(&[(vec!["example.com/app:1.0".into()], img.clone())]),
    )
    .unwrap();
    check(&format!("docker-archive:{}", legacy.display()), &img);
    let modern = dir.join("modern.tar");
    std::fs::write(
        &modern,
        archive::docker_save_oci(&[(vec!["example.com/app:1.0".into()], img.clone())]),
    )
    .unwrap();
    check(&format!("docker-archive:{}", modern.display()), &img);
    let layout_tar = dir.join("layout.tar");
    let entries = vec![(Some("v1".to_string()), vec![img.clone()])];
    std::fs::write(&layout_tar, archive::oci_layout_tar(&entries)).unwrap();
    check(&format!("oci-archive:{}:v1", layout_tar.display()), &img);
    let layout_dir = dir.join("layout");
    for (path, bytes) in archive::oci_layout_files(&entries) {
        let target = layout_dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    check(&format!("oci:{}:v1", layout_dir.display()), &img);
    std::fs::remove_dir_all(&dir).unwrap();
}
