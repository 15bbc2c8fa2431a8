//! Deterministic layers: tar archives built in memory, then gzipped.
//!
//! Every entry has mtime 0, uid/gid 0, mode 0644 (files) or 0755 (directories) and
//! entries are sorted by path, with parent directories added automatically. gzip uses a
//! fixed level, mtime 0 and OS byte 255, so the bytes are the same on every machine.

use std::collections::BTreeMap;
use std::io::Write as _;

use anyhow::{Context, Result};
use flate2::{Compression, GzBuilder};

/// gzip level used for every layer.
const GZIP_LEVEL: u32 = 6;

/// The files of a layer: `(relative path, content)`.
pub type Files = Vec<(String, Vec<u8>)>;

/// A layer's uncompressed tar and its gzip.
#[derive(Debug, Clone)]
pub struct Layer {
    /// The tar archive (its sha256 is the diff id).
    pub tar: Vec<u8>,
    /// The gzip of the tar (its sha256 is the blob digest).
    pub gzip: Vec<u8>,
}

/// Builds a layer from `(path, content)` files; paths are relative (`etc/motd`).
pub fn build(files: &[(String, Vec<u8>)]) -> Result<Layer> {
    let tar = tar_of(files)?;
    let gzip = gzip_of(&tar)?;
    Ok(Layer { tar, gzip })
}

/// Writes the tar archive with sorted entries and fixed metadata.
fn tar_of(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut entries: BTreeMap<String, Option<&[u8]>> = BTreeMap::new();
    for (path, content) in files {
        let path = path.trim_start_matches('/');
        let mut parent = String::new();
        let segments: Vec<&str> = path.split('/').collect();
        if let Some((_, dirs)) = segments.split_last() {
            for dir in dirs {
                parent.push_str(dir);
                parent.push('/');
                entries.entry(parent.clone()).or_insert(None);
            }
        }
        entries.insert(path.to_owned(), Some(content.as_slice()));
    }
    let mut builder = tar::Builder::new(Vec::new());
    for (path, content) in entries {
        let mut header = tar::Header::new_ustar();
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        match content {
            Some(bytes) => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_mode(0o644);
                header.set_size(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
                builder
                    .append_data(&mut header, &path, bytes)
                    .with_context(|| format!("adding {path} to a layer"))?;
            }
            None => {
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(0o755);
                header.set_size(0);
                builder
                    .append_data(&mut header, &path, std::io::empty())
                    .with_context(|| format!("adding {path} to a layer"))?;
            }
        }
    }
    builder.into_inner().context("finishing a layer tar")
}

/// gzips with fixed level, mtime 0 and OS byte 255.
fn gzip_of(tar: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), Compression::new(GZIP_LEVEL));
    encoder.write_all(tar).context("gzipping a layer")?;
    encoder.finish().context("gzipping a layer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_files_give_same_bytes_in_any_order() {
        let a = build(&[("b/x".into(), b"1".to_vec()), ("a".into(), b"2".to_vec())]).expect("a");
        let b = build(&[("a".into(), b"2".to_vec()), ("b/x".into(), b"1".to_vec())]).expect("b");
        assert_eq!(a.tar, b.tar);
        assert_eq!(a.gzip, b.gzip);
        assert_eq!(&a.gzip[4..8], &[0, 0, 0, 0], "gzip mtime is 0");
        let mut archive = tar::Archive::new(a.tar.as_slice());
        let names: Vec<String> = archive
            .entries()
            .expect("entries")
            .map(|e| {
                e.expect("entry")
                    .path()
                    .expect("path")
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["a", "b/", "b/x"]);
    }
}
