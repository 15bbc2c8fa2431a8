//! Reusable widgets and cards the page and its tabs are made of, one per file.

pub mod annotations;
pub mod capped;
pub mod class_list;
pub mod config_view;
pub mod copy_button;
pub mod credentials_form;
pub mod error_view;
pub mod failure_card;
pub mod fields;
pub mod history_view;
pub mod json_tree;
pub mod json_view;
pub mod layers;
pub mod platforms;
pub mod progress;
pub mod search_bar;
pub mod summary;
pub mod tabs;
pub mod trace_view;
pub mod view_link;
pub mod when;
