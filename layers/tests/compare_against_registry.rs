//! The comparison engine fed from the registry stack: manifests and configs through the core's
//! client, the layers that differ streamed through `LayerStream` with content digests, and
//! each seeded pair (`compare/*`) giving exactly the expected result, with the bytes it
//! downloaded counted. `REGSCOPE_COMPARE_REGISTRY` and `REGSCOPE_STACK_DIR` point it at
//! another registry seeded with `regscope-stack seed --only compare/`.

mod compare_support;

use compare_support::{client, read_layer, reference, registry, require_pairs, seeded_digest};
use regscope_core::compare::{KeyChangeKind, StepChange, compare_configs};
use regscope_core::config::ImageConfig;
use regscope_core::manifest::Manifest;
use regscope_layers::compare::{
    Aspect, Comparison, FileChangeKind, FileComparison, ImageSide, LayerAlignment, LayerMatch,
    LayerRef, Listings, Mode, TextDiff, Version, align_layers, compare_files, layer_refs,
    text_diff,
};
use regscope_layers::stream::{Compression, FileExtract, Limits};

/// One image as the comparison reads it.
struct Image {
    repository: String,
    digest: String,
    config: ImageConfig,
    layers: Vec<LayerRef>,
}

/// Fetches a manifest (by tag or digest) and its config with the core's client.
async fn image(repository: &str, target: &str) -> Image {
    let client = client();
    let reference = reference(repository);
    let fetched = client
        .fetch_manifest(&reference, target)
        .await
        .expect("the manifest is fetched");
    let config_digest = fetched
        .manifest
        .config()
        .expect("an image manifest")
        .digest()
        .to_owned();
    let blob = client
        .fetch_blob(&reference, &config_digest, "config")
        .await
        .expect("the config is fetched");
    let config = ImageConfig::parse(&blob.bytes).expect("the config parses");
    Image {
        repository: repository.to_owned(),
        digest: fetched.digest,
        layers: layer_refs(&fetched.manifest, &config),
        config,
    }
}

/// The platforms of an index, by architecture.
async fn platform(repository: &str, tag: &str, architecture: &str) -> Image {
    let fetched = client()
        .fetch_manifest(&reference(repository), tag)
        .await
        .expect("the index is fetched");
    let index: &Manifest = &fetched.manifest;
    let entry = index
        .platforms()
        .find(|d| {
            d.platform()
                .is_some_and(|p| p.architecture() == architecture)
        })
        .unwrap_or_else(|| panic!("{repository}:{tag} has no {architecture}"));
    image(repository, entry.digest()).await
}

/// The layers a comparison reads, and what they cost.
struct Read {
    alignment: LayerAlignment,
    listings: Listings,
    downloaded: u64,
}

/// Aligns the layers and reads what the file comparison needs (the shared base too when
/// `with_base`), counting the blob bytes received.
fn read(old: &Image, new: &Image, with_base: bool) -> Read {
    let alignment = align_layers(&old.layers, &new.layers);
    let mut listings = Listings::new();
    let mut downloaded = 0;
    let base = if with_base { 0 } else { alignment.shared_base };
    for i in base..old.layers.len() {
        if i >= alignment.shared_base && !alignment.read_old.contains(&i) {
            continue;
        }
        let listing = read_layer(&old.repository, &old.layers[i], &mut downloaded);
        listings.insert(&old.layers[i], listing);
    }
    for &i in &alignment.read_new {
        let listing = read_layer(&new.repository, &new.layers[i], &mut downloaded);
        listings.insert(&new.layers[i], listing);
    }
    Read {
        alignment,
        listings,
        downloaded,
    }
}

fn files(old: &Image, new: &Image, read: &Read, mode: Mode) -> FileComparison {
    let (a, b) = read
        .listings
        .uppers(&read.alignment, &old.layers, &new.layers)
        .expect("every needed layer was read");
    let base = read.listings.base(&read.alignment, &old.layers);
    compare_files(&a, &b, base.as_ref(), mode)
}

