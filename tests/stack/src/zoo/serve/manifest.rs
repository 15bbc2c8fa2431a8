//! `GET`/`HEAD /v2/<name>/manifests/<reference>`: the seeded manifest, bytes and
//! `Docker-Content-Digest` unchanged, with the registry's rate limit, `Accept` rules and
//! missing-manifest body.

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;

use super::super::accept;
use super::super::errors::{self, Detail};
use super::super::names::{self, Repo};
use super::super::profile::{Caller, MissingManifest, Profile};
use super::super::ratelimit::{self, RateLimits};
use super::super::route::is_tag;
use super::super::state::Zoo;
use super::super::upstream::{Fetched, Forward};
use super::respond;

/// Every manifest media type, to find out what a tag is when the client's `Accept` missed it.
const ALL_TYPES: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";
/// An OCI image manifest's media type.
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

/// Serves one manifest request.
pub async fn serve(
    profile: &Profile,
    zoo: &Zoo,
    caller: &Caller,
    method: &Method,
    headers: &HeaderMap,
    name: &str,
    reference: &str,
) -> Response {
    let Some(repo) = names::find(profile.repos, name) else {
        return errors::name_unknown(name);
    };
    let quota = profile.quirks.rate_limit.then(|| Quota::of(caller));
    let now = crate::clock::unix_now();
    if let Some(quota) = &quota
        && *method == Method::GET
        && quota.remaining(&zoo.limits, now) == 0
    {
        let mut response = too_many_requests();
        quota.decorate(&mut response, 0);
        return response;
    }
    let forward = Forward::of(headers);
    let path = format!("/v2/{}/manifests/{reference}", repo.seeded);
    let fetched = match zoo.upstream.fetch(method.clone(), &path, &forward).await {
        Ok(fetched) => fetched,
        Err(error) => return errors::upstream_down(&error),
    };
    let mut response = match fetched.status {
        StatusCode::OK => found(profile, headers, reference, &fetched),
        StatusCode::NOT_FOUND => missing(profile, zoo, repo, reference, &fetched).await,
        _ => respond::relayed(&fetched),
    };
    if let Some(quota) = &quota {
        let counted = *method == Method::GET && response.status() == StatusCode::OK;
        let remaining = if counted {
            quota.take(&zoo.limits, now)
        } else {
            quota.remaining(&zoo.limits, now)
        };
        quota.decorate(&mut response, remaining);
    }
    response
}

/// A manifest the stack registry found: served, unless the registry matches `Accept`
/// literally and no entry names its media type.
fn found(profile: &Profile, headers: &HeaderMap, reference: &str, fetched: &Fetched) -> Response {
    if profile.quirks.literal_accept {
        let entries = accept::entries(
            headers
                .get_all(header::ACCEPT)
                .iter()
                .filter_map(|v| v.to_str().ok()),
        );
        let media_type = fetched.header("content-type").unwrap_or("");
        if !accept::literally_accepts(&entries, media_type) {
            return errors::registry(
                StatusCode::NOT_FOUND,
                "MANIFEST_UNKNOWN",
                &accept::refusal_message(reference, media_type, &entries),
                Detail::Omitted,
            );
        }
    }
    respond::relayed(fetched)
}

/// A manifest the stack registry did not serve, reported the registry's way.
async fn missing(
    profile: &Profile,
    zoo: &Zoo,
    repo: &Repo,
    reference: &str,
    fetched: &Fetched,
) -> Response {
    let unknown = |detail| {
        errors::registry(
            StatusCode::NOT_FOUND,
            "MANIFEST_UNKNOWN",
            "manifest unknown",
            detail,
        )
    };
    match profile.quirks.missing_manifest {
        MissingManifest::DockerHub if is_tag(reference) => {
            unknown(Detail::Text(format!("unknown tag={reference}")))
        }
        MissingManifest::Quay => unknown(Detail::empty_object()),
        MissingManifest::Acr if is_oci_manifest(zoo, repo, reference).await => errors::registry(
            StatusCode::NOT_FOUND,
            "MANIFEST_UNKNOWN",
            "OCI manifest found, but accept header does not support OCI manifests",
            Detail::Omitted,
        ),
        _ => respond::relayed(fetched),
    }
}

/// True when `reference` of `repo` is an OCI image manifest (asked with every media type).
async fn is_oci_manifest(zoo: &Zoo, repo: &Repo, reference: &str) -> bool {
    let forward = Forward {
        accept: Some(ALL_TYPES.to_owned()),
        range: None,
    };
    let path = format!("/v2/{}/manifests/{reference}", repo.seeded);
    zoo.upstream
        .fetch(Method::HEAD, &path, &forward)
        .await
        .is_ok_and(|f| f.status == StatusCode::OK && f.header("content-type") == Some(OCI_MANIFEST))
}

/// Docker Hub's 429 (the documented message, in the registry error format).
fn too_many_requests() -> Response {
    errors::registry(
        StatusCode::TOO_MANY_REQUESTS,
        "TOOMANYREQUESTS",
        "You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limits",
        Detail::Omitted,
    )
}

/// Whose pulls a request counts against, and their limit.
struct Quota {
    key: String,
    source: String,
    limit: u32,
}

/// Anonymous pulls per window (per IP).
const ANONYMOUS_LIMIT: u32 = 100;
/// A signed-in Personal account's pulls per window.
const USER_LIMIT: u32 = 200;

impl Quota {
    fn of(caller: &Caller) -> Self {
        match &caller.user {
            Some(user) => Self {
                key: format!("user:{user}"),
                source: user.clone(),
                limit: USER_LIMIT,
            },
            // Loopback only: every anonymous caller shares the one source address.
            None => Self {
                key: "ip:127.0.0.1".into(),
                source: "127.0.0.1".into(),
                limit: ANONYMOUS_LIMIT,
            },
        }
    }

    fn remaining(&self, limits: &RateLimits, now: i64) -> u32 {
        limits.remaining(&self.key, self.limit, now)
    }

    fn take(&self, limits: &RateLimits, now: i64) -> u32 {
        limits.take(&self.key, self.limit, now)
    }

    fn decorate(&self, response: &mut Response, remaining: u32) {
        let headers = response.headers_mut();
        for (name, value) in [
            ("ratelimit-limit", ratelimit::header_value(self.limit)),
            ("ratelimit-remaining", ratelimit::header_value(remaining)),
            ("docker-ratelimit-source", self.source.clone()),
        ] {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
    }
}
