//! The Files tab (`?image=…&tab=files`, `&layer=<digest>|merged`, `&path=…`): what is inside
//! an image's layers, listed while each layer streams. This code is not in the main bundle:
//! the `files` binary (`src/bin/files.rs`) builds it into a module of its own that the main
//! app loads when the tab opens ([`crate::lazy`]); the layer's bytes are fetched, decompressed,
//! read and hashed in a Web Worker of their own (`worker/`), which this module starts.

pub mod address;
pub mod components;
pub mod file_cache;
pub mod image_layers;
pub mod lazy_cache;
pub mod lazy_open;
pub mod lazy_read;
pub mod lazy_stream;
pub mod lazy_worker;
pub mod listing;
pub mod merged_rows;
pub mod root;
pub mod rows;
pub mod stream_request;
pub mod use_layer_stream;
pub mod use_open_file;
pub mod worker;

pub use root::{FilesRoot, FilesRootProps};
