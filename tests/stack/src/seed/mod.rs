//! The seeder: builds the fixed test images in memory and pushes them to a registry.

mod attest;
mod blob;
mod canonical;
mod catalog;
mod compress;
mod config;
mod cosign;
mod descriptor;
mod files;
pub(crate) mod hostile;
mod image;
mod large;
pub mod large_layer;
mod layer;
mod manifest;
mod media;
mod pairs;
#[cfg(test)]
mod pinned;
mod plan;
mod push;
mod report;
mod schema1;
mod supply;
mod tarball;

use regscope_stack::facts;
use std::path::PathBuf;

use anyhow::{Context, Result};

/// Options of `regscope-stack seed`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Registry to push to; it must accept pushes without auth.
    #[arg(long, default_value_t = format!("http://{}", facts::SEED_REGISTRY))]
    registry: String,
    /// Host written into the references of the seeded list (where tests will pull from).
    #[arg(long, default_value = facts::REGISTRY)]
    reference_host: String,
    /// Where to write the seeded list as JSON.
    #[arg(long)]
    manifest_out: Option<PathBuf>,
    /// Seed only the repositories whose name starts with this (repeatable; all when absent).
    #[arg(long = "only", value_name = "PREFIX")]
    only: Vec<String>,
}

/// Options of `regscope-stack plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Host written into the references of the list.
    #[arg(long, default_value = facts::REGISTRY)]
    reference_host: String,
    /// Where to write the list as JSON (same format as `seed --manifest-out`).
    #[arg(long)]
    manifest_out: Option<PathBuf>,
}

/// Builds the images and prints (and optionally writes) their digests without pushing.
pub fn plan(args: PlanArgs) -> Result<()> {
    let plans = catalog::build(&args.reference_host)?;
    let entries = report::entries(&args.reference_host, &plans);
    report::print_table(&entries);
    if let Some(path) = &args.manifest_out {
        report::write_json(path, &entries)?;
    }
    Ok(())
}

/// Pushes every image, verifies the digests the registry reports, prints the table and
/// writes the seeded list.
pub fn run(args: Args) -> Result<()> {
    let mut plans = catalog::build(&args.reference_host)?;
    if !args.only.is_empty() {
        plans.retain(|plan| {
            args.only
                .iter()
                .any(|prefix| plan.repository.starts_with(prefix))
        });
    }
    let registry = push::Registry::new(&args.registry)?;
    let runtime = tokio::runtime::Runtime::new().context("starting tokio")?;
    runtime.block_on(async {
        for plan in &plans {
            let mut uploaded = 0usize;
            for blob in &plan.blobs {
                if registry.ensure_blob(&plan.repository, blob).await? {
                    uploaded += 1;
                }
            }
            let mut references = 0usize;
            for push in &plan.pushes {
                for reference in push.references() {
                    registry
                        .put_manifest(&plan.repository, reference, &push.manifest)
                        .await?;
                    registry
                        .verify_manifest(&plan.repository, reference, &push.manifest)
                        .await?;
                    references += 1;
                }
            }
            eprintln!(
                "seeded {}: {uploaded}/{} blobs uploaded, {references} manifest references",
                plan.repository,
                plan.blobs.len()
            );
        }
        anyhow::Ok(())
    })?;
    let entries = report::entries(&args.reference_host, &plans);
    report::print_table(&entries);
    if let Some(path) = &args.manifest_out {
        report::write_json(path, &entries)?;
    }
    Ok(())
}
