//! Which root renders the page, and what it gives the page (in [`crate::route::Navigation`]):
//! in the browser, the registry session; on the server, the view the relay inspected (the page
//! runs no flow there, and no browser session or storage exists).

use crate::context::server_view::ServerView;
use crate::services::session::SharedSession;

/// The root of the page, provided as a context.
#[derive(Clone, PartialEq)]
pub enum Root {
    /// The app in the browser, with the registry session every view shares.
    Browser(SharedSession),
    /// The relay, rendering a shared link on the server, with the view it inspected.
    Server(ServerView),
}

impl Root {
    /// The browser's registry session (none on the server).
    pub fn session(&self) -> Option<&SharedSession> {
        match self {
            Root::Browser(session) => Some(session),
            Root::Server(_) => None,
        }
    }

    /// The view the server inspected (none in the browser).
    pub fn server_view(&self) -> Option<&ServerView> {
        match self {
            Root::Browser(_) => None,
            Root::Server(view) => Some(view),
        }
    }
}
