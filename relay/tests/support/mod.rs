//! Test support: loopback upstreams started inside the tests (an axum registry stand-in, a
//! second storage origin, and raw TCP servers for faults no real registry produces), plus
//! helpers to call the relay with `oneshot`.

#![allow(dead_code)]

pub mod tempdir;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use http_body_util::BodyExt;
use regscope_core::contract::{RELAY_ERROR_HEADER, RelayErrorBody, RelayErrorKind};
use regscope_relay::{Config, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// The token the fake token endpoint hands out.
pub const TOKEN: &str = "test-token-123";
/// The manifest body served by the fake registry.
pub const MANIFEST: &str =
    r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}"#;
/// The blob body served by the storage origin.
pub const BLOB: &[u8] = b"blob-bytes-from-storage";
/// The manifest size cap used by the test relays.
pub const TEST_MAX_MANIFEST: u64 = 1024;

/// Binds 127.0.0.1:0 and serves `router` in the background.
pub async fn serve(router: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

#[derive(Clone)]
struct Fake {
    me: SocketAddr,
    storage: SocketAddr,
}

/// Starts the storage origin (answers blobs, reports whether it saw `Authorization`) and the
/// registry stand-in; returns (registry, storage).
pub async fn start_registry() -> (SocketAddr, SocketAddr) {
    let storage = serve(Router::new().route("/storage/{*rest}", get(storage_blob))).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let me = listener.local_addr().expect("addr");
    let router = Router::new()
        .route("/v2/", get(ping))
        .route("/token", get(token))
        .route("/v2/repo/manifests/{reference}", get(manifest))
        .route("/v2/repo/blobs/{digest}", get(blob))
        .route("/v2/repo/tags/list", get(tags))
        .with_state(Fake { me, storage });
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (me, storage)
}

fn challenge(me: SocketAddr) -> String {
    format!(
        r#"Bearer realm="http://{me}/token",service="test-registry",scope="repository:repo:pull""#
    )
}

fn unauthorized(me: SocketAddr) -> Response<Body> {
    (
        StatusCode::UNAUTHORIZED,
        [
            (header::WWW_AUTHENTICATE.as_str(), challenge(me)),
            (header::CONTENT_TYPE.as_str(), "application/json".to_owned()),
            ("docker-distribution-api-version", "registry/2.0".to_owned()),
        ],
        r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#,
    )
        .into_response()
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes() == format!("Bearer {TOKEN}").as_bytes())
}

async fn ping(State(fake): State<Fake>) -> Response<Body> {
    unauthorized(fake.me)
}

async fn token(headers: HeaderMap) -> Response<Body> {
    let body = serde_json::json!({"token": TOKEN, "expires_in": 300}).to_string();
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::SET_COOKIE, "session=secret"),
        ],
        body,
    )
        .into_response();
    if headers.contains_key(header::COOKIE) {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}

async fn manifest(
    State(fake): State<Fake>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Response<Body> {
    match reference.as_str() {
        "slow" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            return MANIFEST.into_response();
        }
        "slowbody" => {
            let stream = futures_util::stream::unfold(0u8, |n| async move {
                if n == 0 {
                    Some((Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"{")), 1))
                } else {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    None
                }
            });
            return Body::from_stream(stream).into_response();
        }
        "ratelimited" => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [
                    ("retry-after", "7"),
                    ("ratelimit-limit", "100;w=21600"),
                    ("ratelimit-remaining", "0"),
                    ("content-type", "application/json"),
                ],
                r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}"#,
            )
                .into_response();
        }
        "unavailable" => {
            return (StatusCode::SERVICE_UNAVAILABLE, "maintenance").into_response();
        }
        "huge" => {
            return vec![b'x'; (TEST_MAX_MANIFEST * 2) as usize].into_response();
        }
        "huge-chunked" => {
            let stream = futures_util::stream::iter(
                (0..64).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'x'; 512]))),
            );
            return Body::from_stream(stream).into_response();
        }
        "moved" => {
            return (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, "/v2/repo/manifests/latest")],
            )
                .into_response();
        }
        "html" => {
            return (
                [(header::CONTENT_TYPE, "text/html")],
                "<script>alert(document.domain)</script>",
            )
                .into_response();
        }
        _ => {}
    }
    if !authorized(&headers) {
        return unauthorized(fake.me);
    }
    (
        [
            (
                header::CONTENT_TYPE.as_str(),
                "application/vnd.oci.image.manifest.v1+json",
            ),
            ("docker-content-digest", "sha256:feedface"),
            ("etag", "\"sha256:feedface\""),
            ("set-cookie", "tracking=1"),
            ("x-internal-secret", "leak"),
            ("strict-transport-security", "max-age=1"),
        ],
        MANIFEST,
    )
        .into_response()
}

