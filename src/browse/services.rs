//! The registry I/O of the browse views: the catalog a page at a time, a repository's tags a
//! page at a time (kept in natural order), and what one tag points to (its digest, by a
//! `HEAD` of its manifest; its creation date, by inspecting it), each with its exchanges.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use regscope_core::listing::TagPage;
use regscope_core::trace::Exchange;
use regscope_core::{Client, Error, Reference, Transport};

use crate::services::fetched::{Failure, Fetched, Finished};
use crate::services::session::{Session, SharedSession};

/// Entries asked for per page when the view names no `n`.
pub const PER_REQUEST: u32 = 100;

/// The repositories of a catalog fetched so far, and the next page the registry announced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    /// Repository names, in the registry's order (distribution: lexical).
    pub repositories: Vec<String>,
    /// The next page's URL (`Link: rel="next"`), when there is one.
    pub next: Option<String>,
}

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

/// How a browse view fetches its list: the first page for a subject (`n` per page), and the
/// list so far with the next page added.
pub struct Paged<T> {
    /// The first page.
    pub first: fn(SharedSession, Reference, u32) -> ListFuture<T>,
    /// The list so far and its next page.
    pub more: fn(SharedSession, Reference, Rc<Fetched<T>>) -> ListFuture<T>,
}

/// The catalog of the registry `reference` names.
pub const CATALOG: Paged<Catalog> = Paged {
    first: |session, registry, n| {
        Box::pin(async move { first_catalog(&session, &registry, n).await })
    },
    more: |session, registry, so_far| {
        Box::pin(async move { more_catalog(&session, &registry, &so_far).await })
    },
};

/// The tags of the repository `reference` names (in natural order).
pub const TAGS: Paged<Tags> = Paged {
    first: |session, repository, n| {
        Box::pin(async move { first_tags(&session, &repository, n).await })
    },
    more: |session, repository, so_far| {
        Box::pin(async move { more_tags(&session, &repository, &so_far).await })
    },
};

/// The first catalog page of `registry` with the session's client (and the credentials this
/// tab remembered for the registry).
pub async fn first_catalog(session: &Session, registry: &Reference, n: u32) -> Finished<Catalog> {
    session.restore(registry.api_host());
    first_catalog_with(&session.client, registry, n).await
}

/// The first catalog page of `registry`, `n` repositories asked for, with `client` (on the
/// server that renders a shared link).
pub async fn first_catalog_with<T: Transport>(
    client: &Client<T>,
    registry: &Reference,
    n: u32,
) -> Finished<Catalog> {
    let result = client.list_catalog(registry, Some(n), None).await;
    packed(
        client,
        registry,
        Vec::new(),
        result.map(|page| Catalog {
            repositories: page.repositories,
            next: page.next,
        }),
    )
}

/// `so_far` with the page at its `next` added.
pub async fn more_catalog(
    session: &Session,
    registry: &Reference,
    so_far: &Fetched<Catalog>,
) -> Finished<Catalog> {
    let earlier = so_far.trace.clone();
    let Some(next) = so_far.value.next.clone() else {
        return packed(&session.client, registry, earlier, Ok(so_far.value.clone()));
    };
    let result = session.client.catalog_page(registry, next).await;
    let grown = result.map(|page| {
        let mut catalog = so_far.value.clone();
        catalog.repositories.extend(page.repositories);
        catalog.next = page.next;
        catalog
    });
    packed(&session.client, registry, earlier, grown)
}

/// The first page of tags of `repository` with the session's client.
pub async fn first_tags(session: &Session, repository: &Reference, n: u32) -> Finished<Tags> {
    session.restore(repository.api_host());
    first_tags_with(&session.client, repository, n).await
}

/// The first page of tags of `repository`, `n` asked for, in natural order, with `client`.
pub async fn first_tags_with<T: Transport>(
    client: &Client<T>,
    repository: &Reference,
    n: u32,
) -> Finished<Tags> {
    let result = client.list_tags(repository, Some(n), None).await;
    let tags = result.map(|page| append(Tags::default(), page));
    packed(client, repository, Vec::new(), tags)
}

/// `so_far` plus the page at its `next`, with the exchanges of both.
pub async fn more_tags(
    session: &Session,
    repository: &Reference,
    so_far: &Fetched<Tags>,
) -> Finished<Tags> {
    let earlier = so_far.trace.clone();
    let client = &session.client;
    let Some(next) = so_far.value.next.clone() else {
        return packed(client, repository, earlier, Ok(so_far.value.clone()));
    };
    let result = client.tag_page(repository, next).await;
    let grown = result.map(|page| append(so_far.value.clone(), page));
    packed(client, repository, earlier, grown)
}

/// Adds a page; the tags stay in natural order (registries list them in no useful order,
/// distribution in storage order).
fn append(mut so_far: Tags, page: TagPage) -> Tags {
    so_far.tags.extend(page.tags);
    regscope_core::tag_order::sort_natural(&mut so_far.tags);
    so_far.next = page.next;
    so_far
}

/// What is known of one tag.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagInfo {
    /// The digest of the manifest it points to.
    pub digest: Option<String>,
    /// The image's creation date as its config writes it (for an index: the default
    /// platform's image).
    pub created: Option<String>,
    /// Why it could not be read.
    pub failed: Option<String>,
}

/// The digest of `tag`: one `HEAD` of its manifest (registries do not count it as a pull).
pub async fn tag_digest(session: &Session, repository: &Reference, tag: &str) -> TagInfo {
    match session.client.head_manifest(repository, tag).await {
        Ok(Some(descriptor)) if !descriptor.digest().is_empty() => TagInfo {
            digest: Some(descriptor.digest().to_string()),
            ..TagInfo::default()
        },
        Ok(_) => TagInfo {
            failed: Some("the registry sent no digest".into()),
            ..TagInfo::default()
        },
        Err(e) => TagInfo {
            failed: Some(e.to_string()),
            ..TagInfo::default()
        },
    }
}

/// The digest and creation date of `tag`: its manifest, the default platform's manifest for
/// an index, and the config (each object fetched once per session).
pub async fn tag_dated(session: &Session, repository: &Reference, tag: &str) -> TagInfo {
    let Ok(reference) = format!("{}:{tag}", pinned_free(repository)).parse::<Reference>() else {
        return TagInfo {
            failed: Some(format!("{tag} is not a valid tag")),
            ..TagInfo::default()
        };
    };
    match session.client.inspect(&reference, None).await {
        Ok(inspection) => TagInfo {
            digest: Some(inspection.top.digest.clone()),
            created: inspection
                .config
                .as_ref()
                .and_then(|c| c.created().map(str::to_string)),
            failed: None,
        },
        Err(e) => TagInfo {
            failed: Some(e.to_string()),
            ..TagInfo::default()
        },
    }
}

/// `registry/repository` of a reference, without tag or digest.
fn pinned_free(reference: &Reference) -> String {
    format!("{}/{}", reference.registry(), reference.repository())
}

/// `result` with the exchanges `earlier` and those the client made since.
pub(super) fn packed<T, U: Transport>(
    client: &Client<U>,
    reference: &Reference,
    mut earlier: Vec<Exchange>,
    result: Result<T, Error>,
) -> Finished<T> {
    earlier.append(&mut client.take_trace());
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
