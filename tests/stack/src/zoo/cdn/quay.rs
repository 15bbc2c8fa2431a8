//! Quay's blob CDN (`cdn03.quay.io`): Quay answers a blob GET with 302 to
//! `/quayio-production-s3/sha256/XX/HEX?X-Amz-…&cf_sign=…&cf_expiry=…&region=…&namespace=NS&repo_name=REPO`,
//! a presigned URL that expires 600 s later and names the repository it was issued for.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::super::names;
use super::super::registries::quay;
use super::super::state::Zoo;
use super::Refusal;

/// The CDN host.
pub const HOST: &str = "cdn03.quay.io";
/// `X-Amz-Expires` in the captured URL.
const LIFETIME: i64 = 600;
/// The bucket path in front of `sha256/XX/HEX`.
const PREFIX: &str = "/quayio-production-s3/sha256/";

/// The storage path of `digest`.
pub fn path_of(digest: &str) -> Option<String> {
    let hex = super::sha256_hex(digest)?;
    Some(format!("{PREFIX}{}/{hex}", &hex[..2]))
}

/// The hex signature over what the URL grants.
fn signature(zoo: &Zoo, path: &str, expiry: i64, namespace: &str, repo_name: &str) -> String {
    let mac = zoo.keys.sign(
        "quay-cdn",
        format!("{path}|{expiry}|{namespace}|{repo_name}").as_bytes(),
    );
    mac.iter().map(|b| format!("{b:02x}")).collect()
}

/// The presigned CDN URL of `digest` in `namespace/repo_name`, valid from `now`.
pub fn location(
    zoo: &Zoo,
    namespace: &str,
    repo_name: &str,
    digest: &str,
    now: i64,
) -> Option<String> {
    let path = path_of(digest)?;
    let expiry = now + LIFETIME;
    let stamp: String = crate::clock::rfc3339(now)
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    let day = stamp.get(..8).unwrap_or("19700101");
    let sig = signature(zoo, &path, expiry, namespace, repo_name);
    let cf_sign = STANDARD.encode(zoo.keys.sign("quay-cf", sig.as_bytes()));
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
        .append_pair(
            "X-Amz-Credential",
            &format!("REGSCOPEZOOEXAMPLE/{day}/us-east-1/s3/aws4_request"),
        )
        .append_pair("X-Amz-Date", &stamp)
        .append_pair("X-Amz-Expires", &LIFETIME.to_string())
        .append_pair("X-Amz-SignedHeaders", "host")
        .append_pair("X-Amz-Signature", &sig)
        .append_pair("cf_sign", &cf_sign)
        .append_pair("cf_expiry", &expiry.to_string())
        .append_pair("region", "us-east-1")
        .append_pair("namespace", namespace)
        .append_pair("repo_name", repo_name)
        .finish();
    Some(format!("https://{HOST}{path}?{query}"))
}

/// The digest and Quay repository (`namespace/repo_name`) a URL grants, when its signature
/// is good and unexpired at `now`.
pub fn check(
    zoo: &Zoo,
    path: &str,
    query: Option<&str>,
    now: i64,
) -> Result<(String, String), Refusal> {
    let rest = path.strip_prefix(PREFIX).ok_or(Refusal::NotFound)?;
    let (prefix, hex) = rest.split_once('/').ok_or(Refusal::NotFound)?;
    let digest = format!("sha256:{hex}");
    if super::sha256_hex(&digest).is_none() || prefix.len() != 2 || !hex.starts_with(prefix) {
        return Err(Refusal::NotFound);
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .ok_or(Refusal::Forbidden)
    };
    let expiry: i64 = get("cf_expiry")?.parse().map_err(|_| Refusal::Forbidden)?;
    let (namespace, repo_name) = (get("namespace")?, get("repo_name")?);
    if now >= expiry
        || get("X-Amz-Signature")? != signature(zoo, path, expiry, namespace, repo_name)
    {
        return Err(Refusal::Forbidden);
    }
    Ok((digest, format!("{namespace}/{repo_name}")))
}

/// Quay's 302 to the CDN for `digest` of repository `name`, with Flask's redirect page.
pub fn redirect(zoo: &Zoo, name: &str, digest: &str) -> Response {
    let (namespace, repo_name) = name.split_once('/').unwrap_or((name, ""));
    let Some(location) = location(zoo, namespace, repo_name, digest, crate::clock::unix_now())
    else {
        return super::refused(Refusal::NotFound);
    };
    let escaped = location.replace('&', "&amp;");
    let page = format!(
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{escaped}\">{escaped}</a>. If not, click the link.\n"
    );
    let mut response =
        super::super::errors::with_type(StatusCode::FOUND, page, "text/html; charset=utf-8");
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&location) {
        headers.insert(header::LOCATION, value);
    }
    if let Ok(value) = HeaderValue::from_str(digest) {
        headers.insert("docker-content-digest", value);
    }
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=31536000"),
    );
    response
}

/// Serves one CDN request: the Quay repository in the URL names the seeded one.
pub async fn handle(State(zoo): State<std::sync::Arc<Zoo>>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let checked = check(
        &zoo,
        parts.uri.path(),
        parts.uri.query(),
        crate::clock::unix_now(),
    )
    .and_then(|(digest, name)| {
        names::find(quay::PROFILE.repos, &name)
            .map(|repo| (digest, Some(repo.seeded.to_owned())))
            .ok_or(Refusal::NotFound)
    });
    super::serve(&zoo, &parts.method, &parts.headers, checked, &[]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presigned_urls_carry_and_protect_the_repository() {
        let zoo = Zoo::new("http://127.0.0.1:9").expect("zoo");
        let digest = format!("sha256:{}", "0f".repeat(32));
        let url = location(&zoo, "regscope", "alpine", &digest, 1_704_067_200).expect("url");
        assert!(url.contains("X-Amz-Date=20240101T000000Z"));
        assert!(url.contains("X-Amz-Expires=600"));
        assert!(url.contains("&namespace=regscope&repo_name=alpine"));
        let rest = url.strip_prefix(&format!("https://{HOST}")).expect("host");
        let (path, query) = rest.split_once('?').expect("query");
        assert_eq!(
            check(&zoo, path, Some(query), 1_704_067_200),
            Ok((digest, "regscope/alpine".to_owned()))
        );
        let other_repo = query.replace("repo_name=alpine", "repo_name=private");
        assert_eq!(
            check(&zoo, path, Some(&other_repo), 1_704_067_200),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            check(&zoo, path, Some(query), 1_704_067_200 + LIFETIME),
            Err(Refusal::Forbidden)
        );
    }
}
