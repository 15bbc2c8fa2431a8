//! Files opened in this page, kept by layer digest and path for the page's life (the module
//! stays loaded when the tab is left): opening one again moves no bytes.

use std::cell::RefCell;
use std::rc::Rc;

/// One opened file.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenedFile {
    /// Its first bytes (at most the cap it was opened with).
    pub bytes: Rc<Vec<u8>>,
    /// Its whole size.
    pub total: u64,
    /// Whether `bytes` is less than the whole file.
    pub truncated: bool,
    /// Compressed bytes the download moved to reach it.
    pub moved: u64,
    /// Read from a lazy layer's chunks: their digest checks.
    pub checks: Option<super::lazy_read::FileChecks>,
}

/// At most this many files are kept (the oldest go first).
const MAX_FILES: usize = 64;

thread_local! {
    static OPENED: RefCell<Vec<((String, String), OpenedFile)>> = const { RefCell::new(Vec::new()) };
}

/// The file `path` of layer `digest`, when opened before.
pub fn get(digest: &str, path: &str) -> Option<OpenedFile> {
    OPENED.with(|all| {
        all.borrow()
            .iter()
            .find(|((d, p), _)| d == digest && p == path)
            .map(|(_, f)| f.clone())
    })
}

/// Keeps `file` as `path` of layer `digest`.
pub fn put(digest: &str, path: &str, file: OpenedFile) {
    OPENED.with(|all| {
        let mut all = all.borrow_mut();
        all.retain(|((d, p), _)| !(d == digest && p == path));
        if all.len() >= MAX_FILES {
            all.remove(0);
        }
        all.push(((digest.to_string(), path.to_string()), file));
    });
}
