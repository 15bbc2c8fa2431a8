//! Shared links answered as JSON for machines, against the real registry stack: the contract's
//! `ViewJson` read back with its own types; the digests are the seeded ones; an index lists its
//! platforms and its attestations apart; errors carry the page's kind, the core's words and a
//! fitting status; `Accept` is weighed by q-values, `format=json` wins over it, and a browser's
//! `text/html` still gets the page.

mod stack_support;
mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request as HttpRequest, StatusCode};
use regscope_core::contract::{EntryRole, SERVER_VIEW_ID, VIEW_JSON_SCHEMA, ViewJson, error_words};
use regscope_core::error::Missing;
use regscope_core::{Error, Reference};
use regscope_relay::{Config, app};
use stack_support::{REGISTRY, relay_config, row, stack};
use support::{Answer, call, tempdir};

const INDEX: &str = "<!DOCTYPE html><html><head><title>regscope</title></head><body></body></html>";

/// A relay for the stack serving a minimal app folder.
fn relay() -> (tempdir::Dir, Router) {
    let dir = tempdir::Dir::new();
    dir.write("index.html", INDEX.as_bytes());
    let router = app(Config {
        static_dir: Some(dir.path()),
        ..relay_config()
    })
    .expect("the relay builds");
    (dir, router)
}

fn get(path: &str, accept: Option<&str>) -> HttpRequest<Body> {
    let mut builder = HttpRequest::get(path);
    if let Some(accept) = accept {
        builder = builder.header("accept", accept);
    }
    builder.body(Body::empty()).expect("request")
}

/// The view of `path` asked with `format=json`.
async fn json_of(router: &Router, path: &str) -> (Answer, ViewJson) {
    let answer = call(router, get(&format!("{path}&format=json"), None)).await;
    let view = read(&answer);
    (answer, view)
}

/// The answer read as the contract's JSON, after checking its headers.
fn read(answer: &Answer) -> ViewJson {
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.header("vary"), Some("accept"));
    let view: ViewJson = serde_json::from_slice(answer.body.as_deref().expect("a body"))
        .unwrap_or_else(|e| panic!("not the contract's JSON ({e}): {}", answer.text()));
    assert_eq!(view.schema, VIEW_JSON_SCHEMA);
    assert_eq!(answer.status.as_u16(), view.status(), "{}", answer.text());
    view
}

