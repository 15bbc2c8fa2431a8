//! Browse links rendered on the server, against the real registry stack: `?registry=` and
//! `?registry=…&repository=…` arrive with the page the browse module renders (the same
//! components), and the exchanges go under the lazy module's id (not the main app's), where
//! they replay the same listing with no request.

mod stack_support;
mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request as HttpRequest, StatusCode};
use regscope::prerender::LAZY_PREFETCH_ID;
use regscope_core::catalog::registry_reference;
use regscope_core::contract::PREFETCH_ID;
use regscope_core::recording::{Recording, Replay};
use regscope_core::{Client, Request, Response, Transport, TransportError};
use regscope_relay::{Config, app};
use regscope_stack::facts::CORS_REGISTRY;
use stack_support::{REGISTRY, relay_config, stack};
use support::{call, tempdir};

const INDEX: &str = "<!DOCTYPE html><html><head><title>regscope</title></head><body></body></html>";

fn relay() -> (tempdir::Dir, Router) {
    let dir = tempdir::Dir::new();
    dir.write("index.html", INDEX.as_bytes());
    let router = app(Config {
        static_dir: Some(dir.path()),
        ..relay_config()
    })
    .expect("the relay builds");
    (dir, router)
}

async fn page(router: &Router, query: &str) -> String {
    let request = HttpRequest::get(format!("/?{query}"))
        .body(Body::empty())
        .expect("request");
    let answer = call(router, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.text()
}

fn recording_of(page: &str) -> Recording {
    let open = format!("<script type=\"application/json\" id=\"{LAZY_PREFETCH_ID}\">");
    let start = page
        .find(&open)
        .expect("the exchanges are under the lazy id")
        + open.len();
    let end = page[start..].find("</script>").expect("closed") + start;
    Recording::from_json(&page[start..end]).expect("the recording parses")
}

/// A request the recording does not hold is an error.
struct NotRecorded;

impl Transport for NotRecorded {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        Err(TransportError::Network(format!(
            "not recorded: {}",
            request.url
        )))
    }
}

#[tokio::test]
async fn a_registry_link_arrives_with_its_first_catalog_page_and_replays_it() {
    stack().await;
    let (_dir, router) = relay();
    let html = page(&router, &format!("registry={CORS_REGISTRY}&n=3")).await;
    assert!(
        html.contains(&format!(
            "data-testid=\"catalog-heading\">Repositories of {CORS_REGISTRY} (3+)"
        )),
        "{html}"
    );
    assert_eq!(html.matches("data-testid=\"repository\"").count(), 3);
    assert!(
        html.contains("data-lazy=\"browse\""),
        "inside the lazy host"
    );
    assert!(
        !html.contains(&format!("id=\"{PREFETCH_ID}\"")),
        "not for the main app"
    );
    let client = Client::new(Replay::new(NotRecorded, recording_of(&html)), || 0);
    let registry = registry_reference(CORS_REGISTRY).expect("a registry");
    let first = client
        .list_catalog(&registry, Some(3), None)
        .await
        .expect("the first page replays");
    assert_eq!(first.repositories.len(), 3);
    assert!(first.next.is_some());
    assert!(client.transport().is_spent());
}

#[tokio::test]
async fn a_repository_link_lists_its_tags_and_a_refused_catalog_offers_credentials() {
    stack().await;
    let (_dir, router) = relay();
    let html = page(
        &router,
        &format!("registry={CORS_REGISTRY}&repository=library/alpine"),
    )
    .await;
    assert!(html.contains(&format!("Tags of {CORS_REGISTRY}/library/alpine")));
    for tag in ["3.20", "edge", "latest"] {
        assert!(html.contains(&format!("data-tag=\"{tag}\"")), "{tag}");
    }
    let refused = page(&router, &format!("registry={REGISTRY}")).await;
    assert!(refused.contains("data-testid=\"error\""), "{refused}");
    assert!(
        refused.contains("credentials"),
        "the credentials form is offered"
    );
    let invalid = page(&router, "registry=not%20a%20host").await;
    assert!(invalid.contains("data-testid=\"not-a-registry\""));
}
