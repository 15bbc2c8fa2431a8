//! Mapping a request path onto a file under the root without escaping it.

use std::path::{Path, PathBuf};

/// Joins the URL `path` onto `root`, or `None` when the path is unsafe: empty segments
/// (`//`), `.` or `..`, backslashes, NUL, or percent escapes (storage paths need none).
pub fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = path.strip_prefix('/')?;
    if relative.is_empty() {
        return None;
    }
    let mut joined = root.to_path_buf();
    for segment in relative.split('/') {
        let unsafe_segment = segment.is_empty()
            || segment == "."
            || segment == ".."
            || segment.contains(['\\', '\0', '%']);
        if unsafe_segment {
            return None;
        }
        joined.push(segment);
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_storage_paths_and_rejects_escapes() {
        let root = Path::new("/srv/root");
        assert_eq!(
            resolve(root, "/docker/registry/v2/blobs/sha256/ab/abc/data"),
            Some(PathBuf::from(
                "/srv/root/docker/registry/v2/blobs/sha256/ab/abc/data"
            ))
        );
        for bad in [
            "/",
            "",
            "/../etc/passwd",
            "/a/../../b",
            "/a//b",
            "/a/./b",
            "/%2e%2e/x",
            "/a\\b",
        ] {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
    }
}
