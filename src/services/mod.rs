//! I/O for the views: the shared registry client and the inspect request.

pub mod inspect;
