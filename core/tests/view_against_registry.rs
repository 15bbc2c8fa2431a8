//! A view's whole flow, from the text typed to what the page shows, against the real registry
//! stack: a missing tag lists the tags that exist (in version order), a missing repository
//! says so, and texts that do not parse fail before any request.

mod support;

use regscope_core::error::Missing;
use regscope_core::{Error, inspect_view};
use support::*;

#[tokio::test]
async fn a_missing_tag_of_an_existing_repository_lists_its_tags_in_version_order() {
    let client = client();
    let outcome = inspect_view(&client, &format!(" {REGISTRY}/many/tags:v9 "), None).await;
    let reference = outcome.reference.expect("the reference parses");
    assert_eq!(reference.repository(), "many/tags");
    assert!(
        matches!(
            outcome.result,
            Err(Error::NotFound {
                missing: Missing::Manifest,
                ..
            })
        ),
        "{:?}",
        outcome.result
    );
    // The stack seeds v1.0.0 … v1.11.9 and latest; the registry lists them in byte order
    // (v1.10.0 before v1.2.0), the view in version order.
    let mut expected = vec!["latest".to_string()];
    for minor in 0..=11 {
        for patch in 0..=9 {
            expected.push(format!("v1.{minor}.{patch}"));
        }
    }
    assert_eq!(outcome.existing_tags, Some(expected));
    let purposes: Vec<&str> = outcome.trace.iter().map(|e| e.purpose.as_str()).collect();
    assert_eq!(purposes.first(), Some(&"manifest"));
    assert_eq!(purposes.last(), Some(&"tags"));
}

#[tokio::test]
async fn a_missing_repository_is_named_so_without_tags() {
    let client = client();
    let outcome = inspect_view(&client, &format!("{REGISTRY}/library/absent:latest"), None).await;
    assert!(outcome.reference.is_some());
    match &outcome.result {
        Err(Error::NotFound {
            missing: Missing::Repository,
            errors,
            ..
        }) => assert!(
            errors.iter().any(|e| e.code == "NAME_UNKNOWN"),
            "{errors:?}"
        ),
        other => panic!("expected NAME_UNKNOWN, got {other:?}"),
    }
    assert_eq!(outcome.existing_tags, None);
    assert_eq!(outcome.trace.last().map(|e| e.status), Some(Some(404)));
}

#[tokio::test]
async fn a_found_image_has_its_inspection_and_trace() {
    let client = client();
    let image = format!("{REGISTRY}/library/alpine:latest");
    let outcome = inspect_view(&client, &image, Some(" linux/arm64/v8 ")).await;
    let inspection = outcome.result.expect("the flow succeeds");
    let config = inspection.config.as_ref().expect("a config");
    assert_eq!(
        (config.architecture(), config.variant()),
        ("arm64", Some("v8"))
    );
    assert_eq!(outcome.existing_tags, None);
    assert_eq!(
        outcome.trace.len(),
        5,
        "401, token, index, platform, config"
    );
    // A blank platform is the default one; the trace is this view's only.
    let outcome = inspect_view(&client, &image, Some("  ")).await;
    let config = outcome.result.expect("the flow succeeds").config.clone();
    assert_eq!(config.expect("a config").architecture(), "amd64");
    assert!(
        outcome.trace.len() < 5,
        "the token is cached: {:?}",
        outcome.trace
    );
}

#[tokio::test]
async fn texts_that_do_not_parse_fail_before_any_request() {
    let client = client();
    let outcome = inspect_view(&client, "Not/A:Reference:", None).await;
    assert!(outcome.reference.is_none());
    assert!(matches!(outcome.result, Err(Error::Reference(_))));
    assert!(outcome.trace.is_empty());

    let image = format!("{REGISTRY}/library/alpine:latest");
    let outcome = inspect_view(&client, &image, Some("linux")).await;
    match &outcome.result {
        Err(Error::PlatformNotFound { wanted, available }) => {
            assert!(wanted.contains("is not a platform"), "{wanted}");
            assert!(available.is_empty());
        }
        other => panic!("expected an unknown platform, got {other:?}"),
    }
    assert!(outcome.trace.is_empty());
    assert_eq!(outcome.existing_tags, None);
}
