//! Docker Hub's blob CDN (`production.cloudflare.docker.com`): the registry answers a blob GET
//! with 307 to `/registry-v2/docker/registry/v2/blobs/sha256/XX/HEX/data?verify=EXPIRY-SIG`
//! (distribution's storage layout, a signature that expires 50 minutes later).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::super::state::Zoo;
use super::Refusal;

/// The CDN host.
pub const HOST: &str = "production.cloudflare.docker.com";
/// How long a URL stays valid: the captured `verify` expiry is 3000 s after the redirect.
const LIFETIME: i64 = 3000;
/// The path prefix in front of distribution's storage path.
const PREFIX: &str = "/registry-v2/docker/registry/v2/blobs/sha256/";

/// The storage path of `digest` on the CDN.
pub fn path_of(digest: &str) -> Option<String> {
    let hex = super::sha256_hex(digest)?;
    Some(format!("{PREFIX}{}/{hex}/data", &hex[..2]))
}

/// The signature of `path` valid until `expiry` (20 bytes, base64, like the captured one).
fn signature(zoo: &Zoo, path: &str, expiry: i64) -> String {
    let mac = zoo
        .keys
        .sign("docker-hub-cdn", format!("{path}|{expiry}").as_bytes());
    STANDARD.encode(&mac[..20])
}

/// The signed CDN URL of `digest`, valid from `now`.
pub fn location(zoo: &Zoo, digest: &str, now: i64) -> Option<String> {
    let path = path_of(digest)?;
    let expiry = now + LIFETIME;
    let signature: String =
        form_urlencoded::byte_serialize(signature(zoo, &path, expiry).as_bytes()).collect();
    Some(format!("https://{HOST}{path}?verify={expiry}-{signature}"))
}

/// The digest a CDN URL serves, when its signature is good and unexpired at `now`.
pub fn check(zoo: &Zoo, path: &str, query: Option<&str>, now: i64) -> Result<String, Refusal> {
    let rest = path.strip_prefix(PREFIX).ok_or(Refusal::NotFound)?;
    let mut parts = rest.split('/');
    let (Some(prefix), Some(hex), Some("data"), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::NotFound);
    };
    let digest = format!("sha256:{hex}");
    if super::sha256_hex(&digest).is_none() || !hex.starts_with(prefix) || prefix.len() != 2 {
        return Err(Refusal::NotFound);
    }
    let verify = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(key, _)| key == "verify")
        .map(|(_, value)| value.into_owned())
        .ok_or(Refusal::Forbidden)?;
    let (expiry, given) = verify.split_once('-').ok_or(Refusal::Forbidden)?;
    let expiry: i64 = expiry.parse().map_err(|_| Refusal::Forbidden)?;
    if now >= expiry || given != signature(zoo, path, expiry) {
        return Err(Refusal::Forbidden);
    }
    Ok(digest)
}

/// The registry's 307 to the CDN for `digest` (empty body, as captured).
pub fn redirect(zoo: &Zoo, digest: &str) -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    let Some(location) = location(zoo, digest, crate::clock::unix_now())
        .and_then(|l| HeaderValue::from_str(&l).ok())
    else {
        return super::refused(Refusal::NotFound);
    };
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, location);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(0));
    response
}

/// Serves one CDN request.
pub async fn handle(State(zoo): State<std::sync::Arc<Zoo>>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let checked = check(
        &zoo,
        parts.uri.path(),
        parts.uri.query(),
        crate::clock::unix_now(),
    )
    .map(|digest| {
        let known = zoo.blobs.known(&digest);
        (digest, known)
    });
    super::serve(
        &zoo,
        &parts.method,
        &parts.headers,
        checked,
        &[("cache-control", "public, max-age=14400")],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zoo() -> Zoo {
        Zoo::new("http://127.0.0.1:9").expect("zoo")
    }

    #[test]
    fn signed_urls_check_and_expire() {
        let zoo = zoo();
        let digest = format!("sha256:{}", "ab".repeat(32));
        let url = location(&zoo, &digest, 1000).expect("url");
        let rest = url.strip_prefix(&format!("https://{HOST}")).expect("host");
        let (path, query) = rest.split_once('?').expect("query");
        assert_eq!(path, format!("{PREFIX}ab/{}/data", "ab".repeat(32)));
        assert_eq!(check(&zoo, path, Some(query), 1000), Ok(digest.clone()));
        assert_eq!(
            check(&zoo, path, Some(query), 1000 + LIFETIME),
            Err(Refusal::Forbidden)
        );
        let tampered = query.replacen("verify=4", "verify=5", 1);
        assert_eq!(
            check(&zoo, path, Some(&tampered), 1000),
            Err(Refusal::Forbidden)
        );
        assert_eq!(check(&zoo, path, None, 1000), Err(Refusal::Forbidden));
        assert_eq!(
            check(&zoo, "/other", Some(query), 1000),
            Err(Refusal::NotFound)
        );
        assert_eq!(path_of("sha256:short"), None);
    }
}
