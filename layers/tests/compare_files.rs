//! The comparison engine on hand-built listings: whiteouts, opaque directories, a directory
//! replaced by a file, semantic and strict modes; a property that splitting off a shared base
//! (given as the base overlay) finds exactly what comparing the whole images finds; layer
//! alignment and the text diff bounded and panic-free on any input; per-file digests in any
//! chunking.

use proptest::prelude::*;
use regscope_layers::compare::{
    Aspect, FileChangeKind, FileComparison, LayerMatch, LayerRef, Listings, MAX_DIFF_INPUT_BYTES,
    MAX_DIFF_LINES, MAX_DIFF_OUTPUT_BYTES, Mode, Overlay, TextDiff, Version, align_layers,
    compare_files, text_diff,
};
use regscope_layers::entry::{Entry, EntryKind};
use regscope_layers::stream::{Compression, HashedListing, LayerStream, Limits, TarStream};
use sha2::{Digest, Sha256};

fn entry(path: &str, kind: EntryKind, size: u64) -> Entry {
    Entry {
        path: path.to_owned(),
        kind,
        mode: 0o644,
        uid: 0,
        gid: 0,
        user_name: None,
        group_name: None,
        size,
        mtime: 1_704_067_200,
        link_target: None,
        content_offset: 0,
        unsafe_path: false,
    }
}

fn file(path: &str, content: &str) -> (Entry, Option<String>) {
    (
        entry(path, EntryKind::File, content.len() as u64),
        Some(format!("sha256:{:x}", Sha256::digest(content.as_bytes()))),
    )
}

fn dir(path: &str) -> (Entry, Option<String>) {
    (entry(path, EntryKind::Directory, 0), None)
}

fn listing(rows: Vec<(Entry, Option<String>)>) -> HashedListing {
    let mut listing = HashedListing::new();
    for (entry, digest) in rows {
        listing.entries.push(entry);
        listing.digests.push(digest);
    }
    listing
}

fn overlay(layers: &[&HashedListing]) -> Overlay {
    Overlay::of(layers.iter().copied().enumerate())
}

fn rows(found: &FileComparison) -> Vec<(String, FileChangeKind, Vec<Aspect>)> {
    found
        .changes
        .iter()
        .map(|c| (c.path.clone(), c.kind, c.aspects.clone()))
        .collect()
}

#[test]
fn whiteouts_opaque_directories_and_replacements_over_a_known_base() {
    let base = listing(vec![
        dir("etc"),
        file("etc/a", "a"),
        file("etc/b", "b"),
        dir("var"),
        file("var/log", "x"),
        dir("lib"),
        file("lib/one", "1"),
    ]);
    // Old: keeps the base. New: whites out etc/a, makes var opaque with a new file, replaces
    // the directory lib by a file.
    let new_upper = listing(vec![
        file("etc/.wh.a", ""),
        file("var/.wh..wh..opq", ""),
        file("var/new", "n"),
        file("lib", "now a file"),
    ]);
    let empty = listing(vec![]);
    let base_overlay = Overlay::of([(0, &base)]);
    let old = Overlay::of([(1, &empty)]);
    let new = Overlay::of([(1, &new_upper)]);
    let found = compare_files(&old, &new, Some(&base_overlay), Mode::Semantic);
    assert_eq!(
        rows(&found),
        vec![
            ("etc/a".into(), FileChangeKind::Removed, vec![]),
            (
                "lib".into(),
                FileChangeKind::Modified,
                vec![Aspect::Kind, Aspect::Size]
            ),
            ("lib/one".into(), FileChangeKind::Removed, vec![]),
            ("var/log".into(), FileChangeKind::Removed, vec![]),
            ("var/new".into(), FileChangeKind::Added, vec![]),
        ]
    );
    // Without the base, what only the new side touched is unresolved, never guessed.
    let found = compare_files(&old, &new, None, Mode::Semantic);
    assert!(
        found
            .changes
            .iter()
            .all(|c| c.kind == FileChangeKind::Unresolved),
        "{:?}",
        rows(&found)
    );
    // etc/a, lib and var/new (var itself stays: an opaque marker hides only what is below).
    assert_eq!(found.totals.unresolved, 3);
}

#[test]
fn semantic_ignores_mtimes_strict_does_not() {
    let a = listing(vec![file("f", "same"), dir("d")]);
    let mut b = listing(vec![file("f", "same"), dir("d")]);
    for entry in &mut b.entries {
        entry.mtime += 3600;
    }
    let (old, new) = (overlay(&[&a]), overlay(&[&b]));
    let empty = Overlay::new();
    assert!(compare_files(&old, &new, Some(&empty), Mode::Semantic).same);
    let strict = compare_files(&old, &new, Some(&empty), Mode::Strict);
    assert_eq!(
        rows(&strict),
        vec![
            ("d".into(), FileChangeKind::Modified, vec![Aspect::Mtime]),
            ("f".into(), FileChangeKind::Modified, vec![Aspect::Mtime]),
        ]
    );
}

