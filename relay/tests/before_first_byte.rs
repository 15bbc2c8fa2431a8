//! Upstreams that send a response head and then fail before the first body byte: the relay
//! waits for that byte before it answers, so the page gets a relay error (and a status that
//! says so) instead of a 200 with a cut-off body.

mod support;

use axum::http::StatusCode;
use regscope_core::contract::{RELAY_HEADER, RelayErrorKind};
use regscope_relay::app;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers every request with `head` and then holds the connection open, silent.
async fn stalling_upstream(head: &'static [u8]) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(head).await;
                tokio::time::sleep(std::time::Duration::from_secs(10)).await;
            });
        }
    });
    addr
}

const HEAD: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";

#[tokio::test]
async fn a_body_that_breaks_before_its_first_byte_is_a_relay_error() {
    let (registry, _) = start_registry().await;
    let app = app(test_config()).expect("app");
    let closed = raw_upstream(HEAD).await;
    let answer = call(
        &app,
        relay_get(&format!("http://{closed}/v2/repo/manifests/x"), &[]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        answer.relay_error(),
        Some(RelayErrorKind::UpstreamUnreachable)
    );
    assert!(answer.header(RELAY_HEADER).is_none());
    assert_ne!(answer.header("content-length"), Some("100"));

    // The relay is still fine afterwards.
    let ping = call(&app, relay_get(&format!("http://{registry}/v2/"), &[])).await;
    assert_eq!(ping.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_body_that_stalls_before_its_first_byte_is_a_timeout() {
    let app = app(test_config()).expect("app");
    let stalled = stalling_upstream(HEAD).await;
    let started = std::time::Instant::now();
    let answer = call(
        &app,
        relay_get(&format!("http://{stalled}/v2/repo/manifests/x"), &[]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(answer.relay_error(), Some(RelayErrorKind::UpstreamTimeout));
    // Within the test relay's total timeout (1.5 s), with room for a slow machine.
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
