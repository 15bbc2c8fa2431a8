//! `files/many`: one gzip layer holding a Debian-like tree of more than 20,000 files
//! (documentation, Python modules, locales, headers, man pages, binaries, libraries, package
//! lists) with varied sizes and a few large files, for listing, search and paging tests.

use super::content::{self, Rng};
use crate::seed::tarball::{Entry, with_parents};

/// The fewest regular files the layer holds.
#[cfg(test)]
pub const MIN_FILES: usize = 20_000;

/// The tree's entries (parents added, sorted by name).
pub fn entries() -> Vec<Entry> {
    let mut rng = Rng::new("files/many");
    let mut files = Vec::new();
    let packages: Vec<String> = (0..600).map(|i| package_name(&mut rng, i)).collect();
    for name in &packages {
        let size = rng.range(300, 3000);
        files.push(text_file(
            &mut rng,
            &format!("usr/share/doc/{name}/copyright"),
            size,
        ));
        files.push(binary_file(
            &mut rng,
            &format!("usr/share/doc/{name}/changelog.Debian.gz"),
            200,
            2000,
        ));
        let size = rng.range(50, 1200);
        files.push(text_file(
            &mut rng,
            &format!("var/lib/dpkg/info/{name}.list"),
            size,
        ));
        let size = rng.range(100, 900);
        files.push(text_file(
            &mut rng,
            &format!("var/lib/dpkg/info/{name}.md5sums"),
            size,
        ));
    }
    for module in packages.iter().take(220) {
        let module = module.replace('-', "_");
        for i in 0..45 {
            let name = if i == 0 {
                "__init__".to_owned()
            } else {
                format!("mod_{i:02}")
            };
            let size = rng.range(60, 1200);
            files.push(text_file(
                &mut rng,
                &format!("usr/lib/python3/dist-packages/{module}/{name}.py"),
                size,
            ));
        }
    }
    for lang in LANGS {
        for domain in packages.iter().take(50) {
            files.push(binary_file(
                &mut rng,
                &format!("usr/share/locale/{lang}/LC_MESSAGES/{domain}.mo"),
                100,
                1500,
            ));
        }
    }
    for library in packages.iter().skip(100).take(100) {
        for i in 0..20 {
            let size = rng.range(150, 1500);
            files.push(text_file(
                &mut rng,
                &format!("usr/include/{library}/header_{i:02}.h"),
                size,
            ));
        }
    }
    for section in 1..=8 {
        for command in packages.iter().take(300) {
            files.push(binary_file(
                &mut rng,
                &format!("usr/share/man/man{section}/{command}.{section}.gz"),
                300,
                3000,
            ));
        }
    }
    for command in packages.iter().skip(200).take(300) {
        let mode = 0o755;
        let file = binary_file(&mut rng, &format!("usr/bin/{command}"), 2000, 12_000);
        files.push(file.mode(mode));
    }
    for library in packages.iter().skip(300).take(100) {
        files.push(binary_file(
            &mut rng,
            &format!("usr/lib/x86_64-linux-gnu/lib{library}.so.1"),
            5000,
            30_000,
        ));
    }
    for name in packages.iter().take(300) {
        let size = rng.range(40, 800);
        files.push(text_file(&mut rng, &format!("etc/{name}.conf"), size));
    }
    files.push(binary_file(
        &mut rng,
        "usr/lib/x86_64-linux-gnu/libLLVM.so.17",
        2 << 20,
        (2 << 20) + 1,
    ));
    files.push(binary_file(
        &mut rng,
        "var/cache/apt/pkgcache.bin",
        1 << 20,
        (1 << 20) + 1,
    ));
    files.push(text_file(&mut rng, "usr/share/dict/words", 1 << 20));
    files.push(Entry::file("etc/hostname", "files-many\n"));
    with_parents(files)
}

/// The languages of `usr/share/locale`.
const LANGS: [&str; 60] = [
    "af", "ar", "ast", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en_GB", "eo",
    "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr", "hu", "id", "is", "it",
    "ja", "ka", "kk", "km", "ko", "lt", "lv", "mk", "ml", "mr", "ms", "nb", "nl", "nn", "pa", "pl",
    "pt", "pt_BR", "ro", "ru", "sk", "sl", "sr", "sv", "ta", "th", "tr", "uk", "zh_CN",
];

/// A package-like name, unique by index.
fn package_name(rng: &mut Rng, index: usize) -> String {
    const STEMS: &[&str] = &[
        "lib", "python3", "gnu", "x11", "font", "perl", "node", "gir", "golang", "ruby", "tex",
    ];
    const ROOTS: &[&str] = &[
        "ssl", "curl", "xml", "yaml", "json", "zstd", "lz4", "png", "jpeg", "gtk", "glib", "dbus",
        "udev", "pam", "krb5", "ldap", "sqlite", "pcre", "ffi", "gmp", "mpfr", "icu", "harfbuzz",
        "pango", "cairo", "pixman", "systemd", "util", "core", "tools", "data",
    ];
    format!("{}-{}{index:03}", rng.pick(STEMS), rng.pick(ROOTS))
}

fn text_file(rng: &mut Rng, path: &str, len: usize) -> Entry {
    Entry::file(path, content::text(rng, len))
}

fn binary_file(rng: &mut Rng, path: &str, low: usize, high: usize) -> Entry {
    let len = rng.range(low, high);
    Entry::file(path, content::binary(rng, len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::tarball::Kind;

    #[test]
    fn the_tree_has_enough_files_dirs_and_large_files() {
        let entries = entries();
        let files: Vec<&Entry> = entries
            .iter()
            .filter(|e| matches!(e.kind, Kind::File(_)))
            .collect();
        assert!(files.len() >= MIN_FILES, "{} files", files.len());
        let dirs = entries.iter().filter(|e| e.kind == Kind::Dir).count();
        assert!(dirs > 1000, "{dirs} dirs");
        let large = files
            .iter()
            .filter(|e| matches!(&e.kind, Kind::File(b) if b.len() >= 1 << 20))
            .count();
        assert_eq!(large, 3);
        let mut paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        let before = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), before, "names are unique");
    }
}
