//! Realm tickets across relay replicas: the challenge relayed by one relay, the token request
//! sent to another. Replicas sharing a key accept each other's tickets; a relay with another
//! key, an altered or expired ticket, and a ticket shown for another realm are refused with a
//! relay error that says why.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use regscope_core::contract::{REALM_TICKET_HEADER, RealmTickets, RelayErrorKind};
use regscope_relay::ticket::{RealmKeyConfig, RealmKeys};
use regscope_relay::{Config, app};
use support::*;

const KEY: &str = "fleet-key-0123456789abcdef";
const OTHER_KEY: &str = "other-key-0123456789abcdef";

fn replica(keys: &[&str]) -> Router {
    app(Config {
        realm_keys: RealmKeyConfig {
            inline: keys.iter().map(|k| k.to_string()).collect(),
            file: None,
        },
        ..test_config()
    })
    .unwrap()
}

fn token_url(registry: SocketAddr) -> String {
    format!("http://{registry}/token?service=test-registry&scope=repository:repo:pull")
}

/// The ticket the relay handed out with the registry's 401, as the page keeps it.
async fn challenge_ticket(relay: &Router, registry: SocketAddr) -> String {
    let challenge = call(relay, relay_get(&format!("http://{registry}/v2/"), &[])).await;
    assert_eq!(challenge.status, StatusCode::UNAUTHORIZED);
    let value = challenge
        .header(REALM_TICKET_HEADER)
        .expect("a ticket with the 401");
    let mut jar = RealmTickets::default();
    jar.learn(value);
    jar.for_url(&token_url(registry))
        .expect("a ticket for the realm the challenge named")
        .to_string()
}

async fn token_with(relay: &Router, url: &str, ticket: &str) -> support::Answer {
    call(relay, relay_get(url, &[(REALM_TICKET_HEADER, ticket)])).await
}

fn assert_refused(answer: &support::Answer, why: &str) {
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
    assert_eq!(answer.relay_error(), Some(RelayErrorKind::RefusedPath));
    assert!(answer.text().contains(why), "{}", answer.text());
}

