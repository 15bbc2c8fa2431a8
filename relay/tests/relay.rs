//! Integration tests of `/relay` against real loopback servers started inside each test: a
//! registry stand-in with token auth, a second storage origin for blob redirects, and fault
//! upstreams (slow, reset, truncated, down). After every fault the relay must still work.

mod support;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use regscope_core::contract::{
    FINAL_URL_HEADER, HOPS_HEADER, RELAY_HEADER, RELAY_HEADER_VALUE, RelayErrorKind,
};
use regscope_relay::{Config, app};
use support::*;

async fn token_for(app: &Router, registry: std::net::SocketAddr) -> String {
    // The realm is only reachable after a registry named it in a challenge.
    let challenge = call(app, relay_get(&format!("http://{registry}/v2/"), &[])).await;
    assert_eq!(challenge.status, StatusCode::UNAUTHORIZED);
    let answer = call(
        app,
        relay_get(
            &format!("http://{registry}/token?service=test-registry&scope=repository:repo:pull"),
            &[],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let json: serde_json::Value = serde_json::from_slice(answer.body.as_ref().unwrap()).unwrap();
    json["token"].as_str().unwrap().to_owned()
}

/// A manifest fetch that must succeed: proves the relay is still up after a fault.
async fn assert_still_works(app: &Router, registry: std::net::SocketAddr) {
    let token = token_for(app, registry).await;
    let answer = call(
        app,
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/latest"),
            &[("authorization", &format!("Bearer {token}"))],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), MANIFEST);
}

#[tokio::test]
async fn challenge_token_and_manifest_flow() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();

    // The token endpoint is refused until a registry's challenge names it.
    let early = call(
        &app,
        relay_get(
            &format!("http://{registry}/token?service=test-registry"),
            &[],
        ),
    )
    .await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);
    assert_eq!(early.relay_error(), Some(RelayErrorKind::RefusedPath));

    let challenge = call(&app, relay_get(&format!("http://{registry}/v2/"), &[])).await;
    assert_eq!(challenge.status, StatusCode::UNAUTHORIZED);
    assert!(
        challenge
            .header("www-authenticate")
            .unwrap()
            .contains("/token")
    );
    assert_eq!(
        challenge.header("docker-distribution-api-version"),
        Some("registry/2.0")
    );
    assert_eq!(challenge.header(RELAY_HEADER), Some(RELAY_HEADER_VALUE));
    assert!(challenge.relay_error().is_none());

    let token = token_for(&app, registry).await;
    assert_eq!(token, TOKEN);

    let manifest = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/latest"),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("accept", "application/vnd.oci.image.manifest.v1+json"),
                ("cookie", "session=should-not-be-forwarded"),
                ("x-forwarded-for", "203.0.113.1"),
            ],
        ),
    )
    .await;
    assert_eq!(manifest.status, StatusCode::OK);
    assert_eq!(manifest.text(), MANIFEST);
    assert_eq!(
        manifest.header("docker-content-digest"),
        Some("sha256:feedface")
    );
    assert_eq!(manifest.header("etag"), Some("\"sha256:feedface\""));
    assert_eq!(
        manifest.header("content-type"),
        Some("application/vnd.oci.image.manifest.v1+json")
    );
    assert_eq!(
        manifest.header("content-length"),
        Some(&*MANIFEST.len().to_string())
    );
    for stripped in [
        "set-cookie",
        "x-internal-secret",
        "strict-transport-security",
    ] {
        assert!(manifest.header(stripped).is_none(), "{stripped} leaked");
    }
    // Relayed bodies can never act as documents of the relay's origin.
    assert_eq!(manifest.header("x-content-type-options"), Some("nosniff"));
    assert!(
        manifest
            .header("content-security-policy")
            .unwrap()
            .contains("sandbox")
    );
}

