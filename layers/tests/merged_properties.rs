//! Properties of the merged tree over random layers (names from a small alphabet, so
//! whiteouts, opaque markers, `..`, links and replacements collide often): it never panics,
//! directory sizes add up, every count agrees, and every path resolves or fails in bounds.

use proptest::prelude::*;
use regscope_layers::entry::{Entry, EntryKind};
use regscope_layers::merged::{MergedTree, SortBy};

const NAMES: &[&str] = &[
    "a",
    "b",
    "c",
    ".wh.a",
    ".wh.b",
    ".wh..wh..opq",
    "..",
    ".wh.",
    ".wh...",
    "A",
];

fn entry() -> impl Strategy<Value = Entry> {
    (
        proptest::collection::vec(proptest::sample::select(NAMES), 1..5),
        0u8..5,
        0u64..1000,
        proptest::collection::vec(
            proptest::sample::select(&["a", "b", "..", ".", "c", ""][..]),
            0..5,
        ),
        any::<bool>(),
    )
        .prop_map(|(parts, kind, size, target, absolute)| {
            let kind = match kind {
                0 => EntryKind::File,
                1 => EntryKind::Directory,
                2 => EntryKind::Symlink,
                3 => EntryKind::HardLink,
                _ => EntryKind::Fifo,
            };
            let path = parts.join("/");
            let mut target = target.join("/");
            if absolute {
                target.insert(0, '/');
            }
            Entry {
                unsafe_path: path.split('/').any(|p| p == ".."),
                path,
                kind,
                mode: 0o644,
                uid: 0,
                gid: 0,
                user_name: None,
                group_name: None,
                size: if kind == EntryKind::File { size } else { 0 },
                mtime: 0,
                link_target: matches!(kind, EntryKind::Symlink | EntryKind::HardLink)
                    .then_some(target),
                content_offset: 0,
            }
        })
}

/// 256 cases by default; PROPTEST_CASES=N runs more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_layers_keep_the_tree_consistent(
        layers in proptest::collection::vec(proptest::collection::vec(entry(), 0..30), 1..5),
        single in any::<bool>(),
    ) {
        let tree = if single {
            MergedTree::single_layer(0, &layers[0])
        } else {
            let mut tree = MergedTree::new();
            for (i, layer) in layers.iter().enumerate() {
                tree.add_layer(i, layer);
            }
            tree
        };
        let all = tree.search("", usize::MAX);
        prop_assert_eq!(all.total, tree.len());
        let files: u64 = all.nodes.iter().filter(|n| n.kind == EntryKind::File).map(|n| n.size).sum();
        prop_assert_eq!(tree.get("").unwrap().size, files);
        let flat = tree.flat(SortBy::SizeDescending, 0, usize::MAX);
        prop_assert_eq!(flat.total as usize, all.nodes.iter().filter(|n| n.kind != EntryKind::Directory).count());
        prop_assert!(flat.nodes.windows(2).all(|w| w[0].size >= w[1].size));
        for node in &all.nodes {
            // Every node is found again by its path, and knows its place.
            let again = tree.get(&node.path).unwrap();
            prop_assert_eq!(&again, node);
            prop_assert!(node.added_by <= node.changed_by);
            if !single {
                prop_assert!(!node.whiteout);
            }
            if node.kind == EntryKind::Directory {
                let children = tree.children(&node.path);
                prop_assert_eq!(children.len() as u64, node.children);
                let sum: u64 = children.iter().map(|c| c.size).sum();
                prop_assert_eq!(sum, node.size);
                prop_assert!(children.windows(2).all(|w| w[0].name < w[1].name));
            }
            // Resolution ends, inside the tree or with an error.
            if let Ok(target) = tree.resolve_link(&node.path) {
                prop_assert!(tree.get(&target).is_some(), "{} resolved to {}", node.path, target);
            }
        }
        let largest = tree.largest(5);
        prop_assert!(largest.windows(2).all(|w| w[0].size >= w[1].size));
    }
}
