//! The page's state as data: [`load::Load`] and the hooks that own its loads, each with its
//! guard against results that arrive too late.

pub mod load;
pub mod use_address_bar;
pub mod use_inspection;
pub mod use_module_navigation;
pub mod use_on_server;
pub mod use_recent;
pub mod use_session;
