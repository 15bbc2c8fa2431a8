//! The state of the browse views: a list fetched a page at a time (the catalog, a
//! repository's tags), an image's referrers, and what is known of each tag (digest, creation date), fetched on
//! request with at most [`CONCURRENT`] requests at a time and never twice.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::StreamExt;
use regscope_core::Reference;
use regscope_core::trace::Exchange;
use yew::prelude::*;

use crate::hooks::load::{Change, Load, next_run};
use crate::hooks::use_session::use_session;

use super::referrers::{self, ReferrerLists};
use super::services::{self, Paged, TagInfo};

/// How many tag details are fetched at once.
pub const CONCURRENT: usize = 4;

/// A paged list, and the ways to extend it and to fetch it again.
pub struct PagedState<T: 'static> {
    /// Where the list is.
    pub load: Load<T>,
    /// Fetches the next page (nothing before the list is there, or when it has no more).
    pub more: Callback<()>,
    /// Fetches the list again (after the credentials changed).
    pub reload: Callback<()>,
}

/// The list `source` fetches for `subject`, `n` entries per page; starts from `server` (the
/// list the server fetched) when there is one.
#[hook]
pub fn use_paged<T: 'static>(
    subject: Option<Reference>,
    n: u32,
    server: Option<Load<T>>,
    source: &'static Paged<T>,
) -> PagedState<T> {
    let session = use_session();
    let handle = use_reducer(move || server.unwrap_or(Load::Idle));
    let reloads = use_state(|| 0u64);
    {
        let (load, session) = (handle.clone(), session.clone());
        use_effect_with((subject.clone(), n, *reloads), move |(subject, n, _)| {
            let (Some(session), Some(subject)) = (session, subject.clone()) else {
                return;
            };
            let run = next_run();
            load.dispatch(Change::Start(run));
            let n = *n;
            wasm_bindgen_futures::spawn_local(async move {
                let finished = (source.first)(session, subject, n).await;
                load.dispatch(Change::Finish(run, finished));
            });
        });
    }
    let more = {
        let (handle, session, subject) = (handle.clone(), session, subject);
        Callback::from(move |()| {
            let (Load::Done(run, so_far), Some(session), Some(subject)) =
                ((*handle).clone(), session.clone(), subject.clone())
            else {
                return;
            };
            let handle = handle.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let finished = (source.more)(session, subject, so_far).await;
                handle.dispatch(Change::Finish(run, finished));
            });
        })
    };
    let reload = Callback::from(move |()| reloads.set(*reloads + 1));
    PagedState {
        load: (*handle).clone(),
        more,
        reload,
    }
}

/// The referrers of the manifests `subjects` of `reference`'s repository; starts from
/// `server` (the lists the server fetched) when there are. The second value fetches them
/// again (after the credentials changed).
#[hook]
pub fn use_referrers(
    reference: Option<Reference>,
    subjects: Vec<String>,
    server: Option<Load<ReferrerLists>>,
) -> (Load<ReferrerLists>, Callback<()>) {
    let session = use_session();
    let handle = use_reducer(move || server.unwrap_or(Load::Idle));
    let reloads = use_state(|| 0u64);
    {
        let load = handle.clone();
        use_effect_with(
            (reference, subjects, *reloads),
            move |(reference, subjects, _)| {
                let (Some(session), Some(reference)) = (session, reference.clone()) else {
                    return;
                };
                let run = next_run();
                load.dispatch(Change::Start(run));
                let subjects = subjects.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let finished = referrers::referrers(&session, &reference, subjects).await;
                    load.dispatch(Change::Finish(run, finished));
                });
            },
        );
    }
    let reload = Callback::from(move |()| reloads.set(*reloads + 1));
    ((*handle).clone(), reload)
}

/// How much is wanted of each tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// Nothing: the list alone.
    #[default]
    Nothing,
    /// The digest (one `HEAD` per tag).
    Digest,
    /// The digest and the creation date (manifest, platform manifest and config per tag).
    Date,
}