#[test]
fn owners_modes_links_and_content_are_told_apart() {
    let mut link = entry("l", EntryKind::Symlink, 0);
    link.link_target = Some("a".into());
    let a = listing(vec![
        file("f", "abcd"),
        file("g", "x"),
        (link.clone(), None),
    ]);
    let (mut f, fd) = file("f", "abce");
    f.uid = 1000;
    let (mut g, gd) = file("g", "x");
    g.mode = 0o755;
    link.link_target = Some("b".into());
    let b = listing(vec![(f, fd), (g, gd), (link, None)]);
    let empty = Overlay::new();
    let found = compare_files(
        &overlay(&[&a]),
        &overlay(&[&b]),
        Some(&empty),
        Mode::Semantic,
    );
    assert_eq!(
        rows(&found),
        vec![
            (
                "f".into(),
                FileChangeKind::Modified,
                vec![Aspect::Owner, Aspect::Content]
            ),
            ("g".into(), FileChangeKind::Modified, vec![Aspect::Mode]),
            (
                "l".into(),
                FileChangeKind::Modified,
                vec![Aspect::LinkTarget]
            ),
        ]
    );
}

#[test]
fn per_file_digests_come_out_the_same_in_any_chunking() {
    let mut builder = tar::Builder::new(Vec::new());
    let contents: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"hello".to_vec(),
        (0..70_000u32).map(|i| (i % 251) as u8).collect(),
    ];
    for (i, content) in contents.iter().enumerate() {
        let mut header = tar::Header::new_ustar();
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, format!("f{i}"), content.as_slice())
            .unwrap();
    }
    let tar = builder.into_inner().unwrap();
    for chunk in [1, 7, 512, 4096, tar.len()] {
        let mut stream = LayerStream::new(Compression::None, Limits::default());
        let mut listing = HashedListing::new();
        for piece in tar.chunks(chunk) {
            stream.push_hashed(piece, &mut listing).unwrap();
        }
        stream.finish_hashed(&mut listing).unwrap();
        let digests: Vec<Option<String>> = listing.digests.clone();
        let expected: Vec<Option<String>> = contents
            .iter()
            .map(|c| Some(format!("sha256:{:x}", Sha256::digest(c))))
            .collect();
        assert_eq!(digests, expected, "chunk {chunk}");
    }
    // The plain listing is unchanged by compare mode.
    let mut plain = Vec::new();
    let mut parser = TarStream::new(Limits::default());
    parser.push(&tar, &mut plain).unwrap();
    assert_eq!(plain.len(), contents.len());
}

