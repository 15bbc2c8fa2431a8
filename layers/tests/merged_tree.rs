//! The merged filesystem: whiteouts and opaque directories per the OCI changeset rules, layer
//! attribution, sizes, queries, a single layer's own tree, link resolution, deep trees.

use regscope_layers::entry::{Entry, EntryKind};
use regscope_layers::merged::{LinkError, MergedTree, SortBy};

fn entry(path: &str, kind: EntryKind, size: u64, link: Option<&str>) -> Entry {
    Entry {
        path: path.to_owned(),
        kind,
        mode: 0o644,
        uid: 0,
        gid: 0,
        user_name: None,
        group_name: None,
        size,
        mtime: 0,
        link_target: link.map(str::to_owned),
        content_offset: 0,
        unsafe_path: path.contains(".."),
    }
}
fn f(path: &str, size: u64) -> Entry {
    entry(path, EntryKind::File, size, None)
}
fn d(path: &str) -> Entry {
    entry(path, EntryKind::Directory, 0, None)
}
fn sym(path: &str, target: &str) -> Entry {
    entry(path, EntryKind::Symlink, 0, Some(target))
}
fn hard(path: &str, target: &str) -> Entry {
    entry(path, EntryKind::HardLink, 0, Some(target))
}

fn three_layers() -> MergedTree {
    let mut tree = MergedTree::new();
    tree.add_layer(
        0,
        &[
            d("etc"),
            f("etc/passwd", 100),
            f("etc/group", 50),
            d("var"),
            d("var/cache"),
            f("var/cache/a", 1000),
            f("var/cache/b", 2000),
            f("bin/sh", 300),
        ],
    );
    tree.add_layer(
        1,
        &[
            f("etc/.wh.group", 0),
            f("etc/passwd", 120),
            d("var/cache"),
            f("var/cache/.wh..wh..opq", 0),
            f("var/cache/c", 5),
        ],
    );
    tree.add_layer(2, &[f("etc/group", 60), f("New-File.TXT", 7)]);
    tree
}

#[test]
fn whiteouts_and_opaque_directories_apply_to_lower_layers() {
    let tree = three_layers();
    let names = |dir: &str| {
        tree.children(dir)
            .into_iter()
            .map(|n| n.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(""), vec!["New-File.TXT", "bin", "etc", "var"]);
    assert_eq!(names("etc"), vec!["group", "passwd"]);
    // The opaque marker hid a and b (layer 0) but kept c (the same layer as the marker).
    assert_eq!(names("var/cache"), vec!["c"]);
    assert!(tree.get("var/cache/a").is_none());
    // No whiteout is shown in a merged tree.
    assert!(tree.get("etc/.wh.group").is_none());
}

#[test]
fn each_node_knows_who_added_and_who_changed_it() {
    let tree = three_layers();
    let passwd = tree.get("etc/passwd").unwrap();
    assert_eq!(
        (
            passwd.added_by,
            passwd.changed_by,
            passwd.overwrote,
            passwd.size
        ),
        (0, 1, true, 120)
    );
    // Deleted in layer 1, added again in layer 2: a new file, not an overwrite.
    let group = tree.get("/etc/group").unwrap();
    assert_eq!(
        (group.added_by, group.changed_by, group.overwrote),
        (2, 2, false)
    );
    let sh = tree.get("bin/sh").unwrap();
    assert_eq!((sh.added_by, sh.changed_by, sh.overwrote), (0, 0, false));
    // bin was only implied by bin/sh.
    let bin = tree.get("bin").unwrap();
    assert_eq!(
        (bin.kind, bin.entry.is_none()),
        (EntryKind::Directory, true)
    );
}

#[test]
fn directory_sizes_sum_their_files() {
    let tree = three_layers();
    assert_eq!(tree.get("var").unwrap().size, 5);
    assert_eq!(tree.get("etc").unwrap().size, 180);
    assert_eq!(tree.get("").unwrap().size, 5 + 180 + 300 + 7);
    let root = tree.get("").unwrap();
    assert_eq!(root.descendants, tree.len());
    assert_eq!(tree.len(), 9); // New-File.TXT bin bin/sh etc etc/group etc/passwd var var/cache var/cache/c
}

#[test]
fn search_largest_and_flat_pages() {
    let tree = three_layers();
    let found = tree.search("FILE", 10);
    assert_eq!(found.total, 1);
    assert_eq!(found.nodes[0].path, "New-File.TXT");
    let found = tree.search("e", 2);
    assert_eq!(found.nodes.len(), 2);
    assert!(found.total > 2);
    let largest: Vec<_> = tree
        .largest(3)
        .into_iter()
        .map(|n| (n.path, n.size))
        .collect();
    assert_eq!(
        largest,
        vec![
            ("bin/sh".into(), 300),
            ("etc/passwd".into(), 120),
            ("etc/group".into(), 60)
        ]
    );
    let by_path = tree.flat(SortBy::Path, 0, 100);
    let paths: Vec<_> = by_path.nodes.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "New-File.TXT",
            "bin/sh",
            "etc/group",
            "etc/passwd",
            "var/cache/c"
        ]
    );
    assert_eq!(by_path.total, 5);
    let by_size = tree.flat(SortBy::SizeDescending, 1, 2);
    let sizes: Vec<_> = by_size.nodes.iter().map(|n| n.size).collect();
    assert_eq!(sizes, vec![120, 60]);
    let smallest = tree.flat(SortBy::SizeAscending, 0, 1);
    assert_eq!(smallest.nodes[0].path, "var/cache/c");
    assert_eq!(
        tree.flat(SortBy::PathDescending, 0, 1).nodes[0].path,
        "var/cache/c"
    );
}

