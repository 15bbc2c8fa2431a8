//! The catalog of a registry named by its host, against the real registry stack: the token
//! registry refuses it anonymously (credentials can help: not "no catalog"), lists it page by
//! page to its user, and the no-auth registry pages it through `Link`; the zoo's Docker Hub
//! and GHCR have none, which is told in words.

mod support;

use regscope_core::catalog::{catalog_unavailable, registry_reference};
use regscope_core::{Credentials, Error};
use support::*;

#[tokio::test]
async fn a_registry_host_lists_its_catalog_with_its_own_scope() {
    let client = client();
    let registry = registry_reference(REGISTRY).expect("a registry host");
    let refused = client
        .list_catalog(&registry, Some(3), None)
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Unauthorized { .. }), "{refused}");
    assert_eq!(
        catalog_unavailable(&registry, &refused),
        None,
        "credentials can help"
    );
    client.set_credentials(
        REGISTRY,
        Some(Credentials {
            username: regscope_stack::facts::USER.into(),
            password: regscope_stack::facts::PASSWORD.into(),
        }),
    );
    let page = client.list_catalog(&registry, Some(3), None).await.unwrap();
    assert_eq!(page.repositories.len(), 3);
    assert!(page.next.is_some());
}

#[tokio::test]
async fn the_no_auth_registry_pages_its_catalog_to_the_end() {
    let client = client();
    let registry = registry_reference(CORS_REGISTRY).expect("a registry host");
    let mut page = client.list_catalog(&registry, Some(4), None).await.unwrap();
    let mut all = page.repositories.clone();
    while let Some(next) = page.next.clone() {
        page = client.catalog_page(&registry, next).await.unwrap();
        all.extend(page.repositories.clone());
    }
    assert!(all.contains(&"library/alpine".to_string()), "{all:?}");
    // Distribution walks its storage directory by directory, each sorted by name: the order is
    // by path segment (`files/x` before `files-test/y`, though `-` sorts before `/`).
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    assert_eq!(all, sorted, "distribution lists in path-segment order");
}
