//! I/O for the views: the registry session, the inspect flow, lists, storage and clipboard.

pub mod clipboard;
pub mod inspect;
pub mod listing;
pub mod navigation;
pub mod recent;
pub mod session;
pub mod storage;
