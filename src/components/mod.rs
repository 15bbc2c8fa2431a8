//! The page's components, one per file.

pub mod app;
pub mod config_view;
pub mod error_view;
pub mod inspector_page;
pub mod json_view;
pub mod layers;
pub mod platforms;
pub mod search_bar;
pub mod summary;
pub mod trace_view;
