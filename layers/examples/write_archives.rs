//! Writes the local image archives the browser tests drop on the page, with the values the
//! views must show (`expected.json`): a legacy `docker save`, a Docker 25 `docker save` (OCI
//! layout inside), an OCI layout tar with two platforms, an OCI layout folder, three refused
//! files (truncated; no `manifest.json` or `index.json`; gzip-compressed), and a legacy `docker save` past
//! 4 GiB (a first member of 4 GiB of zeros, sparse on disk) to time the opening of a big file.
//!
//! `cargo run -p regscope-layers --example write_archives -- OUTDIR [--no-big]`

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use regscope_layers::build::archive::{
    ArchiveImage, ArchiveLayer, OCI_LAYER_TAR, docker_save_legacy, docker_save_oci, layer_tar,
    manifest_json, oci_layout_files, oci_layout_tar, tar_of,
};
use regscope_layers::lazy::check::sha256;
use serde_json::{Value, json};

/// Size of the filler member of the big archive.
const BIG_FILLER: u64 = 4 << 30;

/// One image: a config with a command, labels and history, and two small layers.
fn image(flavour: &str, architecture: &str, variant: Option<&str>) -> ArchiveImage {
    let layers = [
        layer_tar(&[(
            "etc/os-release".into(),
            format!("ID=regscope-{flavour}\n").into_bytes(),
        )]),
        layer_tar(&[(
            "usr/bin/app".into(),
            format!("#!/bin/sh\necho {flavour} {architecture}\n").into_bytes(),
        )]),
    ];
    let diff_ids: Vec<String> = layers.iter().map(|l| sha256(l)).collect();
    let mut config = json!({
        "architecture": architecture,
        "os": "linux",
        "created": "2024-05-01T12:00:00Z",
        "config": {
            "Env": ["PATH=/usr/bin:/bin", format!("FLAVOUR={flavour}")],
            "Cmd": ["/usr/bin/app", "--serve"],
            "Labels": {"org.example.flavour": flavour},
        },
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [
            {"created": "2024-05-01T11:00:00Z", "created_by": format!("ADD {flavour}-rootfs.tar /")},
            {"created": "2024-05-01T12:00:00Z", "created_by": format!("COPY app-{architecture} /usr/bin/app")},
        ],
    });
    if let Some(v) = variant {
        config["variant"] = json!(v);
    }
    ArchiveImage {
        config: serde_json::to_vec(&config).expect("plain JSON"),
        layers: layers
            .into_iter()
            .map(|blob| ArchiveLayer {
                media_type: OCI_LAYER_TAR.into(),
                blob,
            })
            .collect(),
        platform: (
            "linux".into(),
            architecture.into(),
            variant.map(str::to_string),
        ),
    }
}

/// What the views must show of one platform's image.
fn facts(image: &ArchiveImage, manifest_digest: &str) -> Value {
    let config: Value = serde_json::from_slice(&image.config).expect("plain JSON");
    json!({
        "manifest_digest": manifest_digest,
        "config_digest": sha256(&image.config),
        "layers": image.layers.iter().map(|l| json!({"digest": sha256(&l.blob), "size": l.blob.len()})).collect::<Vec<_>>(),
        "diff_ids": config["rootfs"]["diff_ids"],
        "architecture": image.platform.1,
        "variant": image.platform.2,
        "cmd": config["config"]["Cmd"],
        "labels": config["config"]["Labels"],
        "history": config["history"].as_array().map(|h| h.iter().map(|s| s["created_by"].clone()).collect::<Vec<_>>()),
    })
}