/// The `data-kind` of the error card of the page for `path`.
async fn page_error_kind(router: &Router, path: &str) -> String {
    let page = call(router, get(path, Some("text/html"))).await.text();
    let start = page
        .find("data-kind=\"")
        .unwrap_or_else(|| panic!("the page for {path} shows no error: {page}"))
        + "data-kind=\"".len();
    page[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_single_platform_image_answers_its_digest_config_and_layers() {
    let rows = stack().await;
    let single = row(&rows, "oci/single", "1.0");
    let (_dir, router) = relay();
    let (answer, view) = json_of(&router, &format!("/?image={}", single.reference)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(view.reference.given, single.reference);
    assert_eq!(view.reference.resolved.as_deref(), Some(&*single.reference));
    assert_eq!(
        view.reference.pinned,
        Some(format!("{REGISTRY}/oci/single:1.0@{}", single.digest))
    );
    assert!(view.error.is_none());
    let image = view.image.expect("an image");
    assert_eq!(image.digest, single.digest);
    assert_eq!(image.media_type, single.media_type);
    assert!(image.entries.is_empty(), "not an index");
    assert_eq!(image.manifest.digest, single.digest);
    assert_eq!(image.manifest.platform, None, "no platform was chosen");
    let config = image.manifest.config.expect("a config");
    assert!(config.digest.starts_with("sha256:") && config.size > 0);
    assert_eq!(
        config.media_type,
        "application/vnd.oci.image.config.v1+json"
    );
    assert!(!image.manifest.layers.is_empty());
    for layer in &image.manifest.layers {
        assert!(
            layer.digest.starts_with("sha256:") && layer.size > 0,
            "{layer:?}"
        );
        assert!(layer.media_type.contains("layer"), "{layer:?}");
    }
}

#[tokio::test]
async fn an_index_lists_platforms_and_attestations_and_picks_a_platform() {
    let rows = stack().await;
    let latest = row(&rows, "library/alpine", "latest");
    let (_dir, router) = relay();
    let path = format!("/?image={REGISTRY}/library/alpine:latest");
    let (_, view) = json_of(&router, &path).await;
    let image = view.image.expect("an image");
    assert_eq!(image.digest, latest.digest);
    assert_eq!(image.media_type, latest.media_type);
    let platforms: Vec<_> = image
        .entries
        .iter()
        .filter(|e| e.role == EntryRole::Platform)
        .collect();
    let names: Vec<_> = platforms
        .iter()
        .filter_map(|e| e.platform.as_deref())
        .collect();
    assert_eq!(names, ["linux/amd64", "linux/arm64/v8"]);
    let attestations: Vec<_> = image
        .entries
        .iter()
        .filter(|e| e.role == EntryRole::Attestation)
        .collect();
    assert_eq!(attestations.len(), 2, "{:?}", image.entries);
    for attestation in &attestations {
        let attests = attestation.attests.as_deref().expect("what it attests");
        assert!(platforms.iter().any(|p| p.digest == attests), "{attests}");
        assert_eq!(
            attestation.reference_type.as_deref(),
            Some("attestation-manifest")
        );
    }
    // Each platform's digest is a seeded manifest of that platform.
    for platform in &platforms {
        assert!(rows.iter().any(|r| r.digest == platform.digest
            && r.platform.as_deref() == platform.platform.as_deref()));
    }
    let amd64 = platforms[0];
    assert_eq!(image.manifest.platform.as_deref(), Some("linux/amd64"));
    assert_eq!(image.manifest.digest, amd64.digest);
    assert!(image.manifest.config.is_some() && !image.manifest.layers.is_empty());

    let (_, picked) = json_of(&router, &format!("{path}&platform=linux/arm64/v8")).await;
    let picked = picked.image.expect("an image");
    assert_eq!(picked.digest, latest.digest, "the same index");
    assert_eq!(picked.manifest.platform.as_deref(), Some("linux/arm64/v8"));
    assert_eq!(picked.manifest.digest, platforms[1].digest);
    assert_ne!(picked.manifest.layers, image.manifest.layers);

    let (answer, missing) = json_of(&router, &format!("{path}&platform=windows/amd64")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let error = missing.error.expect("an error");
    assert_eq!(error.kind, "platform");
    assert_eq!(
        error.available_platforms,
        Some(vec!["linux/amd64".into(), "linux/arm64/v8".into()])
    );
}

#[tokio::test]
async fn an_unknown_tag_is_a_404_with_the_pages_kind_and_the_tags_that_exist() {
    stack().await;
    let (_dir, router) = relay();
    let path = format!("/?image={REGISTRY}/library/alpine:no-such-tag");
    let (answer, view) = json_of(&router, &path).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(view.image.is_none());
    assert_eq!(
        view.reference.resolved,
        Some(format!("{REGISTRY}/library/alpine:no-such-tag"))
    );
    let error = view.error.expect("an error");
    assert_eq!(error.kind, "manifest-unknown");
    assert_eq!(error.kind, page_error_kind(&router, &path).await);
    assert!(error.message.contains("no-such-tag"), "{}", error.message);
    let tags = error.existing_tags.expect("the tags that exist");
    assert!(tags.iter().any(|t| t == "latest") && tags.iter().any(|t| t == "3.20"));
}

/// The text of the element whose `data-testid` is `id` in the page for `path`, unescaped.
async fn page_text(router: &Router, path: &str, id: &str) -> Option<String> {
    let page = call(router, get(path, Some("text/html"))).await.text();
    let marker = format!("data-testid=\"{id}\"");
    let after = &page[page.find(&marker)? + marker.len()..];
    let text = &after[after.find('>')? + 1..];
    let text = &text[..text.find('<')?];
    Some(
        text.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

#[tokio::test]
async fn errors_carry_the_cores_words_the_same_as_the_page() {
    stack().await;
    let (_dir, router) = relay();
    let given = format!("{REGISTRY}/library/alpine:no-such-tag");
    let reference: Reference = given.parse().expect("a reference");
    let expected = error_words(
        &Error::NotFound {
            missing: Missing::Manifest,
            target: "no-such-tag".into(),
            errors: Vec::new(),
        },
        Some(&reference),
    );

    let path = format!("/?image={given}");
    let (_, view) = json_of(&router, &path).await;
    let error = view.error.expect("an error");
    assert_eq!(error.title, expected.title);
    assert_eq!(error.explanation, expected.explanation);
    assert_eq!(error.hint, expected.hint);
    assert_eq!(error.kind, expected.kind);
    // The page the relay renders for the same link says the same sentence.
    assert_eq!(
        page_text(&router, &path, "error-message").await.as_deref(),
        Some(error.explanation.as_str())
    );

    let invalid = "/?image=Upper%2FCase%3A%3Atag";
    let (_, view) = json_of(&router, invalid).await;
    let error = view.error.expect("an error");
    let expected = error_words(
        &Error::from("Upper/Case::tag".parse::<Reference>().unwrap_err()),
        None,
    );
    assert_eq!(
        (error.title.as_str(), &error.explanation, &error.hint),
        (expected.title, &expected.explanation, &expected.hint)
    );
    assert_eq!(
        page_text(&router, invalid, "error-hint").await,
        expected.hint
    );
}

#[tokio::test]
async fn a_private_image_is_a_401_and_an_invalid_reference_a_400() {
    stack().await;
    let (_dir, router) = relay();
    let private = format!("/?image={REGISTRY}/private/app:1.0");
    let (answer, view) = json_of(&router, &private).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let error = view.error.expect("an error");
    assert_eq!(error.kind, "unauthorized");
    assert_eq!(error.kind, page_error_kind(&router, &private).await);
    assert!(
        error.message.starts_with("unauthorized"),
        "{}",
        error.message
    );

    let invalid = "/?image=Upper%2FCase%3A%3Atag";
    let (answer, view) = json_of(&router, invalid).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(view.reference.given, "Upper/Case::tag");
    assert_eq!(view.reference.resolved, None);
    let error = view.error.expect("an error");
    assert_eq!(error.kind, "invalid-reference");
    assert_eq!(error.kind, page_error_kind(&router, invalid).await);
    assert!(
        error.message.starts_with("invalid reference"),
        "{}",
        error.message
    );

    let (answer, view) = json_of(&router, "/?tab=config").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(view.error.expect("an error").kind, "no-image");
}

#[tokio::test]
async fn accept_is_weighed_by_q_values_and_format_json_wins() {
    let rows = stack().await;
    let single = row(&rows, "oci/single", "1.0");
    let (_dir, router) = relay();
    let path = format!("/?image={}", single.reference);
    let is_json = |answer: &Answer| answer.header("content-type") == Some("application/json");

    for accept in [
        "application/json",
        "text/html;q=0.5, application/json;q=0.9",
    ] {
        let answer = call(&router, get(&path, Some(accept))).await;
        assert!(is_json(&answer), "{accept}");
        let view = read(&answer);
        assert_eq!(view.image.expect("an image").digest, single.digest);
    }
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    for accept in ["text/html, application/json;q=0.9", "*/*", browser] {
        let answer = call(&router, get(&path, Some(accept))).await;
        assert!(!is_json(&answer), "{accept} gets the page");
    }
    let answer = call(&router, get(&format!("{path}&format=json"), Some(browser))).await;
    assert!(is_json(&answer), "format=json wins over Accept");
    let answer = call(
        &router,
        get(&format!("{path}&format=html"), Some("application/json")),
    )
    .await;
    assert!(!is_json(&answer), "format=html wins over Accept");
}

#[tokio::test]
async fn text_html_still_gets_the_rendered_page() {
    let rows = stack().await;
    let single = row(&rows, "oci/single", "1.0");
    let (_dir, router) = relay();
    let answer = call(
        &router,
        get(&format!("/?image={}", single.reference), Some("text/html")),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(answer.header("vary"), Some("accept"));
    let page = answer.text();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(&format!("<div id=\"{SERVER_VIEW_ID}\">")));
    assert!(page.contains(&single.digest), "the view shows the digest");
}
