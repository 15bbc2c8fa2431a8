//! The shared handling of registry requests: route, admit by the registry's gate, then serve
//! manifests, blobs, tag lists and catalogs from the stack registry with the profile's
//! behaviour.

mod blob;
mod catalog;
mod manifest;
mod respond;
mod tags;

use std::sync::Arc;

use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;

use super::auth;
use super::errors::{self, Detail};
use super::profile::Profile;
use super::route::Route;
use super::session;
use super::state::Zoo;
use super::tokens::claims::Need;

/// Serves one request to the emulated registry `profile`.
pub async fn registry(profile: &'static Profile, zoo: Arc<Zoo>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let mut response = dispatch(profile, &zoo, &parts).await;
    finish(profile, &mut response);
    response
}

async fn dispatch(profile: &Profile, zoo: &Zoo, parts: &Parts) -> Response {
    let path = parts.uri.path();
    if profile.quirks.v2_moved && path == "/v2" {
        return moved(profile);
    }
    let Some(route) = Route::parse(path) else {
        return errors::not_found_page();
    };
    if parts.method != Method::GET && parts.method != Method::HEAD {
        return errors::registry(
            StatusCode::METHOD_NOT_ALLOWED,
            "UNSUPPORTED",
            "The operation is unsupported.",
            Detail::Omitted,
        );
    }
    let need = match &route {
        Route::Base => Need::Valid,
        Route::Catalog => Need::Catalog,
        other => Need::Pull(other.repository().unwrap_or_default()),
    };
    let caller = match auth::admit(profile, zoo, &parts.method, &parts.headers, need) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let (method, headers, query) = (&parts.method, &parts.headers, parts.uri.query());
    match &route {
        Route::Base => errors::with_type(StatusCode::OK, profile.quirks.base_body, errors::JSON),
        Route::Catalog => catalog::serve(profile, zoo, &caller, query).await,
        Route::Tags { name } => tags::serve(profile, zoo, name, query).await,
        Route::Manifest { name, reference } => {
            manifest::serve(profile, zoo, &caller, method, headers, name, reference).await
        }
        Route::Blob { name, digest } => {
            blob::serve(profile, zoo, method, headers, name, digest).await
        }
    }
}

/// nginx's 301 from `/v2` to `/v2/` (Harbor's front door).
fn moved(profile: &Profile) -> Response {
    let page = "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    let mut response = errors::with_type(StatusCode::MOVED_PERMANENTLY, page, "text/html");
    if let Ok(location) = HeaderValue::from_str(&format!("{}/v2/", profile.origin())) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// Headers every answer of the registry itself carries.
fn finish(profile: &Profile, response: &mut Response) {
    if response.status() == StatusCode::MOVED_PERMANENTLY {
        return;
    }
    let headers = response.headers_mut();
    headers
        .entry("docker-distribution-api-version")
        .or_insert(HeaderValue::from_static("registry/2.0"));
    if profile.quirks.session_cookie {
        session::set_cookie(headers);
    }
}
