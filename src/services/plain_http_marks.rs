//! Registries this tab was told to reach over plain `http`: a pasted `http://` registry URL
//! marks its host (the request doctor writes the mark), on top of the relay's
//! `--insecure-registry` list, for this tab only (session storage). Through the relay, such a
//! host still needs the relay's own `--insecure-registry` entry; a registry reached directly
//! (CORS) needs nothing more.

use crate::services::storage::{self, Store};

/// Where the marked hosts are kept, separated by spaces.
const KEY: &str = "regscope.plain-http";

/// Marks `host` (`HOST` or `HOST:PORT`) as spoken to over plain http in this tab.
pub fn mark(host: &str) {
    let mut marked = marked().unwrap_or_default();
    if !marked.split(' ').any(|h| h == host) {
        if !marked.is_empty() {
            marked.push(' ');
        }
        marked.push_str(host);
        storage::set(Store::Session, KEY, &marked);
    }
}

/// The hosts marked in this tab, separated by spaces; `None` when there is none.
pub fn marked() -> Option<String> {
    storage::get(Store::Session, KEY).filter(|m| !m.is_empty())
}
