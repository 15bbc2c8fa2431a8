//! The rows the tab lists, from a layer's entries: a directory's children (the tree), every
//! entry sorted by path or size, matching a search, or the largest files. Directories an
//! archive implies but never lists (`a/b/c` without `a/`) still appear in the tree.

use std::rc::Rc;

use regscope_layers::entry::{Entry, EntryKind};
use regscope_layers::merged::{LinkError, OPAQUE_MARKER, WHITEOUT_PREFIX};

/// One listed row: an entry and where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The entry (for an implied directory: a made-up directory entry).
    pub entry: Rc<Entry>,
    /// The layer that added the path.
    pub added: usize,
    /// The layer that last changed it.
    pub changed: usize,
    /// Whether a later layer replaced an earlier layer's entry at this path.
    pub overwrote: bool,
    /// Whether the archive never listed it (only paths below it).
    pub implied: bool,
    /// A whiteout entry of a layer shown alone (`.wh.NAME`, `.wh..wh..opq`): it deletes
    /// something of a lower layer.
    pub whiteout: bool,
    /// Why a link of the merged filesystem does not resolve (a loop, a dangling target, a
    /// target outside the root): links are followed only to say so, with a bounded walk.
    pub link_error: Option<LinkError>,
}

/// What a whiteout entry does, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whiteout<'a> {
    /// `.wh.NAME`: deletes `NAME` (of lower layers) in the same directory.
    Deletes(&'a str),
    /// `.wh..wh..opq`: the directory's entries from lower layers are hidden.
    Opaque,
}

/// What `row` deletes or hides, when it is a whiteout.
pub fn whiteout(row: &Row) -> Option<Whiteout<'_>> {
    if !row.whiteout {
        return None;
    }
    let file = name(&row.entry.path);
    if file == OPAQUE_MARKER {
        return Some(Whiteout::Opaque);
    }
    file.strip_prefix(WHITEOUT_PREFIX).map(Whiteout::Deletes)
}

/// How a flat list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// By path.
    #[default]
    Path,
    /// Largest first.
    Size,
}

/// Which list the tab shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ViewKind {
    /// One directory's children, with a breadcrumb.
    #[default]
    Tree,
    /// Every entry.
    Flat,
    /// Regular files, largest first.
    Largest,
}

/// The parent directory of `path` (`""` for the root).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}

/// The last component of `path`.
pub fn name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, n)| n)
}

/// A layer's entries as rows of `layer`: the last entry for a path wins, as unpacking does.
pub fn layer_rows(entries: &[Rc<Entry>], layer: usize) -> Vec<Row> {
    let mut rows: Vec<Row> = entries
        .iter()
        .map(|e| Row {
            entry: Rc::clone(e),
            added: layer,
            changed: layer,
            overwrote: false,
            implied: false,
            whiteout: name(&e.path).starts_with(WHITEOUT_PREFIX),
            link_error: escapes_root(e),
        })
        .collect();
    // Stable sort, then keep the last of equal paths.
    rows.sort_by(|a, b| a.entry.path.cmp(&b.entry.path));
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    for row in rows {
        match out.last_mut() {
            Some(last) if last.entry.path == row.entry.path => *last = row,
            _ => out.push(row),
        }
    }
    out
}

/// A link of one layer whose target climbs above the root by its `..` (a symlink from its own
/// directory, a hard link from the root, as tar names them): said, never followed.
fn escapes_root(entry: &Entry) -> Option<LinkError> {
    let target = entry.link_target.as_deref()?;
    let from = match entry.kind {
        EntryKind::Symlink if !target.starts_with('/') => parent(&entry.path),
        EntryKind::Symlink | EntryKind::HardLink => "",
        _ => return None,
    };
    let mut depth = from.split('/').filter(|p| !p.is_empty()).count();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." if depth == 0 => {
                return Some(LinkError::EscapesRoot {
                    link: entry.path.clone(),
                    target: target.to_owned(),
                });
            }
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    None
}

