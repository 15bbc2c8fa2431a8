//! At `trace` (the HTTP libraries asked for `trace` too), a token flow and a Basic flow through
//! the relay leave no token, password or `Authorization` value in the log. Alone in its test
//! binary: the subscriber is this thread's, and tests running beside it on other threads would
//! register the same callsites with no subscriber, which can leave them disabled for this one.

mod log_capture;
mod stack_support;

use log_capture::Capture;
use regscope_relay::logging::{LogFormat, subscriber};
use regscope_stack::facts::BASIC_REGISTRY;
use stack_support::*;

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
    let (token, manifest) = private_manifest(&relay, row).await;
    assert_eq!(manifest.status, 200, "{}", manifest.text());
    let alice = alice_basic();
    let basic = get(
        &relayed(&relay, &format!("http://{BASIC_REGISTRY}/v2/")),
        &[("authorization", &alice)],
    )
    .await;
    assert_eq!(basic.status, 200, "{}", basic.text());

    let text = capture.text();
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
