//! Shared links rendered on the server, against the real registry stack: the page holds the
//! view (the app's own markup) and the exchanges the relay made, which replay the same flow
//! with no request; the flow obeys the relay's policy; a slow registry costs the page only the
//! budget; pages without an image, and HEAD, are the plain app; a link to registry.k8s.io
//! renders through the redirect every one of its requests takes (the zoo, by real names).

mod stack_support;
mod support;
// Only its host mappings are used here (its re-exports serve the redirect tests).
#[allow(unused_imports)]
mod zoo_support;

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request as HttpRequest, StatusCode};
use regscope_core::contract::{PREFETCH_ID, RelayErrorKind, SERVER_VIEW_ID};
use regscope_core::recording::{Recording, Replay};
use regscope_core::{Client, Request, Response, Transport, TransportError};
use regscope_relay::{Config, Limits, app};
use stack_support::{REGISTRY, relay_config, row, stack};
use support::{call, start_registry, tempdir};

const INDEX: &str = "<!DOCTYPE html><html><head><title>regscope</title>\
<script type=\"module\">import init from '/regscope-0123456789abcdef.js'; await init();</script>\
</head><body></body></html>";

/// The app's page as the relay serves it without a view: [`INDEX`] with the relay's
/// plain-http registries (the stack's loopback) named in its head.
fn plain_app() -> String {
    INDEX.replace(
        "</head>",
        "<meta name=\"regscope-insecure\" content=\"127.0.0.1\"></head>",
    )
}

/// A relay serving a minimal app folder, with `config` otherwise.
fn relay(config: Config) -> (tempdir::Dir, Router) {
    let dir = tempdir::Dir::new();
    dir.write("index.html", INDEX.as_bytes());
    let router = app(Config {
        static_dir: Some(dir.path()),
        ..config
    })
    .expect("the relay builds");
    (dir, router)
}

fn get(path: &str) -> HttpRequest<Body> {
    HttpRequest::get(path).body(Body::empty()).expect("request")
}

/// The text between `open` and the next `close` in `page`.
fn between<'a>(page: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = page.find(open)? + open.len();
    let end = page[start..].find(close)? + start;
    Some(&page[start..end])
}

/// The rendered view of `page`.
fn view_of(page: &str) -> Option<&str> {
    between(page, &format!("<div id=\"{SERVER_VIEW_ID}\">"), "<script")
}

fn recording_of(page: &str) -> Recording {
    let open = format!("<script type=\"application/json\" id=\"{PREFETCH_ID}\">");
    let json = between(page, &open, "</script>").expect("the page carries the recorded exchanges");
    Recording::from_json(json).expect("the recording parses")
}

/// What stands behind the replay: nothing. A request the recording does not hold is an error,
/// so a flow that completes ran from the recording alone.
struct NotRecorded;

impl Transport for NotRecorded {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        Err(TransportError::Network(format!(
            "not recorded: {}",
            request.url
        )))
    }
}

/// The core's replay decorator (as the app uses it) over [`NotRecorded`].
fn replay_only(recording: Recording) -> Replay<NotRecorded> {
    Replay::new(NotRecorded, recording)
}

#[tokio::test]
async fn a_shared_link_arrives_rendered_with_exchanges_that_replay_the_flow() {
    let rows = stack().await;
    let alpine = row(&rows, "library/alpine", "latest");
    let (_dir, router) = relay(relay_config());
    let answer = call(
        &router,
        get(&format!("/?image={REGISTRY}/library/alpine:latest")),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(
        answer.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        answer
            .header("content-security-policy")
            .is_some_and(|csp| csp.contains("'sha256-")),
        "the loader's hash is in the policy"
    );
    let page = answer.text();
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</body></html>"));
    let view = view_of(&page).expect("the view is in the body");
    assert!(view.contains(&alpine.digest), "the digest is shown");
    assert!(view.contains("data-testid=\"platform-row\""), "platforms");
    assert!(view.contains(&format!(
        "<span data-testid=\"reference\">{REGISTRY}/library/alpine:latest</span>"
    )));

    let recording = recording_of(&page);
    assert_eq!(
        recording.entries.len(),
        5,
        "401, token, index, image manifest, config"
    );
    let client = Client::new(replay_only(recording), || 0);
    let reference = format!("{REGISTRY}/library/alpine:latest")
        .parse()
        .expect("reference");
    let inspection = client
        .inspect(&reference, None)
        .await
        .expect("the same flow runs from the recording alone");
    assert_eq!(inspection.top.digest, alpine.digest);
    assert!(client.transport().is_spent(), "every entry replayed");
}

#[tokio::test]
async fn a_shared_link_to_registry_k8s_io_renders_through_its_redirects() {
    let rows = stack().await;
    let list = row(&rows, "docker/list", "latest");
    let (_dir, router) = relay(Config {
        host_mappings: zoo_support::zoo_mappings(&[]),
        ..relay_config()
    });
    let image = "registry.k8s.io/pause:latest";
    let page = call(&router, get(&format!("/?image={image}&tab=trace")))
        .await
        .text();
    let view = view_of(&page).expect("the view is in the body");
    assert!(view.contains(&list.digest), "the digest is shown");
    assert!(!view.contains("data-testid=\"error\""), "no error: {view}");
    assert!(!page.contains("answered 307"));
    assert!(view.contains(
        "https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/latest"
    ));
    // Each manifest and the config: the relay's 307 hop and the answer it led to.
    let recording = recording_of(&page);
    assert_eq!(recording.entries.len(), 3);
    let client = Client::new(replay_only(recording), || 0);
    let inspection = client
        .inspect(&image.parse().expect("reference"), None)
        .await
        .expect("the same flow runs from the recording alone");
    assert_eq!(inspection.top.digest, list.digest);
    let statuses: Vec<Option<u16>> = client.take_trace().iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [
            Some(307),
            Some(200),
            Some(307),
            Some(200),
            Some(307),
            Some(200)
        ]
    );
}

