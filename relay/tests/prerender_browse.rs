//! Browse links rendered on the server, against the real registry stack: `?registry=` and
//! `?registry=…&repository=…` arrive with the page the browse module renders (the same
//! components), and the exchanges go under the lazy module's id (not the main app's), where
//! they replay the same listing with no request. An image's Tags and Referrers tabs, whose body
//! is the browse module's, arrive with the inspection under the main app's id and the tab's
//! list under the module's, each replaying alone.

mod stack_support;
mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request as HttpRequest, StatusCode};
use regscope::prerender::LAZY_PREFETCH_ID;
use regscope_core::Reference;
use regscope_core::catalog::registry_reference;
use regscope_core::contract::PREFETCH_ID;
use regscope_core::recording::{Recording, Replay};
use regscope_core::{Client, Request, Response, Transport, TransportError};
use regscope_relay::{Config, app};
use regscope_stack::facts::CORS_REGISTRY;
use stack_support::{REGISTRY, relay_config, row, stack};
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
    recording_under(page, LAZY_PREFETCH_ID).expect("the exchanges are under the lazy id")
}

/// The recording under the id `id` in `page`, if there is one.
fn recording_under(page: &str, id: &str) -> Option<Recording> {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = page.find(&open)? + open.len();
    let end = page[start..].find("</script>")? + start;
    Some(Recording::from_json(&page[start..end]).expect("the recording parses"))
}

/// The markup inside the browse module's host in `page`.
fn lazy_host(page: &str) -> &str {
    let start = page
        .find("data-lazy=\"browse\"")
        .expect("the page has the browse module's host");
    &page[start..]
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

#[tokio::test]
async fn an_image_tags_tab_arrives_with_its_repository_tags_for_the_module() {
    let rows = stack().await;
    let (_dir, router) = relay();
    let html = page(
        &router,
        &format!("image={REGISTRY}/many/tags:v1.10.0&tab=tags"),
    )
    .await;
    let host = lazy_host(&html);
    assert!(
        host.contains(&format!("data-reference=\"{REGISTRY}/many/tags:v1.10.0\"")),
        "the host names the image: {host}"
    );
    assert!(host.contains(&format!("Tags of {REGISTRY}/many/tags (121)")));
    assert_eq!(host.matches("data-testid=\"tag\"").count(), 121);
    assert!(
        host.contains("data-testid=\"tag-viewed\""),
        "the tag viewed is marked"
    );
    let marker = host.find("data-testid=\"tag-viewed\"").unwrap_or(0);
    let row_start = host[..marker].rfind("<tr ").unwrap_or(0);
    let viewed_row = &host[row_start..marker];
    assert!(
        viewed_row.contains("data-tag=\"v1.10.0\"") && viewed_row.contains("aria-current=\"true\""),
        "{viewed_row}"
    );
    assert!(
        recording_under(&html, PREFETCH_ID).is_some(),
        "the inspection is for the main app"
    );
    let lazy = recording_of(&html);
    assert!(
        !lazy.entries.iter().any(|e| e.url.contains("/manifests/")),
        "the module's recording holds the list only"
    );
    let client = Client::new(Replay::new(NotRecorded, lazy), || 0);
    let repository: Reference = format!("{REGISTRY}/many/tags").parse().expect("reference");
    let listed = client
        .list_tags(&repository, Some(100), None)
        .await
        .expect("the list replays, token dance included");
    assert_eq!(listed.tags.len(), 121);
    assert!(client.transport().is_spent());
    assert!(
        row(&rows, "many/tags", "v1.10.0")
            .digest
            .starts_with("sha256:")
    );
}

#[tokio::test]
async fn an_image_referrers_tab_arrives_with_its_referrers_for_the_module() {
    let rows = stack().await;
    let amd64 = rows
        .iter()
        .find(|r| {
            r.repository == "library/alpine"
                && r.platform.as_deref() == Some("linux/amd64")
                && r.kind == "oci-manifest"
        })
        .expect("the amd64 image of library/alpine is seeded");
    let signature = rows
        .iter()
        .find(|r| r.tag.as_deref() == Some(&format!("sha256-{}.sig", &amd64.digest[7..])))
        .expect("its cosign signature is seeded");
    let (_dir, router) = relay();
    let html = page(
        &router,
        &format!("image={REGISTRY}/library/alpine:latest&platform=linux/amd64&tab=referrers"),
    )
    .await;
    let host = lazy_host(&html);
    let index = row(&rows, "library/alpine", "latest");
    assert!(
        host.contains(&format!(
            "data-subjects=\"{} {}\"",
            amd64.digest, index.digest
        )),
        "the image manifest, then the index: {host}"
    );
    assert_eq!(
        host.matches("data-testid=\"referrers-card\"").count(),
        2,
        "one card per manifest"
    );
    assert!(host.contains(&signature.digest), "the signature is linked");
    assert!(host.contains("data-testid=\"referrer-kind\">signature<"));
    assert!(host.contains("application/vnd.dev.cosign.artifact.sig.v1+json"));
    let client = Client::new(Replay::new(NotRecorded, recording_of(&html)), || 0);
    let reference: Reference = format!("{REGISTRY}/library/alpine:latest")
        .parse()
        .expect("reference");
    let found = client
        .list_referrers(&reference, &amd64.digest)
        .await
        .expect("the referrers replay");
    assert!(
        found
            .iter()
            .any(|r| r.descriptor.digest() == signature.digest)
    );
    client
        .list_referrers(&reference, &index.digest)
        .await
        .expect("the index's referrers replay");
    assert!(client.transport().is_spent());
}
