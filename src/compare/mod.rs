//! Two images compared (`?image=A&compare=B`, any two references, across repositories and
//! registries; two platforms of an index are two manifests pinned by digest): the configs
//! section by section, the histories step by step, the layers aligned by digest (shared
//! layers never downloaded), and on request the files of the layers that differ, read in a
//! worker ([`layer_worker`]) and compared ([`files_view`]). A module of its own
//! (`src/bin/compare.rs`), loaded when such a link is first shown, and rendered on the server
//! for a shared link ([`server`]).

pub mod config_view;
pub mod files_read;
pub mod files_view;
pub mod history_view;
pub mod hooks;
pub mod layer_worker;
pub mod layers_view;
pub mod page;
pub mod root;
#[cfg(feature = "ssr")]
pub mod server;
pub mod services;
pub mod summary;

pub use page::ComparePage;
pub use root::{CompareRoot, CompareRootProps};
