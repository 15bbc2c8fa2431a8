//! A layer's tar compressed the deterministic way (gzip as every seeded layer, zstd with
//! `ruzstd`'s pure-Rust encoder, or left as is) and wrapped as a blob with its diff id.

use std::collections::BTreeMap;
use std::io::Write as _;

use anyhow::{Context, Result};
use flate2::{Compression, GzBuilder};

use super::blob::{Blob, sha256_digest};
use super::media;

/// gzip level of the Files images (as [`super::layer`]'s).
const GZIP_LEVEL: u32 = 6;

/// How a layer's tar is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// gzip, OCI media type.
    Gzip,
    /// zstd, OCI media type.
    Zstd,
    /// The tar as is, OCI media type.
    Uncompressed,
    /// gzip, Docker media type.
    DockerGzip,
}

impl Codec {
    /// The layer media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Codec::Gzip => media::OCI_LAYER_GZIP,
            Codec::Zstd => media::OCI_LAYER_ZSTD,
            Codec::Uncompressed => media::OCI_LAYER_TAR,
            Codec::DockerGzip => media::DOCKER_LAYER_GZIP,
        }
    }
}

/// A layer ready for a manifest: the blob, the diff id the config lists, and the
/// descriptor's annotations.
#[derive(Debug, Clone)]
pub struct BuiltLayer {
    /// The blob as pushed.
    pub blob: Blob,
    /// `rootfs.diff_ids` entry (normally the sha256 of the uncompressed tar).
    pub diff_id: String,
    /// Annotations of the layer descriptor (the lazy formats' TOC digests).
    pub annotations: BTreeMap<String, String>,
}

impl BuiltLayer {
    /// `tar` compressed with `codec`.
    pub fn of(tar: &[u8], codec: Codec) -> Result<Self> {
        let bytes = match codec {
            Codec::Gzip | Codec::DockerGzip => gzip(tar)?,
            Codec::Zstd => zstd(tar),
            Codec::Uncompressed => tar.to_vec(),
        };
        Ok(Self {
            blob: Blob::new(codec.media_type(), bytes),
            diff_id: sha256_digest(tar),
            annotations: BTreeMap::new(),
        })
    }

    /// A layer whose blob and diff id are given as they are (hostile layers).
    pub fn raw(media_type: &str, bytes: Vec<u8>, diff_id: String) -> Self {
        Self {
            blob: Blob::new(media_type, bytes),
            diff_id,
            annotations: BTreeMap::new(),
        }
    }
}

/// gzip with fixed level, mtime 0 and OS byte 255.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), Compression::new(GZIP_LEVEL));
    encoder.write_all(bytes).context("gzipping a layer")?;
    encoder.finish().context("gzipping a layer")
}

/// One zstd frame from ruzstd's "fastest" level (deterministic: no threads, no dictionary).
pub fn zstd(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn every_codec_decodes_back_to_the_tar() {
        let tar = super::super::tarball::archive(&[super::super::tarball::Entry::file(
            "a.txt",
            "hello ".repeat(1000),
        )])
        .expect("tar");
        for codec in [
            Codec::Gzip,
            Codec::Zstd,
            Codec::Uncompressed,
            Codec::DockerGzip,
        ] {
            let layer = BuiltLayer::of(&tar, codec).expect("layer");
            let mut back = Vec::new();
            match codec {
                Codec::Gzip | Codec::DockerGzip => {
                    flate2::read::GzDecoder::new(layer.blob.bytes.as_slice())
                        .read_to_end(&mut back)
                        .expect("gunzip");
                }
                Codec::Zstd => {
                    ruzstd::decoding::StreamingDecoder::new(layer.blob.bytes.as_slice())
                        .expect("zstd frame")
                        .read_to_end(&mut back)
                        .expect("unzstd");
                }
                Codec::Uncompressed => back.clone_from(&layer.blob.bytes),
            }
            assert_eq!(back, tar, "{codec:?}");
            assert_eq!(layer.diff_id, sha256_digest(&tar));
            assert_eq!(layer.blob.media_type, codec.media_type());
        }
    }
}