#[tokio::test]
async fn head_keeps_length_and_digest_without_body() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();
    let token = token_for(&app, registry).await;
    let answer = call(
        &app,
        relay_request(
            "HEAD",
            &format!("http://{registry}/v2/repo/manifests/latest"),
            &[("authorization", &format!("Bearer {token}"))],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.header("docker-content-digest"),
        Some("sha256:feedface")
    );
    assert_eq!(
        answer.header("content-length"),
        Some(&*MANIFEST.len().to_string())
    );
    assert_eq!(answer.body.unwrap(), b"");
}

#[tokio::test]
async fn passes_link_header_and_registry_errors_through() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();
    let tags = call(
        &app,
        relay_get(&format!("http://{registry}/v2/repo/tags/list"), &[]),
    )
    .await;
    assert_eq!(tags.status, StatusCode::OK);
    assert!(tags.header("link").unwrap().contains("rel=\"next\""));

    let limited = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/ratelimited"),
            &[],
        ),
    )
    .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        limited.relay_error().is_none(),
        "a registry 429 is not a relay error"
    );
    assert_eq!(limited.header("retry-after"), Some("7"));
    assert_eq!(limited.header("ratelimit-limit"), Some("100;w=21600"));
    assert_eq!(limited.header("ratelimit-remaining"), Some("0"));
    assert!(limited.text().contains("TOOMANYREQUESTS"));

    let down = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/unavailable"),
            &[],
        ),
    )
    .await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.relay_error().is_none());
    assert_eq!(down.header(RELAY_HEADER), Some(RELAY_HEADER_VALUE));
    assert_still_works(&app, registry).await;
}

#[tokio::test]
async fn blob_redirects_are_followed_server_side() {
    let (registry, storage) = start_registry().await;
    let app = app(with_blob_host(storage)).unwrap();
    let answer = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/blobs/sha256:cross"),
            &[("authorization", &format!("Bearer {TOKEN}"))],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body.as_deref().unwrap(), BLOB);
    assert!(answer.header("location").is_none());
    let head = call(
        &app,
        relay_request(
            "HEAD",
            &format!("http://{registry}/v2/repo/blobs/sha256:cross"),
            &[],
        ),
    )
    .await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(
        head.header("content-length"),
        Some(&*BLOB.len().to_string())
    );
    // A same-origin hop keeps Authorization (the cross-origin case is checked below).
    let same = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/blobs/sha256:same"),
            &[("authorization", &format!("Bearer {TOKEN}"))],
        ),
    )
    .await;
    assert_eq!(same.status, StatusCode::OK);
    assert_eq!(same.text(), "auth", "same-origin hop keeps Authorization");
}

#[tokio::test]
async fn cross_origin_hop_never_sees_authorization() {
    // A storage origin that echoes whether it got Authorization in its body.
    let storage = serve(Router::new().route(
        "/blob",
        axum::routing::get(|headers: axum::http::HeaderMap| async move {
            if headers.contains_key("authorization") {
                "leaked"
            } else {
                "clean"
            }
        }),
    ))
    .await;
    let registry = serve(Router::new().route(
        "/v2/repo/blobs/{digest}",
        axum::routing::get(move || async move {
            (
                StatusCode::TEMPORARY_REDIRECT,
                [("location", format!("http://{storage}/blob"))],
            )
        }),
    ))
    .await;
    let app = app(with_blob_host(storage)).unwrap();
    let answer = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/blobs/sha256:x"),
            &[("authorization", "Bearer secret")],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), "clean");
}