async fn blob(
    State(fake): State<Fake>,
    Path(digest): Path<String>,
    headers: HeaderMap,
) -> Response<Body> {
    let redirect = |location: String| {
        (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response()
    };
    match digest.as_str() {
        "sha256:cross" => redirect(format!("http://{}/storage/blob?sig=abc", fake.storage)),
        "sha256:same" => redirect("/v2/repo/blobs/sha256:final".to_owned()),
        "sha256:final" => {
            let seen = if authorized(&headers) {
                "auth"
            } else {
                "no-auth"
            };
            seen.into_response()
        }
        "sha256:private" => redirect("https://127.0.0.2:9/x".to_owned()),
        "sha256:metadata" => redirect("http://169.254.169.254/latest/meta-data/".to_owned()),
        "sha256:loop" => redirect("/v2/repo/blobs/sha256:loop".to_owned()),
        chain if chain.starts_with("sha256:chain") => {
            let n: u32 = chain["sha256:chain".len()..].parse().unwrap_or(0);
            redirect(format!("/v2/repo/blobs/sha256:chain{}", n + 1))
        }
        _ => (StatusCode::NOT_FOUND, "blob unknown").into_response(),
    }
}

async fn storage_blob(headers: HeaderMap) -> Response<Body> {
    let auth = if headers.contains_key(header::AUTHORIZATION) {
        "leaked"
    } else {
        "none"
    };
    ([("x-saw-authorization", auth)], BLOB).into_response()
}

async fn tags() -> Response<Body> {
    (
        [(
            header::LINK,
            r#"</v2/repo/tags/list?n=1&last=a>; rel="next""#,
        )],
        r#"{"name":"repo","tags":["a"]}"#,
    )
        .into_response()
}

/// A raw TCP upstream that reads a request, writes `reply` and closes.
pub async fn raw_upstream(reply: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(reply).await;
                let _ = socket.flush().await;
                if reply.is_empty() {
                    let _ = socket.set_zero_linger();
                }
            });
        }
    });
    addr
}

/// An address nothing listens on.
pub async fn down_address() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("addr")
}

/// Fast limits for tests.
pub fn test_limits() -> Limits {
    Limits {
        first_byte_timeout: Duration::from_millis(800),
        total_timeout: Duration::from_millis(1500),
        blob_timeout: Duration::from_secs(5),
        blob_idle_timeout: Duration::from_millis(800),
        max_manifest_bytes: TEST_MAX_MANIFEST,
        ..Limits::default()
    }
}

/// A relay config treating every loopback port of 127.0.0.1 as insecure, answering to the
/// loopback names and `relay.example:8080` (the same-origin page of the CORS tests).
pub fn test_config() -> Config {
    Config {
        insecure_registries: vec!["127.0.0.1".parse().expect("entry")],
        allowed_origins: vec!["http://app.example:8081".to_owned()],
        relay_names: regscope_relay::guard::RelayNames::default()
            .and("relay.example:8080".parse().expect("name")),
        limits: test_limits(),
        ..Config::default()
    }
}

/// A relay answer, read whole (or with the error that cut its body).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Result<Vec<u8>, String>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.body.as_deref().unwrap_or(b"")).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The relay error kind, checking header and JSON body agree and the body has a sentence.
    pub fn relay_error(&self) -> Option<RelayErrorKind> {
        let kind = self.header(RELAY_ERROR_HEADER)?;
        let kind = RelayErrorKind::parse(kind).expect("a kind of the contract");
        let body = RelayErrorBody::parse(self.body.as_deref().unwrap_or(b"")).expect("json body");
        assert_eq!(body.kind, kind);
        assert!(!body.message.is_empty());
        Some(kind)
    }
}

/// Sends `request` to `app` with `oneshot` and reads the answer.
pub async fn call(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .map_err(|e| e.to_string());
    Answer {
        status,
        headers,
        body,
    }
}

/// `GET /relay?url=<target>` with extra headers.
pub fn relay_get(target: &str, headers: &[(&str, &str)]) -> Request<Body> {
    relay_request("GET", target, headers)
}

/// `<method> /relay?url=<target>` with extra headers.
pub fn relay_request(method: &str, target: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("/relay?url={encoded}"));
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    builder.body(Body::empty()).expect("request")
}
