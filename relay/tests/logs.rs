//! The relay's logs during a whole token flow, captured at `trace` with the binary's own
//! subscriber: one structured line per relayed request, and never a token, a password, an
//! `Authorization` value or a query string.

mod log_capture;
mod support;

use axum::http::StatusCode;
use log_capture::Capture;
use regscope_relay::app;
use regscope_relay::logging::{LogFormat, subscriber};
use support::*;

// current_thread (the default): the relay, the fake registry and the upstream client all run
// on this thread, so the thread's default subscriber sees every event.
#[tokio::test]
async fn a_token_flow_logs_one_json_line_per_request_and_no_secret() {
    let capture = Capture::default();
    let writer = capture.clone();
    let _guard = tracing::subscriber::set_default(subscriber(
        LogFormat::Json,
        Some("trace"),
        move || writer.clone(),
        false,
    ));
    let (registry, _) = start_registry().await;
    let app = app(test_config()).expect("app");
    let basic = "Basic YWxpY2U6c2VjcmV0LXBhc3N3b3Jk"; // alice:secret-password
    let challenge = call(&app, relay_get(&format!("http://{registry}/v2/"), &[])).await;
    assert_eq!(challenge.status, StatusCode::UNAUTHORIZED);
    let token = call(
        &app,
        relay_get(
            &format!("http://{registry}/token?service=test-registry&scope=repository:repo:pull&account=alice"),
            &[("authorization", basic)],
        ),
    )
    .await;
    assert_eq!(token.status, StatusCode::OK);
    let manifest = call(
        &app,
        relay_get(
            &format!("http://{registry}/v2/repo/manifests/latest"),
            &[("authorization", &format!("Bearer {TOKEN}"))],
        ),
    )
    .await;
    assert_eq!(manifest.status, StatusCode::OK);
    let refused = call(&app, relay_get("http://169.254.169.254/v2/", &[])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let text = capture.text();
    for secret in [
        TOKEN,
        "YWxpY2U6c2VjcmV0LXBhc3N3b3Jk",
        "secret-password",
        "account=alice",
        "scope=",
    ] {
        assert!(
            !text.contains(secret),
            "the logs contain {secret:?}:\n{text}"
        );
    }
    let relayed: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|line| line["fields"]["message"] == "relay")
        .collect();
    let summary: Vec<(u64, &str, &str)> = relayed
        .iter()
        .map(|line| {
            let fields = &line["fields"];
            (
                fields["status"].as_u64().unwrap_or(0),
                fields["path"].as_str().unwrap_or(""),
                fields["outcome"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (401, "/v2/", "ok"),
            (200, "/token", "ok"),
            (200, "/v2/repo/manifests/latest", "ok"),
            (403, "/v2/", "refused-target"),
        ],
        "{text}"
    );
    assert!(relayed.iter().all(|line| line["fields"]["ms"].is_u64()));
}
