//! Which lazy format a layer is in, read from its descriptor (media type and annotations)
//! before any byte of it is fetched.
//!
//! - eStargz (`docs/estargz.md`, containerd/stargz-snapshotter): a gzip layer whose
//!   descriptor carries `containerd.io/snapshot/stargz/toc.digest`. A gzip layer without it may
//!   still be eStargz (or legacy stargz): only its footer tells, see [`crate::lazy::footer`].
//! - zstd:chunked (containers/storage `pkg/chunked`): a zstd layer whose descriptor carries
//!   `io.github.containers.zstd-chunked.manifest-checksum` and, usually,
//!   `…manifest-position` = `offset:length:uncompressedLength:type` (type 1: the CRFS-style
//!   TOC), which lets the TOC be read in one request.

use std::collections::BTreeMap;

use super::error::LazyError;

/// The eStargz TOC digest annotation (sha256 of the TOC JSON).
pub const ESTARGZ_TOC_DIGEST: &str = "containerd.io/snapshot/stargz/toc.digest";
/// The eStargz uncompressed-size annotation.
pub const ESTARGZ_UNCOMPRESSED_SIZE: &str = "io.containers.estargz.uncompressed-size";
/// The zstd:chunked manifest (TOC) checksum annotation: sha256 of the compressed TOC.
pub const ZSTD_MANIFEST_CHECKSUM: &str = "io.github.containers.zstd-chunked.manifest-checksum";
/// The zstd:chunked manifest position annotation.
pub const ZSTD_MANIFEST_POSITION: &str = "io.github.containers.zstd-chunked.manifest-position";
/// The zstd:chunked tar-split position annotation.
pub const ZSTD_TARSPLIT_POSITION: &str = "io.github.containers.zstd-chunked.tarsplit-position";
/// Name of the TOC's tar entry in an eStargz layer.
pub const TOC_TAR_NAME: &str = "stargz.index.json";

/// A lazily readable layer format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LazyFormat {
    /// eStargz (or legacy stargz): gzip members and a `stargz.index.json` TOC.
    Estargz,
    /// zstd:chunked: zstd frames and a TOC in a skippable frame.
    ZstdChunked,
}

/// Where the zstd:chunked TOC lies, from the `manifest-position` annotation or the footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManifestPosition {
    /// Offset of the compressed TOC in the blob (after the skippable frame's 8-byte header).
    pub offset: u64,
    /// Its compressed length.
    pub length: u64,
    /// Its uncompressed length.
    pub uncompressed_length: u64,
    /// Manifest type; 1 is the only one defined (a TOC).
    pub kind: u64,
}

impl ManifestPosition {
    /// Reads `offset:length:uncompressedLength:type`.
    pub fn parse(text: &str) -> Result<ManifestPosition, LazyError> {
        let bad = || LazyError::BadAnnotation {
            key: ZSTD_MANIFEST_POSITION.into(),
            value: text.chars().take(80).collect(),
        };
        let parts: Vec<u64> = text
            .split(':')
            .map(|p| p.trim().parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let [offset, length, uncompressed_length, kind] = parts[..] else {
            return Err(bad());
        };
        Ok(ManifestPosition {
            offset,
            length,
            uncompressed_length,
            kind,
        })
    }
}

/// What a layer descriptor says about lazy reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// The format.
    pub format: LazyFormat,
    /// The blob's size (the descriptor's `size`).
    pub blob_size: u64,
    /// The TOC digest the descriptor pins (`None`: the TOC can be read but not verified).
    pub toc_digest: Option<String>,
    /// zstd:chunked: where the TOC is, when the descriptor says so.
    pub manifest_position: Option<ManifestPosition>,
}

/// Reads a layer descriptor: `Ok(Some)` for an eStargz or zstd:chunked layer (by its
/// annotations), `Ok(None)` for any other layer, `Err` when an annotation is present but
/// malformed. A gzip layer without the TOC annotation is `None` here; [`probe_unannotated`] reads it
/// through its footer instead.
pub fn detect(
    media_type: &str,
    blob_size: u64,
    annotations: &BTreeMap<String, String>,
) -> Result<Option<Detection>, LazyError> {
    let media = media_type.to_ascii_lowercase();
    if let Some(checksum) = annotations.get(ZSTD_MANIFEST_CHECKSUM) {
        if !media.contains("zstd") {
            return Ok(None);
        }
        let manifest_position = annotations
            .get(ZSTD_MANIFEST_POSITION)
            .map(|p| ManifestPosition::parse(p))
            .transpose()?;
        return Ok(Some(Detection {
            format: LazyFormat::ZstdChunked,
            blob_size,
            toc_digest: Some(checksum.clone()),
            manifest_position,
        }));
    }
    if let Some(digest) = annotations.get(ESTARGZ_TOC_DIGEST)
        && (media.contains("gzip") || media.ends_with(".tar"))
    {
        return Ok(Some(Detection {
            format: LazyFormat::Estargz,
            blob_size,
            toc_digest: Some(digest.clone()),
            manifest_position: None,
        }));
    }
    Ok(None)
}

/// A gzip (or zstd) layer whose descriptor names no TOC, read as a candidate: its footer will
/// say whether it is eStargz (or zstd:chunked), and its TOC is then shown as not verified.
pub fn probe_unannotated(media_type: &str, blob_size: u64) -> Option<Detection> {
    let media = media_type.to_ascii_lowercase();
    let format = if media.contains("zstd") {
        LazyFormat::ZstdChunked
    } else if media.contains("gzip") {
        LazyFormat::Estargz
    } else {
        return None;
    };
    Some(Detection {
        format,
        blob_size,
        toc_digest: None,
        manifest_position: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn descriptors_are_told_apart() {
        let gz = "application/vnd.oci.image.layer.v1.tar+gzip";
        let zst = "application/vnd.oci.image.layer.v1.tar+zstd";
        let e = detect(gz, 10, &ann(&[(ESTARGZ_TOC_DIGEST, "sha256:aa")]))
            .unwrap()
            .unwrap();
        assert_eq!(e.format, LazyFormat::Estargz);
        assert_eq!(e.toc_digest.as_deref(), Some("sha256:aa"));
        let z = detect(
            zst,
            10,
            &ann(&[
                (ZSTD_MANIFEST_CHECKSUM, "sha256:bb"),
                (ZSTD_MANIFEST_POSITION, "100:20:40:1"),
            ]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(z.format, LazyFormat::ZstdChunked);
        assert_eq!(
            z.manifest_position,
            Some(ManifestPosition {
                offset: 100,
                length: 20,
                uncompressed_length: 40,
                kind: 1
            })
        );
        assert_eq!(detect(gz, 10, &ann(&[])).unwrap(), None);
        assert_eq!(
            detect(zst, 10, &ann(&[(ESTARGZ_TOC_DIGEST, "sha256:aa")])).unwrap(),
            None
        );
        for bad in ["1:2:3", "a:b:c:d", "1:2:3:4:5", "-1:2:3:1", ""] {
            assert!(matches!(
                detect(
                    zst,
                    1,
                    &ann(&[
                        (ZSTD_MANIFEST_CHECKSUM, "sha256:bb"),
                        (ZSTD_MANIFEST_POSITION, bad)
                    ])
                ),
                Err(LazyError::BadAnnotation { .. })
            ));
        }
        assert_eq!(
            probe_unannotated(gz, 5).map(|d| d.format),
            Some(LazyFormat::Estargz)
        );
        assert_eq!(
            probe_unannotated("application/vnd.oci.image.layer.v1.tar", 5),
            None
        );
    }
}