/// The children of directory `dir` (`""`: the root) among `rows` (sorted by path), directories
/// first, then by name; directories the rows imply are made up. An entry whose name is unsafe
/// (absolute, or with `..`) is listed whole at the root, after the others, never as a path of
/// directories to walk.
pub fn children(rows: &[Row], dir: &str) -> Vec<Row> {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let start = rows.partition_point(|r| r.entry.path.as_str() < prefix.as_str());
    let mut out: Vec<Row> = Vec::new();
    // Names already listed: `a/b-c` sorts between `a/b` and `a/b/d`.
    let mut seen = std::collections::HashSet::new();
    for row in &rows[start..] {
        let Some(rest) = row.entry.path.strip_prefix(prefix.as_str()) else {
            break;
        };
        if rest.is_empty() || row.entry.unsafe_path {
            continue;
        }
        match rest.split_once('/') {
            None => {
                seen.insert(rest.to_string());
                out.push(row.clone());
            }
            Some((first, _)) => {
                if seen.insert(first.to_string()) {
                    out.push(implied_directory(format!("{prefix}{first}"), row));
                }
            }
        }
    }
    out.sort_by(|a, b| {
        let dir = |r: &Row| r.entry.kind != EntryKind::Directory;
        dir(a)
            .cmp(&dir(b))
            .then_with(|| name(&a.entry.path).cmp(name(&b.entry.path)))
    });
    if dir.is_empty() {
        out.extend(rows.iter().filter(|r| r.entry.unsafe_path).cloned());
    }
    out
}

/// A directory the archive implies by a path below it.
fn implied_directory(path: String, below: &Row) -> Row {
    Row {
        entry: Rc::new(implied_directory_entry(path)),
        added: below.added,
        changed: below.changed,
        overwrote: false,
        implied: true,
        whiteout: false,
        link_error: None,
    }
}

/// The entry shown for a directory no archive listed.
pub fn implied_directory_entry(path: String) -> Entry {
    Entry {
        path,
        kind: EntryKind::Directory,
        mode: 0o755,
        uid: 0,
        gid: 0,
        user_name: None,
        group_name: None,
        size: 0,
        mtime: 0,
        link_target: None,
        content_offset: 0,
        unsafe_path: false,
    }
}

/// `rows` whose path holds `query` (any case), or all of them for a blank query.
pub fn matching(rows: &[Row], query: &str) -> Vec<Row> {
    let query = query.trim().to_lowercase();
    rows.iter()
        .filter(|r| query.is_empty() || r.entry.path.to_lowercase().contains(&query))
        .cloned()
        .collect()
}

/// `rows` in `order` (they come by path).
pub fn ordered(mut rows: Vec<Row>, order: Order) -> Vec<Row> {
    if order == Order::Size {
        rows.sort_by(|a, b| {
            b.entry
                .size
                .cmp(&a.entry.size)
                .then_with(|| a.entry.path.cmp(&b.entry.path))
        });
    }
    rows
}

/// The regular files of `rows`, largest first.
pub fn largest(rows: &[Row]) -> Vec<Row> {
    let files = rows
        .iter()
        .filter(|r| r.entry.kind == EntryKind::File && !r.whiteout)
        .cloned()
        .collect();
    ordered(files, Order::Size)
}

