//! Operators' endpoints against the real registry stack (`tests/stack/up`): `/metrics` scraped
//! after a token flow, a refusal and a JSON answer counts them; a `Basic` challenge reaches a
//! fetch but never a navigation. (The log at `trace` is checked in `secrets_not_logged.rs`.)

mod stack_support;

use regscope_stack::facts::BASIC_REGISTRY;
use stack_support::*;

/// The value of the sample `name` (with its labels, as written) in an exposition.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_a_token_flow_and_a_refusal() {
    let rows = stack().await;
    let row = row(&rows, "private/app", "1.0");
    let relay = start_relay().await;
    let (_, manifest) = private_manifest(&relay, row).await;
    assert_eq!(manifest.status, 200, "{}", manifest.text());
    let refused = get(&relayed(&relay, "http://169.254.169.254/v2/"), &[]).await;
    assert_eq!(refused.status, 403);
    // A shared link asked for as JSON is counted as such, not as a page rendered bare.
    let json = get(
        &format!("{relay}/?image={REGISTRY}/library/alpine:latest"),
        &[("accept", "application/json")],
    )
    .await;
    assert_eq!(json.status, 200, "{}", json.text());

    let mut text = String::new();
    for _ in 0..50 {
        let scraped = get(&format!("{relay}/metrics"), &[]).await;
        assert_eq!(scraped.status, 200);
        assert!(scraped.header("content-type").starts_with("text/plain"));
        text = scraped.text();
        if sample(&text, "regscope_relay_in_flight") == Some(0.0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let ok = r#"regscope_relay_requests_total{kind="relay",outcome="ok"}"#;
    let refused = r#"regscope_relay_requests_total{kind="relay",outcome="refused-target"}"#;
    assert_eq!(sample(&text, ok), Some(3.0), "{text}");
    assert_eq!(sample(&text, refused), Some(1.0), "{text}");
    assert_eq!(
        sample(&text, "regscope_relay_upstream_seconds_count"),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"regscope_relay_upstream_seconds_bucket{le="+Inf"}"#
        ),
        Some(3.0),
        "{text}"
    );
    let json = r#"regscope_relay_requests_total{kind="json",outcome="ok"}"#;
    assert_eq!(sample(&text, json), Some(1.0), "{text}");
    assert_eq!(
        sample(&text, r#"regscope_relay_renders_total{outcome="bare"}"#).unwrap_or(0.0),
        0.0,
        "{text}"
    );
    let bytes = sample(&text, "regscope_relay_bytes_relayed_total").unwrap_or(0.0);
    assert!(bytes >= manifest.body.len() as f64, "{bytes} bytes: {text}");
    assert_eq!(
        sample(&text, "regscope_relay_in_flight"),
        Some(0.0),
        "{text}"
    );
}

#[tokio::test]
async fn a_basic_challenge_reaches_a_fetch_but_never_a_navigation() {
    stack().await;
    let relay = start_relay().await;
    let ping = relayed(&relay, &format!("http://{BASIC_REGISTRY}/v2/"));
    let fetched = get(
        &ping,
        &[("sec-fetch-dest", "empty"), ("sec-fetch-mode", "cors")],
    )
    .await;
    assert_eq!(fetched.status, 401);
    assert!(
        fetched.header("www-authenticate").starts_with("Basic"),
        "{:?}",
        fetched.headers
    );
    let navigated = get(
        &ping,
        &[("accept", "text/html,application/xhtml+xml,*/*;q=0.8")],
    )
    .await;
    assert_eq!(navigated.status, 401);
    assert_eq!(navigated.header("www-authenticate"), "");
    assert!(
        navigated
            .header("x-regscope-withheld-www-authenticate")
            .starts_with("Basic")
    );
    let document = get(
        &ping,
        &[
            ("sec-fetch-dest", "document"),
            ("sec-fetch-mode", "navigate"),
        ],
    )
    .await;
    assert_eq!(document.status, 400);
    assert_eq!(document.header("www-authenticate"), "");
    let alice = alice_basic();
    let signed_in = get(&ping, &[("authorization", &alice)]).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.text());
}
