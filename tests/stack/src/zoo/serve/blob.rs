//! `GET`/`HEAD /v2/<name>/blobs/<digest>`: served from the stack registry, or redirected to
//! the registry's CDN host, or (ECR Public's HEAD) refused.

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;

use super::super::cdn;
use super::super::errors;
use super::super::names;
use super::super::profile::{Blobs, Denial, Gate, Profile};
use super::super::state::Zoo;
use super::super::tokens::claims::Need;
use super::super::upstream::Forward;
use super::respond;

/// Serves one blob request.
pub async fn serve(
    profile: &Profile,
    zoo: &Zoo,
    method: &Method,
    headers: &HeaderMap,
    name: &str,
    digest: &str,
) -> Response {
    let Some(repo) = names::find(profile.repos, name) else {
        return errors::name_unknown(name);
    };
    let path = format!("/v2/{}/blobs/{digest}", repo.seeded);
    let redirecting =
        *method == Method::GET && matches!(profile.blobs, Blobs::DockerHubCdn | Blobs::QuayCdn);
    if profile.blobs == Blobs::HeadRefused
        && *method == Method::HEAD
        && let Gate::Bearer(gate) = &profile.gate
    {
        return (gate.deny)(&Denial {
            profile,
            need: Need::Pull(name),
            error: None,
            had_authorization: true,
            head: true,
        });
    }
    let forward = if redirecting {
        Forward::default()
    } else {
        Forward::of(headers)
    };
    let probe = if redirecting {
        Method::HEAD
    } else {
        method.clone()
    };
    let fetched = match zoo.upstream.fetch(probe, &path, &forward).await {
        Ok(fetched) => fetched,
        Err(error) => return errors::upstream_down(&error),
    };
    if !redirecting || fetched.status != StatusCode::OK {
        return respond::relayed(&fetched);
    }
    zoo.blobs.remember(digest, repo.seeded);
    match profile.blobs {
        Blobs::QuayCdn => cdn::quay::redirect(zoo, name, digest),
        _ => cdn::docker_hub::redirect(zoo, digest),
    }
}