#[tokio::test]
async fn authorization_never_comes_back_once_the_walk_left_the_origin() {
    // registry -> storage -> back to the registry, which says whether the token came back.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let registry = listener.local_addr().unwrap();
    let storage = serve(Router::new().route(
        "/bounce",
        axum::routing::get(move || async move {
            (
                StatusCode::TEMPORARY_REDIRECT,
                [(
                    "location",
                    format!("http://{registry}/v2/repo/blobs/sha256:back"),
                )],
            )
        }),
    ))
    .await;
    let router = Router::new().route(
        "/v2/repo/blobs/{digest}",
        axum::routing::get(
            move |axum::extract::Path(digest): axum::extract::Path<String>,
                  headers: axum::http::HeaderMap| async move {
                if digest != "sha256:back" {
                    return (
                        StatusCode::TEMPORARY_REDIRECT,
                        [("location", format!("http://{storage}/bounce"))],
                    )
                        .into_response();
                }
                if headers.contains_key("authorization") {
                    "leaked".into_response()
                } else {
                    "clean".into_response()
                }
            },
        ),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let app = app(with_blob_host(storage)).unwrap();
    let start = format!("http://{registry}/v2/repo/blobs/sha256:x");
    let answer = call(
        &app,
        relay_get(&start, &[("authorization", "Bearer secret")]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), "clean");
    assert_eq!(
        answer.header(HOPS_HEADER),
        Some(&*format!("307 {start}, 307 http://{storage}/bounce"))
    );
}

#[tokio::test]
async fn blob_redirects_to_private_addresses_are_refused() {
    let (registry, storage) = start_registry().await;
    // Only the registry's own port is insecure: the redirect targets are not.
    let config = Config {
        insecure_registries: vec![format!("127.0.0.1:{}", registry.port()).parse().unwrap()],
        ..test_config()
    };
    let app = app(config).unwrap();
    for digest in ["sha256:private", "sha256:metadata", "sha256:cross"] {
        let answer = call(
            &app,
            relay_get(&format!("http://{registry}/v2/repo/blobs/{digest}"), &[]),
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{digest}");
        assert_eq!(
            answer.relay_error(),
            Some(RelayErrorKind::RefusedTarget),
            "{digest}"
        );
    }
    let _ = storage;
    let loop_answer = call(
        &app,
        relay_get(&format!("http://{registry}/v2/repo/blobs/sha256:loop"), &[]),
    )
    .await;
    assert_eq!(loop_answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        loop_answer.relay_error(),
        Some(RelayErrorKind::RedirectLoop)
    );
    assert!(
        loop_answer
            .text()
            .contains(&format!("http://{registry}/v2/repo/blobs/sha256:loop")),
        "{}",
        loop_answer.text()
    );
    let chain = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/blobs/sha256:chain0"),
            &[],
        ),
    )
    .await;
    assert_eq!(chain.status, StatusCode::BAD_GATEWAY);
    assert_eq!(chain.relay_error(), Some(RelayErrorKind::TooManyRedirects));
    assert!(
        chain.text().contains("sha256:chain6"),
        "the error names the target: {}",
        chain.text()
    );
    assert_still_works(&app, registry).await;
}

#[tokio::test]
async fn manifest_redirects_are_followed_and_told_in_the_walk_headers() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();
    let moved = format!("http://{registry}/v2/repo/manifests/moved");
    let answer = call(
        &app,
        relay_get(&moved, &[("authorization", &format!("Bearer {TOKEN}"))]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.text(), MANIFEST);
    assert!(answer.header("location").is_none());
    assert_eq!(
        answer.header(FINAL_URL_HEADER),
        Some(&*format!("http://{registry}/v2/repo/manifests/latest"))
    );
    assert_eq!(answer.header(HOPS_HEADER), Some(&*format!("307 {moved}")));
    // No walk, no walk headers.
    let direct = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/latest"),
            &[("authorization", &format!("Bearer {TOKEN}"))],
        ),
    )
    .await;
    assert_eq!(direct.status, StatusCode::OK);
    assert!(direct.header(FINAL_URL_HEADER).is_none());
    assert!(direct.header(HOPS_HEADER).is_none());
}

