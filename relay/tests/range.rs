//! Range requests through the relay against the stack's real registry (CNCF distribution
//! honours `Range` on blobs): the exact bytes asked for with `206` and the registry's
//! `Content-Range`, open-ended and suffix ranges, the registry's `416` for a range past the
//! end (without its body), and the range headers exposed to an allowed cross-origin page.
//! Without the stack these tests fail with the command that starts it.

mod stack_support;

use regscope_relay::Config;
use regscope_stack::facts::CORS_REGISTRY;
use stack_support::*;

/// An allowed cross-origin page for the CORS check.
const PAGE: &str = "http://app.example:8081";

/// The relay, the blob URL of the first layer of a seeded image, a Bearer header for the relay
/// and the layer's whole bytes read straight from the registry.
async fn layer() -> (String, String, String, Vec<u8>) {
    let rows = stack().await;
    let relay = start_relay_with(Config {
        allowed_origins: vec![PAGE.to_owned()],
        ..relay_config()
    })
    .await;
    let image = row(&rows, "oci/single", "1.0");
    let direct_auth = bearer(&direct_token(&image.repository).await);
    let manifest = get(
        &image.manifest_url(REGISTRY),
        &[
            ("accept", image.media_type.as_str()),
            ("authorization", &direct_auth),
        ],
    )
    .await;
    assert_eq!(manifest.status, 200, "{}", manifest.text());
    let json: serde_json::Value = serde_json::from_slice(&manifest.body).expect("a manifest");
    let digest = json["layers"][0]["digest"].as_str().expect("a layer");
    let blob = format!("http://{REGISTRY}/v2/{}/blobs/{digest}", image.repository);
    let whole = get(&blob, &[("authorization", &direct_auth)]).await;
    assert_eq!(whole.status, 200);
    assert!(whole.body.len() > 120, "a layer long enough to slice");
    let target = image.manifest_url(REGISTRY);
    let auth = bearer(&relay_token(&relay, &target, &image.repository, false).await);
    (relay, blob, auth, whole.body)
}

#[tokio::test]
async fn a_range_of_a_blob_comes_back_exactly_with_206() {
    let (relay, blob, auth, whole) = layer().await;
    let len = whole.len();
    let cases = [
        ("bytes=10-59".to_owned(), 10, 59),
        (format!("bytes={}-", len - 40), len - 40, len - 1),
        ("bytes=-51".to_owned(), len - 51, len - 1),
    ];
    for (range, first, last) in cases {
        let answer = get(
            &relayed(&relay, &blob),
            &[("authorization", &auth), ("range", &range)],
        )
        .await;
        assert_eq!(answer.status, 206, "{range}: {}", answer.text());
        assert_eq!(answer.body, whole[first..=last], "{range}");
        assert_eq!(
            answer.header("content-range"),
            format!("bytes {first}-{last}/{len}"),
            "{range}"
        );
        assert_eq!(
            answer.header("content-length"),
            (last - first + 1).to_string(),
            "{range}"
        );
        assert_eq!(answer.header("accept-ranges"), "bytes", "{range}");
    }
}

#[tokio::test]
async fn a_range_past_the_end_gets_the_registrys_416() {
    let (relay, blob, auth, whole) = layer().await;
    let range = format!("bytes={}-", whole.len() + 10);
    // Straight from the registry: 416, `Content-Range: bytes */LEN`, and a body shorter than
    // the length it declares (so only the head is read here).
    let repository = blob
        .split("/v2/")
        .nth(1)
        .and_then(|p| p.split("/blobs/").next())
        .expect("repository");
    let direct = http()
        .get(&blob)
        .header("authorization", bearer(&direct_token(repository).await))
        .header("range", &range)
        .send()
        .await
        .expect("the registry answers");
    assert_eq!(
        direct.status().as_u16(),
        416,
        "the registry refuses the range"
    );
    let unsatisfied = format!("bytes */{}", whole.len());
    assert_eq!(direct.headers()["content-range"], unsatisfied.as_str());
    let answer = get(
        &relayed(&relay, &blob),
        &[("authorization", &auth), ("range", &range)],
    )
    .await;
    assert_eq!(answer.status, 416, "{}", answer.text());
    assert_eq!(
        answer.header(regscope_core::contract::RELAY_ERROR_HEADER),
        ""
    );
    assert_eq!(answer.header("content-range"), unsatisfied);
    assert!(answer.body.is_empty());
}

#[tokio::test]
async fn an_allowed_page_may_read_the_range_headers_and_send_if_range() {
    let (relay, blob, auth, whole) = layer().await;
    let answer = get(
        &relayed(&relay, &blob),
        &[
            ("authorization", &auth),
            ("range", "bytes=0-9"),
            ("origin", PAGE),
        ],
    )
    .await;
    assert_eq!(answer.status, 206);
    assert_eq!(answer.body, whole[..10]);
    assert_eq!(answer.header("access-control-allow-origin"), PAGE);
    let exposed: Vec<String> = answer
        .header("access-control-expose-headers")
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for name in ["content-range", "accept-ranges", "content-length"] {
        assert!(exposed.iter().any(|e| e == name), "{name} in {exposed:?}");
    }
    let preflight = send(
        reqwest::Method::OPTIONS,
        &relayed(&relay, &blob),
        &[
            ("origin", PAGE),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "range, if-range"),
        ],
    )
    .await;
    let allowed = preflight
        .header("access-control-allow-headers")
        .to_ascii_lowercase();
    assert!(
        allowed.contains("range") && allowed.contains("if-range"),
        "{allowed}"
    );
    // An If-Range naming another validator: the registry sends the whole blob with 200,
    // relayed as such.
    let stale = get(
        &relayed(&relay, &blob),
        &[
            ("authorization", &auth),
            ("range", "bytes=0-9"),
            (
                "if-range",
                "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"",
            ),
        ],
    )
    .await;
    assert_eq!(stale.status, 200, "{}", stale.text());
    assert_eq!(stale.body, whole);
}

#[tokio::test]
async fn the_cors_registry_lets_a_page_read_the_range_headers() {
    // The direct path (no relay): the stack's CORS registry must expose what a range answer
    // says, or the page reads a 206 without knowing which bytes it got.
    let rows = stack().await;
    let image = row(&rows, "oci/single", "1.0");
    let manifest = get(
        &format!(
            "http://{CORS_REGISTRY}/v2/{}/manifests/1.0",
            image.repository
        ),
        &[("accept", image.media_type.as_str())],
    )
    .await;
    let json: serde_json::Value = serde_json::from_slice(&manifest.body).expect("a manifest");
    let digest = json["layers"][0]["digest"].as_str().expect("a layer");
    let blob = format!(
        "http://{CORS_REGISTRY}/v2/{}/blobs/{digest}",
        image.repository
    );
    let answer = get(&blob, &[("origin", PAGE), ("range", "bytes=-51")]).await;
    assert_eq!(answer.status, 206);
    assert!(answer.header("content-range").starts_with("bytes "));
    let exposed: Vec<String> = answer
        .headers
        .get_all("access-control-expose-headers")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("").split(','))
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for name in ["content-range", "accept-ranges", "content-length"] {
        assert!(
            exposed.iter().any(|e| e == name),
            "{name} not exposed by {CORS_REGISTRY} ({exposed:?}): restart the stack (tests/stack/up) after its CORS template changed"
        );
    }
}
