//! `files/zstd`, `files/uncompressed` and `files/docker-gzip`: the same small application tree
//! stored with each codec a registry may hand out (zstd and plain tar under OCI media types,
//! gzip under Docker's), so the readers of each are tested on identical content.

use anyhow::Result;

use super::content::{self, Rng};
use crate::seed::compress::{BuiltLayer, Codec};
use crate::seed::tarball::{Entry, archive, with_parents};

/// The files of the shared application tree (about 300, up to 256 KiB).
pub fn app_tree() -> Vec<Entry> {
    let mut rng = Rng::new("files/app");
    let mut files = vec![
        Entry::file("app/README.md", content::text(&mut rng, 4000)),
        Entry::file("app/bin/server", content::binary(&mut rng, 256 << 10)).mode(0o755),
        Entry::file(
            "etc/app/config.toml",
            "listen = \"0.0.0.0:8080\"\nlog = \"info\"\n",
        ),
    ];
    for i in 0..100 {
        let len = rng.range(100, 5000);
        files.push(Entry::file(
            &format!("app/static/page-{i:03}.html"),
            content::text(&mut rng, len),
        ));
        let len = rng.range(500, 20_000);
        files.push(Entry::file(
            &format!("app/static/img/pic-{i:03}.png"),
            content::binary(&mut rng, len),
        ));
        let len = rng.range(100, 3000);
        files.push(Entry::file(
            &format!("app/lib/module_{i:03}.js"),
            content::text(&mut rng, len),
        ));
    }
    with_parents(files)
}

/// The application tree as one layer compressed with `codec`.
pub fn app_layer(codec: Codec) -> Result<BuiltLayer> {
    BuiltLayer::of(&archive(&app_tree())?, codec)
}
