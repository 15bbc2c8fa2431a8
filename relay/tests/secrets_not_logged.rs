//! At `trace` (the HTTP libraries asked for `trace` too), a token flow and a Basic flow through
//! the relay leave no token, password or `Authorization` value in the log. Alone in its test
//! binary: the subscriber is this thread's, and tests running beside it on other threads would
//! register the same callsites with no subscriber, which can leave them disabled for this one.

mod stack_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use regscope_relay::logging::{LogFormat, subscriber};
use regscope_stack::facts::BASIC_REGISTRY;
use stack_support::*;

/// Every manifest type, as the app asks.
const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

/// A writer appending to a shared buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// current_thread (the default): the relay's server, its upstream client and the test's client
// run on this thread, so the thread's default subscriber sees every event of all three.
#[tokio::test]
async fn no_secret_in_the_log_at_trace() {
    let rows = stack().await;
    let row = row(&rows, "private/app", "1.0");
    let capture = Capture::default();
    let writer = capture.clone();
    let _guard = tracing::subscriber::set_default(subscriber(
        LogFormat::Text,
        Some(
            "trace,hyper=trace,hyper_util=trace,h2=trace,reqwest=trace,rustls=trace,tower=trace,tower_http=trace,axum=trace",
        ),
        move || writer.clone(),
        false,
    ));
    let relay = start_relay().await;
    let token = relay_token(
        &relay,
        &format!("http://{REGISTRY}/v2/"),
        &row.repository,
        true,
    )
    .await;
    let manifest = get(
        &relayed(&relay, &row.manifest_url(REGISTRY)),
        &[("authorization", &bearer(&token)), ("accept", ACCEPT)],
    )
    .await;
    assert_eq!(manifest.status, 200, "{}", manifest.text());
    let alice = alice_basic();
    let basic = get(
        &relayed(&relay, &format!("http://{BASIC_REGISTRY}/v2/")),
        &[("authorization", &alice)],
    )
    .await;
    assert_eq!(basic.status, 200, "{}", basic.text());

    let text = String::from_utf8(capture.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(text.contains("relay"), "nothing was captured:\n{text}");
    let encoded = alice.trim_start_matches("Basic ");
    for secret in [
        token.as_str(),
        encoded,
        regscope_stack::facts::PASSWORD,
        "Basic ",
        "Bearer ",
    ] {
        assert!(!text.contains(secret), "the log holds {secret:?}:\n{text}");
    }
    assert!(
        !text.to_ascii_lowercase().contains("authorization:"),
        "{text}"
    );
}
