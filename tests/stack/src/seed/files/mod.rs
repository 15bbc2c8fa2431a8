//! The images of the Files tab's tests (`files/*`): a layer of 20,000+ files, the same tree
//! under each codec (zstd, uncompressed, Docker gzip), a layered image exercising whiteouts,
//! links, modes and long names, and the lazy formats (eStargz, zstd:chunked).

pub mod content;
pub mod formats;
pub mod layered;
pub mod lazy;
pub mod many;

use anyhow::Result;

use super::compress::{BuiltLayer, Codec};
use super::config::RuntimeConfig;
use super::descriptor::Platform;
use super::image::{self, BuiltImage, Flavor, ImageSpec, Step};
use super::plan::RepoPlan;
use super::tarball::archive;

/// Every `files/*` repository.
pub fn plans() -> Result<Vec<RepoPlan>> {
    Ok(vec![
        one(
            "files/many",
            Flavor::Oci,
            vec![(
                "ADD rootfs.tar / # 20,000+ files",
                BuiltLayer::of(&archive(&many::entries())?, Codec::Gzip)?,
            )],
        )?,
        one(
            "files/zstd",
            Flavor::Oci,
            vec![("COPY app / # zstd", formats::app_layer(Codec::Zstd)?)],
        )?,
        one(
            "files/uncompressed",
            Flavor::Oci,
            vec![(
                "COPY app / # uncompressed",
                formats::app_layer(Codec::Uncompressed)?,
            )],
        )?,
        one(
            "files/docker",
            Flavor::Docker,
            vec![(
                "COPY app / # docker gzip",
                formats::app_layer(Codec::DockerGzip)?,
            )],
        )?,
        one(
            "files/estargz",
            Flavor::Oci,
            vec![("COPY app / # eStargz", lazy::estargz())],
        )?,
        one(
            "files/zstd-chunked",
            Flavor::Oci,
            vec![("COPY app / # zstd:chunked", lazy::zstd_chunked())],
        )?,
        one(
            "files/layered",
            Flavor::Oci,
            layered::built()?
                .into_iter()
                .zip([
                    "ADD base.tar /",
                    "RUN whiteouts, opaque directory, overwrites",
                    "RUN re-create, retype",
                ])
                .map(|(layer, step)| (step, layer))
                .collect(),
        )?,
    ])
}

/// An image of `layers` (`(history step, layer)`, bottom first), linux/amd64.
pub fn image(flavor: Flavor, layers: Vec<(&str, BuiltLayer)>) -> Result<BuiltImage> {
    image::build(&ImageSpec {
        platform: Platform::linux("amd64", None),
        flavor,
        steps: layers
            .into_iter()
            .map(|(created_by, layer)| Step::Built {
                created_by: created_by.to_owned(),
                layer,
            })
            .collect(),
        runtime: RuntimeConfig {
            env: vec!["PATH=/usr/bin:/bin".to_owned()],
            cmd: vec!["/bin/sh".to_owned()],
            ..RuntimeConfig::default()
        },
    })
}

/// A repository holding one such image as `latest`.
pub fn one(repository: &str, flavor: Flavor, layers: Vec<(&str, BuiltLayer)>) -> Result<RepoPlan> {
    let built = image(flavor, layers)?;
    let mut plan = RepoPlan::new(repository);
    plan.add_blobs(built.blobs);
    plan.tagged(built.manifest, &["latest"]);
    Ok(plan)
}
