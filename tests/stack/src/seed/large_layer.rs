//! `regscope-stack large-layer`: a 540 MiB layer made at test time, never committed. It writes
//! the exact gzip blob and a zstd copy of the same tar (`large-layer.tar.gz`,
//! `large-layer.tar.zst`) for the benchmarks to compare with `tar -tzf` and `zstd -dc | tar -t`,
//! and pushes it as `files/large:latest` when given a registry. The tree is deterministic (a
//! fixed generator); the files are reused when `large-layer.json` says they were made by this
//! same recipe and their sha256 still matches.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::blob::sha256_digest;
use super::compress::{self, BuiltLayer, Codec};
use super::files::content::{self, Rng};
use super::files::image;
use super::image::Flavor;
use super::push;
use super::tarball::{Entry, archive, with_parents};

/// Changes whenever the recipe below changes (the cache key, with the sizes).
const RECIPE: u32 = 1;
/// The repository and tag it is pushed as.
pub const REPOSITORY: &str = "files/large";
/// The image's one history step.
const STEP: &str = "ADD large.tar /";
/// Files of the tree (besides the large ones).
const FILES: usize = 12_000;
/// Uncompressed bytes of the small files together, about.
const SMALL_BYTES: usize = 360 << 20;
/// The large files, each this long.
const LARGE: [(&str, usize); 3] = [
    ("opt/model/weights.bin", 96 << 20),
    ("opt/data/corpus.txt", 48 << 20),
    ("opt/data/archive.pack", 32 << 20),
];

/// Options of `regscope-stack large-layer`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the blobs and `large-layer.json` are written (the stack's `run/`).
    #[arg(long)]
    out_dir: PathBuf,
    /// A registry without auth to push `files/large:latest` to (e.g. `http://127.0.0.1:5002`).
    #[arg(long)]
    registry: Option<String>,
}

/// What `large-layer.json` records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// [`RECIPE`] of the build.
    pub recipe: u32,
    /// `files/large`: the repository it is pushed to (tag `latest`), not in `seeded.json`.
    pub repository: String,
    /// The gzip blob's digest (the layer descriptor's).
    pub digest: String,
    /// The zstd copy's digest.
    pub zstd_digest: String,
    /// sha256 of the tar.
    pub diff_id: String,
    /// Length of the tar.
    pub uncompressed_size: u64,
    /// Length of the gzip blob.
    pub gzip_size: u64,
    /// Length of the zstd copy.
    pub zstd_size: u64,
    /// Regular files in the tar.
    pub files: usize,
    /// Digest of the `files/large:latest` manifest.
    pub manifest_digest: String,
}

/// Builds (or reuses) the layer, writes it, and pushes it when asked.
pub fn run(args: Args) -> Result<()> {
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("creating {}", args.out_dir.display()))?;
    let paths = Paths::in_dir(&args.out_dir);
    let started = Instant::now();
    let (record, gzip) = match cached(&paths)? {
        Some(found) => {
            eprintln!("large layer: reusing {}", paths.gzip.display());
            found
        }
        None => build(&paths)?,
    };
    eprintln!(
        "large layer: {} files, {} MiB tar, {} MiB gzip, {} MiB zstd, ready in {:.1} s",
        record.files,
        record.uncompressed_size >> 20,
        record.gzip_size >> 20,
        record.zstd_size >> 20,
        started.elapsed().as_secs_f64()
    );
    if let Some(registry) = &args.registry {
        let pushed = Instant::now();
        push_image(registry, gzip, &record)?;
        eprintln!(
            "large layer: pushed {REPOSITORY}:latest ({}) to {registry} in {:.1} s",
            record.manifest_digest,
            pushed.elapsed().as_secs_f64()
        );
    }
    println!("{}", serde_json::to_string_pretty(&record)?);
    Ok(())
}

/// The files written.
struct Paths {
    gzip: PathBuf,
    zstd: PathBuf,
    record: PathBuf,
}

impl Paths {
    fn in_dir(dir: &Path) -> Self {
        Self {
            gzip: dir.join("large-layer.tar.gz"),
            zstd: dir.join("large-layer.tar.zst"),
            record: dir.join("large-layer.json"),
        }
    }
}

/// The record and gzip bytes of an earlier build of this recipe, when intact.
fn cached(paths: &Paths) -> Result<Option<(Record, Vec<u8>)>> {
    let Ok(text) = std::fs::read_to_string(&paths.record) else {
        return Ok(None);
    };
    let Ok(record) = serde_json::from_str::<Record>(&text) else {
        return Ok(None);
    };
    if record.recipe != RECIPE {
        return Ok(None);
    }
    let (Ok(gzip), Ok(zstd)) = (std::fs::read(&paths.gzip), std::fs::read(&paths.zstd)) else {
        return Ok(None);
    };
    if sha256_digest(&gzip) != record.digest || sha256_digest(&zstd) != record.zstd_digest {
        return Ok(None);
    }
    Ok(Some((record, gzip)))
}

