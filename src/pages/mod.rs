//! The page and what it shows: the start page, an image's view with its tabs
//! ([`crate::tabs`]), or the failure in words.

pub mod failure_view;
pub mod image_view;
pub mod inspector_page;
pub mod intro;
