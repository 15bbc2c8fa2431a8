//! `GET /v2/<name>/tags/list`: the seeded repository's tags, sorted, renamed and paged the
//! registry's way.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::super::errors;
use super::super::names;
use super::super::paging::{self, Request};
use super::super::profile::Profile;
use super::super::state::Zoo;
use super::super::upstream::Forward;
use super::respond;

/// The stack registry's tag list.
#[derive(Deserialize)]
struct Upstream {
    tags: Option<Vec<String>>,
}

/// The emulated registry's tag list (fields in distribution's order).
#[derive(Serialize)]
struct Listed<'a> {
    name: &'a str,
    tags: Vec<String>,
}

/// Serves the tag list of `name`.
pub async fn serve(profile: &Profile, zoo: &Zoo, name: &str, query: Option<&str>) -> Response {
    let Some(repo) = names::find(profile.repos, name) else {
        return errors::name_unknown(name);
    };
    let path = format!("/v2/{}/tags/list", repo.seeded);
    let fetched = match zoo
        .upstream
        .fetch(Method::GET, &path, &Forward::default())
        .await
    {
        Ok(fetched) => fetched,
        Err(error) => return errors::upstream_down(&error),
    };
    let parsed = serde_json::from_slice::<Upstream>(&fetched.body)
        .ok()
        .filter(|_| fetched.status == StatusCode::OK);
    let Some(upstream) = parsed else {
        return respond::relayed(&fetched);
    };
    let mut all = upstream.tags.unwrap_or_default();
    all.sort();
    let own_path = format!("/v2/{name}/tags/list");
    let page = paging::page(
        profile.tags,
        &all,
        &Request::from_query(query),
        &own_path,
        &profile.origin(),
    );
    respond::list(
        &Listed {
            name,
            tags: page.items,
        },
        page.link,
    )
}
