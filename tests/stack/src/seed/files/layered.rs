//! `files/layered`: three gzip layers whose merged filesystem exercises the OCI changeset
//! rules (whiteouts `.wh.NAME`, opaque directories `.wh..wh..opq`, files overwritten and
//! retyped by later layers), links of every kind (relative, absolute, dangling and looping
//! symlinks; hard links, one to a file a later layer deletes), modes (setuid, sticky, 0600,
//! executables), named and numeric-only owners, a non-ASCII name, a pax long path and a GNU
//! long name. What the merged view must show is written down in `tests/stack/README.md`.

use anyhow::Result;

use crate::seed::compress::{BuiltLayer, Codec};
use crate::seed::tarball::{Entry, NameForm, Owner, archive};

/// `alice:alice` (1000:1000).
const ALICE: Owner = Owner {
    uid: 1000,
    gid: 1000,
    uname: "alice",
    gname: "alice",
};
/// `root:shadow` (0:42).
const SHADOW: Owner = Owner {
    uid: 0,
    gid: 42,
    uname: "root",
    gname: "shadow",
};
/// 4242:4242 with no names.
const NUMERIC: Owner = Owner {
    uid: 4242,
    gid: 4242,
    uname: "",
    gname: "",
};

/// The member stored with a pax `path` record (longer than 100 bytes).
pub const PAX_PATH: &str = "usr/share/regscope/a-directory-name-long-enough/to-need-more-than-one-hundred-bytes/pax-path-record.txt";
/// The member stored with a GNU `././@LongLink` entry (longer than 100 bytes).
pub const GNU_PATH: &str = "usr/share/regscope/a-directory-name-long-enough/to-need-more-than-one-hundred-bytes/gnu-long-name-entry.txt";
/// The non-ASCII member name.
pub const NON_ASCII: &str = "srv/café-naïve-日本語.txt";

/// The three layers' entries, bottom first, each in archive order.
pub fn layers() -> [Vec<Entry>; 3] {
    [base(), changes(), more_changes()]
}

/// The layers, gzipped.
pub fn built() -> Result<Vec<BuiltLayer>> {
    layers()
        .iter()
        .map(|entries| BuiltLayer::of(&archive(entries)?, Codec::Gzip))
        .collect()
}

/// Layer 1: the base tree.
fn base() -> Vec<Entry> {
    vec![
        Entry::dir("bin"),
        Entry::file("bin/su", "setuid root helper\n").mode(0o4755),
        Entry::dir("data"),
        Entry::file(
            "data/original.bin",
            "linked content, kept after the name is deleted\n",
        ),
        Entry::hardlink("data/hardlink.bin", "data/original.bin"),
        Entry::dir("etc"),
        Entry::file("etc/legacy.conf", "removed by layer 2\n"),
        Entry::symlink("etc/localtime", "/usr/share/zoneinfo/UTC"),
        Entry::file("etc/motd", "motd of layer 1\n"),
        Entry::file(
            "etc/passwd",
            "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
        ),
        Entry::file("etc/shadow", "root:*:19000:0:99999:7:::\n")
            .mode(0o640)
            .owner(SHADOW),
        Entry::dir("home"),
        Entry::dir("home/alice").mode(0o700).owner(ALICE),
        Entry::file("home/alice/notes.txt", "private notes\n")
            .mode(0o600)
            .owner(ALICE),
        Entry::dir("loop"),
        Entry::symlink("loop/a", "b"),
        Entry::symlink("loop/b", "a"),
        Entry::symlink("loop/self", "self"),
        Entry::dir("opt"),
        Entry::dir("opt/old"),
        Entry::file(
            "opt/old/data.txt",
            "deleted with its directory by layer 2\n",
        ),
        Entry::file(
            "opt/old/more.txt",
            "deleted with its directory by layer 2\n",
        ),
        Entry::dir("srv"),
        Entry::dir("srv/dir-to-file"),
        Entry::file(
            "srv/dir-to-file/child.txt",
            "gone when layer 3 makes the directory a file\n",
        ),
        Entry::file(NON_ASCII, "a name in UTF-8\n"),
        Entry::file("srv/numeric.txt", "owned by ids without names\n").owner(NUMERIC),
        Entry::dir("tmp").mode(0o1777),
        Entry::dir("usr"),
        Entry::dir("usr/bin"),
        Entry::symlink("usr/bin/missing-link", "../lib/does-not-exist"),
        Entry::file("usr/bin/tool", "#!/bin/sh\necho tool v1\n").mode(0o755),
        Entry::hardlink("usr/bin/tool-hard", "usr/bin/tool"),
        Entry::symlink("usr/bin/tool-link", "tool"),
        Entry::dir("usr/share"),
        Entry::dir("usr/share/regscope"),
        Entry::dir("usr/share/regscope/a-directory-name-long-enough"),
        Entry::dir(
            "usr/share/regscope/a-directory-name-long-enough/to-need-more-than-one-hundred-bytes",
        ),
        Entry::file(PAX_PATH, "name from a pax extended header\n").name_form(NameForm::Pax),
        Entry::file(GNU_PATH, "name from a GNU long-name entry\n").name_form(NameForm::Gnu),
        Entry::dir("usr/share/zoneinfo"),
        Entry::file("usr/share/zoneinfo/UTC", "TZif2 stub\n"),
        Entry::dir("var"),
        Entry::dir("var/cache"),
        Entry::dir("var/cache/app"),
        Entry::file(
            "var/cache/app/a.cache",
            "hidden by the opaque directory of layer 2\n",
        ),
        Entry::file(
            "var/cache/app/b.cache",
            "hidden by the opaque directory of layer 2\n",
        ),
    ]
}

