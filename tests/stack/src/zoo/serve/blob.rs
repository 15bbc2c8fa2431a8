//! `GET`/`HEAD /v2/<name>/blobs/<digest>`: served from the stack registry, or redirected to
//! the registry's CDN host, or (ECR Public's HEAD) refused; for a repository in the
//! range-ignoring fault mode, always whole.

use axum::http::{HeaderMap, Method, StatusCode, header};
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
    } else if repo.ignores_range {
        Forward {
            range: None,
            ..Forward::of(headers)
        }
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
        let mut response = respond::relayed(&fetched);
        if repo.ignores_range {
            response.headers_mut().remove(header::ACCEPT_RANGES);
        }
        return response;
    }
    zoo.blobs.remember(digest, repo.seeded);
    match profile.blobs {
        Blobs::QuayCdn => cdn::quay::redirect(zoo, name, digest),
        _ => cdn::docker_hub::redirect(zoo, digest),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::extract::Request;
    use axum::http::HeaderValue;
    use axum::response::IntoResponse as _;

    use super::*;
    use crate::zoo::registries::mcr;

    /// A stand-in for the stack registry that honours `Range` (206) and records what came.
    async fn upstream(seen: Arc<Mutex<Vec<Option<String>>>>) -> String {
        let app = Router::new().fallback(move |request: Request| {
            let seen = seen.clone();
            async move {
                let range = request
                    .headers()
                    .get(header::RANGE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                seen.lock().expect("lock").push(range.clone());
                let mut response = match range {
                    Some(_) => (StatusCode::PARTIAL_CONTENT, "0123").into_response(),
                    None => (StatusCode::OK, "0123456789").into_response(),
                };
                response
                    .headers_mut()
                    .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
                response
            }
        });
        let mut bound = None;
        for port in 18680..18700 {
            if let Ok(listener) = tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
                bound = Some(listener);
                break;
            }
        }
        let listener = bound.expect("a free port in 18680-18699");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        base
    }

    #[tokio::test]
    async fn the_no_range_repositories_answer_whole_blobs() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let zoo = Zoo::new(&upstream(seen.clone()).await).expect("zoo");
        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, HeaderValue::from_static("bytes=0-3"));
        let digest = "sha256:0123";
        let whole = serve(
            &mcr::PROFILE,
            &zoo,
            &Method::GET,
            &headers,
            "regscope/no-range/estargz",
            digest,
        )
        .await;
        assert_eq!(whole.status(), StatusCode::OK);
        assert!(whole.headers().get(header::ACCEPT_RANGES).is_none());
        let ranged = serve(
            &mcr::PROFILE,
            &zoo,
            &Method::GET,
            &headers,
            "regscope/alpine",
            digest,
        )
        .await;
        assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(
            *seen.lock().expect("lock"),
            [None, Some("bytes=0-3".to_owned())]
        );
    }
}