#[tokio::test]
async fn every_seeded_kind_and_every_tab_render_on_the_server() {
    let rows = stack().await;
    let (_dir, router) = relay(relay_config());
    let mut kinds = std::collections::BTreeSet::new();
    for row in rows
        .iter()
        .filter(|r| r.tag.is_some() && kinds.insert(r.kind.clone()))
    {
        for tab in [
            "",
            "&tab=config",
            "&tab=json",
            "&tab=tags",
            "&tab=referrers",
            "&tab=trace",
        ] {
            let path = format!("/?image={}{tab}", row.reference);
            let page = call(&router, get(&path)).await.text();
            let view = view_of(&page).unwrap_or_else(|| panic!("{path}: no server view"));
            if row.is_private() {
                assert!(view.contains("data-testid=\"error\""), "{path}");
            } else {
                assert!(view.contains(&row.digest), "{path}: digest not shown");
            }
        }
    }
    assert!(kinds.len() >= 6, "kinds rendered: {kinds:?}");
}

#[tokio::test]
async fn the_view_names_the_tab_and_platform_of_the_link() {
    stack().await;
    let (_dir, router) = relay(relay_config());
    let page = call(
        &router,
        get(&format!(
            "/?image={REGISTRY}/library/alpine:latest&platform=linux/arm64/v8&tab=config"
        )),
    )
    .await
    .text();
    assert!(
        page.contains("data-testid=\"tab-body-config\""),
        "config tab"
    );
    assert!(page.contains("linux/arm64/v8"), "the platform chosen");
    assert!(
        page.contains("data-testid=\"history-step\""),
        "the build history"
    );
}

#[tokio::test]
async fn a_private_image_renders_the_explained_refusal() {
    stack().await;
    let (_dir, router) = relay(relay_config());
    let page = call(&router, get(&format!("/?image={REGISTRY}/private/app:1.0")))
        .await
        .text();
    let view = view_of(&page).expect("view");
    assert!(view.contains("data-testid=\"error\""), "an error card");
    assert!(
        view.contains("data-testid=\"credentials\""),
        "credentials offered"
    );
    // Nothing of what the page would do with credentials is answered by the recording.
    let recording = recording_of(&page);
    assert!(recording.entries.iter().all(|e| {
        e.request_headers
            .iter()
            .all(|(n, v)| n != "Authorization" || v.starts_with("Bearer "))
    }));
}

#[tokio::test]
async fn the_flow_obeys_the_relay_policy() {
    let (_dir, router) = relay(Config {
        insecure_registries: Vec::new(),
        ..relay_config()
    });
    let page = call(&router, get("/?image=10.1.2.3:5000/team/app:1"))
        .await
        .text();
    let view = view_of(&page).expect("view");
    assert!(view.contains("data-testid=\"error\""));
    assert!(
        view.contains(RelayErrorKind::RefusedTarget.as_str()),
        "{view}"
    );
    assert!(recording_of(&page).is_empty(), "nothing was fetched");
}

#[tokio::test]
async fn a_slow_registry_costs_the_page_only_the_budget() {
    let (registry, _storage) = start_registry().await;
    let (_dir, router) = relay(Config {
        insecure_registries: vec!["127.0.0.1".parse().expect("entry")],
        limits: Limits {
            prerender_budget: Duration::from_millis(300),
            ..Limits::default()
        },
        ..Config::default()
    });
    let started = Instant::now();
    let answer = call(&router, get(&format!("/?image={registry}/repo:slow"))).await;
    let waited = started.elapsed();
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.text(),
        plain_app(),
        "the plain app, which runs the flow itself"
    );
    assert!(
        waited < Duration::from_secs(3),
        "the 5 s registry held the page {waited:?}"
    );
}

#[tokio::test]
async fn pages_without_an_image_and_head_requests_are_the_plain_app() {
    let (_dir, router) = relay(relay_config());
    for path in ["/", "/?tab=config", "/?image=%20"] {
        let answer = call(&router, get(path)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.text(), plain_app(), "{path}");
        assert_eq!(answer.header("cache-control"), Some("no-cache"), "{path}");
    }
    let head = HttpRequest::head(format!("/?image={REGISTRY}/library/alpine:latest"))
        .body(Body::empty())
        .expect("request");
    let answer = call(&router, head).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), "");
    let off = relay(Config {
        prerender: false,
        ..relay_config()
    });
    let answer = call(
        &off.1,
        get(&format!("/?image={REGISTRY}/library/alpine:latest")),
    )
    .await;
    assert_eq!(answer.text(), plain_app(), "--no-prerender");
}
