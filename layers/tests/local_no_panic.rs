//! No-panic properties of the local readers: random bytes, damaged archives and random JSON
//! in the places the loader reads all end in an image or a typed error.
#![cfg(feature = "build")]

use proptest::prelude::*;
use regscope_layers::build::archive::{self, ArchiveImage, ArchiveLayer};
use regscope_layers::local::read_at::load_tar_bytes;

fn sample() -> Vec<u8> {
    let layer = archive::layer_tar(&[("f".into(), b"x".to_vec())]);
    let diff = regscope_layers::lazy::check::sha256(&layer);
    archive::oci_layout_tar(&[(
        Some("v".into()),
        vec![ArchiveImage {
            config: archive::config_json("linux", "amd64", &[diff]),
            layers: vec![ArchiveLayer {
                media_type: archive::OCI_LAYER_TAR.into(),
                blob: layer,
            }],
            platform: ("linux".into(), "amd64".into(), None),
        }],
    )])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let _ = load_tar_bytes(&bytes);
    }

    #[test]
    fn damaged_archives_never_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
        let mut tar = sample();
        for (at, value) in flips {
            let i = at.index(tar.len());
            tar[i] ^= value | 1;
        }
        let keep = cut.index(tar.len() + 1);
        let _ = load_tar_bytes(&tar[..keep.max(tar.len() / 2)]);
    }

    #[test]
    fn random_json_in_the_image_files_never_panics(
        index in "[\\[\\]{}\":,a-z0-9 ]{0,80}",
        manifest in "[\\[\\]{}\":,a-zA-Z0-9 ]{0,80}",
    ) {
        let _ = load_tar_bytes(&archive::tar_of(&[("index.json".into(), index.into_bytes())]));
        let _ = load_tar_bytes(&archive::tar_of(&[("manifest.json".into(), manifest.into_bytes())]));
    }
}
