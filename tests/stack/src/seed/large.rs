//! Large images for the render-cost benchmarks (and the page's own tests): an index with
//! 1,000 entries, a manifest with 500 layers and a config with 1,000 history steps.

use anyhow::Result;

use super::config::RuntimeConfig;
use super::descriptor::Platform;
use super::image::{self, BuiltImage, Flavor, ImageSpec, Step};
use super::manifest::Manifest;
use super::plan::RepoPlan;

/// Entries of `large/wide-index`.
pub const WIDE_INDEX_ENTRIES: usize = 1000;
/// Layers of `large/many-layers`.
pub const MANY_LAYERS: usize = 500;
/// History steps of `large/long-history`.
pub const LONG_HISTORY: usize = 1000;

fn runtime() -> RuntimeConfig {
    RuntimeConfig {
        env: vec!["PATH=/usr/bin:/bin".to_owned()],
        cmd: vec!["/bin/sh".to_owned()],
        ..RuntimeConfig::default()
    }
}

fn build(steps: Vec<Step>) -> Result<BuiltImage> {
    image::build(&ImageSpec {
        platform: Platform::linux("amd64", None),
        flavor: Flavor::Oci,
        steps,
        runtime: runtime(),
    })
}

fn one_layer(name: &str) -> Step {
    Step::layer(
        &format!("ADD {name}.txt /"),
        &[(&format!("{name}.txt"), format!("{name}\n"))],
    )
}

/// `large/wide-index:latest`: 1,000 index entries (one small manifest, a platform each).
pub fn wide_index() -> Result<RepoPlan> {
    let mut plan = RepoPlan::new("large/wide-index");
    let built = build(vec![one_layer("wide")])?;
    plan.add_blobs(built.blobs);
    let entries = (0..WIDE_INDEX_ENTRIES)
        .map(|i| {
            let platform = Platform::linux(&format!("arch{i:04}"), Some(&format!("v{}", i % 10)));
            built.manifest.descriptor().with_platform(platform)
        })
        .collect();
    let index = Manifest::oci_index(entries)?;
    plan.untagged(built.manifest);
    plan.tagged(index, &["latest"]);
    Ok(plan)
}

/// `large/many-layers:latest`: one image with 500 layers.
pub fn many_layers() -> Result<RepoPlan> {
    let steps = (0..MANY_LAYERS)
        .map(|i| one_layer(&format!("layer-{i:03}")))
        .collect();
    let built = build(steps)?;
    let mut plan = RepoPlan::new("large/many-layers");
    plan.add_blobs(built.blobs);
    plan.tagged(built.manifest, &["latest"]);
    Ok(plan)
}

/// `large/long-history:latest`: one layer and 999 metadata-only steps.
pub fn long_history() -> Result<RepoPlan> {
    let mut steps = vec![one_layer("history")];
    steps.extend((1..LONG_HISTORY).map(|i| Step::meta(&format!("ENV STEP_{i:04}={i}"))));
    let built = build(steps)?;
    let mut plan = RepoPlan::new("large/long-history");
    plan.add_blobs(built.blobs);
    plan.tagged(built.manifest, &["latest"]);
    Ok(plan)
}