/// What is known of the tags, and the exchanges it took.
#[derive(Default, PartialEq)]
pub struct TagDetails {
    /// Per tag.
    pub info: HashMap<String, TagInfo>,
    /// Tags asked for and not answered yet.
    pub pending: usize,
    /// The exchanges, in the order they finished.
    pub trace: Vec<Exchange>,
}

/// What happens to the details.
pub enum DetailChange {
    /// `usize` more tags were asked for.
    Asked(usize),
    /// One tag was answered.
    Answered(String, TagInfo, Vec<Exchange>),
}

impl Reducible for TagDetails {
    type Action = DetailChange;

    fn reduce(self: Rc<Self>, change: DetailChange) -> Rc<Self> {
        let mut next = TagDetails {
            info: self.info.clone(),
            pending: self.pending,
            trace: self.trace.clone(),
        };
        match change {
            DetailChange::Asked(count) => next.pending += count,
            DetailChange::Answered(tag, info, mut trace) => {
                next.pending = next.pending.saturating_sub(1);
                next.info.insert(tag, info);
                next.trace.append(&mut trace);
            }
        }
        Rc::new(next)
    }
}

/// The details of `tags` of `repository` at the level `wanted`: each tag is fetched once per
/// level (a date also brings the digest), [`CONCURRENT`] at a time.
#[hook]
pub fn use_tag_details(
    repository: Option<Reference>,
    tags: Rc<Vec<String>>,
    wanted: Detail,
) -> Rc<TagDetails> {
    let session = use_session();
    let details = use_reducer(TagDetails::default);
    let asked = use_mut_ref(HashMap::<String, Detail>::new);
    {
        let details = details.clone();
        use_effect_with(
            (repository, tags.len(), wanted),
            move |(repository, _, wanted)| {
                let (Some(session), Some(repository), true) =
                    (session, repository.clone(), *wanted > Detail::Nothing)
                else {
                    return;
                };
                let todo = to_ask(&asked, &tags, *wanted);
                if todo.is_empty() {
                    return;
                }
                details.dispatch(DetailChange::Asked(todo.len()));
                let level = *wanted;
                wasm_bindgen_futures::spawn_local(async move {
                    let mut answers = futures::stream::iter(todo)
                        .map(|tag| {
                            let (session, repository) = (session.clone(), repository.clone());
                            async move {
                                let info = match level {
                                    Detail::Date => {
                                        services::tag_dated(&session, &repository, &tag).await
                                    }
                                    _ => services::tag_digest(&session, &repository, &tag).await,
                                };
                                let trace = session.client.take_trace();
                                DetailChange::Answered(tag, info, trace)
                            }
                        })
                        .buffer_unordered(CONCURRENT);
                    while let Some(answer) = answers.next().await {
                        details.dispatch(answer);
                    }
                });
            },
        );
    }
    Rc::new(TagDetails {
        info: details.info.clone(),
        pending: details.pending,
        trace: details.trace.clone(),
    })
}

/// The tags not yet asked for at `level`, marked as asked.
fn to_ask(asked: &RefCell<HashMap<String, Detail>>, tags: &[String], level: Detail) -> Vec<String> {
    let mut asked = asked.borrow_mut();
    let mut todo = Vec::new();
    for tag in tags {
        if asked.get(tag).is_some_and(|had| *had >= level) {
            continue;
        }
        asked.insert(tag.clone(), level);
        todo.push(tag.clone());
    }
    todo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_asked_once_per_level() {
        let asked = RefCell::new(HashMap::new());
        let tags: Vec<String> = vec!["a".into(), "b".into()];
        assert_eq!(to_ask(&asked, &tags, Detail::Digest), ["a", "b"]);
        assert!(to_ask(&asked, &tags, Detail::Digest).is_empty());
        assert_eq!(to_ask(&asked, &tags, Detail::Date), ["a", "b"]);
        assert!(to_ask(&asked, &tags, Detail::Digest).is_empty());
        let more: Vec<String> = vec!["a".into(), "c".into()];
        assert_eq!(to_ask(&asked, &more, Detail::Date), ["c"]);
    }
}
