//! Realm tickets in server-rendered pages, against the real registry stack: the exchanges a
//! relay records while it renders a shared link carry, with each relayed 401, the realm ticket
//! the relay would have handed the browser, so that the app's later token request (a tab or a
//! platform opened afterwards) is accepted by another replica sharing the key, which never
//! saw the challenge; a replica with another key refuses it.

mod stack_support;
mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request as HttpRequest, StatusCode};
use regscope_core::contract::{PREFETCH_ID, REALM_TICKET_HEADER, RealmTickets, RelayErrorKind};
use regscope_core::recording::Recording;
use regscope_relay::ticket::RealmKeyConfig;
use regscope_relay::{Config, app};
use stack_support::{REGISTRY, SERVICE, realm, relay_config, stack};
use support::{call, relay_get, tempdir};

const KEY: &str = "render-fleet-key-0123456789";
const OTHER_KEY: &str = "another-fleet-key-0123456789";
const INDEX: &str = "<!DOCTYPE html><html><head><title>regscope</title></head><body></body></html>";

/// A replica with its own memory, signing with `key`, rendering shared links.
fn replica(key: &str) -> (tempdir::Dir, Router) {
    let dir = tempdir::Dir::new();
    dir.write("index.html", INDEX.as_bytes());
    let router = app(Config {
        static_dir: Some(dir.path()),
        realm_keys: RealmKeyConfig {
            inline: vec![key.to_owned()],
            file: None,
        },
        ..relay_config()
    })
    .expect("the relay builds");
    (dir, router)
}

/// The exchanges recorded in the page `router` renders for `image`.
async fn rendered_recording(router: &Router, image: &str) -> Recording {
    let request = HttpRequest::get(format!("/?image={image}"))
        .body(Body::empty())
        .expect("request");
    let page = call(router, request).await.text();
    let open = format!("<script type=\"application/json\" id=\"{PREFETCH_ID}\">");
    let start = page.find(&open).expect("the page carries its exchanges") + open.len();
    let end = page[start..].find("</script>").expect("closed") + start;
    Recording::from_json(&page[start..end]).expect("the recording parses")
}

/// The tickets the app learns from a recording, as it learns them from live answers.
fn tickets_of(recording: &Recording) -> RealmTickets {
    let mut jar = RealmTickets::default();
    jar.learn_recorded(recording);
    jar
}

#[tokio::test]
async fn a_rendered_pages_tickets_open_the_realm_on_another_replica() {
    stack().await;
    let (_a_files, a) = replica(KEY);
    let (_b_files, b) = replica(KEY);
    let (_c_files, c) = replica(OTHER_KEY);
    let recording = rendered_recording(&a, &format!("{REGISTRY}/library/alpine:latest")).await;
    let challenged = recording.entries.iter().filter(|e| e.status == 401).count();
    assert!(challenged > 0, "the render met the registry's challenge");
    let jar = tickets_of(&recording);

    // A token for another scope than the render's, as the Tags tab or another repository asks.
    let token_url = format!(
        "{}?service={SERVICE}&scope=repository:library/busybox:pull",
        realm()
    );
    let ticket = jar
        .for_url(&token_url)
        .expect("a ticket for the realm, recorded with the 401");

    let bare = call(&b, relay_get(&token_url, &[])).await;
    assert_eq!(bare.status, StatusCode::FORBIDDEN, "{}", bare.text());
    assert_eq!(bare.relay_error(), Some(RelayErrorKind::RefusedPath));

    let with_ticket = call(&b, relay_get(&token_url, &[(REALM_TICKET_HEADER, ticket)])).await;
    assert_eq!(with_ticket.status, StatusCode::OK, "{}", with_ticket.text());
    assert!(with_ticket.text().contains("token"));

    let stranger = call(&c, relay_get(&token_url, &[(REALM_TICKET_HEADER, ticket)])).await;
    assert_eq!(
        stranger.status,
        StatusCode::FORBIDDEN,
        "{}",
        stranger.text()
    );
    assert_eq!(stranger.relay_error(), Some(RelayErrorKind::RefusedPath));
    assert!(
        stranger.text().contains("--realm-key-file"),
        "{}",
        stranger.text()
    );
}
