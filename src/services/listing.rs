//! The lists a tab loads after the inspection: the repository's tags and the referrers of a
//! manifest, each with the exchanges it took.

use regscope_core::listing::TagPage;
use regscope_core::referrers::Referrer;
use regscope_core::trace::Exchange;
use regscope_core::{Error, Reference};

use crate::services::session::Session;

/// Referrers per subject digest, in the order the subjects were asked for.
pub type ReferrerLists = Vec<(String, Vec<Referrer>)>;

/// Tags asked for per page (registries may ignore it and send all).
pub const TAGS_PER_REQUEST: u32 = 100;

/// A list and the exchanges that fetched it.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed<T> {
    /// The list, or why there is none.
    pub result: Result<T, Error>,
    /// The exchanges, in order.
    pub trace: Vec<Exchange>,
}

/// Tags fetched so far, and the next page the registry announced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tags {
    /// Every tag fetched, in natural order.
    pub tags: Vec<String>,
    /// The next page's URL (`Link: rel="next"`), when there is one.
    pub next: Option<String>,
}

/// The first page of tags of `reference`'s repository.
pub async fn first_tags(session: &Session, reference: &Reference) -> Listed<Tags> {
    let result = session
        .client
        .list_tags(reference, Some(TAGS_PER_REQUEST), None)
        .await;
    packed(session, result.map(|page| append(Tags::default(), page)))
}

/// `so_far` plus the page at `so_far.next`.
pub async fn more_tags(session: &Session, reference: &Reference, so_far: Tags) -> Listed<Tags> {
    let Some(next) = so_far.next.clone() else {
        return packed(session, Ok(so_far));
    };
    let result = session.client.tag_page(reference, next).await;
    packed(session, result.map(|page| append(so_far, page)))
}

/// Adds a page; the tags stay in natural order (registries list them in no useful order,
/// distribution in storage order).
fn append(mut so_far: Tags, page: TagPage) -> Tags {
    so_far.tags.extend(page.tags);
    crate::format::sort_natural(&mut so_far.tags);
    so_far.next = page.next;
    so_far
}

/// The referrers of each manifest in `subjects` (digests), in order.
pub async fn referrers(
    session: &Session,
    reference: &Reference,
    subjects: Vec<String>,
) -> Listed<ReferrerLists> {
    let mut all = Vec::new();
    for subject in subjects {
        match session.client.list_referrers(reference, &subject).await {
            Ok(found) => all.push((subject, found)),
            Err(e) => return packed(session, Err(e)),
        }
    }
    packed(session, Ok(all))
}

fn packed<T>(session: &Session, result: Result<T, Error>) -> Listed<T> {
    Listed {
        result,
        trace: session.client.take_trace(),
    }
}