#[test]
fn text_diffs_are_bounded_and_binary_is_described() {
    fn v(bytes: &[u8]) -> Version<'_> {
        Version {
            bytes,
            size: bytes.len() as u64,
            digest: None,
        }
    }
    assert_eq!(
        text_diff("f", v(b"a\n"), v(b"a\n")),
        TextDiff::Unified {
            diff: String::new(),
            truncated: false
        }
    );
    assert!(matches!(
        text_diff("f", v(b"a\0b"), v(b"a")),
        TextDiff::Binary {
            old_size: 3,
            new_size: 1,
            ..
        }
    ));
    let big = vec![b'a'; MAX_DIFF_INPUT_BYTES + 1];
    assert!(matches!(
        text_diff("f", v(&big), v(b"a")),
        TextDiff::TooLarge { .. }
    ));
    // A partly read version (a capped extract) is never diffed as if whole.
    let partial = Version {
        bytes: b"abc",
        size: 10,
        digest: None,
    };
    assert!(matches!(
        text_diff("f", partial, v(b"abc")),
        TextDiff::TooLarge { .. }
    ));
    // Every line changed: the diff's search is bounded by its time budget, its output by the cap.
    let old: String = (0..10_000)
        .map(|i| format!("line {i:05} of the old version ....\n"))
        .collect();
    let new: String = (0..10_000)
        .map(|i| format!("LINE {i:05} of the new version ....\n"))
        .collect();
    let too_many_lines = "\n".repeat(MAX_DIFF_LINES + 1);
    assert!(matches!(
        text_diff("f", v(too_many_lines.as_bytes()), v(b"")),
        TextDiff::TooLarge { .. }
    ));
    match text_diff("f", v(old.as_bytes()), v(new.as_bytes())) {
        TextDiff::Unified { diff, truncated } => {
            assert!(truncated);
            assert!(diff.len() <= MAX_DIFF_OUTPUT_BYTES);
            assert!(diff.ends_with('\n'));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nested_markers_and_deep_paths_cost_time_in_proportion_to_the_listing() {
    // 3,000 nested directories, each made opaque and whited out below by the upper layer, over
    // a base of 3,000 files at the bottom: quadratic work here would be ~10^7 subtree visits.
    const DEPTH: usize = 3_000;
    let mut deep = String::new();
    let mut base_rows = Vec::new();
    let mut upper_rows = Vec::new();
    for level in 0..DEPTH {
        if level > 0 {
            deep.push('/');
        }
        deep.push('d');
        upper_rows.push(file(&format!("{deep}/.wh..wh..opq"), ""));
        upper_rows.push(file(&format!("{deep}/.wh.x{level}"), ""));
    }
    for i in 0..DEPTH {
        base_rows.push(file(&format!("{deep}/f{i}"), "x"));
    }
    let base = listing(base_rows);
    let upper = listing(upper_rows);
    let empty = listing(vec![]);
    let started = std::time::Instant::now();
    let found = compare_files(
        &Overlay::of([(1, &empty)]),
        &Overlay::of([(1, &upper)]),
        Some(&Overlay::of([(0, &base)])),
        Mode::Semantic,
    );
    assert_eq!(found.totals.removed, DEPTH as u64);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn changed_layers_pair_by_their_listings_once_read() {
    // Old: a small layer of a/*, a large one of b/*; new: the b/* layer now small, the a/*
    // layer now large. Sizes pair them crosswise; their listings pair them right.
    let old = vec![layer(1, 100), layer(2, 1000)];
    let new = vec![layer(3, 1000), layer(4, 100)];
    let mut aligned = align_layers(&old, &new);
    let by_size: Vec<(Option<usize>, Option<usize>)> =
        aligned.pairs.iter().map(|p| (p.old, p.new)).collect();
    assert_eq!(by_size, vec![(Some(1), Some(0)), (Some(0), Some(1))]);
    let mut listings = Listings::new();
    let paths = |prefix: &str, extra: &str| {
        listing(vec![
            file(&format!("{prefix}/1"), "1"),
            file(&format!("{prefix}/2"), "2"),
            file(&format!("{prefix}/{extra}"), "3"),
        ])
    };
    listings.insert(&old[0], paths("a", "x"));
    listings.insert(&old[1], paths("b", "x"));
    listings.insert(&new[0], paths("a", "y"));
    listings.insert(&new[1], paths("b", "y"));
    aligned.pair_by_listings(&listings, &old, &new);
    let rows: Vec<(LayerMatch, Option<usize>, Option<usize>)> = aligned
        .pairs
        .iter()
        .map(|p| (p.kind, p.old, p.new))
        .collect();
    assert_eq!(
        rows,
        vec![
            (LayerMatch::Changed, Some(0), Some(0)),
            (LayerMatch::Changed, Some(1), Some(1)),
        ]
    );
    // A layer sharing no path with any other is added or removed, not forced into a pair.
    let mut listings = Listings::new();
    listings.insert(&old[0], paths("a", "x"));
    listings.insert(&old[1], paths("b", "x"));
    listings.insert(&new[0], paths("c", "y"));
    listings.insert(&new[1], paths("b", "y"));
    let mut aligned = align_layers(&old, &new);
    aligned.pair_by_listings(&listings, &old, &new);
    let rows: Vec<(LayerMatch, Option<usize>, Option<usize>)> = aligned
        .pairs
        .iter()
        .map(|p| (p.kind, p.old, p.new))
        .collect();
    assert_eq!(
        rows,
        vec![
            (LayerMatch::Added, None, Some(0)),
            (LayerMatch::Changed, Some(1), Some(1)),
            (LayerMatch::Removed, Some(0), None),
        ]
    );
}

fn layer(key: u8, size: u64) -> LayerRef {
    LayerRef {
        digest: format!("sha256:{key:064x}"),
        diff_id: Some(format!("sha256:{:064x}", u64::from(key) + 1000)),
        size,
        media_type: "application/vnd.oci.image.layer.v1.tar+gzip".into(),
    }
}

/// Random hostile-ish entries: any names from a small alphabet (whiteouts, opaque markers,
/// `..`, empty components), any kinds.
fn arb_entries() -> impl Strategy<Value = Vec<(Entry, Option<String>)>> {
    let name = prop::sample::select(vec![
        "a",
        "b",
        "a/b",
        "a/b/c",
        "b/a",
        ".wh.a",
        "a/.wh.b",
        "a/.wh..wh..opq",
        ".wh..wh..opq",
        "..",
        "a/..",
        ".wh.",
        ".wh...",
        "c",
        "a/c",
    ]);
    let kind = prop::sample::select(vec![
        EntryKind::File,
        EntryKind::Directory,
        EntryKind::Symlink,
        EntryKind::HardLink,
    ]);
    prop::collection::vec((name, kind, 0u64..4, 0i64..3), 0..12).prop_map(|rows| {
        rows.into_iter()
            .map(|(name, kind, size, mtime)| {
                let mut e = entry(name, kind, if kind == EntryKind::File { size } else { 0 });
                e.mtime = mtime;
                if matches!(kind, EntryKind::Symlink | EntryKind::HardLink) {
                    e.link_target = Some("a".into());
                }
                let digest = (kind == EntryKind::File).then(|| format!("sha256:{size}"));
                (e, digest)
            })
            .collect()
    })
}

proptest! {
    /// Comparing the upper layers over a base given as an overlay finds exactly what comparing
    /// the whole images (base included, over nothing) finds.
    #[test]
    fn a_split_off_base_finds_what_the_whole_images_find(
        base in prop::collection::vec(arb_entries(), 0..3),
        old_up in prop::collection::vec(arb_entries(), 0..3),
        new_up in prop::collection::vec(arb_entries(), 0..3),
        strict in any::<bool>(),
    ) {
        let mode = if strict { Mode::Strict } else { Mode::Semantic };
        let base: Vec<HashedListing> = base.into_iter().map(listing).collect();
        let old_up: Vec<HashedListing> = old_up.into_iter().map(listing).collect();
        let new_up: Vec<HashedListing> = new_up.into_iter().map(listing).collect();
        let n = base.len();
        let whole_old = Overlay::of(base.iter().chain(&old_up).enumerate());
        let whole_new = Overlay::of(base.iter().chain(&new_up).enumerate());
        let whole = compare_files(&whole_old, &whole_new, Some(&Overlay::new()), mode);
        let base_overlay = Overlay::of(base.iter().enumerate());
        let upper_old = Overlay::of(old_up.iter().enumerate().map(|(i, l)| (n + i, l)));
        let upper_new = Overlay::of(new_up.iter().enumerate().map(|(i, l)| (n + i, l)));
        let split = compare_files(&upper_old, &upper_new, Some(&base_overlay), mode);
        prop_assert_eq!(rows(&split), rows(&whole));
        prop_assert_eq!(split.totals, whole.totals);
        // And without the base, every path it reports is either exact or unresolved.
        let blind = compare_files(&upper_old, &upper_new, None, mode);
        for change in &blind.changes {
            if change.kind != FileChangeKind::Unresolved {
                prop_assert!(whole.changes.iter().any(|c| c.path == change.path && c.kind == change.kind));
            }
        }
    }

    /// Any two layer lists align with every layer in exactly one row, shared layers kept in
    /// order, and the bytes to read never more than all of them.
    #[test]
    fn layers_align_with_every_layer_once(
        old in prop::collection::vec((0u8..6, 0u64..1000), 0..10),
        new in prop::collection::vec((0u8..6, 0u64..1000), 0..10),
    ) {
        let old: Vec<LayerRef> = old.into_iter().map(|(k, s)| layer(k, s)).collect();
        let new: Vec<LayerRef> = new.into_iter().map(|(k, s)| layer(k, s)).collect();
        let aligned = align_layers(&old, &new);
        let mut olds: Vec<usize> = aligned.pairs.iter().filter_map(|p| p.old).collect();
        let mut news: Vec<usize> = aligned.pairs.iter().filter_map(|p| p.new).collect();
        olds.sort_unstable();
        news.sort_unstable();
        prop_assert_eq!(olds, (0..old.len()).collect::<Vec<_>>());
        prop_assert_eq!(news, (0..new.len()).collect::<Vec<_>>());
        for pair in &aligned.pairs {
            if pair.kind == LayerMatch::Shared {
                let (o, n) = (pair.old.unwrap(), pair.new.unwrap());
                prop_assert_eq!(&old[o].digest, &new[n].digest);
            }
        }
        let all: u64 = old.iter().chain(&new).map(|l| l.size).sum();
        prop_assert_eq!(aligned.bytes_to_read + aligned.bytes_not_read, all);
        prop_assert!(aligned.shared_base <= old.len().min(new.len()));
    }

    /// Any bytes on either side give a bounded answer, never a panic.
    #[test]
    fn text_diff_takes_any_bytes(a in prop::collection::vec(any::<u8>(), 0..2000), b in prop::collection::vec(any::<u8>(), 0..2000)) {
        let answer = text_diff("x", Version { bytes: &a, size: a.len() as u64, digest: None }, Version { bytes: &b, size: b.len() as u64, digest: None });
        if let TextDiff::Unified { diff, .. } = answer {
            prop_assert!(diff.len() <= MAX_DIFF_OUTPUT_BYTES);
            prop_assert_eq!(diff.is_empty(), a == b);
        }
    }
}
