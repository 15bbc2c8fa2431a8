//! The view the relay inspected for a page it renders on the server, given to that page
//! (through [`crate::context::root::Root::Server`]) in place of running the flow: effects do
//! not run on the server.

use regscope_core::Inspection;

use crate::hooks::load::{Load, next_run};
use crate::services::fetched::Finished;

/// The view the server inspected.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerView {
    /// The inspection, finished.
    pub inspection: Load<Inspection>,
}

impl ServerView {
    /// The view of a finished inspection.
    pub fn new(finished: Finished<Inspection>) -> ServerView {
        ServerView {
            inspection: Load::finished(next_run(), finished),
        }
    }
}