#[tokio::test]
async fn a_replica_sharing_the_key_accepts_the_token_request() {
    let (registry, _) = start_registry().await;
    let (a, b) = (replica(&[KEY]), replica(&[KEY]));
    let ticket = challenge_ticket(&a, registry).await;

    // Without the ticket, the other replica never saw the challenge: refused.
    let bare = call(&b, relay_get(&token_url(registry), &[])).await;
    assert_eq!(bare.relay_error(), Some(RelayErrorKind::RefusedPath));

    let answer = token_with(&b, &token_url(registry), &ticket).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert!(answer.text().contains("token"));

    // During a rotation, a replica with the new key first still verifies the old one.
    let rotated = replica(&[OTHER_KEY, KEY]);
    let answer = token_with(&rotated, &token_url(registry), &ticket).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

#[tokio::test]
async fn a_replica_with_another_key_refuses_clearly() {
    let (registry, _) = start_registry().await;
    let ticket = challenge_ticket(&replica(&[KEY]), registry).await;
    let stranger = replica(&[OTHER_KEY]);
    let answer = token_with(&stranger, &token_url(registry), &ticket).await;
    assert_refused(&answer, "--realm-key-file");
    // Replicas without any key each draw their own: the same refusal.
    let ticket = challenge_ticket(&replica(&[]), registry).await;
    let answer = token_with(&replica(&[]), &token_url(registry), &ticket).await;
    assert_refused(&answer, "do not share");
}

#[tokio::test]
async fn altered_and_expired_tickets_are_refused() {
    let (registry, _) = start_registry().await;
    let (a, b) = (replica(&[KEY]), replica(&[KEY]));
    let ticket = challenge_ticket(&a, registry).await;

    let mut parts: Vec<String> = ticket.split('.').map(str::to_string).collect();
    parts[1] = (parts[1].parse::<u64>().unwrap() + 86_400).to_string();
    let later = parts.join(".");
    assert_refused(
        &token_with(&b, &token_url(registry), &later).await,
        "altered",
    );
    // One character of the signature changed: its first, whose six bits all count (the last
    // character of unpadded base64 carries unused bits, so changing it may only make the
    // encoding non-canonical: malformed, not altered).
    let signature_at = ticket.rfind('.').unwrap() + 1;
    let mut flipped = ticket.clone();
    let first = flipped.remove(signature_at);
    flipped.insert(signature_at, if first == 'A' { 'B' } else { 'A' });
    assert_refused(
        &token_with(&b, &token_url(registry), &flipped).await,
        "altered",
    );
    assert_refused(
        &token_with(&b, &token_url(registry), "garbage").await,
        "malformed",
    );

    let origin = format!("http://{registry}");
    let expired = RealmKeys::new(&[KEY])
        .with_ttl(Duration::ZERO)
        .issue(&origin, &format!("http://{registry}/token"))
        .unwrap();
    assert_refused(
        &token_with(&b, &token_url(registry), &expired).await,
        "expired",
    );
    // A presented ticket must be valid even on the replica that saw the challenge.
    assert_refused(
        &token_with(&a, &token_url(registry), &expired).await,
        "expired",
    );
}

#[tokio::test]
async fn a_ticket_opens_its_own_realm_only() {
    let (first, _) = start_registry().await;
    let (second, _) = start_registry().await;
    let (a, b) = (replica(&[KEY]), replica(&[KEY]));
    let ticket = challenge_ticket(&a, first).await;
    // Another registry's realm, and another path on the realm's own host.
    assert_refused(
        &token_with(&b, &token_url(second), &ticket).await,
        "names another realm",
    );
    let elsewhere = format!("http://{first}/token2?service=test-registry");
    assert_refused(
        &token_with(&b, &elsewhere, &ticket).await,
        "names another realm",
    );
    // The ticket of the second registry opens the second realm.
    let second_ticket = challenge_ticket(&a, second).await;
    let answer = token_with(&b, &token_url(second), &second_ticket).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

#[tokio::test]
async fn a_bad_key_file_stops_the_start() {
    let missing = app(Config {
        realm_keys: RealmKeyConfig {
            inline: Vec::new(),
            file: Some("/nonexistent/regscope-realm-keys".into()),
        },
        ..test_config()
    });
    assert!(missing.is_err());
    let short = app(Config {
        realm_keys: RealmKeyConfig {
            inline: vec!["short".into()],
            file: None,
        },
        ..test_config()
    });
    assert!(short.err().unwrap().to_string().contains("shorter"));
}

/// A registry whose challenge names the realm at `realm_path` of its own origin, and whose
/// every other path answers a token naming the path it was asked at.
async fn registry_naming(realm_path: &'static str) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let me = listener.local_addr().expect("addr");
    let router = Router::new().fallback(move |uri: axum::http::Uri| async move {
        if uri.path() == "/v2/" {
            let challenge = format!(r#"Bearer realm="http://{me}{realm_path}",service="odd""#);
            return (
                StatusCode::UNAUTHORIZED,
                [(axum::http::header::WWW_AUTHENTICATE, challenge)],
                "",
            )
                .into_response();
        }
        format!(r#"{{"token":"t","path":"{}"}}"#, uri.path()).into_response()
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    me
}

#[tokio::test]
async fn realms_holding_a_comma_or_whitespace_get_a_ticket_too() {
    for (realm_path, asked_at) in [
        ("/auth,v2/token", "/auth,v2/token"),
        ("/auth token", "/auth%20token"),
        ("/a, b/token", "/a,%20b/token"),
    ] {
        let registry = registry_naming(realm_path).await;
        let (a, b) = (replica(&[KEY]), replica(&[KEY]));
        let challenge = call(&a, relay_get(&format!("http://{registry}/v2/"), &[])).await;
        assert_eq!(challenge.status, StatusCode::UNAUTHORIZED);
        let value = challenge
            .header(REALM_TICKET_HEADER)
            .unwrap_or_else(|| panic!("no ticket for the realm {realm_path:?}"));
        let mut jar = RealmTickets::default();
        jar.learn(value);
        // The page asks for the realm as the challenge wrote it.
        let url = format!("http://{registry}{realm_path}?service=odd");
        let ticket = jar
            .for_url(&url)
            .unwrap_or_else(|| panic!("{value:?} holds no ticket for {url}"));
        let answer = token_with(&b, &url, ticket).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        assert!(
            answer.text().contains(&format!(r#""path":"{asked_at}""#)),
            "{}",
            answer.text()
        );
    }
}
