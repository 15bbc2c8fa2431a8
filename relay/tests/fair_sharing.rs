//! Fair sharing under attack, on loopback with small timeouts: per-client in-flight caps
//! (with `X-Forwarded-For` only when trusted), a client that stops reading a blob losing its
//! slot after the client-idle timeout, request heads sent byte by byte cut off after the
//! header-read timeout, and a shared-link render stopped once its page went out bare.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use regscope_core::contract::RelayErrorKind;
use regscope_relay::fair_serve::{ConnLimits, serve};
use regscope_relay::{Config, Limits, app};
use support::{call, relay_get, tempdir, test_config, test_limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A blob far larger than loopback socket buffers: 256 MiB in 64 KiB chunks.
async fn huge_blob() -> Body {
    let chunk = bytes::Bytes::from(vec![7u8; 64 * 1024]);
    Body::from_stream(futures_util::stream::iter(
        (0..4096).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
    ))
}

/// A registry whose blobs are huge.
async fn blob_registry() -> SocketAddr {
    support::serve(Router::new().route("/v2/repo/blobs/{digest}", get(huge_blob))).await
}

fn blob_url(registry: SocketAddr) -> String {
    format!("http://{registry}/v2/repo/blobs/sha256:{}", "a".repeat(64))
}

fn from(request: Request<Body>, peer: &str, forwarded: Option<&str>) -> Request<Body> {
    let mut request = request;
    let peer: SocketAddr = peer.parse().expect("address");
    request.extensions_mut().insert(ConnectInfo(peer));
    if let Some(value) = forwarded {
        request
            .headers_mut()
            .insert("x-forwarded-for", value.parse().expect("value"));
    }
    request
}

#[tokio::test]
async fn one_client_cannot_take_every_slot() {
    let registry = blob_registry().await;
    let url = blob_url(registry);
    let router = app(Config {
        limits: Limits {
            max_in_flight_per_client: 2,
            ..test_limits()
        },
        ..test_config()
    })
    .expect("builds");
    let mut held = Vec::new();
    for _ in 0..2 {
        let answer = router
            .clone()
            .oneshot_req(from(relay_get(&url, &[]), "198.51.100.7:1000", None))
            .await;
        assert_eq!(answer.status(), StatusCode::OK);
        // The unread body holds the slot.
        held.push(answer);
    }
    let third = call(
        &router,
        from(relay_get(&url, &[]), "198.51.100.7:1001", None),
    )
    .await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(third.relay_error(), Some(RelayErrorKind::RateLimited));
    assert!(third.text().contains("in flight"), "{}", third.text());
    let other = router
        .clone()
        .oneshot_req(from(relay_get(&url, &[]), "198.51.100.8:1000", None))
        .await;
    assert_eq!(other.status(), StatusCode::OK, "another client is served");
    drop(other);
    held.pop();
    let again = router
        .clone()
        .oneshot_req(from(relay_get(&url, &[]), "198.51.100.7:1002", None))
        .await;
    assert_eq!(
        again.status(),
        StatusCode::OK,
        "a dropped body frees its slot"
    );
}

#[tokio::test]
async fn forwarded_for_names_the_client_only_when_trusted() {
    let registry = blob_registry().await;
    let url = blob_url(registry);
    for trusted in [true, false] {
        let router = app(Config {
            limits: Limits {
                max_in_flight_per_client: 1,
                trust_forwarded: trusted,
                ..test_limits()
            },
            ..test_config()
        })
        .expect("builds");
        let lb = "10.0.0.1:4000";
        let first = router
            .clone()
            .oneshot_req(from(relay_get(&url, &[]), lb, Some("203.0.113.1")))
            .await;
        assert_eq!(first.status(), StatusCode::OK);
        let second = call(&router, from(relay_get(&url, &[]), lb, Some("203.0.113.2"))).await;
        let want = if trusted {
            StatusCode::OK
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(second.status, want, "trusted: {trusted}");
        drop(first);
    }
}

trait OneshotReq {
    async fn oneshot_req(self, request: Request<Body>) -> axum::response::Response;
}

impl OneshotReq for Router {
    async fn oneshot_req(self, request: Request<Body>) -> axum::response::Response {
        tower::ServiceExt::oneshot(self, request)
            .await
            .expect("infallible")
    }
}

/// Serves `config` on loopback with `limits`; returns its address.
async fn start(config: Config, limits: ConnLimits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = app(config).expect("builds");
    tokio::spawn(serve(listener, router, limits, std::future::pending()));
    addr
}

/// Sends a raw GET of `target` through the relay at `relay` and returns the connection and
/// its first bytes.
async fn raw_get(relay: SocketAddr, target: &str) -> (TcpStream, String) {
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    let mut tcp = TcpStream::connect(relay).await.expect("connect");
    let head = format!(
        "GET /relay?url={encoded} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        relay.port()
    );
    tcp.write_all(head.as_bytes()).await.expect("write");
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
        .await
        .expect("an answer in time")
        .expect("read");
    (tcp, String::from_utf8_lossy(&buf[..n]).into_owned())
}

#[tokio::test]
async fn a_client_that_stops_reading_loses_its_slot_after_the_idle_timeout() {
    let registry = blob_registry().await;
    let url = blob_url(registry);
    let idle = Duration::from_millis(1000);
    let relay = start(
        Config {
            limits: Limits {
                max_in_flight: 1,
                client_idle_timeout: idle,
                ..test_limits()
            },
            ..test_config()
        },
        ConnLimits {
            header_read: Duration::from_secs(5),
            idle,
        },
    )
    .await;
    // Reads the head and a few bytes, then never reads again.
    let (stalled, first) = raw_get(relay, &url).await;
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    let stalled_at = Instant::now();
    let (_, refused) = raw_get(relay, &url).await;
    assert!(
        refused.starts_with("HTTP/1.1 503") && refused.contains("overloaded"),
        "the stalled download holds the only slot: {refused}"
    );
    let served_at = loop {
        let (_, answer) = raw_get(relay, &url).await;
        if answer.starts_with("HTTP/1.1 200") {
            break stalled_at.elapsed();
        }
        assert!(
            stalled_at.elapsed() < Duration::from_secs(8),
            "still refused: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        served_at >= Duration::from_millis(900),
        "served after {served_at:?}"
    );
    drop(stalled);
}

#[tokio::test]
async fn a_head_sent_byte_by_byte_is_cut_off() {
    let relay = start(
        test_config(),
        ConnLimits {
            header_read: Duration::from_millis(800),
            idle: Duration::from_secs(5),
        },
    )
    .await;
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Padding: {}\r\n\r\n",
        relay.port(),
        "p".repeat(40)
    );
    // A whole head at once is answered.
    let mut quick = TcpStream::connect(relay).await.expect("connect");
    quick.write_all(head.as_bytes()).await.expect("write");
    let mut buf = [0u8; 256];
    let n = quick.read(&mut buf).await.expect("read");
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));

    let mut slow = TcpStream::connect(relay).await.expect("connect");
    let started = Instant::now();
    let mut sent = 0;
    let mut closed = false;
    for byte in head.as_bytes() {
        if slow.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        sent += 1;
        // A closed connection shows as a read of 0 bytes (or an error).
        match tokio::time::timeout(Duration::from_millis(200), slow.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(n)) => {
                let text = String::from_utf8_lossy(&buf[..n]);
                // hyper may answer 408 before closing.
                assert!(!text.starts_with("HTTP/1.1 200"), "{text}");
            }
            Err(_) => {}
        }
        assert!(started.elapsed() < Duration::from_secs(5), "never cut off");
    }
    assert!(closed, "the connection was cut off");
    assert!(
        sent < head.len(),
        "before the head was complete ({sent} bytes)"
    );
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(700) && took < Duration::from_secs(3),
        "cut off after {took:?}"
    );
}

