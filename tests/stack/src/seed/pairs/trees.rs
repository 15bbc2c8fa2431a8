//! The file trees of the comparison pairs' layers.

use crate::seed::files::content::{self, Rng};
use crate::seed::tarball::{Entry, with_parents};

/// A small base system.
pub fn base() -> Vec<Entry> {
    let mut rng = Rng::new("compare/base");
    with_parents(vec![
        Entry::file("etc/os-release", "NAME=regscope-base\nVERSION_ID=1\n"),
        Entry::file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"),
        Entry::file("bin/busybox", content::binary(&mut rng, 64 << 10)).mode(0o755),
        Entry::file("usr/share/doc/base.txt", content::text(&mut rng, 3000)),
    ])
}

/// The application layer.
pub fn app() -> Vec<Entry> {
    app_for("amd64")
}

/// The application layer, naming its architecture in `etc/app/arch` (five bytes and a
/// newline for both amd64 and arm64, so the two differ in content, not size).
pub fn app_for(arch: &str) -> Vec<Entry> {
    let mut rng = Rng::new("compare/app");
    with_parents(vec![
        Entry::file("srv/app/main", content::binary(&mut rng, 32 << 10)).mode(0o755),
        Entry::file("srv/app/config.toml", "listen = \"0.0.0.0:8080\"\n"),
        Entry::file("etc/app/arch", format!("{arch}\n")),
    ])
}

/// The package layer of version 1 or 2.
pub fn package(version: u8) -> Vec<Entry> {
    let mut rng = Rng::new("compare/package");
    let data = content::binary(&mut rng, 16 << 10);
    let tool = content::binary(&mut rng, 8 << 10);
    let mut files = vec![
        Entry::file("usr/share/pkg/data.bin", data),
        Entry::file("usr/bin/pkg", tool).mode(if version == 1 { 0o755 } else { 0o700 }),
    ];
    if version == 1 {
        files.push(Entry::file(
            "usr/share/pkg/README",
            "pkg 1.0\n\nA tool.\nIt reads files.\n",
        ));
        files.push(Entry::file("usr/share/pkg/config.ini", "level=1\nmode=a\n"));
        files.push(Entry::file(
            "usr/share/pkg/legacy.txt",
            "old format notes\n",
        ));
    } else {
        files.push(Entry::file(
            "usr/share/pkg/README",
            "pkg 1.1\n\nA tool.\nIt reads and writes files.\n",
        ));
        files.push(Entry::file("usr/share/pkg/config.ini", "level=2\nmode=b\n"));
        files.push(Entry::file("usr/share/pkg/NEWS", "1.1: writes files\n"));
    }
    with_parents(files)
}

/// The tools layer (only in `compare/layers:v1`).
pub fn tools() -> Vec<Entry> {
    with_parents(vec![
        Entry::file("opt/tools/lint", "#!/bin/sh\necho lint\n").mode(0o755),
        Entry::file("opt/tools/fmt", "#!/bin/sh\necho fmt\n").mode(0o755),
    ])
}

/// The libraries layer.
pub fn libs() -> Vec<Entry> {
    let mut rng = Rng::new("compare/libs");
    with_parents(vec![Entry::file(
        "usr/lib/libdemo.so.1",
        content::binary(&mut rng, 24 << 10),
    )])
}

/// The extras layer (only in `compare/layers:v2`).
pub fn extras() -> Vec<Entry> {
    with_parents(vec![Entry::file("opt/extras/motd", "welcome\n")])
}