/// Generates the tree, compresses it both ways and writes the files and the record.
fn build(paths: &Paths) -> Result<(Record, Vec<u8>)> {
    let entries = entries();
    let files = entries
        .iter()
        .filter(|e| matches!(e.kind, super::tarball::Kind::File(_)))
        .count();
    let tar = archive(&entries)?;
    drop(entries);
    // The two encoders are independent: one thread each.
    let (gzip, zstd) = std::thread::scope(|scope| {
        let zstd = scope.spawn(|| compress::zstd(&tar));
        let gzip = compress::gzip(&tar);
        (gzip, zstd.join())
    });
    let (gzip, zstd) = (
        gzip?,
        zstd.map_err(|_| anyhow::anyhow!("the zstd encoder panicked"))?,
    );
    let diff_id = sha256_digest(&tar);
    let layer = BuiltLayer::raw(Codec::Gzip.media_type(), gzip.clone(), diff_id.clone());
    let manifest_digest = image(Flavor::Oci, vec![(STEP, layer)])?.manifest.digest;
    let record = Record {
        recipe: RECIPE,
        repository: REPOSITORY.to_owned(),
        digest: sha256_digest(&gzip),
        zstd_digest: sha256_digest(&zstd),
        diff_id,
        uncompressed_size: len(&tar),
        gzip_size: len(&gzip),
        zstd_size: len(&zstd),
        files,
        manifest_digest,
    };
    std::fs::write(&paths.gzip, &gzip)
        .with_context(|| format!("writing {}", paths.gzip.display()))?;
    std::fs::write(&paths.zstd, &zstd)
        .with_context(|| format!("writing {}", paths.zstd.display()))?;
    std::fs::write(&paths.record, serde_json::to_vec_pretty(&record)?)
        .with_context(|| format!("writing {}", paths.record.display()))?;
    Ok((record, gzip))
}

fn len(bytes: &[u8]) -> u64 {
    u64::try_from(bytes.len()).unwrap_or(u64::MAX)
}

/// Pushes `files/large:latest` (config, the gzip layer, manifest) and checks its digest.
fn push_image(registry: &str, gzip: Vec<u8>, record: &Record) -> Result<()> {
    let layer = BuiltLayer::raw(Codec::Gzip.media_type(), gzip, record.diff_id.clone());
    if layer.blob.digest != record.digest {
        bail!("the large layer's bytes changed since they were recorded");
    }
    let built = image(Flavor::Oci, vec![(STEP, layer)])?;
    if built.manifest.digest != record.manifest_digest {
        bail!("the large image's manifest is not the one recorded");
    }
    let registry = push::Registry::new(registry)?;
    let runtime = tokio::runtime::Runtime::new().context("starting tokio")?;
    runtime.block_on(async {
        for blob in &built.blobs {
            registry.ensure_blob(REPOSITORY, blob).await?;
        }
        registry
            .put_manifest(REPOSITORY, "latest", &built.manifest)
            .await?;
        registry
            .verify_manifest(REPOSITORY, "latest", &built.manifest)
            .await
    })
}

/// The tree: 12,000 files under 1,000 directories, two thirds text-like and one third
/// binary-like, sizes spread from 1 KiB to 60 KiB, and three large files (176 MiB).
fn entries() -> Vec<Entry> {
    let mut rng = Rng::new("files/large");
    let mut files = Vec::with_capacity(FILES + LARGE.len());
    let average = SMALL_BYTES / FILES;
    for i in 0..FILES {
        let dir = format!("srv/app/part-{:02}/group-{:02}", i % 40, (i / 40) % 25);
        let len = rng.range(1 << 10, 2 * average);
        let entry = if i % 3 == 2 {
            Entry::file(
                &format!("{dir}/blob-{i:05}.bin"),
                content::binary(&mut rng, len),
            )
        } else {
            Entry::file(
                &format!("{dir}/doc-{i:05}.txt"),
                content::text(&mut rng, len),
            )
        };
        files.push(entry);
    }
    for (path, len) in LARGE {
        let bytes = if path.ends_with(".txt") {
            content::text(&mut rng, len)
        } else {
            content::binary(&mut rng, len)
        };
        files.push(Entry::file(path, bytes));
    }
    with_parents(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At least 500 MiB of file content, by construction.
    const _: () = assert!(SMALL_BYTES + (96 << 20) + (48 << 20) + (32 << 20) >= 500 << 20);

    fn record_for(gzip: &[u8], zstd: &[u8]) -> Record {
        Record {
            recipe: RECIPE,
            repository: REPOSITORY.to_owned(),
            digest: sha256_digest(gzip),
            zstd_digest: sha256_digest(zstd),
            diff_id: sha256_digest(b"tar"),
            uncompressed_size: 3,
            gzip_size: len(gzip),
            zstd_size: len(zstd),
            files: 1,
            manifest_digest: sha256_digest(b"manifest"),
        }
    }

    #[test]
    fn the_cache_is_used_only_when_recipe_and_digests_match() {
        let dir = std::env::temp_dir().join(format!("regscope-large-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let paths = Paths::in_dir(&dir);
        assert!(cached(&paths).expect("no record").is_none());
        std::fs::write(&paths.gzip, b"gzip bytes").expect("gzip");
        std::fs::write(&paths.zstd, b"zstd bytes").expect("zstd");
        let mut record = record_for(b"gzip bytes", b"zstd bytes");
        let write = |record: &Record| {
            std::fs::write(&paths.record, serde_json::to_vec(record).expect("json"))
                .expect("record")
        };
        write(&record);
        let (found, gzip) = cached(&paths).expect("read").expect("reused");
        assert_eq!(
            (found, gzip.as_slice()),
            (record.clone(), &b"gzip bytes"[..])
        );
        std::fs::write(&paths.zstd, b"zstd bytes, changed").expect("zstd");
        assert!(cached(&paths).expect("read").is_none(), "a changed copy");
        std::fs::write(&paths.zstd, b"zstd bytes").expect("zstd");
        record.recipe += 1;
        write(&record);
        assert!(cached(&paths).expect("read").is_none(), "another recipe");
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