#[tokio::test]
async fn oversized_bodies_are_cut() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();
    let declared = call(
        &app,
        relay_get(&format!("http://{registry}/v2/repo/manifests/huge"), &[]),
    )
    .await;
    assert_eq!(declared.status, StatusCode::BAD_GATEWAY);
    assert_eq!(declared.relay_error(), Some(RelayErrorKind::TooLarge));

    let streamed = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/huge-chunked"),
            &[],
        ),
    )
    .await;
    assert_eq!(streamed.status, StatusCode::OK);
    assert!(
        streamed.body.is_err(),
        "the stream must be aborted past the cap"
    );
    assert_still_works(&app, registry).await;
}

#[tokio::test]
async fn slow_upstreams_time_out() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();
    let started = std::time::Instant::now();
    let slow = call(
        &app,
        relay_get(&format!("http://{registry}/v2/repo/manifests/slow"), &[]),
    )
    .await;
    assert_eq!(slow.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(slow.relay_error(), Some(RelayErrorKind::UpstreamTimeout));
    assert!(started.elapsed() < Duration::from_secs(3));

    let stalled = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/slowbody"),
            &[],
        ),
    )
    .await;
    assert_eq!(stalled.status, StatusCode::OK);
    assert!(stalled.body.is_err(), "a stalled body must be cut off");
    assert!(started.elapsed() < Duration::from_secs(6));
    assert_still_works(&app, registry).await;
}

