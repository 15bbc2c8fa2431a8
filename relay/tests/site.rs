//! Integration tests of the app's file serving: `index.html` fallback for app routes, media
//! types, cache headers, compression and the Content-Security-Policy with the hash of trunk's
//! inline loader script. The folder mimics what `trunk build` writes to `dist/`.

mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use regscope_relay::{Config, app};
use sha2::{Digest, Sha256};
use support::call;
use support::tempdir;

const LOADER: &str = "\nimport init, * as bindings from '/regscope-0123456789abcdef.js';\n\
const wasm = await init({ module_or_path: '/regscope-0123456789abcdef_bg.wasm' });\n\
window.wasmBindings = bindings;\n";

fn dist() -> (tempdir::Dir, Router) {
    let dir = tempdir::Dir::new();
    let index = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>regscope</title>\
<link rel=\"modulepreload\" href=\"/regscope-0123456789abcdef.js\">\
<link rel=\"stylesheet\" href=\"/style-fedcba9876543210.css\"></head>\
<body><script type=\"module\">{LOADER}</script></body></html>"
    );
    dir.write("index.html", index.as_bytes());
    dir.write(
        "regscope-0123456789abcdef.js",
        b"export default function init() {}\n",
    );
    dir.write("regscope-0123456789abcdef_bg.wasm", &[0u8; 4096]);
    dir.write("style-fedcba9876543210.css", b"body { margin: 0 }\n");
    dir.write("favicon.ico", b"\0\0\x01\0");
    let router = app(Config {
        static_dir: Some(dir.path()),
        ..Config::default()
    })
    .unwrap();
    (dir, router)
}

fn get(path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::get(path);
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    builder.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn index_has_strict_csp_with_the_loader_hash() {
    let (_dir, app) = dist();
    let answer = call(&app, get("/", &[])).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(answer.header("cache-control"), Some("no-cache"));
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
    let csp = answer.header("content-security-policy").unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(LOADER));
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"
        )),
        "{csp}"
    );
    for directive in [
        "default-src 'self'",
        "connect-src 'self' http: https:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive}");
    }
}

#[tokio::test]
async fn app_routes_fall_back_to_index() {
    let (_dir, app) = dist();
    for path in [
        "/?image=alpine:3.20",
        "/inspect/some/route",
        "/x/",
        "/%2e%2e/secret",
    ] {
        let answer = call(&app, get(path, &[])).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert!(answer.text().contains("<title>regscope</title>"), "{path}");
    }
    for path in ["/missing.js", "/nope/app.wasm", "/../../etc/passwd.txt"] {
        let answer = call(&app, get(path, &[])).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn assets_have_types_and_cache_headers() {
    let (_dir, app) = dist();
    let wasm = call(&app, get("/regscope-0123456789abcdef_bg.wasm", &[])).await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(wasm.body.as_ref().unwrap().len(), 4096);
    let js = call(&app, get("/regscope-0123456789abcdef.js", &[])).await;
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let icon = call(&app, get("/favicon.ico", &[])).await;
    assert_eq!(icon.header("cache-control"), Some("no-cache"));
    assert!(icon.header("content-security-policy").is_none());
}

#[tokio::test]
async fn compresses_wasm() {
    let (_dir, app) = dist();
    for (accept, expected) in [("gzip", "gzip"), ("br", "br"), ("br, gzip", "br")] {
        let answer = call(
            &app,
            get(
                "/regscope-0123456789abcdef_bg.wasm",
                &[("accept-encoding", accept)],
            ),
        )
        .await;
        assert_eq!(
            answer.header("content-encoding"),
            Some(expected),
            "{accept}"
        );
        assert!(answer.body.as_ref().unwrap().len() < 4096);
    }
}

#[tokio::test]
async fn missing_app_says_so_and_other_methods_are_refused() {
    let empty = tempdir::Dir::new();
    let app = app(Config {
        static_dir: Some(empty.path()),
        ..Config::default()
    })
    .unwrap();
    let answer = call(&app, get("/", &[])).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.text().contains("not built"));
    let post = call(&app, Request::post("/").body(Body::from("x")).unwrap()).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    let health = call(&app, get("/healthz", &[])).await;
    assert_eq!(health.text(), "ok");
}

#[tokio::test]
async fn embedded_app_or_not_built_page() {
    let app = app(Config::default()).unwrap();
    let answer = call(&app, get("/", &[])).await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = answer.header("content-type") == Some("text/html; charset=utf-8");
    assert!(html || answer.text().contains("not built"));
}
