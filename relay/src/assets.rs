//! Serves the built app: files embedded from `../dist` at build time, or read from
//! `--static-dir`. Unknown non-file paths get `index.html` (the app routes by query), HTML gets
//! the Content-Security-Policy, hashed assets are cached for good and `index.html` never.
//! `index.html` gets the relay's settings the app reads before its first request (the
//! plain-http registries, as `<meta name="regscope-insecure">`), so learning them costs no
//! request.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use regscope_core::contract::INSECURE_META_NAME;

use crate::csp;
use crate::precompressed::{Coding, Precompressed, compressible};

/// The app as built by trunk, embedded at compile time (missing folder: nothing embedded).
#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../dist"]
#[allow_missing = true]
struct Dist;

/// Cache policy of files whose names carry a content hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache policy of everything else (revalidate every time).
const NO_CACHE: &str = "no-cache";
/// Shown at `/` when no app is available.
const NOT_BUILT: &str = "regscope: the web app is not built. Run `trunk build --release` \
and rebuild the relay, or start it with --static-dir DIR.\n";

/// Where the app's files come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The files embedded in the binary.
    Embedded,
    /// A folder on disk.
    Dir(PathBuf),
}

/// The app's files and the policy for its HTML.
#[derive(Debug, Clone)]
pub struct Site {
    source: Source,
    csp: String,
    compressed: Arc<Precompressed>,
    head: String,
}

impl Site {
    /// A site serving from `source` with `csp` as the base policy for HTML.
    pub fn new(source: Source, csp: String) -> Self {
        Self {
            source,
            csp,
            compressed: Arc::default(),
            head: String::new(),
        }
    }

    /// The same site with the plain-http registries (`HOST` or `HOST:PORT`, separated by
    /// spaces) written into `index.html`'s head as the contract's `regscope-insecure` meta.
    pub fn with_plain_http(mut self, content: &str) -> Self {
        self.head = if content.is_empty() {
            String::new()
        } else {
            format!(
                "<meta name=\"{INSECURE_META_NAME}\" content=\"{}\">",
                attribute_text(content)
            )
        };
        self
    }

    async fn load(&self, relative: &str) -> Option<Cow<'static, [u8]>> {
        let data = match &self.source {
            Source::Embedded => Dist::get(relative).map(|f| f.data),
            Source::Dir(dir) => read_inside(dir, relative).await.map(Cow::Owned),
        }?;
        if relative != "index.html" || self.head.is_empty() {
            return Some(data);
        }
        Some(Cow::Owned(with_in_head(&data, &self.head)))
    }
}

impl Site {
    /// The app's `index.html` and the Content-Security-Policy that goes with it.
    pub async fn index_page(&self) -> Option<(Cow<'static, [u8]>, String)> {
        let data = self.load("index.html").await?;
        let policy = csp::with_inline_hashes(&self.csp, &data);
        Some((data, policy))
    }
}

