//! Images of the comparison pairs: layers whose tar mtimes and gzip header carry a given
//! time, and configs whose `created` and history dates follow it.

use std::io::Write as _;

use anyhow::{Context, Result, bail};
use flate2::{Compression, GzBuilder};

use crate::seed::blob::{Blob, sha256_digest};
use crate::seed::compress::BuiltLayer;
use crate::seed::config::{History, ImageConfig, RootFs, RuntimeConfig};
use crate::seed::descriptor::Platform;
use crate::seed::image::BuiltImage;
use crate::seed::manifest::{ImageManifest, Kind, Manifest};
use crate::seed::media;
use crate::seed::tarball::{Entry, archive};

/// When a pair's image was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Day of the build (RFC 3339 date).
    date: &'static str,
    /// The same day at midnight, seconds since the epoch: every tar mtime, and the gzip
    /// header's.
    epoch: u64,
}

impl Stamp {
    /// 2024-01-01.
    pub const FIRST: Stamp = Stamp {
        date: "2024-01-01",
        epoch: 1_704_067_200,
    };
    /// 2025-01-01, a year later.
    pub const SECOND: Stamp = Stamp {
        date: "2025-01-01",
        epoch: 1_735_689_600,
    };

    fn time(self, step: usize) -> String {
        format!("{}T00:{:02}:00Z", self.date, step % 60)
    }
}

/// `entries` as a gzip layer: every member's mtime and the gzip header's mtime are the stamp's.
pub fn layer(entries: &[Entry], stamp: Stamp) -> Result<BuiltLayer> {
    let mut tar = archive(entries)?;
    retime(&mut tar, stamp.epoch)?;
    let mut encoder = GzBuilder::new()
        .mtime(u32::try_from(stamp.epoch).context("gzip mtime")?)
        .operating_system(255)
        .write(Vec::new(), Compression::new(6));
    encoder.write_all(&tar).context("gzipping a layer")?;
    let gzip = encoder.finish().context("gzipping a layer")?;
    Ok(BuiltLayer {
        blob: Blob::new(media::OCI_LAYER_GZIP, gzip),
        diff_id: sha256_digest(&tar),
        annotations: Default::default(),
    })
}

/// Sets the mtime of every ustar header of `tar` (the pairs' archives have no pax or GNU
/// records) and its checksum.
fn retime(tar: &mut [u8], mtime: u64) -> Result<()> {
    let mut at = 0;
    while at + 512 <= tar.len() {
        let header = &mut tar[at..at + 512];
        if header.iter().all(|b| *b == 0) {
            break;
        }
        let size_field = std::str::from_utf8(&header[124..136]).context("size field")?;
        let size = u64::from_str_radix(size_field.trim_matches(|c: char| c == '\0' || c == ' '), 8)
            .context("octal size")?;
        let mtime_field = format!("{mtime:011o}\0");
        if mtime_field.len() != 12 {
            bail!("mtime {mtime} does not fit a ustar header");
        }
        header[136..148].copy_from_slice(mtime_field.as_bytes());
        header[148..156].fill(b' ');
        let sum: u32 = header.iter().map(|b| u32::from(*b)).sum();
        header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        at += 512 + usize::try_from(size.div_ceil(512) * 512).context("entry size")?;
    }
    Ok(())
}

/// An OCI image of `steps` (`(history step, layer)`, bottom first) built at `stamp`.
pub fn image(
    platform: Platform,
    steps: Vec<(&str, BuiltLayer)>,
    env: &[&str],
    stamp: Stamp,
) -> Result<BuiltImage> {
    let mut blobs = Vec::new();
    let mut descriptors = Vec::new();
    let mut diff_ids = Vec::new();
    let mut history = Vec::new();
    for (index, (created_by, layer)) in steps.iter().enumerate() {
        diff_ids.push(layer.diff_id.clone());
        descriptors.push(layer.blob.descriptor());
        blobs.push(layer.blob.clone());
        history.push(History {
            created: stamp.time(index),
            created_by: (*created_by).to_owned(),
            comment: Some("buildkit.dockerfile.v0".to_owned()),
            empty_layer: false,
        });
    }
    let mut env_list = vec!["PATH=/usr/bin:/bin".to_owned()];
    env_list.extend(env.iter().map(|e| (*e).to_owned()));
    let config = ImageConfig {
        created: stamp.time(steps.len()),
        architecture: platform.architecture.clone(),
        os: platform.os.clone(),
        variant: platform.variant.clone(),
        config: RuntimeConfig {
            env: env_list,
            cmd: vec!["/srv/app/main".to_owned()],
            ..RuntimeConfig::default()
        },
        rootfs: RootFs {
            kind: "layers",
            diff_ids,
        },
        history,
    };
    let config = Blob::new(
        media::OCI_CONFIG,
        serde_json::to_vec(&config).context("serializing an image config")?,
    );
    let document = ImageManifest {
        schema_version: 2,
        media_type: media::OCI_MANIFEST.to_owned(),
        artifact_type: None,
        config: config.descriptor(),
        layers: descriptors,
        subject: None,
        annotations: Default::default(),
    };
    let mut manifest = Manifest::from_document(media::OCI_MANIFEST, Kind::OciManifest, &document)?;
    manifest.platform = Some(platform);
    let mut all = vec![config];
    all.extend(blobs);
    Ok(BuiltImage {
        blobs: all,
        manifest,
    })
}