#[tokio::test]
async fn broken_upstreams_are_relay_errors() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();

    let reset = raw_upstream(b"").await;
    let answer = call(&app, relay_get(&format!("http://{reset}/v2/"), &[])).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        answer.relay_error(),
        Some(RelayErrorKind::UpstreamUnreachable)
    );

    let garbage = raw_upstream(b"this is not http\r\n\r\n").await;
    let answer = call(&app, relay_get(&format!("http://{garbage}/v2/"), &[])).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        answer.relay_error(),
        Some(RelayErrorKind::UpstreamUnreachable)
    );

    let down = down_address().await;
    let answer = call(&app, relay_get(&format!("http://{down}/v2/"), &[])).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        answer.relay_error(),
        Some(RelayErrorKind::UpstreamUnreachable)
    );

    let truncated = raw_upstream(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"partial\":",
    )
    .await;
    let answer = call(
        &app,
        relay_get(&format!("http://{truncated}/v2/repo/manifests/x"), &[]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-length"), Some("100"));
    assert!(
        answer.body.is_err(),
        "a truncated body must not look complete"
    );

    assert_still_works(&app, registry).await;
}

#[tokio::test]
async fn refused_targets_never_reach_upstream() {
    let app = app(Config {
        limits: test_limits(),
        ..Config::default()
    })
    .unwrap();
    let rows = [
        (
            "https://169.254.169.254/v2/",
            RelayErrorKind::RefusedTarget,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://registry@169.254.169.254/v2/",
            RelayErrorKind::RefusedTarget,
            StatusCode::FORBIDDEN,
        ),
        (
            "http://2130706433/v2/",
            RelayErrorKind::RefusedTarget,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://0x7f.1/v2/",
            RelayErrorKind::RefusedTarget,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://0177.0.0.1/v2/",
            RelayErrorKind::RefusedTarget,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://[::ffff:127.0.0.1]/v2/",
            RelayErrorKind::RefusedTarget,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://localhost/v2/",
            RelayErrorKind::RefusedTarget,
            StatusCode::FORBIDDEN,
        ),
        (
            "http://registry.example/v2/",
            RelayErrorKind::RefusedTarget,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://registry.example/admin",
            RelayErrorKind::RefusedPath,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://registry.example/v2/%2e%2e/admin",
            RelayErrorKind::RefusedPath,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://registry.example/v2/a%2fb/manifests/x",
            RelayErrorKind::RefusedPath,
            StatusCode::FORBIDDEN,
        ),
        (
            "https://auth.example/token?scope=x",
            RelayErrorKind::RefusedPath,
            StatusCode::FORBIDDEN,
        ),
        (
            "not a url",
            RelayErrorKind::BadRequest,
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (target, kind, status) in rows {
        let answer = call(&app, relay_get(target, &[])).await;
        assert_eq!(answer.status, status, "{target}");
        assert_eq!(answer.relay_error(), Some(kind), "{target}");
    }
    let missing = call(&app, Request::get("/relay").body(Body::empty()).unwrap()).await;
    assert_eq!(missing.relay_error(), Some(RelayErrorKind::BadRequest));
    let twice = call(
        &app,
        Request::get("/relay?url=https%3A%2F%2Fa.io%2Fv2%2F&url=https%3A%2F%2Fb.io%2Fv2%2F")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(twice.relay_error(), Some(RelayErrorKind::BadRequest));
}

#[tokio::test]
async fn names_resolving_to_loopback_are_refused_at_connect() {
    // The policy passes a host name; the client's resolver refuses its loopback addresses.
    let registry = serve(Router::new().route("/v2/", axum::routing::get(|| async { "{}" }))).await;
    let clients =
        regscope_relay::client::Clients::new(&Default::default(), &[], &[], Duration::from_secs(2))
            .unwrap();
    let destination = regscope_relay::policy::Destination {
        url: url::Url::parse(&format!("http://localhost:{}/v2/", registry.port())).unwrap(),
        insecure: false,
    };
    let error = clients
        .for_destination(&destination)
        .get(destination.url.clone())
        .send()
        .await
        .expect_err("loopback must be refused");
    assert!(regscope_relay::resolver::is_refused(&error), "{error:?}");

    // The same name configured insecure resolves and connects.
    let config = Config {
        insecure_registries: vec!["localhost".parse().unwrap()],
        ..test_config()
    };
    let app = app(config).unwrap();
    let answer = call(
        &app,
        relay_get(&format!("http://localhost:{}/v2/", registry.port()), &[]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

#[tokio::test]
async fn host_mappings_emulate_public_names() {
    let (registry, _) = start_registry().await;
    let config = Config {
        host_mappings: vec![
            format!("registry-1.docker.io=http://{registry}")
                .parse()
                .unwrap(),
        ],
        ..test_config()
    };
    let app = app(config).unwrap();
    let answer = call(
        &app,
        relay_get("https://registry-1.docker.io/v2/repo/tags/list", &[]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.text().contains("\"tags\""));

    // Without the mapped target configured insecure, the mapping is refused.
    let strict = app_without_insecure(registry);
    let refused = call(
        &strict,
        relay_get("https://registry-1.docker.io/v2/repo/tags/list", &[]),
    )
    .await;
    assert_eq!(refused.relay_error(), Some(RelayErrorKind::RefusedTarget));
}

fn app_without_insecure(registry: std::net::SocketAddr) -> Router {
    app(Config {
        host_mappings: vec![
            format!("registry-1.docker.io=http://{registry}")
                .parse()
                .unwrap(),
        ],
        limits: test_limits(),
        ..Config::default()
    })
    .unwrap()
}

#[tokio::test]
async fn only_get_head_options_are_allowed() {
    let app = app(test_config()).unwrap();
    for method in ["POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT"] {
        let answer = call(
            &app,
            relay_request(method, "https://registry.example/v2/", &[]),
        )
        .await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(answer.relay_error(), Some(RelayErrorKind::MethodNotAllowed));
    }
}

#[tokio::test]
async fn cors_only_for_allowed_origins() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();
    let preflight = call(
        &app,
        relay_request(
            "OPTIONS",
            "https://registry.example/v2/",
            &[
                ("origin", "http://app.example:8081"),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "authorization, accept"),
            ],
        ),
    )
    .await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("http://app.example:8081")
    );
    assert!(
        preflight
            .header("access-control-allow-headers")
            .unwrap()
            .contains("Authorization")
    );

    let evil = call(
        &app,
        relay_request(
            "OPTIONS",
            "https://registry.example/v2/",
            &[("origin", "https://evil.example")],
        ),
    )
    .await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    assert!(evil.header("access-control-allow-origin").is_none());

    let evil_get = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/"),
            &[("origin", "https://evil.example")],
        ),
    )
    .await;
    assert_eq!(evil_get.relay_error(), Some(RelayErrorKind::RefusedOrigin));

    let allowed = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/"),
            &[("origin", "http://app.example:8081")],
        ),
    )
    .await;
    assert_eq!(allowed.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("http://app.example:8081")
    );
    let expose = allowed.header("access-control-expose-headers").unwrap();
    for name in [
        "WWW-Authenticate",
        "Docker-Content-Digest",
        "Link",
        "ratelimit-remaining",
        "X-Regscope-Relay-Error",
    ] {
        assert!(expose.contains(name), "{name}");
    }

    let same = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/"),
            &[
                ("origin", "http://relay.example:8080"),
                ("host", "relay.example:8080"),
            ],
        ),
    )
    .await;
    assert_eq!(same.status, StatusCode::UNAUTHORIZED);
    assert!(same.header("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn rate_and_concurrency_limits() {
    let (registry, _) = start_registry().await;
    let mut config = test_config();
    config.limits.rate_per_sec = 0.0;
    config.limits.rate_burst = 2.0;
    let app = app(config).unwrap();
    let target = format!("http://{registry}/v2/repo/tags/list");
    for _ in 0..2 {
        assert_eq!(
            call(&app, relay_get(&target, &[])).await.status,
            StatusCode::OK
        );
    }
    let limited = call(&app, relay_get(&target, &[])).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.relay_error(), Some(RelayErrorKind::RateLimited));

    let mut config = test_config();
    config.limits.max_in_flight = 1;
    let app = regscope_relay::app(config).unwrap();
    // Hold the only slot with a body that stalls, then ask again.
    let response = tower::ServiceExt::oneshot(
        app.clone(),
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/slowbody"),
            &[],
        ),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let busy = call(&app, relay_get(&target, &[])).await;
    assert_eq!(busy.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(busy.relay_error(), Some(RelayErrorKind::Overloaded));
    drop(response);
    assert_eq!(
        call(&app, relay_get(&target, &[])).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn relayed_html_is_sandboxed() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();
    let answer = call(
        &app,
        relay_get(&format!("http://{registry}/v2/repo/manifests/html"), &[]),
    )
    .await;
    assert_eq!(answer.header("content-type"), Some("text/html"));
    assert_eq!(
        answer.header("content-security-policy"),
        Some("default-src 'none'; sandbox")
    );
}

#[tokio::test]
async fn serves_over_a_real_socket() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    // The test's own client needs a crypto provider chosen (the relay brings its own).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let health = client
        .get(format!("http://{relay}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");

    let target: String = url::form_urlencoded::byte_serialize(
        format!("http://{registry}/v2/repo/manifests/latest").as_bytes(),
    )
    .collect();
    let challenge: String =
        url::form_urlencoded::byte_serialize(format!("http://{registry}/v2/").as_bytes()).collect();
    client
        .get(format!("http://{relay}/relay?url={challenge}"))
        .send()
        .await
        .unwrap();
    let head = client
        .head(format!("http://{relay}/relay?url={target}"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(
        head.headers().get("content-length").unwrap(),
        &*MANIFEST.len().to_string()
    );
    let get = client
        .get(format!("http://{relay}/relay?url={target}"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(get.text().await.unwrap(), MANIFEST);
}

/// The test relay, with the loopback storage at `storage` an insecure blob host.
fn with_blob_host(storage: std::net::SocketAddr) -> Config {
    Config {
        insecure_blob_hosts: vec![storage.to_string().parse().expect("entry")],
        ..test_config()
    }
}
