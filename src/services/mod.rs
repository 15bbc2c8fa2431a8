//! I/O for the views: the registry session, the inspect flow, lists, storage, clipboard and the
//! clock.

pub mod clipboard;
pub mod clock;
pub mod doctor_handoff;
pub mod fetched;
pub mod inspect;
pub mod navigation;
pub mod page_credentials;
pub mod plain_http_marks;
pub mod recent;
pub mod session;
pub mod storage;
