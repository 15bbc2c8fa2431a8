//! The relay's own origin guarded: a `Host` that is not one of the relay's names is refused
//! (DNS rebinding) except on the probes, `/relay` answers only fetch/XHR loads and always as
//! sandboxed data, and `/readyz` says whether the relay can serve.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use regscope_core::contract::RelayErrorKind;
use regscope_relay::guard::{RelayName, RelayNames};
use regscope_relay::readiness::Readiness;
use regscope_relay::{Config, app};
use support::tempdir::Dir;
use support::*;

fn with_host(path: &str, host: &str) -> Request<Body> {
    Request::builder()
        .uri(path)
        .header("host", host)
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn other_hosts_are_refused_but_the_probes_stay_open() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).expect("app");
    let target = format!("http://{registry}/v2/");
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    for path in ["/", "/index.html", &format!("/relay?url={encoded}")] {
        let refused = call(&app, with_host(path, "rebound.example:8080")).await;
        assert_eq!(refused.status, StatusCode::MISDIRECTED_REQUEST, "{path}");
        assert_eq!(
            refused.relay_error(),
            Some(RelayErrorKind::RefusedHost),
            "{path}"
        );
        assert_eq!(refused.header("x-content-type-options"), Some("nosniff"));
    }
    for path in ["/healthz", "/readyz", "/metrics"] {
        let open = call(&app, with_host(path, "rebound.example:8080")).await;
        assert_ne!(open.status, StatusCode::MISDIRECTED_REQUEST, "{path}");
    }
    let relayed = call(
        &app,
        with_host(&format!("/relay?url={encoded}"), "localhost:8080"),
    )
    .await;
    assert_eq!(
        relayed.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        relayed.text()
    );
    assert_eq!(relayed.relay_error(), None);
}

#[tokio::test]
async fn named_hosts_replace_the_defaults() {
    let names = ["regscope.example.com", "relay.lan:8443"]
        .iter()
        .map(|n| n.parse::<RelayName>().expect("name"))
        .collect();
    let app = app(Config {
        relay_names: RelayNames::new(names),
        ..test_config()
    })
    .expect("app");
    for host in [
        "regscope.example.com",
        "regscope.example.com:443",
        "relay.lan:8443",
    ] {
        let answer = call(&app, with_host("/healthz", host)).await;
        assert_eq!(answer.status, StatusCode::OK, "{host}");
        let page = call(&app, with_host("/no-such-file.txt", host)).await;
        assert_ne!(page.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
    for host in [
        "localhost:8080",
        "127.0.0.1:8080",
        "relay.lan:8080",
        "relay.lan",
    ] {
        let answer = call(&app, with_host("/no-such-file.txt", host)).await;
        assert_eq!(answer.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
}

#[tokio::test]
async fn only_fetch_loads_of_the_relay_are_answered() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).expect("app");
    let html = format!("http://{registry}/v2/repo/manifests/html");
    for dest in ["script", "style", "image", "iframe", "document", "worker"] {
        let answer = call(&app, relay_get(&html, &[("sec-fetch-dest", dest)])).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{dest}");
        assert_eq!(
            answer.relay_error(),
            Some(RelayErrorKind::BadRequest),
            "{dest}"
        );
        assert!(
            !answer.text().contains("<script>"),
            "{dest}: {}",
            answer.text()
        );
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    }
    let fetched = call(
        &app,
        relay_get(
            &html,
            &[("sec-fetch-dest", "empty"), ("sec-fetch-mode", "cors")],
        ),
    )
    .await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.header("x-content-type-options"), Some("nosniff"));
    let csp = fetched.header("content-security-policy").unwrap_or("");
    assert!(
        csp.contains("sandbox") && csp.contains("default-src 'none'"),
        "{csp}"
    );
}

#[tokio::test]
async fn readyz_says_whether_the_relay_can_serve() {
    let site = Dir::new();
    site.write("index.html", b"<html><head></head><body></body></html>");
    let readiness = Readiness::default();
    let ready = app(Config {
        static_dir: Some(site.path()),
        readiness: readiness.clone(),
        ..test_config()
    })
    .expect("app");
    let answer = call(&ready, with_host("/readyz", "10.1.2.3:8080")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    readiness.drain();
    let draining = call(&ready, with_host("/readyz", "10.1.2.3:8080")).await;
    assert_eq!(draining.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(draining.text().contains("draining"));
    let healthy = call(&ready, with_host("/healthz", "10.1.2.3:8080")).await;
    assert_eq!(healthy.status, StatusCode::OK);

    let empty = Dir::new();
    let missing = app(Config {
        static_dir: Some(empty.path()),
        ..test_config()
    })
    .expect("app");
    let answer = call(&missing, with_host("/readyz", "localhost:1")).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(answer.text().contains("index.html"), "{}", answer.text());
}
