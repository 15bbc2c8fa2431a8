//! registry.k8s.io (archeio): not a registry but a redirector. `/v2/` answers 200 with no
//! challenge, `_catalog` is refused (404, plain text), and every other `/v2/` request answers
//! 307 to the regional Artifact Registry host under `k8s-artifacts-prod/images` (the query
//! dropped, as archeio builds the target from the path). Blobs go the same way for a client
//! outside the clouds archeio recognises (loopback here) when no S3 copy is known.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;

use super::super::errors;
use super::artifact;

/// The project page `/` redirects to.
const INFO_URL: &str = "https://github.com/kubernetes/registry.k8s.io";
/// The privacy policy `/privacy` redirects to.
const PRIVACY_URL: &str = "https://www.linuxfoundation.org/privacy-policy/";
/// The repository path on the upstream registry.
const UPSTREAM_PATH: &str = "k8s-artifacts-prod/images";

/// Serves one request.
pub async fn handle(request: Request) -> Response {
    let path = request.uri().path();
    let head = request.method() == Method::HEAD;
    let mut response = if path == "/v2/" || path == "/v2" {
        Response::new(Body::empty())
    } else if path == "/v2/_catalog" {
        errors::go_text(StatusCode::NOT_FOUND, "_catalog is not supported")
    } else if path.starts_with("/v2") {
        redirect(&upstream_url(path), head)
    } else if path == "/" {
        redirect(INFO_URL, head)
    } else if path.starts_with("/privacy") {
        redirect(PRIVACY_URL, head)
    } else {
        errors::not_found_page()
    };
    if path.starts_with("/v2") {
        response.headers_mut().insert(
            "docker-distribution-api-version",
            HeaderValue::from_static("registry/2.0"),
        );
    }
    response
}

/// The upstream URL of an API path: `path.Join("/v2/", UPSTREAM_PATH, rest)`.
pub fn upstream_url(path: &str) -> String {
    let rest = path.strip_prefix("/v2").unwrap_or(path);
    format!(
        "https://{}{}",
        artifact::US_WEST1,
        join_clean(&["/v2/", UPSTREAM_PATH, rest])
    )
}

/// Go's `path.Join`: joined with `/`, empty and `.` elements dropped, `..` applied, rooted.
fn join_clean(parts: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for element in parts.iter().flat_map(|p| p.split('/')) {
        match element {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    format!("/{}", out.join("/"))
}

/// Go's `http.Redirect` with 307: `Location`, and a small HTML body for GET.
fn redirect(url: &str, head: bool) -> Response {
    let escaped = url
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;");
    let body = if head {
        Body::empty()
    } else {
        Body::from(format!("<a href=\"{escaped}\">Temporary Redirect</a>.\n\n"))
    };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(location) = HeaderValue::from_str(url) {
        headers.insert(header::LOCATION, location);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_paths_onto_the_regional_registry() {
        assert_eq!(
            upstream_url("/v2/pause/manifests/3.9"),
            "https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.9"
        );
        assert_eq!(
            upstream_url("/v2/coredns/coredns/tags/list"),
            "https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/coredns/coredns/tags/list"
        );
        assert_eq!(
            upstream_url("/v2/a/../../../x"),
            "https://us-west1-docker.pkg.dev/v2/x"
        );
    }
}
