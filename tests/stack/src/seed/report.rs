//! The seeded references: a table for people and a JSON file for tests.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::manifest::Kind;
use super::plan::RepoPlan;

/// One seeded reference (a tag, or a digest for untagged manifests).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Full reference as served, e.g. `127.0.0.1:5000/library/alpine:latest`.
    pub reference: String,
    /// Repository name.
    pub repository: String,
    /// Tag, or null for a manifest referenced by digest only.
    pub tag: Option<String>,
    /// Registry digest (`Docker-Content-Digest`).
    pub digest: String,
    /// Manifest media type.
    pub media_type: String,
    /// Manifest kind.
    pub kind: Kind,
    /// Platform (`os/arch[/variant]`) for single-platform manifests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
}

/// Lists every reference of every plan, as served from `host`.
pub fn entries(host: &str, plans: &[RepoPlan]) -> Vec<Entry> {
    let mut out = Vec::new();
    for plan in plans {
        for push in &plan.pushes {
            let manifest = &push.manifest;
            for reference in push.references() {
                let tagged = reference != manifest.digest;
                let separator = if tagged { ':' } else { '@' };
                out.push(Entry {
                    reference: format!("{host}/{}{separator}{reference}", plan.repository),
                    repository: plan.repository.clone(),
                    tag: tagged.then(|| reference.to_owned()),
                    digest: manifest.digest.clone(),
                    media_type: manifest.media_type.clone(),
                    kind: manifest.kind,
                    platform: manifest.platform.as_ref().map(|p| p.label()),
                });
            }
        }
    }
    out
}

/// Prints the tagged references as an aligned table (`many/tags` folded to one line).
pub fn print_table(entries: &[Entry]) {
    let mut rows: Vec<(String, &str, &str)> = Vec::new();
    let mut many = 0usize;
    for entry in entries.iter().filter(|e| e.tag.is_some()) {
        if entry.repository == "many/tags" {
            many += 1;
            if many > 1 {
                continue;
            }
        }
        let name = format!(
            "{}:{}",
            entry.repository,
            entry.tag.as_deref().unwrap_or("")
        );
        rows.push((name, &entry.digest, &entry.media_type));
    }
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    for (name, digest, media_type) in &rows {
        println!("{name:width$}  {digest}  {media_type}");
    }
    if many > 1 {
        println!("(many/tags: {many} tags, all the same digest)");
    }
}

/// Writes the entries as pretty JSON.
pub fn write_json(path: &Path, entries: &[Entry]) -> Result<()> {
    let mut json = serde_json::to_vec_pretty(entries).context("serializing the seeded list")?;
    json.push(b'\n');
    std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))
}
