//! The files of a local image, wherever they are: members of one tar (an OCI layout's tar, a
//! `docker save` tarball), or the files of a dropped directory (an OCI layout), each found
//! by its path relative to the layout's root.

use std::collections::BTreeMap;

use super::tar_index::TarIndex;
use crate::lazy::range::ByteRange;

/// Where a file's bytes are: which dropped file (0 for a tar) and which bytes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    /// Index of the file among those given (always 0 for a tar).
    pub file: usize,
    /// The bytes of that file.
    pub range: ByteRange,
}

/// Paths (relative to the image's root) → where their bytes are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileMap {
    paths: BTreeMap<String, Location>,
}

impl FileMap {
    /// The regular files of a tar.
    pub fn from_tar(index: &TarIndex) -> FileMap {
        FileMap {
            paths: index
                .members
                .values()
                .filter(|m| m.is_file)
                .map(|m| {
                    (
                        m.path.clone(),
                        Location {
                            file: 0,
                            range: m.range,
                        },
                    )
                })
                .collect(),
        }
    }

    /// A dropped directory: each file's relative path (as `webkitRelativePath` gives it,
    /// possibly under the directory's own name) and size, in the order the files are given.
    /// When `index.json` / `manifest.json` is not at the top but under one folder, that
    /// folder becomes the root. Unsafe paths (`..`, absolute) are left out.
    pub fn from_directory(files: &[(String, u64)]) -> FileMap {
        let mut paths = BTreeMap::new();
        for (i, (path, size)) in files.iter().enumerate() {
            let (clean, unsafe_path) = crate::lazy::toc::normalise(path);
            if unsafe_path || clean.is_empty() {
                continue;
            }
            paths.insert(
                clean,
                Location {
                    file: i,
                    range: ByteRange {
                        start: 0,
                        end: *size,
                    },
                },
            );
        }
        let rooted = |p: &BTreeMap<String, Location>| {
            p.contains_key("index.json") || p.contains_key("manifest.json")
        };
        if !rooted(&paths) {
            let tops: Vec<&str> = paths
                .keys()
                .filter_map(|p| p.split_once('/'))
                .map(|(t, _)| t)
                .collect();
            if let Some(first) = tops.first().copied()
                && tops.iter().all(|t| *t == first)
            {
                let prefix = format!("{first}/");
                let stripped: BTreeMap<String, Location> = paths
                    .iter()
                    .filter_map(|(p, l)| p.strip_prefix(&prefix).map(|s| (s.to_string(), *l)))
                    .collect();
                if rooted(&stripped) {
                    paths = stripped;
                }
            }
        }
        FileMap { paths }
    }

    /// Where `path` is.
    pub fn get(&self, path: &str) -> Option<Location> {
        self.paths.get(path).copied()
    }

    /// True when `path` is there.
    pub fn has(&self, path: &str) -> bool {
        self.paths.contains_key(path)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}