/// The row at exactly `path`.
pub fn find<'a>(rows: &'a [Row], path: &str) -> Option<&'a Row> {
    rows.binary_search_by(|r| r.entry.path.as_str().cmp(path))
        .ok()
        .map(|i| &rows[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, kind: EntryKind, size: u64) -> Entry {
        Entry {
            path: path.into(),
            kind,
            mode: 0o644,
            uid: 0,
            gid: 0,
            user_name: None,
            group_name: None,
            size,
            mtime: 0,
            link_target: None,
            content_offset: 0,
            unsafe_path: false,
        }
    }

    fn paths(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.entry.path.as_str()).collect()
    }

    #[test]
    fn the_tree_lists_children_directories_first_and_implies_missing_ones() {
        let entries: Vec<Rc<Entry>> = [
            entry("etc", EntryKind::Directory, 0),
            entry("etc/os-release", EntryKind::File, 10),
            entry("bin/sh", EntryKind::File, 5),
            entry("etc/ssl/cert.pem", EntryKind::File, 30),
            entry("etc/os-release", EntryKind::File, 12),
            entry("etcetera", EntryKind::File, 1),
            entry("etc/ssl-old", EntryKind::File, 2),
        ]
        .into_iter()
        .map(Rc::new)
        .collect();
        let rows = layer_rows(&entries, 2);
        assert_eq!(
            paths(&rows),
            [
                "bin/sh",
                "etc",
                "etc/os-release",
                "etc/ssl-old",
                "etc/ssl/cert.pem",
                "etcetera"
            ]
        );
        // The later entry for a path wins.
        assert_eq!(
            find(&rows, "etc/os-release").map(|r| r.entry.size),
            Some(12)
        );
        let root = children(&rows, "");
        assert_eq!(paths(&root), ["bin", "etc", "etcetera"]);
        assert!(root[0].implied && !root[1].implied);
        assert_eq!(
            paths(&children(&rows, "etc")),
            ["etc/ssl", "etc/os-release", "etc/ssl-old"]
        );
        assert_eq!(paths(&children(&rows, "etc/ssl")), ["etc/ssl/cert.pem"]);
        assert!(children(&rows, "nope").is_empty());
        assert_eq!(
            paths(&largest(&rows)),
            [
                "etc/ssl/cert.pem",
                "etc/os-release",
                "bin/sh",
                "etc/ssl-old",
                "etcetera"
            ]
        );
        assert_eq!(paths(&matching(&rows, " OS-")), ["etc/os-release"]);
        assert_eq!(rows[0].added, 2);
        assert_eq!(
            (parent("a/b/c"), name("a/b/c"), parent("a")),
            ("a/b", "c", "")
        );
    }

    #[test]
    fn whiteouts_of_a_layer_read_as_deletions_and_opaque_markers() {
        let entries: Vec<Rc<Entry>> = [
            entry("etc/.wh.motd", EntryKind::File, 0),
            entry("srv/.wh..wh..opq", EntryKind::File, 0),
            entry("srv/new.txt", EntryKind::File, 4),
            entry("etc/.whatever", EntryKind::File, 9),
        ]
        .into_iter()
        .map(Rc::new)
        .collect();
        let rows = layer_rows(&entries, 1);
        let kinds: Vec<_> = rows.iter().map(whiteout).collect();
        assert_eq!(
            kinds,
            [
                Some(Whiteout::Deletes("motd")),
                None,
                Some(Whiteout::Opaque),
                None
            ]
        );
        // A whiteout is no file: never among the largest.
        assert_eq!(paths(&largest(&rows)), ["etc/.whatever", "srv/new.txt"]);
    }

    fn link(path: &str, kind: EntryKind, target: &str) -> Entry {
        Entry {
            link_target: Some(target.into()),
            ..entry(path, kind, 0)
        }
    }

    #[test]
    fn unsafe_names_stay_whole_at_the_root_and_climbing_links_are_said() {
        let unsafe_entry = |path: &str| Entry {
            unsafe_path: true,
            ..entry(path, EntryKind::File, 1)
        };
        let entries: Vec<Rc<Entry>> = [
            unsafe_entry("../escape.txt"),
            unsafe_entry("a/../../climb.txt"),
            entry("a/ok.txt", EntryKind::File, 1),
            link("a/up", EntryKind::Symlink, "../etc/passwd"),
            link("a/out", EntryKind::Symlink, "../../etc/shadow"),
            link("abs", EntryKind::Symlink, "/etc/shadow"),
            link("hard-out", EntryKind::HardLink, "../../etc/passwd"),
            link("hard-in", EntryKind::HardLink, "a/ok.txt"),
        ]
        .into_iter()
        .map(Rc::new)
        .collect();
        let rows = layer_rows(&entries, 0);
        assert_eq!(
            paths(&children(&rows, "")),
            [
                "a",
                "abs",
                "hard-in",
                "hard-out",
                "../escape.txt",
                "a/../../climb.txt"
            ]
        );
        assert_eq!(paths(&children(&rows, "a")), ["a/ok.txt", "a/out", "a/up"]);
        assert!(
            children(&rows, "..").is_empty(),
            "never a directory to walk"
        );
        let escaping: Vec<&str> = rows
            .iter()
            .filter(|r| matches!(r.link_error, Some(LinkError::EscapesRoot { .. })))
            .map(|r| r.entry.path.as_str())
            .collect();
        assert_eq!(escaping, ["a/out", "hard-out"]);
    }
}