#[test]
fn a_single_layer_shows_its_whiteouts() {
    let layer = [
        f("etc/.wh.group", 0),
        f("var/cache/.wh..wh..opq", 0),
        f("etc/passwd", 1),
    ];
    let tree = MergedTree::single_layer(1, &layer);
    let wh = tree.get("etc/.wh.group").unwrap();
    assert!(wh.whiteout);
    assert!(tree.get("var/cache/.wh..wh..opq").unwrap().whiteout);
    assert!(!tree.get("etc/passwd").unwrap().whiteout);
    assert_eq!(wh.added_by, 1);
}

#[test]
fn an_opaque_marker_after_the_layers_own_entries_keeps_them() {
    let mut tree = MergedTree::new();
    tree.add_layer(
        0,
        &[
            d("app"),
            d("app/sub"),
            f("app/sub/old", 10),
            f("app/gone", 1),
        ],
    );
    // The marker comes after the layer's own entries below the directory.
    tree.add_layer(1, &[f("app/sub/new", 3), f("app/.wh..wh..opq", 0)]);
    let names = |dir: &str| {
        tree.children(dir)
            .into_iter()
            .map(|n| n.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("app"), vec!["sub"]);
    assert_eq!(names("app/sub"), vec!["new"]);
    let sub = tree.get("app/sub").unwrap();
    assert_eq!(
        (sub.added_by, sub.changed_by, sub.entry.is_none(), sub.size),
        (1, 1, true, 3)
    );
}

#[test]
fn whiteouts_are_regular_files_and_never_name_a_directory_itself() {
    let mut tree = MergedTree::new();
    tree.add_layer(
        0,
        &[
            d("srv"),
            f("srv/data", 5),
            d("srv/old"),
            f("srv/old/x", 1),
            f("keep", 2),
        ],
    );
    tree.add_layer(
        1,
        &[
            // Names that would hide the directory itself or its parent: ignored.
            f("srv/.wh.", 0),
            f("srv/.wh..", 0),
            f("srv/.wh...", 0),
            // A directory named like a whiteout is content.
            d(".wh.keep"),
            // This layer writes below srv/old first, then whites srv/old out.
            f("srv/old/new", 4),
            f("srv/.wh.old", 0),
        ],
    );
    let names = |dir: &str| {
        tree.children(dir)
            .into_iter()
            .map(|n| n.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(""), vec![".wh.keep", "keep", "srv"]);
    assert_eq!(names("srv"), vec!["data", "old"]);
    assert_eq!(names("srv/old"), vec!["new"]);
    assert_eq!(tree.get("srv/old").unwrap().changed_by, 1);
}

#[test]
fn an_upper_entry_below_a_lower_symlink_makes_it_a_directory() {
    // Overlay filesystems show the upper layer's directory over the lower layer's symlink:
    // the link is not followed into usr/lib.
    let mut tree = MergedTree::new();
    tree.add_layer(
        0,
        &[
            d("usr"),
            d("usr/lib"),
            f("usr/lib/libc.so", 10),
            sym("lib", "usr/lib"),
        ],
    );
    tree.add_layer(1, &[f("lib/extra.so", 3)]);
    let lib = tree.get("lib").unwrap();
    assert_eq!(
        (lib.kind, lib.overwrote, lib.changed_by, lib.size),
        (EntryKind::Directory, true, 1, 3)
    );
    assert_eq!(tree.children("usr/lib").len(), 1);
    assert_eq!(tree.resolve_link("lib/extra.so").unwrap(), "lib/extra.so");
}

#[test]
fn a_hard_link_keeps_its_file_when_a_later_layer_replaces_or_removes_the_name() {
    let mut tree = MergedTree::new();
    tree.add_layer(
        0,
        &[
            f("bin/tool", 10),
            hard("bin/tool-hard", "bin/tool"),
            f("data/orig", 4),
            hard("data/link", "./data/orig"),
        ],
    );
    assert_eq!(tree.resolve_link("bin/tool-hard").unwrap(), "bin/tool");
    tree.add_layer(1, &[f("bin/tool", 20), f("data/.wh.orig", 0)]);
    // The names now hold other content, or none: each link is its own file.
    assert_eq!(tree.resolve_link("bin/tool-hard").unwrap(), "bin/tool-hard");
    assert_eq!(tree.resolve_link("data/link").unwrap(), "data/link");
}

#[test]
fn a_file_replacing_a_directory_takes_its_subtree() {
    let mut tree = MergedTree::new();
    tree.add_layer(0, &[d("opt"), f("opt/x", 10), f("opt/y", 20)]);
    tree.add_layer(1, &[f("opt", 5)]);
    let opt = tree.get("opt").unwrap();
    assert_eq!(
        (opt.kind, opt.size, opt.overwrote, opt.children),
        (EntryKind::File, 5, true, 0)
    );
    assert_eq!(tree.len(), 1);
}

#[test]
fn links_resolve_inside_the_root() {
    let mut tree = MergedTree::new();
    tree.add_layer(
        0,
        &[
            d("usr"),
            d("usr/lib"),
            f("usr/lib/libc.so.6", 2_000_000),
            sym("lib", "usr/lib"),
            sym("usr/lib/libc.so", "libc.so.6"),
            sym("etc/localtime", "/usr/share/zoneinfo/UTC"),
            f("usr/share/zoneinfo/UTC", 114),
            sym("usr/bin/up", "../lib/libc.so"),
            hard("usr/bin/sh2", "usr/lib/libc.so.6"),
            sym("escape", "../../../etc/shadow"),
            sym("loop-a", "loop-b"),
            sym("loop-b", "loop-a"),
            hard("hl-a", "hl-b"),
            hard("hl-b", "hl-a"),
            sym("dangling", "nowhere/file"),
            f("../outside", 1),
        ],
    );
    assert_eq!(
        tree.resolve_link("lib/libc.so").unwrap(),
        "usr/lib/libc.so.6"
    );
    assert_eq!(
        tree.resolve_link("/etc/localtime").unwrap(),
        "usr/share/zoneinfo/UTC"
    );
    assert_eq!(
        tree.resolve_link("usr/bin/up").unwrap(),
        "usr/lib/libc.so.6"
    );
    assert_eq!(
        tree.resolve_link("usr/bin/sh2").unwrap(),
        "usr/lib/libc.so.6"
    );
    assert_eq!(tree.resolve_link("usr/lib").unwrap(), "usr/lib");
    assert_eq!(
        tree.resolve_link("escape"),
        Err(LinkError::EscapesRoot {
            link: "escape".into(),
            target: "../../../etc/shadow".into()
        })
    );
    assert!(matches!(
        tree.resolve_link("loop-a"),
        Err(LinkError::Loop { hops: 40, .. })
    ));
    // Tar hard links name earlier members of their own layer: these two cannot both hold.
    assert_eq!(
        tree.resolve_link("hl-a"),
        Err(LinkError::BrokenHardLink {
            link: "hl-a".into(),
            target: "hl-b".into()
        })
    );
    assert!(matches!(
        tree.resolve_link("hl-b"),
        Err(LinkError::BrokenHardLink { .. })
    ));
    assert_eq!(
        tree.resolve_link("dangling"),
        Err(LinkError::Dangling {
            link: "dangling".into(),
            target: "nowhere/file".into()
        })
    );
    assert_eq!(
        tree.resolve_link("nope"),
        Err(LinkError::NotFound {
            path: "nope".into()
        })
    );
    assert!(matches!(
        tree.resolve_link("../outside"),
        Err(LinkError::EscapesRoot { .. })
    ));
    // The unsafe entry is listed under its literal name, not placed outside.
    let dotdot = tree.children("");
    assert!(dotdot.iter().any(|n| n.name == ".."));
    let loop_err = tree.resolve_link("loop-a").unwrap_err().to_string();
    assert!(loop_err.contains("link loop"), "{loop_err}");
}

#[test]
fn a_tree_twenty_thousand_levels_deep_is_walked_without_recursion() {
    let depth = 20_000;
    let path = vec!["d"; depth].join("/") + "/f";
    let mut tree = MergedTree::new();
    tree.add_layer(0, &[f(&path, 42)]);
    assert_eq!(tree.len(), depth as u64 + 1);
    assert_eq!(tree.get("d").unwrap().size, 42);
    assert_eq!(tree.children(&vec!["d"; depth].join("/"))[0].name, "f");
    assert_eq!(tree.largest(1)[0].size, 42);
    assert_eq!(tree.flat(SortBy::SizeDescending, 0, 10).total, 1);
    drop(tree);
}
