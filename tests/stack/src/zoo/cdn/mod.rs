//! The CDN hosts registries redirect blob GETs to (Docker Hub's Cloudflare host, Quay's CDN):
//! signed, expiring URLs that need no registry credentials, served from the stack registry.

pub mod docker_hub;
pub mod quay;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;

use super::errors;
use super::state::Zoo;
use super::upstream::Forward;

/// Why a CDN refused a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a blob path of this CDN.
    NotFound,
    /// Signature missing, wrong, or expired.
    Forbidden,
}

/// The CDN's answer to a refused URL (the real CDNs' bodies are not documented: plain text).
pub fn refused(refusal: Refusal) -> Response {
    match refusal {
        Refusal::NotFound => errors::with_type(StatusCode::NOT_FOUND, "Not Found\n", "text/plain"),
        Refusal::Forbidden => errors::with_type(StatusCode::FORBIDDEN, "Forbidden\n", "text/plain"),
    }
}

/// The hex digest of `sha256:HEX`, if it is one.
pub fn sha256_hex(digest: &str) -> Option<&str> {
    let hex = digest.strip_prefix("sha256:")?;
    (hex.len() == 64
        && hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    .then_some(hex)
}

/// Serves blob `digest` of the seeded `repository` (GET or HEAD, `Range` honoured) as a CDN
/// does: `application/octet-stream`, no registry headers, plus `extra`.
pub async fn serve_blob(
    zoo: &Zoo,
    method: &Method,
    headers: &HeaderMap,
    repository: &str,
    digest: &str,
    extra: &[(&'static str, &'static str)],
) -> Response {
    let forward = Forward {
        accept: None,
        range: headers.get(header::RANGE).cloned(),
    };
    let path = format!("/v2/{repository}/blobs/{digest}");
    let fetched = match zoo.upstream.fetch(method.clone(), &path, &forward).await {
        Ok(fetched) => fetched,
        Err(error) => return errors::upstream_down(&error),
    };
    if !fetched.status.is_success() {
        return refused(Refusal::NotFound);
    }
    let mut response = Response::new(Body::from(fetched.body.clone()));
    *response.status_mut() = fetched.status;
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    out.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    for name in [header::CONTENT_LENGTH, header::CONTENT_RANGE] {
        if let Some(value) = fetched.headers.get(&name) {
            out.insert(name, value.clone());
        }
    }
    for (name, value) in extra {
        out.insert(*name, HeaderValue::from_static(value));
    }
    response
}

/// Serves a CDN request: GET or HEAD of a checked URL, the blob found through the index.
pub async fn serve(
    zoo: &Zoo,
    method: &Method,
    headers: &HeaderMap,
    checked: Result<(String, Option<String>), Refusal>,
    extra: &[(&'static str, &'static str)],
) -> Response {
    if *method != Method::GET && *method != Method::HEAD {
        return errors::with_type(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method Not Allowed\n",
            "text/plain",
        );
    }
    let (digest, repository) = match checked {
        Ok(found) => found,
        Err(refusal) => return refused(refusal),
    };
    let repository = match repository {
        Some(repository) => Some(repository),
        None => zoo.blobs.locate(&zoo.upstream, &digest).await,
    };
    match repository {
        Some(repository) => serve_blob(zoo, method, headers, &repository, &digest, extra).await,
        None => refused(Refusal::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sha256_digests_only() {
        let hex = "a".repeat(64);
        assert_eq!(sha256_hex(&format!("sha256:{hex}")), Some(hex.as_str()));
        assert_eq!(sha256_hex("sha256:ABC"), None);
        assert_eq!(sha256_hex(&format!("sha512:{hex}")), None);
    }
}
