//! Browsing a registry: its catalog (`?registry=HOST`) and a repository's tags
//! (`&repository=REPO`), and an image's lists: its repository's tags (`?image=REF&tab=tags`)
//! and its referrers (`&tab=referrers`). This code is not in the main bundle: the `browse` binary
//! (`src/bin/browse.rs`) builds it into a module of its own that the main app loads the first
//! time such a view is shown ([`crate::lazy`]); the relay renders the same page on the server
//! ([`server`], feature `ssr`).

pub mod catalog_view;
pub mod hooks;
pub mod image_host;
pub mod links;
pub mod page;
pub mod prefetched;
pub mod referrers;
pub mod referrers_view;
pub mod repository_form;
pub mod root;
#[cfg(feature = "ssr")]
pub mod server;
pub mod services;
pub mod tags_list;

pub use page::BrowsePage;
pub use root::{BrowseRoot, BrowseRootProps};
