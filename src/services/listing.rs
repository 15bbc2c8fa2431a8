//! The lists a tab loads after the inspection: the repository's tags and the referrers of the
//! manifests shown, each with the exchanges it took, and the [`ListSource`] that names how the
//! page fetches each of them.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use regscope_core::listing::TagPage;
use regscope_core::referrers::Referrer;
use regscope_core::trace::Exchange;
use regscope_core::{Error, Inspection, Reference};

use crate::services::fetched::{Failure, Fetched, Finished};
use crate::services::session::{Session, SharedSession};

/// Referrers per subject digest, in the order the subjects were asked for.
pub type ReferrerLists = Vec<(String, Vec<Referrer>)>;

/// Tags asked for per page (registries may ignore it and send all).
pub const TAGS_PER_REQUEST: u32 = 100;

/// Tags fetched so far, and the next page the registry announced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tags {
    /// Every tag fetched, in natural order.
    pub tags: Vec<String>,
    /// The next page's URL (`Link: rel="next"`), when there is one.
    pub next: Option<String>,
}

/// A list on its way.
pub type ListFuture<T> = LocalBoxFuture<'static, Finished<T>>;

/// The inspection a list belongs to.
pub type Subject = Rc<Fetched<Inspection>>;

/// Fetches the list of an inspection.
pub type FetchFirst<T> = fn(SharedSession, Subject) -> ListFuture<T>;

/// Fetches a list fetched so far with more added (its exchanges after the earlier ones).
pub type FetchMore<T> = fn(SharedSession, Subject, Rc<Fetched<T>>) -> ListFuture<T>;

/// How the page fetches a list of an inspection: the list, and, for a list the registry
/// hands out in pages, the list with its next page added.
pub struct ListSource<T> {
    /// Fetches the list.
    pub first: FetchFirst<T>,
    /// Fetches more of it (`None`: the list comes whole).
    pub more: Option<FetchMore<T>>,
}

/// The repository's tags, a page at a time.
pub const TAGS: ListSource<Tags> = ListSource {
    first: |session, inspection| {
        Box::pin(async move { first_tags(&session, &inspection.value.reference).await })
    },
    more: Some(|session, inspection, so_far| {
        Box::pin(async move { more_tags(&session, &inspection.value.reference, &so_far).await })
    }),
};

/// The referrers of the image manifest shown, and of the index it was chosen from.
pub const REFERRERS: ListSource<ReferrerLists> = ListSource {
    first: |session, inspection| {
        Box::pin(async move {
            let shown = &inspection.value;
            let mut subjects = vec![shown.image().digest.clone()];
            if shown.platform.is_some() {
                subjects.push(shown.top.digest.clone());
            }
            referrers(&session, &shown.reference, subjects).await
        })
    },
    more: None,
};

/// The first page of tags of `reference`'s repository.
pub async fn first_tags(session: &Session, reference: &Reference) -> Finished<Tags> {
    let result = session
        .client
        .list_tags(reference, Some(TAGS_PER_REQUEST), None)
        .await;
    packed(
        session,
        reference,
        Vec::new(),
        result.map(|page| append(Tags::default(), page)),
    )
}

/// `so_far` plus the page at its `next`, with the exchanges of both.
pub async fn more_tags(
    session: &Session,
    reference: &Reference,
    so_far: &Fetched<Tags>,
) -> Finished<Tags> {
    let earlier = so_far.trace.clone();
    let Some(next) = so_far.value.next.clone() else {
        return packed(session, reference, earlier, Ok(so_far.value.clone()));
    };
    let result = session.client.tag_page(reference, next).await;
    packed(
        session,
        reference,
        earlier,
        result.map(|page| append(so_far.value.clone(), page)),
    )
}

/// Adds a page; the tags stay in natural order (registries list them in no useful order,
/// distribution in storage order).
fn append(mut so_far: Tags, page: TagPage) -> Tags {
    so_far.tags.extend(page.tags);
    regscope_core::tag_order::sort_natural(&mut so_far.tags);
    so_far.next = page.next;
    so_far
}

/// The referrers of each manifest in `subjects` (digests), in order.
pub async fn referrers(
    session: &Session,
    reference: &Reference,
    subjects: Vec<String>,
) -> Finished<ReferrerLists> {
    let mut all = Vec::new();
    for subject in subjects {
        match session.client.list_referrers(reference, &subject).await {
            Ok(found) => all.push((subject, found)),
            Err(e) => return packed(session, reference, Vec::new(), Err(e)),
        }
    }
    packed(session, reference, Vec::new(), Ok(all))
}

/// `result` with the exchanges `earlier` and those the session made since.
fn packed<T>(
    session: &Session,
    reference: &Reference,
    mut earlier: Vec<Exchange>,
    result: Result<T, Error>,
) -> Finished<T> {
    earlier.append(&mut session.client.take_trace());
    match result {
        Ok(value) => Ok(Fetched {
            value,
            trace: earlier,
        }),
        Err(error) => Err(Box::new(Failure {
            error,
            reference: Some(reference.clone()),
            existing_tags: None,
            trace: earlier,
        })),
    }
}