/// `(path, kind, aspects)` of each change.
fn rows(files: &FileComparison) -> Vec<(&str, FileChangeKind, Vec<Aspect>)> {
    files
        .changes
        .iter()
        .map(|c| (c.path.as_str(), c.kind, c.aspects.clone()))
        .collect()
}

fn kinds(alignment: &LayerAlignment) -> Vec<(LayerMatch, Option<usize>, Option<usize>)> {
    alignment
        .pairs
        .iter()
        .map(|p| (p.kind, p.old, p.new))
        .collect()
}

fn side(image: &Image) -> ImageSide {
    ImageSide {
        reference: format!("{}/{}", registry(), image.repository),
        manifest_digest: image.digest.clone(),
    }
}

/// One file's bytes from a layer blob (a separate download, counted by the caller's eyes only).
fn file_bytes(image: &Image, layer: usize, path: &str) -> Vec<u8> {
    let layer = &image.layers[layer];
    let compression = Compression::from_media_type(&layer.media_type).expect("media type");
    let mut extract = FileExtract::new(compression, path, 1 << 20, Limits::default());
    let url = format!(
        "http://{}/v2/{}/blobs/{}",
        registry(),
        image.repository,
        layer.digest
    );
    let mut done = None;
    compare_support::get(&url, &[], |bytes| {
        if done.is_none() {
            done = extract.push(bytes).expect("the layer reads");
        }
    });
    match done {
        Some(extracted) => extracted.bytes,
        None => extract.finish().expect("the file is in the layer").bytes,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_rebuild_at_another_time_is_the_same_content() {
    require_pairs();
    let old = image("compare/rebuild", "v1").await;
    let new = image("compare/rebuild", "v2").await;
    assert_eq!(old.digest, seeded_digest("compare/rebuild", "v1"));
    assert_ne!(old.digest, new.digest);
    let config = compare_configs(&old.config, &new.config);
    assert!(config.same_ignoring_times && !config.same);
    assert!(!config.created.same);
    assert!(
        config
            .history
            .steps
            .iter()
            .all(|s| s.change == StepChange::Same && s.time_differs)
    );
    let read = read(&old, &new, false);
    // Every blob differs (tar mtimes, gzip header): nothing shared, everything read.
    assert_eq!(
        kinds(&read.alignment),
        vec![
            (LayerMatch::Changed, Some(0), Some(0)),
            (LayerMatch::Changed, Some(1), Some(1)),
        ]
    );
    assert_eq!(read.alignment.shared_base, 0);
    // Their listings (the same paths, other mtimes) pair them the same way.
    let mut by_listing = read.alignment.clone();
    by_listing.pair_by_listings(&read.listings, &old.layers, &new.layers);
    assert_eq!(kinds(&by_listing), kinds(&read.alignment));
    let all: u64 = old.layers.iter().chain(&new.layers).map(|l| l.size).sum();
    assert_eq!(read.downloaded, all);
    assert_eq!(read.alignment.bytes_to_read, all);
    let semantic = files(&old, &new, &read, Mode::Semantic);
    assert!(semantic.same, "{:?}", rows(&semantic));
    let strict = files(&old, &new, &read, Mode::Strict);
    // 15 paths: the base's 9 entries and the app layer's 6 new ones (etc/ is in both).
    assert_eq!(strict.totals.modified, 15);
    assert!(
        strict
            .changes
            .iter()
            .all(|c| c.aspects == vec![Aspect::Mtime])
    );
    let comparison = Comparison::new(
        side(&old),
        side(&new),
        config.clone(),
        read.alignment.clone(),
        Some(semantic),
    );
    assert!(comparison.same_content);
    let strict_comparison =
        Comparison::new(side(&old), side(&new), config, read.alignment, Some(strict));
    assert!(!strict_comparison.same_content);
    let json: serde_json::Value =
        serde_json::from_str(&comparison.to_json()).expect("the export is JSON");
    assert_eq!(json["schema"], 1);
    assert_eq!(json["same_content"], true);
    assert_eq!(json["files"]["mode"], "semantic");
}

#[tokio::test(flavor = "current_thread")]
async fn a_changed_package_downloads_only_its_layer() {
    require_pairs();
    let old = image("compare/package", "v1").await;
    let new = image("compare/package", "v2").await;
    let config = compare_configs(&old.config, &new.config);
    let env: Vec<(&str, KeyChangeKind)> = config
        .env
        .changes
        .iter()
        .map(|c| (c.key.as_str(), c.kind))
        .collect();
    assert_eq!(env, vec![("PKG_VERSION", KeyChangeKind::Changed)]);
    let steps: Vec<StepChange> = config.history.steps.iter().map(|s| s.change).collect();
    assert_eq!(steps, vec![StepChange::Same, StepChange::Changed]);

    // Minimum: the base layer is the same blob and is never read.
    let minimal = read(&old, &new, false);
    assert_eq!(
        kinds(&minimal.alignment),
        vec![
            (LayerMatch::Shared, Some(0), Some(0)),
            (LayerMatch::Changed, Some(1), Some(1)),
        ]
    );
    assert_eq!(minimal.downloaded, old.layers[1].size + new.layers[1].size);
    assert_eq!(minimal.alignment.bytes_to_read, minimal.downloaded);
    assert_eq!(
        minimal.alignment.bytes_not_read,
        old.layers[0].size + new.layers[0].size
    );
    let found = files(&old, &new, &minimal, Mode::Semantic);
    assert_eq!(
        rows(&found),
        vec![
            ("usr/bin/pkg", FileChangeKind::Modified, vec![Aspect::Mode]),
            ("usr/share/pkg/NEWS", FileChangeKind::Unresolved, vec![]),
            (
                "usr/share/pkg/README",
                FileChangeKind::Modified,
                vec![Aspect::Size]
            ),
            (
                "usr/share/pkg/config.ini",
                FileChangeKind::Modified,
                vec![Aspect::Content]
            ),
            (
                "usr/share/pkg/legacy.txt",
                FileChangeKind::Unresolved,
                vec![]
            ),
        ]
    );

    // With the shared layer's listing too, the one-sided paths resolve.
    let full = read(&old, &new, true);
    assert_eq!(full.downloaded, minimal.downloaded + old.layers[0].size);
    let found = files(&old, &new, &full, Mode::Semantic);
    assert_eq!(
        rows(&found),
        vec![
            ("usr/bin/pkg", FileChangeKind::Modified, vec![Aspect::Mode]),
            ("usr/share/pkg/NEWS", FileChangeKind::Added, vec![]),
            (
                "usr/share/pkg/README",
                FileChangeKind::Modified,
                vec![Aspect::Size]
            ),
            (
                "usr/share/pkg/config.ini",
                FileChangeKind::Modified,
                vec![Aspect::Content]
            ),
            ("usr/share/pkg/legacy.txt", FileChangeKind::Removed, vec![]),
        ]
    );
    assert_eq!(
        (
            found.totals.added,
            found.totals.removed,
            found.totals.modified
        ),
        (1, 1, 3)
    );
    assert_eq!(found.totals.added_bytes, "1.1: writes files\n".len() as u64);
    assert_eq!(
        found.totals.removed_bytes,
        "old format notes\n".len() as u64
    );

    // One text file's diff, and a binary one described.
    let readme = |image: &Image| file_bytes(image, 1, "usr/share/pkg/README");
    let (a, b) = (readme(&old), readme(&new));
    fn version(bytes: &[u8]) -> Version<'_> {
        Version {
            bytes,
            size: bytes.len() as u64,
            digest: None,
        }
    }
    match text_diff("usr/share/pkg/README", version(&a), version(&b)) {
        TextDiff::Unified { diff, truncated } => {
            assert!(!truncated);
            assert!(diff.starts_with("--- a/usr/share/pkg/README\n+++ b/usr/share/pkg/README\n"));
            assert!(diff.contains("\n-pkg 1.0\n+pkg 1.1\n"), "{diff}");
            assert!(
                diff.contains("\n-It reads files.\n+It reads and writes files.\n"),
                "{diff}"
            );
        }
        other => panic!("a text diff, not {other:?}"),
    }
    let tool = |image: &Image| file_bytes(image, 1, "usr/bin/pkg");
    let (a, b) = (tool(&old), tool(&new));
    let change = found
        .changes
        .iter()
        .find(|c| c.path == "usr/bin/pkg")
        .expect("pkg");
    let old_digest = change.old.as_ref().and_then(|s| s.digest.clone());
    match text_diff(
        "usr/bin/pkg",
        Version {
            bytes: &a,
            size: a.len() as u64,
            digest: old_digest.as_deref(),
        },
        version(&b),
    ) {
        TextDiff::Binary {
            old_size,
            new_size,
            old_digest: d,
            ..
        } => {
            assert_eq!((old_size, new_size), (8 << 10, 8 << 10));
            assert_eq!(d, old_digest);
        }
        other => panic!("binary, not {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_added_and_a_removed_layer_leave_the_rest_aligned() {
    require_pairs();
    let old = image("compare/layers", "v1").await;
    let new = image("compare/layers", "v2").await;
    let config = compare_configs(&old.config, &new.config);
    let steps: Vec<StepChange> = config.history.steps.iter().map(|s| s.change).collect();
    assert_eq!(
        steps,
        vec![
            StepChange::Same,
            StepChange::Removed,
            StepChange::Same,
            StepChange::Same,
            StepChange::Added,
        ]
    );
    let minimal = read(&old, &new, false);
    assert_eq!(
        kinds(&minimal.alignment),
        vec![
            (LayerMatch::Shared, Some(0), Some(0)),
            (LayerMatch::Removed, Some(1), None),
            (LayerMatch::Shared, Some(2), Some(1)),
            (LayerMatch::Shared, Some(3), Some(2)),
            (LayerMatch::Added, None, Some(3)),
        ]
    );
    // Above the shared base every layer is read, the shared ones once for both sides.
    assert_eq!(minimal.alignment.read_old, vec![1, 2, 3]);
    assert_eq!(minimal.alignment.read_new, vec![3]);
    let expected: u64 = old.layers[1..].iter().map(|l| l.size).sum::<u64>() + new.layers[3].size;
    assert_eq!(minimal.downloaded, expected);
    let found = files(&old, &new, &minimal, Mode::Semantic);
    assert_eq!(found.totals.unresolved, 5, "{:?}", rows(&found));
    let full = read(&old, &new, true);
    let found = files(&old, &new, &full, Mode::Strict);
    assert_eq!(
        rows(&found),
        vec![
            ("opt/extras", FileChangeKind::Added, vec![]),
            ("opt/extras/motd", FileChangeKind::Added, vec![]),
            ("opt/tools", FileChangeKind::Removed, vec![]),
            ("opt/tools/fmt", FileChangeKind::Removed, vec![]),
            ("opt/tools/lint", FileChangeKind::Removed, vec![]),
        ]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn two_platforms_differ_in_one_file() {
    require_pairs();
    let amd64 = platform("compare/platforms", "latest", "amd64").await;
    let arm64 = platform("compare/platforms", "latest", "arm64").await;
    let config = compare_configs(&amd64.config, &arm64.config);
    assert!(!config.platform.same);
    assert!(config.env.same && config.cmd.same && config.history.same && config.created.same);
    let read = read(&amd64, &arm64, false);
    assert_eq!(read.alignment.shared_base, 1);
    assert_eq!(read.downloaded, amd64.layers[1].size + arm64.layers[1].size);
    let found = files(&amd64, &arm64, &read, Mode::Semantic);
    assert_eq!(
        rows(&found),
        vec![(
            "etc/app/arch",
            FileChangeKind::Modified,
            vec![Aspect::Content]
        )]
    );
    let change = &found.changes[0];
    assert_ne!(
        change.old.as_ref().and_then(|s| s.digest.as_ref()),
        change.new.as_ref().and_then(|s| s.digest.as_ref())
    );
}
