//! The built binary: it prints its address, answers `/healthz`, writes JSON logs with
//! `--log-format json`, and on SIGTERM stops accepting but lets a running download finish,
//! then exits 0; with `--drain-delay`, `/readyz` answers 503 and new connections are still
//! taken during the delay, then refused while the running download finishes.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use bytes::Bytes;

/// Chunks the slow blob is made of, and the pause before each.
const CHUNKS: usize = 8;
const PAUSE: Duration = Duration::from_millis(150);
const CHUNK: &[u8] = b"0123456789abcdef";

/// A registry stand-in whose one blob trickles out in `chunks` chunks, [`PAUSE`] apart.
async fn slow_registry(chunks: usize) -> std::net::SocketAddr {
    let blob = get(move || async move {
        let stream = futures_util::stream::unfold(0usize, move |n| async move {
            if n == chunks {
                return None;
            }
            tokio::time::sleep(PAUSE).await;
            Some((Ok::<_, std::io::Error>(Bytes::from_static(CHUNK)), n + 1))
        });
        Body::from_stream(stream)
    });
    let router = Router::new().route("/v2/repo/blobs/{digest}", blob);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

/// Starts the binary on a free port; returns it and its base URL (read from its stdout).
fn start_binary(extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regscope-relay"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--insecure-registry",
            "127.0.0.1",
            "--log-format",
            "json",
        ])
        .args(extra)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the relay binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a first line");
    let base = line
        .trim()
        .rsplit(' ')
        .next()
        .expect("an address")
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{line}");
    (child, base)
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_a_running_download_finish_then_exits_zero() {
    let registry = slow_registry(CHUNKS).await;
    let (mut child, base) = start_binary(&[]);
    let client = http();
    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.expect("body"), "ok");

    let target = format!("http://{registry}/v2/repo/blobs/sha256:{}", "a".repeat(64));
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    let download = client.get(format!("{base}/relay?url={encoded}")).send();
    let download = tokio::spawn(download);
    // Let the download start, then ask the relay to stop.
    tokio::time::sleep(3 * PAUSE).await;
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());

    let response = download.await.expect("task").expect("the download answer");
    assert_eq!(response.status(), 200);
    let body = response.bytes().await.expect("the whole body");
    assert_eq!(body.len(), CHUNKS * CHUNK.len(), "the download finished");

    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the relay did not exit after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "{exit:?}");
    assert!(
        client.get(format!("{base}/healthz")).send().await.is_err(),
        "no longer listening"
    );

    let mut logs = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut logs)
        .expect("logs");
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let relayed = lines
        .iter()
        .find(|l| l["fields"]["message"] == "relay")
        .unwrap_or_else(|| panic!("no relay line in {logs}"));
    assert_eq!(relayed["fields"]["outcome"], "ok", "{logs}");
    assert_eq!(relayed["fields"]["bytes"], CHUNKS * CHUNK.len());
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "shutting down"),
        "{logs}"
    );
}

/// Waits for `child` to exit, at most `bound`.
async fn exit_within(child: &mut Child, bound: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            return exit;
        }
        assert!(
            started.elapsed() < bound,
            "the relay did not exit within {bound:?} of the end of its last request"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// True when a new TCP connection to the relay at `base` is refused.
async fn refuses_connections(base: &str) -> bool {
    let address = base.trim_start_matches("http://");
    tokio::net::TcpStream::connect(address).await.is_err()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_with_a_drain_delay_says_not_ready_then_refuses_new_connections() {
    const DELAY: Duration = Duration::from_millis(1500);
    // The download outlives the drain delay by about 1.5 s (20 chunks, 150 ms apart).
    let chunks = 20;
    let registry = slow_registry(chunks).await;
    // The app's files, so that /readyz says ready before the signal.
    let site = std::env::temp_dir().join(format!("regscope-drain-{}", std::process::id()));
    std::fs::create_dir_all(&site).expect("a site dir");
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>regscope</title>",
    )
    .expect("index.html");
    let site_arg = site.to_str().expect("a UTF-8 path").to_owned();
    let (mut child, base) = start_binary(&["--drain-delay", "1.5", "--static-dir", &site_arg]);
    // A fresh connection per request: a kept-alive one would say nothing of the listener.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let ready = client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), 200, "ready before the signal");
    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);

    let target = format!("http://{registry}/v2/repo/blobs/sha256:{}", "b".repeat(64));
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    let download = tokio::spawn(client.get(format!("{base}/relay?url={encoded}")).send());
    tokio::time::sleep(2 * PAUSE).await;
    let signalled = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());

    // During the delay: still listening, /healthz alive, /readyz 503 with the draining word.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz while draining");
    assert_eq!(health.status(), 200);
    let ready = client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .expect("readyz while draining");
    assert_eq!(ready.status(), 503);
    let said = ready.text().await.expect("body");
    assert!(said.contains("draining"), "{said}");
    assert!(signalled.elapsed() < DELAY, "checked inside the delay");

    // After the delay, while the download still runs: new connections are refused.
    tokio::time::sleep(DELAY.saturating_sub(signalled.elapsed()) + Duration::from_millis(300))
        .await;
    assert!(
        child.try_wait().expect("wait").is_none(),
        "still running: the download is not done"
    );
    assert!(
        refuses_connections(&base).await,
        "the listener is closed after the delay"
    );

    let response = download.await.expect("task").expect("the download answer");
    assert_eq!(response.status(), 200);
    let body = response.bytes().await.expect("the whole body");
    assert_eq!(body.len(), chunks * CHUNK.len(), "the download finished");
    let exit = exit_within(&mut child, Duration::from_secs(5)).await;
    assert!(exit.success(), "{exit:?}");
    assert!(refuses_connections(&base).await);
    let _ = std::fs::remove_dir_all(&site);
}
