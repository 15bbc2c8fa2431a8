//! The references inspected recently, newest first: the browser keeps them in `localStorage`;
//! a page rendered on the server has none (and no storage to read).

use yew::prelude::*;

use crate::hooks::use_on_server::use_on_server;
use crate::services::recent;

/// The recent references, as the page shows and extends them.
#[derive(Clone)]
pub struct Recent(UseStateHandle<Vec<String>>);

impl Recent {
    /// The references, newest first.
    pub fn list(&self) -> &[String] {
        &self.0
    }

    /// Puts `reference` first.
    pub fn remember(&self, reference: &str) {
        recent::remember(reference);
        self.0.set(recent::list());
    }
}

/// The recent references of this browser (none on the server).
#[hook]
pub fn use_recent() -> Recent {
    let on_server = use_on_server();
    Recent(use_state(|| {
        if on_server {
            Vec::new()
        } else {
            recent::list()
        }
    }))
}