#[tokio::test]
async fn a_render_past_its_budget_sends_nothing_more_upstream() {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    // Every request is answered 401 with a challenge after 600 ms: the flow would go on to
    // the token endpoint, then back.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let registry = listener.local_addr().expect("addr");
    let challenge = format!(
        r#"Bearer realm="http://{registry}/token",service="s",scope="repository:repo:pull""#
    );
    let slow = Router::new().fallback(move || {
        let counter = counter.clone();
        let challenge = challenge.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(600)).await;
            (
                StatusCode::UNAUTHORIZED,
                [(axum::http::header::WWW_AUTHENTICATE, challenge)],
            )
        }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, slow).await;
    });
    let dir = tempdir::Dir::new();
    dir.write(
        "index.html",
        b"<!DOCTYPE html><html><head><title>t</title></head><body></body></html>",
    );
    let router = app(Config {
        static_dir: Some(dir.path()),
        limits: Limits {
            prerender_budget: Duration::from_millis(300),
            first_byte_timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(5),
            ..test_limits()
        },
        ..test_config()
    })
    .expect("builds");
    let page = call(
        &router,
        Request::get(format!("/?image={registry}/repo:tag"))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("regscope-server-view"), "bare page");
    let at_send = seen.load(Ordering::SeqCst);
    assert!(at_send >= 1, "the render had started");
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert_eq!(
        seen.load(Ordering::SeqCst),
        at_send,
        "no upstream request after the bare page"
    );
}
