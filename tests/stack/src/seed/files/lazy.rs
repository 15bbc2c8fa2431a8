//! `files/estargz` and `files/zstd-chunked`: the application tree written by the layers
//! crate's deterministic lazy-format writers, in 64 KiB chunks so the larger files span
//! several gzip members / zstd frames; the layer descriptors carry the TOC annotations the
//! writers return.

use regscope_layers::build::{BuildOptions, BuiltLazyLayer, estargz_with, zstd_chunked_with};

use super::formats::app_tree;
use crate::seed::compress::BuiltLayer;
use crate::seed::tarball::Kind;

/// The chunk size of both layers.
pub const CHUNK_SIZE: usize = 64 << 10;

/// The application tree's regular files as `(path, content)`.
fn files() -> Vec<(String, Vec<u8>)> {
    app_tree()
        .into_iter()
        .filter_map(|entry| match entry.kind {
            Kind::File(bytes) => Some((entry.path, bytes)),
            _ => None,
        })
        .collect()
}

fn options() -> BuildOptions {
    BuildOptions {
        chunk_size: CHUNK_SIZE,
    }
}

fn layer(built: BuiltLazyLayer) -> BuiltLayer {
    let mut layer = BuiltLayer::raw(&built.media_type, built.blob, built.diff_id);
    layer.annotations = built.annotations;
    layer
}

/// The eStargz layer.
pub fn estargz() -> BuiltLayer {
    layer(estargz_with(&files(), options()))
}

/// The zstd:chunked layer.
pub fn zstd_chunked() -> BuiltLayer {
    layer(zstd_chunked_with(&files(), options()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_descriptors_carry_the_toc_annotations() {
        let estargz = estargz();
        assert!(
            estargz
                .annotations
                .contains_key("containerd.io/snapshot/stargz/toc.digest")
        );
        assert_eq!(estargz.blob.media_type, crate::seed::media::OCI_LAYER_GZIP);
        let zstd = zstd_chunked();
        assert!(
            zstd.annotations
                .contains_key("io.github.containers.zstd-chunked.manifest-checksum")
        );
        assert_eq!(zstd.blob.media_type, crate::seed::media::OCI_LAYER_ZSTD);
    }
}
