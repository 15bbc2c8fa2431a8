//! Attacks on the relay's policy, through `/relay` with capture servers on loopback behind it:
//! path escapes (dot segments in every spelling, `;` parameters, encoded separators), IPv6
//! forms that carry a private IPv4 address, redirects from a registry to an insecure host's
//! other pages, and `Authorization` on a walk that leaves its origin and comes back. Each
//! checks the relay's answer and what the capture servers received.

mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use regscope_core::contract::RelayErrorKind;
use regscope_relay::{Config, app};
use support::*;

/// What a capture server received: (path and query, `Authorization`).
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// Records every request; `?to=URL` answers 307 to `URL`, anything else 200.
async fn capture(State(seen): State<Seen>, request: Request) -> Response {
    let uri = request.uri();
    let auth = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let target = uri.query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "to")
            .map(|(_, v)| v.into_owned())
    });
    let shown = uri.path_and_query().map_or("", |p| p.as_str()).to_owned();
    if let Ok(mut seen) = seen.lock() {
        seen.push((shown, auth));
    }
    match target {
        Some(to) => (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, to)]).into_response(),
        None => (StatusCode::OK, "ok").into_response(),
    }
}

async fn capture_server() -> (SocketAddr, Seen) {
    let seen = Seen::default();
    let router = Router::new()
        .fallback(capture)
        .with_state(Arc::clone(&seen));
    (serve(router).await, seen)
}

fn seen(seen: &Seen) -> Vec<(String, Option<String>)> {
    seen.lock().map(|s| s.clone()).unwrap_or_default()
}

fn encoded(url: &str) -> String {
    url::form_urlencoded::byte_serialize(url.as_bytes()).collect()
}

