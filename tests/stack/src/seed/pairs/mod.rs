//! The comparison pairs (`compare/*`): two builds of the same inputs at different times, a
//! package whose files changed over a shared base layer, an added and a removed layer, and a
//! two-platform index whose platforms differ in one file. What each pair must compare to is
//! written in tests/stack/README.md and checked by the layers' `compare_against_registry`.

mod build;
mod trees;

use anyhow::Result;

use super::compress::BuiltLayer;
use super::descriptor::Platform;
use super::manifest::Manifest;
use super::plan::RepoPlan;
use build::{Stamp, image, layer};

/// Every `compare/*` repository.
pub fn plans() -> Result<Vec<RepoPlan>> {
    Ok(vec![rebuild()?, package()?, layers()?, platforms()?])
}

/// `compare/rebuild:v1` and `:v2`: the same two layers and config built a year apart; only
/// times differ (config `created`, history dates, every tar mtime, the gzip header's mtime).
fn rebuild() -> Result<RepoPlan> {
    let mut plan = RepoPlan::new("compare/rebuild");
    for (tag, stamp) in [("v1", Stamp::FIRST), ("v2", Stamp::SECOND)] {
        let built = image(
            Platform::linux("amd64", None),
            vec![
                ("ADD rootfs.tar /", layer(&trees::base(), stamp)?),
                ("COPY app /srv/app", layer(&trees::app(), stamp)?),
            ],
            &["APP_MODE=production"],
            stamp,
        )?;
        plan.add_blobs(built.blobs);
        plan.tagged(built.manifest, &[tag]);
    }
    Ok(plan)
}

/// `compare/package:v1` and `:v2`: the same base layer (one blob), and a package layer whose
/// files changed: README (other text, other size), config.ini (same size, other bytes),
/// usr/bin/pkg (mode 0755 → 0700), legacy.txt removed, NEWS added, data.bin unchanged.
fn package() -> Result<RepoPlan> {
    let mut plan = RepoPlan::new("compare/package");
    let base = layer(&trees::base(), Stamp::FIRST)?;
    for (tag, version) in [("v1", 1), ("v2", 2)] {
        let built = image(
            Platform::linux("amd64", None),
            vec![
                ("ADD rootfs.tar /", base.clone()),
                (
                    if version == 1 {
                        "RUN install pkg 1.0"
                    } else {
                        "RUN install pkg 1.1"
                    },
                    layer(&trees::package(version), Stamp::FIRST)?,
                ),
            ],
            &[if version == 1 {
                "PKG_VERSION=1.0"
            } else {
                "PKG_VERSION=1.1"
            }],
            Stamp::FIRST,
        )?;
        plan.add_blobs(built.blobs);
        plan.tagged(built.manifest, &[tag]);
    }
    Ok(plan)
}

/// `compare/layers:v1` (base, tools, libs, app) and `:v2` (base, libs, app, extras): the
/// tools layer removed, an extras layer added, the rest the same blobs.
fn layers() -> Result<RepoPlan> {
    let mut plan = RepoPlan::new("compare/layers");
    let stamp = Stamp::FIRST;
    let base = layer(&trees::base(), stamp)?;
    let tools = layer(&trees::tools(), stamp)?;
    let libs = layer(&trees::libs(), stamp)?;
    let app = layer(&trees::app(), stamp)?;
    let extras = layer(&trees::extras(), stamp)?;
    let v1: Vec<(&str, BuiltLayer)> = vec![
        ("ADD rootfs.tar /", base.clone()),
        ("RUN install tools", tools),
        ("RUN install libs", libs.clone()),
        ("COPY app /srv/app", app.clone()),
    ];
    let v2: Vec<(&str, BuiltLayer)> = vec![
        ("ADD rootfs.tar /", base),
        ("RUN install libs", libs),
        ("COPY app /srv/app", app),
        ("RUN install extras", extras),
    ];
    for (tag, steps) in [("v1", v1), ("v2", v2)] {
        let built = image(Platform::linux("amd64", None), steps, &[], stamp)?;
        plan.add_blobs(built.blobs);
        plan.tagged(built.manifest, &[tag]);
    }
    Ok(plan)
}

/// `compare/platforms:latest`: an OCI index of linux/amd64 and linux/arm64 whose images share
/// the base layer and differ in one file of the app layer (`etc/app/arch`, same size).
fn platforms() -> Result<RepoPlan> {
    let mut plan = RepoPlan::new("compare/platforms");
    let base = layer(&trees::base(), Stamp::FIRST)?;
    let mut entries = Vec::new();
    for arch in ["amd64", "arm64"] {
        let built = image(
            Platform::linux(arch, None),
            vec![
                ("ADD rootfs.tar /", base.clone()),
                (
                    "COPY app /srv/app",
                    layer(&trees::app_for(arch), Stamp::FIRST)?,
                ),
            ],
            &[],
            Stamp::FIRST,
        )?;
        plan.add_blobs(built.blobs);
        entries.push(built.manifest.index_entry());
        plan.untagged(built.manifest);
    }
    plan.tagged(Manifest::oci_index(entries)?, &["latest"]);
    Ok(plan)
}