/// The digest of the schema 2 manifest the loader synthesises for a legacy save.
fn synthesised_digest(tar: &[u8]) -> String {
    let image = regscope_layers::local::read_at::load_tar_bytes(tar).expect("a readable archive");
    image.references[0].digest.clone()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("writing {name}: {e}"));
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: write_archives OUTDIR [--no-big]");
        std::process::exit(2);
    };
    let big = !args.any(|a| a == "--no-big");
    let dir = Path::new(&out);
    fs::create_dir_all(dir).expect("the output folder");

    let legacy_image = image("legacy", "amd64", None);
    let legacy = docker_save_legacy(&[(vec!["example.com/app:1.0".into()], legacy_image.clone())]);
    write(dir, "app-legacy.tar", &legacy);

    let docker25_image = image("docker25", "amd64", None);
    let docker25 = docker_save_oci(&[(vec!["example.com/app:2.0".into()], docker25_image.clone())]);
    write(dir, "app-docker25.tar", &docker25);

    let amd64 = image("multi", "amd64", None);
    let arm64 = image("multi", "arm64", Some("v8"));
    let two = [(Some("3.0".to_string()), vec![amd64.clone(), arm64.clone()])];
    write(dir, "app-two-platforms.tar", &oci_layout_tar(&two));
    let index_digest = oci_layout_files(&two)
        .into_iter()
        .find(|(p, _)| p == "index.json")
        .and_then(|(_, b)| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| v["manifests"][0]["digest"].as_str().map(str::to_string))
        .expect("index.json names the index");

    let folder_image = image("folder", "riscv64", None);
    let folder_files = oci_layout_files(&[(Some("4.0".into()), vec![folder_image.clone()])]);
    let folder = dir.join("app-layout");
    for (path, bytes) in &folder_files {
        let target = folder.join(path);
        fs::create_dir_all(target.parent().expect("a parent")).expect("a folder");
        fs::write(&target, bytes).expect("a file");
    }

    // Compressed (docker save | gzip): refused with words, the tar inside is what is read.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&legacy).expect("gzip in memory");
    write(
        dir,
        "app-legacy.tar.gz",
        &gz.finish().expect("gzip in memory"),
    );

    // Hostile: cut inside the second member; and a tar with no image in it.
    write(dir, "truncated.tar", &legacy[..legacy.len() / 2]);
    write(
        dir,
        "no-manifest.tar",
        &tar_of(&[("notes/readme.txt".into(), b"not an image\n".to_vec())]),
    );

    let expected = json!({
        "legacy": {"file": "app-legacy.tar", "reference": "file.invalid/app-legacy.tar/example.com/app:1.0",
                   "synthesised": true, "top_digest": synthesised_digest(&legacy),
                   "platforms": [facts(&legacy_image, &synthesised_digest(&legacy))]},
        "docker25": {"file": "app-docker25.tar", "reference": "file.invalid/app-docker25.tar/example.com/app:2.0",
                     "synthesised": false, "top_digest": sha256(&manifest_json(&docker25_image)),
                     "platforms": [facts(&docker25_image, &sha256(&manifest_json(&docker25_image)))]},
        "two_platforms": {"file": "app-two-platforms.tar", "reference": "file.invalid/app-two-platforms.tar:3.0",
                          "synthesised": false, "top_digest": index_digest,
                          "platforms": [facts(&amd64, &sha256(&manifest_json(&amd64))), facts(&arm64, &sha256(&manifest_json(&arm64)))]},
        "folder": {"file": "app-layout", "reference": "file.invalid/app-layout:4.0",
                   "synthesised": false, "top_digest": sha256(&manifest_json(&folder_image)),
                   "platforms": [facts(&folder_image, &sha256(&manifest_json(&folder_image)))]},
        "big": if big {
            json!({"file": "app-big.tar", "reference": "file.invalid/app-big.tar/example.com/app:1.0", "bytes": BIG_FILLER + 512 + legacy.len() as u64})
        } else { Value::Null },
    });
    write(
        dir,
        "expected.json",
        &serde_json::to_vec_pretty(&expected).expect("plain JSON"),
    );

    if big {
        // A member of BIG_FILLER zero bytes (sparse: only its header is written), then the
        // legacy save's members.
        let mut header = tar::Header::new_ustar();
        header.set_path("filler.bin").expect("a short name");
        header.set_size(BIG_FILLER);
        header.set_mode(0o644);
        header.set_mtime(1_700_000_000);
        header.set_cksum();
        let mut file = fs::File::create(dir.join("app-big.tar")).expect("app-big.tar");
        file.write_all(header.as_bytes()).expect("write");
        file.seek(SeekFrom::Current(BIG_FILLER as i64))
            .expect("seek");
        file.write_all(&legacy).expect("write");
    }
    println!("{}", dir.display());
}
