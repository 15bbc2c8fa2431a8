//! Which compression a layer blob uses, read from its media type.

use serde::{Deserialize, Serialize};

/// How a layer blob is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compression {
    /// gzip (RFC 1952), possibly several members one after another.
    Gzip,
    /// Zstandard (RFC 8878), possibly several frames, skippable frames allowed.
    Zstd,
    /// A plain tar stream.
    None,
}

impl Compression {
    /// The compression a layer media type names, for OCI and Docker layer types (including the
    /// non-distributable / foreign ones); `None` (the `Option`) for a media type that is not a
    /// tar layer at all (a config, a manifest, a Helm chart, an unknown artifact).
    pub fn from_media_type(media_type: &str) -> Option<Compression> {
        // Parameters (`; charset=…`) never change the format.
        let base = media_type.split(';').next().unwrap_or("").trim();
        let base = base.to_ascii_lowercase();
        match base.as_str() {
            // Docker schema 2: layers, foreign layers, and the legacy tar+gzip of `docker save`.
            "application/vnd.docker.image.rootfs.diff.tar.gzip"
            | "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" => {
                return Some(Compression::Gzip);
            }
            "application/vnd.docker.image.rootfs.diff.tar"
            | "application/vnd.docker.image.rootfs.foreign.diff.tar" => {
                return Some(Compression::None);
            }
            "application/vnd.docker.image.rootfs.diff.tar.zstd" => return Some(Compression::Zstd),
            _ => {}
        }
        // OCI: application/vnd.oci.image.layer.v1.tar[+gzip|+zstd] and the deprecated
        // application/vnd.oci.image.layer.nondistributable.v1.tar[+gzip|+zstd].
        let rest = base
            .strip_prefix("application/vnd.oci.image.layer.v1.tar")
            .or_else(|| {
                base.strip_prefix("application/vnd.oci.image.layer.nondistributable.v1.tar")
            })?;
        match rest {
            "" => Some(Compression::None),
            "+gzip" => Some(Compression::Gzip),
            "+zstd" => Some(Compression::Zstd),
            _ => None,
        }
    }

    /// A short name for messages: `gzip`, `zstd` or `tar`.
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::None => "tar",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Compression;

    #[test]
    fn media_types_map_to_their_compression() {
        let rows: &[(&str, Option<Compression>)] = &[
            (
                "application/vnd.oci.image.layer.v1.tar",
                Some(Compression::None),
            ),
            (
                "application/vnd.oci.image.layer.v1.tar+gzip",
                Some(Compression::Gzip),
            ),
            (
                "application/vnd.oci.image.layer.v1.tar+zstd",
                Some(Compression::Zstd),
            ),
            (
                "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
                Some(Compression::Gzip),
            ),
            (
                "application/vnd.oci.image.layer.nondistributable.v1.tar",
                Some(Compression::None),
            ),
            (
                "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
                Some(Compression::Zstd),
            ),
            (
                "application/vnd.docker.image.rootfs.diff.tar.gzip",
                Some(Compression::Gzip),
            ),
            (
                "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
                Some(Compression::Gzip),
            ),
            (
                "application/vnd.docker.image.rootfs.diff.tar",
                Some(Compression::None),
            ),
            (
                "Application/VND.OCI.image.layer.v1.tar+gzip; foo=bar",
                Some(Compression::Gzip),
            ),
            ("application/vnd.oci.image.config.v1+json", None),
            ("application/vnd.oci.image.layer.v1.tar+bzip2", None),
            ("application/vnd.cncf.helm.chart.content.v1.tar+gzip", None),
            ("", None),
        ];
        for (media_type, want) in rows {
            assert_eq!(
                Compression::from_media_type(media_type),
                *want,
                "{media_type}"
            );
        }
    }
}