/// Layer 2: whiteouts, an opaque directory, overwritten files.
fn changes() -> Vec<Entry> {
    vec![
        Entry::dir("data"),
        Entry::file("data/.wh.original.bin", ""),
        Entry::dir("etc"),
        Entry::file("etc/.wh.legacy.conf", ""),
        Entry::file("etc/motd", "motd of layer 2 (overwrites layer 1)\n"),
        Entry::dir("opt"),
        Entry::file("opt/.wh.old", ""),
        Entry::dir("srv"),
        Entry::file("srv/added-in-2.txt", "added by layer 2\n"),
        Entry::dir("usr"),
        Entry::dir("usr/bin"),
        Entry::file("usr/bin/tool", "#!/bin/sh\necho tool v2\n").mode(0o755),
        Entry::dir("var"),
        Entry::dir("var/cache"),
        Entry::dir("var/cache/app"),
        Entry::file("var/cache/app/.wh..wh..opq", ""),
        Entry::file(
            "var/cache/app/c.cache",
            "the only file left in the opaque directory\n",
        ),
    ]
}

/// Layer 3: a deleted directory re-created, a file turned into a symlink, a directory into
/// a file (whiteout and new entry in one layer).
fn more_changes() -> Vec<Entry> {
    vec![
        Entry::dir("etc"),
        Entry::symlink("etc/motd", "motd.d/welcome"),
        Entry::dir("etc/motd.d"),
        Entry::file("etc/motd.d/welcome", "motd of layer 3, behind a symlink\n"),
        Entry::dir("opt"),
        Entry::dir("opt/old"),
        Entry::file("opt/old/new.txt", "re-created after the whiteout\n"),
        Entry::dir("srv"),
        Entry::file("srv/.wh.dir-to-file", ""),
        Entry::file("srv/dir-to-file", "a file where layer 1 had a directory\n"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layer_reads_back_with_its_special_members() {
        let layers = layers();
        let mut names = Vec::new();
        for entries in &layers {
            let tar = archive(entries).expect("tar");
            let mut archive = tar::Archive::new(tar.as_slice());
            for entry in archive.entries().expect("entries") {
                let entry = entry.expect("entry");
                names.push(String::from_utf8_lossy(&entry.path_bytes()).into_owned());
            }
        }
        for name in [
            PAX_PATH,
            GNU_PATH,
            NON_ASCII,
            "var/cache/app/.wh..wh..opq",
            "opt/.wh.old",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} missing");
        }
        assert!(PAX_PATH.len() > 100 && GNU_PATH.len() > 100);
    }
}
