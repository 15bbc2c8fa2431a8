//! What a fetch brings the page: the value, or the failure in the terms its error card needs,
//! each with the exchanges it took (the request trace shows them either way).

use regscope_core::trace::Exchange;
use regscope_core::{Error, Reference};

/// A value and the exchanges that fetched it.
#[derive(Debug)]
pub struct Fetched<T> {
    /// What was fetched.
    pub value: T,
    /// The exchanges, in order.
    pub trace: Vec<Exchange>,
}

/// A fetch that failed: the error, what explains it, and the exchanges that led there.
#[derive(Debug)]
pub struct Failure {
    /// Why there is nothing to show.
    pub error: Error,
    /// The reference the fetch was for, when it parsed.
    pub reference: Option<Reference>,
    /// When a tag was unknown: the tags that do exist (if the registry lists them).
    pub existing_tags: Option<Vec<String>>,
    /// The exchanges, in order.
    pub trace: Vec<Exchange>,
}

/// A finished fetch (the failure boxed: errors are large beside the rest).
pub type Finished<T> = Result<Fetched<T>, Box<Failure>>;