/// `html` with `extra` placed just before `</head>` (at the start when it has none).
fn with_in_head(html: &[u8], extra: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .unwrap_or(0);
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// `text` safe inside a double-quoted HTML attribute.
fn attribute_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Reads `relative` from `dir`, refusing anything that resolves outside it.
async fn read_inside(dir: &Path, relative: &str) -> Option<Vec<u8>> {
    let root = tokio::fs::canonicalize(dir).await.ok()?;
    let path = tokio::fs::canonicalize(root.join(relative)).await.ok()?;
    if !path.starts_with(&root) || !tokio::fs::metadata(&path).await.ok()?.is_file() {
        return None;
    }
    tokio::fs::read(&path).await.ok()
}

/// The fallback handler serving the app for every path not routed elsewhere.
pub async fn serve(
    State(site): State<Arc<Site>>,
    method: Method,
    uri: Uri,
    request_headers: HeaderMap,
) -> Response {
    let coding = Coding::preferred(&request_headers);
    if method != Method::GET && method != Method::HEAD {
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = uri.path().trim_start_matches('/');
    let relative = if path.is_empty() || path.ends_with('/') {
        "index.html"
    } else {
        path
    };
    if safe_relative(relative)
        && let Some(data) = site.load(relative).await
    {
        return file_response(&site, relative, data, coding).await;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    }
    match site.load("index.html").await {
        Some(data) => file_response(&site, "index.html", data, coding).await,
        None => plain(StatusCode::OK, NOT_BUILT),
    }
}

/// True for a plain relative path: no empty, `.` or `..` segments, backslashes, NULs or `%`.
fn safe_relative(path: &str) -> bool {
    !path.contains(['\\', '\0', '%', ':'])
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    add_common_headers(headers);
    response
}

async fn file_response(
    site: &Site,
    relative: &str,
    data: Cow<'static, [u8]>,
    coding: Option<Coding>,
) -> Response {
    let content_type = content_type(relative);
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let hashed = is_hashed(relative);
    let cache = if hashed { IMMUTABLE } else { NO_CACHE };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if content_type.starts_with("text/html") {
        let policy = csp::with_inline_hashes(&site.csp, &data);
        if let Ok(value) = HeaderValue::from_str(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    add_common_headers(&mut headers);
    // Hashed assets never change under their name: compress each once and keep the copy.
    if hashed && compressible(content_type) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(coding) = coding
            && let Some(copy) = site.compressed.get(relative, coding, &data).await
        {
            headers.insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_static(coding.name()),
            );
            return (headers, axum::body::Body::from(copy)).into_response();
        }
    }
    let body = match data {
        Cow::Borrowed(bytes) => axum::body::Body::from(bytes),
        Cow::Owned(bytes) => axum::body::Body::from(bytes),
    };
    (headers, body).into_response()
}

/// `nosniff` and `no-referrer`, sent with every file.
pub fn add_common_headers(headers: &mut HeaderMap) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

/// True when the file name carries a content hash as trunk writes it (`name-<hex>…`). Trunk
/// writes a 64-bit hash as `{:x}`, without leading zeros: 16 hex digits, or fewer for one build
/// in 16 (15 digits), one in 256 (14)… Eight or more digits are taken as a hash.
fn is_hashed(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.split('-')
        .skip(1)
        .any(|part| part.chars().take_while(char::is_ascii_hexdigit).count() >= 8)
}

/// The media type of a file, by extension.
fn content_type(relative: &str) -> &'static str {
    let ext = relative
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_trunk_hashed_names() {
        for hashed in [
            "regscope-9f0c2a1b3c4d5e6f.js",
            "regscope-9f0c2a1b3c4d5e6f_bg.wasm",
            "regscope-d90213154c46d2f_bg.wasm",
            "style-0123456789abcdef0123.css",
            "snippets/x/inline0-9f0c2a1b3c4d5e6f.js",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in ["index.html", "favicon.ico", "regscope-core.js", "a-b-c.js"] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn refuses_unsafe_relative_paths() {
        for bad in [
            "../etc/passwd",
            "a/../b",
            "a//b",
            "a\\b",
            "%2e%2e/x",
            "./a",
            "c:x",
        ] {
            assert!(!safe_relative(bad), "{bad}");
        }
        assert!(safe_relative("snippets/a/b.js"));
    }

    #[test]
    fn the_plain_http_list_goes_into_the_head() {
        let html = b"<html><head><title>t</title></HEAD><body></body></html>";
        let page = with_in_head(html, "<meta x>");
        assert_eq!(
            page,
            b"<html><head><title>t</title><meta x></HEAD><body></body></html>"
        );
        assert_eq!(with_in_head(b"<p>", "<m>"), b"<m><p>");
        let site = Site::new(Source::Embedded, String::new()).with_plain_http("a.lan b\"<");
        assert_eq!(
            site.head,
            "<meta name=\"regscope-insecure\" content=\"a.lan b&quot;&lt;\">"
        );
        assert!(
            Site::new(Source::Embedded, String::new())
                .with_plain_http("")
                .head
                .is_empty()
        );
    }

    #[test]
    fn wasm_has_its_media_type() {
        assert_eq!(content_type("x_bg.wasm"), "application/wasm");
        assert_eq!(content_type("INDEX.HTML"), "text/html; charset=utf-8");
    }
}
