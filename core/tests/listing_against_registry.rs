//! Tags, catalog and referrers against the real registry stack, and the per-session cache of
//! immutable objects.

mod support;

use regscope_core::referrers::FoundBy;
use regscope_core::{Credentials, Error, Reference};
use support::*;

fn reference(text: &str) -> Reference {
    text.parse().expect("test references parse")
}

fn alice() -> Option<Credentials> {
    Some(Credentials {
        username: regscope_stack::facts::USER.into(),
        password: regscope_stack::facts::PASSWORD.into(),
    })
}

#[tokio::test]
async fn the_cosign_signature_is_found_by_its_tag_when_the_registry_has_no_referrers_api() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/library/alpine:latest"));
    let index = client.fetch_manifest(&r, "latest").await.unwrap();
    let amd64 = index
        .manifest
        .choose_platform(None)
        .unwrap()
        .digest()
        .to_string();
    let referrers = client.list_referrers(&r, &amd64).await.unwrap();
    assert_eq!(referrers.len(), 1, "{referrers:?}");
    let signature = &referrers[0];
    let hex = amd64.trim_start_matches("sha256:");
    assert_eq!(
        signature.found_by,
        FoundBy::CosignTag(format!("sha256-{hex}.sig"))
    );
    assert_eq!(
        signature.descriptor.digest(),
        seeded("library/alpine", &format!("sha256-{hex}.sig")).digest
    );
    // distribution 2.8 has no referrers API: 404, then the fallback tag (404), then HEADs.
    let trace = client.take_trace();
    let referrers_call = trace.iter().find(|e| e.purpose == "referrers").unwrap();
    assert_eq!(referrers_call.status, Some(404));
    let heads = trace.iter().filter(|e| e.method == "HEAD").count();
    assert_eq!(heads, 3, "one HEAD per cosign suffix");
    // The signature manifest names the amd64 manifest as its subject.
    let sig = client
        .fetch_manifest(&r, signature.descriptor.digest())
        .await
        .unwrap();
    assert_eq!(sig.manifest.subject().unwrap().digest(), amd64);
}

#[tokio::test]
async fn a_manifest_without_referrers_has_none() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/oci/single:1.0"));
    let digest = seeded("oci/single", "1.0").digest;
    assert!(client.list_referrers(&r, &digest).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_catalog_needs_its_own_scope_and_paginates() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/library/alpine"));
    let err = client.list_catalog(&r, None, None).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");

    client.set_credentials(REGISTRY, alice());
    let mut seen = Vec::new();
    let mut page = client.list_catalog(&r, Some(3), None).await.unwrap();
    loop {
        assert!(page.repositories.len() <= 3);
        seen.extend(page.repositories.clone());
        match page.next.clone() {
            Some(next) => page = client.catalog_page(&r, next).await.unwrap(),
            None => break,
        }
    }
    for repository in ["library/alpine", "oci/single", "private/app", "many/tags"] {
        assert!(
            seen.iter().any(|s| s == repository),
            "{repository} in {seen:?}"
        );
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), seen.len(), "no repository listed twice");
}

#[tokio::test]
async fn head_gives_the_descriptor_without_the_body() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/docker/schema2:latest"));
    let descriptor = client.head_manifest(&r, "latest").await.unwrap().unwrap();
    let seeded = seeded("docker/schema2", "latest");
    assert_eq!(descriptor.digest(), seeded.digest);
    assert_eq!(descriptor.media_type(), seeded.media_type);
    assert!(descriptor.size() > 0);
    assert_eq!(client.head_manifest(&r, "nope").await.unwrap(), None);
}

#[tokio::test]
async fn immutable_objects_are_fetched_once_per_session() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/library/alpine:latest"));
    client.inspect(&r, None).await.unwrap();
    client.take_trace();
    // A second look at the same tag sends one HEAD (tags move; a HEAD is not a pull) and
    // takes everything else from the session's cache.
    client.inspect(&r, None).await.unwrap();
    let trace = client.take_trace();
    let calls: Vec<(String, String)> = trace.into_iter().map(|e| (e.method, e.url)).collect();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].0, "HEAD");
    assert!(calls[0].1.ends_with("/manifests/latest"));
    // Pinned to the digest, nothing is asked at all.
    let pinned = r.with_digest(&seeded("library/alpine", "latest").digest);
    client.inspect(&pinned, None).await.unwrap();
    assert!(client.take_trace().is_empty());
}
