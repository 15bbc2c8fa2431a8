//! The authorized blob request another party sends (the app's layer worker), against the real
//! registry stack: the token-auth registry (anonymous, and a private repository with
//! credentials), the Basic-auth registry and the CORS registry without auth. Each request is
//! then sent as given and must fetch the blob whose digest it names.

mod support;

use regscope_core::digest;
use regscope_core::{Client, Credentials, Error, Reference, Transport};
use support::*;

fn reference(text: &str) -> Reference {
    text.parse().expect("test references parse")
}

fn alice() -> Credentials {
    Credentials {
        username: regscope_stack::facts::USER.into(),
        password: regscope_stack::facts::PASSWORD.into(),
    }
}

/// The first layer of `r` (its default platform), the blob request for it, and the blob the
/// request fetches, checked against its digest.
async fn first_layer(client: &Client<NativeTransport>, r: &Reference) -> Option<String> {
    let inspection = client.inspect(r, None).await.expect("the image inspects");
    let layer = inspection.image().manifest.layers()[0].clone();
    let image = &inspection.image().reference;
    let blob = client
        .blob_request(image, layer.digest())
        .await
        .expect("a blob request");
    assert_eq!(blob.size, Some(layer.size()));
    assert_eq!(
        blob.path, "direct",
        "the path the HEAD took, as the transport names it"
    );
    assert!(
        blob.request
            .url
            .ends_with(&format!("/blobs/{}", layer.digest()))
    );
    let response = client
        .transport()
        .send(blob.request.clone())
        .await
        .expect("the request is answered");
    assert_eq!(response.status, 200, "{}", blob.request.url);
    digest::verify(layer.digest(), "", &response.body).expect("the blob's bytes");
    // The HEAD is in the trace, with any token request before it.
    let trace = client.take_trace();
    assert_eq!(trace.last().map(|e| e.method.as_str()), Some("HEAD"));
    blob.request
        .header_value("authorization")
        .map(str::to_string)
}

#[tokio::test]
async fn the_token_registry_hands_a_bearer_request() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/library/alpine:latest"));
    let auth = first_layer(&client, &r)
        .await
        .expect("an Authorization header");
    assert!(auth.starts_with("Bearer "), "{auth}");
}

#[tokio::test]
async fn a_private_repository_needs_credentials_and_then_works() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/private/app:1.0"));
    let digest = format!("sha256:{}", "0".repeat(64));
    let pinned = r.with_digest(&digest);
    assert!(matches!(
        client.blob_request(&pinned, &digest).await,
        Err(Error::Unauthorized { .. })
    ));
    client.set_credentials(REGISTRY, Some(alice()));
    let auth = first_layer(&client, &r)
        .await
        .expect("an Authorization header");
    assert!(
        auth.starts_with("Bearer "),
        "the registry gets a token, never the password"
    );
}

#[tokio::test]
async fn the_basic_registry_gets_its_credentials() {
    let client = client();
    client.set_credentials(BASIC_REGISTRY, Some(alice()));
    let r = reference(&format!("{BASIC_REGISTRY}/library/alpine:latest"));
    let auth = first_layer(&client, &r)
        .await
        .expect("an Authorization header");
    assert_eq!(auth, alice().basic_header());
}

#[tokio::test]
async fn an_open_registry_needs_no_header() {
    let client = client();
    let r = reference(&format!("{CORS_REGISTRY}/library/alpine:latest"));
    assert_eq!(first_layer(&client, &r).await, None);
}

#[tokio::test]
async fn a_missing_blob_is_said() {
    let client = client();
    let r = reference(&format!("{CORS_REGISTRY}/library/alpine:latest"));
    let digest = format!("sha256:{}", "0".repeat(64));
    match client.blob_request(&r.with_digest(&digest), &digest).await {
        Err(Error::NotFound { target, .. }) => assert_eq!(target, digest),
        other => panic!("expected NotFound, got {other:?}"),
    }
}