#[tokio::test]
async fn path_escapes_never_reach_the_registry() {
    let (registry, received) = capture_server().await;
    let app = app(test_config()).expect("relay");
    let paths = [
        "/v2/..;/admin",
        "/v2/..;jsessionid=0/admin",
        "/v2/a/..;/..;/manage",
        "/v2/%2e%2e;/admin",
        "/v2/..%3b/admin",
        "/v2/../admin",
        "/v2/%2e%2e/admin",
        "/v2/%2E%2E/admin",
        "/v2/%2e./admin",
        "/v2/.%2E/admin",
        "/v2/%252e%252E/admin",
        "/v2/a%2f..%2f..%2fadmin",
        "/v2/a/%2e%2e%2F%2e%2e%2Fadmin",
        "/v2/.\t./admin",
        "/v2/a;b/manifests/latest",
    ];
    for path in paths {
        let answer = call(&app, relay_get(&format!("http://{registry}{path}"), &[])).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path:?}");
        assert_eq!(
            answer.relay_error(),
            Some(RelayErrorKind::RefusedPath),
            "{path:?}"
        );
    }
    assert_eq!(seen(&received), Vec::new(), "nothing reached the registry");
    // A plain registry path still goes through.
    let answer = call(
        &app,
        relay_get(&format!("http://{registry}/v2/a/manifests/1.0"), &[]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(seen(&received).len(), 1);
}

#[tokio::test]
async fn ipv6_forms_carrying_private_ipv4_are_refused() {
    let app = app(Config::default()).expect("relay");
    for host in [
        "[::ffff:127.0.0.1]",
        "[::127.0.0.1]",
        "[::ffff:0:127.0.0.1]",
        "[::ffff:0:a9fe:a9fe]",
        "[64:ff9b::10.0.0.1]",
        "[64:ff9b:1::192.168.0.1]",
        "[2002:7f00:1::1]",
        "[2001:0:4136:e378:8000:63bf:80ff:fffe]",
        "[2001:0:4136:e378:8000:63bf:5601:5601]",
    ] {
        let answer = call(&app, relay_get(&format!("https://{host}/v2/"), &[])).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{host}");
        assert_eq!(
            answer.relay_error(),
            Some(RelayErrorKind::RefusedTarget),
            "{host}"
        );
    }
}

#[tokio::test]
async fn redirects_to_an_insecure_host_stay_on_registry_paths() {
    let (internal, internal_seen) = capture_server().await;
    let (public, _) = capture_server().await;
    // `registry.example` stands for a public registry (not on the insecure list).
    let config = Config {
        host_mappings: vec![
            format!("registry.example=http://{public}")
                .parse()
                .expect("mapping"),
        ],
        ..test_config()
    };
    let app = app(config).expect("relay");
    for to in [
        format!("http://{internal}/admin"),
        format!("http://{internal}/"),
        format!("http://{internal}/v2/..;/admin"),
        format!("http://{internal}/v2/a%2f..%2fadmin"),
    ] {
        let target = format!(
            "https://registry.example/v2/a/blobs/sha256:00?to={}",
            encoded(&to)
        );
        let answer = call(&app, relay_get(&target, &[])).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{to}");
        assert_eq!(
            answer.relay_error(),
            Some(RelayErrorKind::RefusedTarget),
            "{to}"
        );
        assert!(answer.text().contains("redirected to"), "{}", answer.text());
    }
    assert_eq!(seen(&internal_seen), Vec::new(), "nothing reached it");

    // Its registry paths are followed.
    let to = format!("http://{internal}/v2/a/blobs/sha256:00");
    let target = format!(
        "https://registry.example/v2/a/blobs/sha256:00?to={}",
        encoded(&to)
    );
    let answer = call(&app, relay_get(&target, &[])).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(seen(&internal_seen).len(), 1);

    // An insecure registry sending a blob to its own storage (insecure too): refused outside
    // /v2/, however the walk went, until the operator names the storage a blob host.
    let (storage, storage_seen) = capture_server().await;
    let to = format!("http://{storage}/docker/registry/v2/blobs/sha256/00/data");
    let target = format!("http://{internal}/v2/a/blobs/sha256:00?to={}", encoded(&to));
    let answer = call(&app, relay_get(&target, &[])).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
    assert_eq!(answer.relay_error(), Some(RelayErrorKind::RefusedTarget));
    assert!(
        answer.text().contains("--insecure-blob-host"),
        "{}",
        answer.text()
    );
    assert_eq!(
        seen(&storage_seen),
        Vec::new(),
        "nothing reached the storage"
    );

    let with_blob_host = app_with_blob_host(storage, public);
    let answer = call(
        &with_blob_host,
        relay_get(&target, &[("authorization", "Bearer secret")]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(
        seen(&storage_seen),
        vec![("/docker/registry/v2/blobs/sha256/00/data".to_owned(), None)],
        "any path, and never Authorization"
    );
}

/// The test relay with `registry.example` mapped to `public` and `storage` an insecure blob host.
fn app_with_blob_host(storage: SocketAddr, public: SocketAddr) -> Router {
    app(Config {
        host_mappings: vec![
            format!("registry.example=http://{public}")
                .parse()
                .expect("mapping"),
        ],
        insecure_blob_hosts: vec![storage.to_string().parse().expect("entry")],
        ..test_config()
    })
    .expect("relay")
}

#[tokio::test]
async fn authorization_never_comes_back_once_the_walk_left() {
    let (origin, origin_seen) = capture_server().await;
    let (elsewhere, elsewhere_seen) = capture_server().await;
    let app = app(test_config()).expect("relay");
    let back = format!("http://{origin}/v2/a/blobs/sha256:11");
    let away = format!("http://{elsewhere}/v2/away?to={}", encoded(&back));
    let target = format!("http://{origin}/v2/a/blobs/sha256:00?to={}", encoded(&away));
    let answer = call(
        &app,
        relay_get(&target, &[("authorization", "Bearer secret")]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let at_origin = seen(&origin_seen);
    assert_eq!(at_origin.len(), 2, "{at_origin:?}");
    assert_eq!(at_origin[0].1.as_deref(), Some("Bearer secret"));
    assert_eq!(
        at_origin[1],
        ("/v2/a/blobs/sha256:11".to_owned(), None),
        "not sent again on the way back"
    );
    assert_eq!(seen(&elsewhere_seen)[0].1, None);
}
