//! regscope-core: the container registry protocol as plain Rust.
//!
//! References, `WWW-Authenticate` challenges, tokens, manifests, image configs, digests and
//! the inspect flow that ties them together. HTTP goes through the [`transport::Transport`]
//! trait, so the same flow runs in the browser (fetch) and natively in tests.

pub mod auth;
mod authorized;
pub mod base64_codec;
pub mod blob_request;
pub mod catalog;
pub mod challenge;
pub mod client;
pub mod compare;
pub mod config;
pub mod contract;
pub mod digest;
pub mod doctor;
pub mod document;
pub mod endpoints;
pub mod error;
mod follow;
pub mod inspect;
mod json_fields;
pub mod listing;
pub mod manifest;
pub mod media_types;
pub mod object_cache;
pub mod paste;
pub mod rate_limit;
pub mod recording;
pub mod redirect;
pub mod reference;
pub mod referrers;
pub mod registry_error;
pub mod tag_order;
pub mod token;
pub mod trace;
pub mod transport;
pub mod url_text;
pub mod view_outcome;

pub use client::{Client, Credentials};
pub use error::Error;
pub use inspect::{FetchedBlob, FetchedManifest, Inspection};
pub use reference::Reference;
pub use transport::{Method, Request, Response, Transport, TransportError};
pub use view_outcome::{ViewOutcome, inspect_view};
