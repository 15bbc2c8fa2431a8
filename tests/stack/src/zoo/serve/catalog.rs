//! `GET /v2/_catalog`: the emulated names of the seeded repositories the caller may see,
//! paged the registry's way.

use axum::response::Response;
use serde::Serialize;

use super::super::errors;
use super::super::names;
use super::super::paging::{self, Request};
use super::super::profile::{Caller, Profile};
use super::super::state::Zoo;
use super::respond;

/// The catalog body.
#[derive(Serialize)]
struct Listed {
    repositories: Vec<String>,
}

/// Serves the catalog to an admitted `caller`.
pub async fn serve(profile: &Profile, zoo: &Zoo, caller: &Caller, query: Option<&str>) -> Response {
    let present = match zoo.upstream.repositories().await {
        Ok(present) => present,
        Err(error) => return errors::upstream_down(&error),
    };
    let signed_in = caller.signed_in();
    let all = if signed_in || profile.catalog.anonymous_sees_public {
        names::listed(profile.repos, &present, signed_in)
    } else {
        Vec::new()
    };
    let page = paging::page(
        profile.catalog.paging,
        &all,
        &Request::from_query(query),
        "/v2/_catalog",
        &profile.origin(),
    );
    respond::list(
        &Listed {
            repositories: page.items,
        },
        page.link,
    )
}
