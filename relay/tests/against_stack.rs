//! The relay against the real registry stack (`tests/stack/up`: CNCF distribution with token
//! auth, the token server, a registry whose blobs redirect to another origin): every seeded
//! image fetched through the relay gives the same bytes, headers and digests as fetched
//! directly. Without the stack these tests fail with the command that starts it.

mod stack_support;

use regscope_core::contract::{
    RELAY_ERROR_HEADER, RELAY_HEADER, RELAY_HEADER_VALUE, RelayErrorKind,
};
use regscope_core::digest::{registry_digest, schema1_payload};
use regscope_relay::Config;
use reqwest::Method;
use stack_support::*;

/// The kinds the seeder writes; each must be covered.
const KINDS: [&str; 7] = [
    "oci-index",
    "oci-manifest",
    "oci-attestation",
    "oci-artifact",
    "docker-manifest",
    "docker-list",
    "docker-schema1",
];

/// Headers that must reach the page exactly as the registry sent them.
const SAME_HEADERS: [&str; 3] = ["docker-content-digest", "content-type", "content-length"];

/// The config digest of an image manifest (none for indexes, lists and schema 1).
fn config_digest(manifest: &[u8]) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(manifest).ok()?;
    json["config"]["digest"].as_str().map(str::to_owned)
}

fn layer_digests(manifest: &[u8]) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(manifest).expect("manifest JSON");
    json["layers"]
        .as_array()
        .map(|layers| {
            layers
                .iter()
                .filter_map(|l| l["digest"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_same_manifest(row: &Seeded, direct: &Exchange, through: &Exchange) {
    let what = &row.reference;
    assert_eq!(direct.status, 200, "{what} direct: {}", direct.text());
    assert_eq!(through.status, 200, "{what} relayed: {}", through.text());
    assert_eq!(through.header(RELAY_HEADER), RELAY_HEADER_VALUE, "{what}");
    let schema1 = row.kind == "docker-schema1";
    for name in SAME_HEADERS {
        // Distribution re-signs schema 1 on every GET: only its digest is stable.
        if schema1 && name == "content-length" {
            continue;
        }
        assert_eq!(direct.header(name), through.header(name), "{what}: {name}");
    }
    for (side, answer) in [("direct", direct), ("relayed", through)] {
        assert_eq!(
            answer.header("docker-content-digest"),
            row.digest,
            "{what} {side}"
        );
        assert_eq!(
            answer.header("content-length"),
            answer.body.len().to_string(),
            "{what} {side}: Content-Length"
        );
        let digest = registry_digest(answer.header("content-type"), &answer.body)
            .unwrap_or_else(|e| panic!("{what} {side}: {e}"));
        assert_eq!(digest, row.digest, "{what} {side}: digest of the body");
    }
    if schema1 {
        assert_eq!(
            schema1_payload(&direct.body).expect("payload"),
            schema1_payload(&through.body).expect("payload"),
            "{what}: schema 1 payload"
        );
    } else {
        assert!(direct.body == through.body, "{what}: bodies differ");
    }
}

fn assert_same_blob(digest: &str, direct: &Exchange, through: &Exchange, headers: &[&str]) {
    assert_eq!(direct.status, 200, "{digest} direct: {}", direct.text());
    assert_eq!(through.status, 200, "{digest} relayed: {}", through.text());
    assert_eq!(through.header(RELAY_HEADER), RELAY_HEADER_VALUE, "{digest}");
    for name in headers {
        assert_eq!(
            direct.header(name),
            through.header(name),
            "{digest}: {name}"
        );
    }
    assert_eq!(
        through.header("content-length"),
        through.body.len().to_string()
    );
    assert!(direct.body == through.body, "{digest}: blob bytes differ");
    let actual = registry_digest("application/octet-stream", &through.body).expect("sha256");
    assert_eq!(actual, digest, "sha256 of the relayed blob");
}

/// The manifest and its config blob, directly and through the relay (token flow included).
async fn check_image(relay: &str, row: &Seeded) {
    let target = row.manifest_url(REGISTRY);
    let direct_auth = bearer(&direct_token(&row.repository).await);
    let accept = ("accept", row.media_type.as_str());
    let direct = get(&target, &[accept, ("authorization", &direct_auth)]).await;

    let token = relay_token(relay, &target, &row.repository, row.is_private()).await;
    let relay_auth = bearer(&token);
    let through = get(
        &relayed(relay, &target),
        &[accept, ("authorization", &relay_auth)],
    )
    .await;
    assert_same_manifest(row, &direct, &through);

    if let Some(config) = config_digest(&through.body) {
        let blob = format!("http://{REGISTRY}/v2/{}/blobs/{config}", row.repository);
        let direct = get(&blob, &[("authorization", &direct_auth)]).await;
        let through = get(&relayed(relay, &blob), &[("authorization", &relay_auth)]).await;
        assert_same_blob(&config, &direct, &through, &SAME_HEADERS);
    }
}

#[tokio::test]
async fn every_seeded_image_kind_is_identical_through_the_relay() {
    let rows = stack().await;
    let relay = start_relay().await;
    let mut covered: Vec<&str> = Vec::new();
    // The 120 `many/tags` tags share one manifest: its `latest` stands for them.
    for row in rows
        .iter()
        .filter(|r| r.repository != "many/tags" || r.tag.as_deref() == Some("latest"))
    {
        check_image(&relay, row).await;
        covered.push(&row.kind);
    }
    for kind in KINDS {
        assert!(covered.contains(&kind), "no seeded {kind} was checked");
    }
    assert!(
        rows.iter().any(|r| r.is_private()),
        "the private image was not seeded"
    );
}

#[tokio::test]
async fn private_image_needs_alices_credentials_through_the_relay() {
    let rows = stack().await;
    let relay = start_relay().await;
    let row = row(&rows, "private/app", "1.0");
    let target = row.manifest_url(REGISTRY);
    // Anonymous: the token server leaves the scope out, the registry says so, the relay relays.
    let anonymous = relay_token(&relay, &target, &row.repository, false).await;
    let refused = get(
        &relayed(&relay, &target),
        &[("authorization", &bearer(&anonymous))],
    )
    .await;
    assert_eq!(refused.status, 401, "{}", refused.text());
    assert_eq!(refused.header(RELAY_HEADER), RELAY_HEADER_VALUE);
    assert!(
        refused
            .header("www-authenticate")
            .contains("insufficient_scope")
    );
    assert_eq!(refused.header(RELAY_ERROR_HEADER), "");
    // With alice's Basic credentials sent to the realm through the relay: the same manifest.
    check_image(&relay, row).await;
}

#[tokio::test]
async fn blobs_redirected_to_another_origin_are_followed_server_side() {
    let rows = stack().await;
    let relay = start_relay().await;
    let index = row(&rows, "oci/single", "1.0");
    let direct_auth = bearer(&direct_token(&index.repository).await);
    let manifest = get(
        &index.manifest_url(REGISTRY),
        &[
            ("accept", index.media_type.as_str()),
            ("authorization", &direct_auth),
        ],
    )
    .await;
    assert_eq!(manifest.status, 200, "{}", manifest.text());
    let mut digests = layer_digests(&manifest.body);
    digests.extend(config_digest(&manifest.body));
    assert!(digests.len() >= 2, "a config and at least one layer");

    // The token flow against :5003 itself: its challenge names the same realm.
    let redirect_manifest = index.manifest_url(REDIRECT_REGISTRY);
    let token = relay_token(&relay, &redirect_manifest, &index.repository, false).await;
    let relay_auth = bearer(&token);
    for digest in &digests {
        let path = format!("/v2/{}/blobs/{digest}", index.repository);
        let direct = get(
            &format!("http://{REGISTRY}{path}"),
            &[("authorization", &direct_auth)],
        )
        .await;
        // Directly, :5003 sends the client elsewhere.
        let redirect_url = format!("http://{REDIRECT_REGISTRY}{path}");
        let redirect = get(&redirect_url, &[("authorization", &direct_auth)]).await;
        assert_eq!(redirect.status, 307, "{}", redirect.text());
        assert!(
            redirect
                .header("location")
                .starts_with(&format!("http://{}/", regscope_stack::facts::BLOB_ORIGIN)),
            "{}",
            redirect.header("location")
        );
        // Through the relay, the redirect is followed: the page sees the bytes.
        let through = get(
            &relayed(&relay, &redirect_url),
            &[("authorization", &relay_auth)],
        )
        .await;
        assert_same_blob(digest, &direct, &through, &["content-length"]);
        assert_eq!(
            through.header("location"),
            "",
            "no Location reaches the page"
        );
        let head = send(
            Method::HEAD,
            &relayed(&relay, &redirect_url),
            &[("authorization", &relay_auth)],
        )
        .await;
        assert_eq!(head.status, 200);
        assert_eq!(head.header("content-length"), direct.body.len().to_string());
        assert!(head.body.is_empty());
    }

    // The same walk, from a relay not told that :5004 is a blob host: :5004 is on the
    // insecure list (127.0.0.1), but only at /v2/ paths, so the storage redirect is refused.
    let strict = start_relay_with(Config {
        insecure_blob_hosts: Vec::new(),
        ..relay_config()
    })
    .await;
    let token = relay_token(&strict, &redirect_manifest, &index.repository, false).await;
    let path = format!("/v2/{}/blobs/{}", index.repository, digests[0]);
    let refused = get(
        &relayed(&strict, &format!("http://{REDIRECT_REGISTRY}{path}")),
        &[("authorization", &bearer(&token))],
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert_eq!(
        refused.header(RELAY_ERROR_HEADER),
        RelayErrorKind::RefusedTarget.as_str()
    );
    assert!(
        refused.text().contains("--insecure-blob-host"),
        "{}",
        refused.text()
    );
}

#[tokio::test]
async fn a_token_realm_no_challenge_named_is_refused() {
    stack().await;
    let relay = start_relay().await;
    let token_url = format!(
        "{}?service={SERVICE}&scope=repository:library/alpine:pull",
        realm()
    );
    let early = get(&relayed(&relay, &token_url), &[]).await;
    assert_eq!(early.status, 403, "{}", early.text());
    assert_eq!(
        early.header(RELAY_ERROR_HEADER),
        RelayErrorKind::RefusedPath.as_str()
    );

    // Once the registry's challenge named the realm, that realm (and only it) is reachable.
    let challenge = get(&relayed(&relay, &format!("http://{REGISTRY}/v2/")), &[]).await;
    assert_eq!(challenge.status, 401);
    assert!(challenge.header("www-authenticate").contains(&realm()));
    let named = get(&relayed(&relay, &token_url), &[]).await;
    assert_eq!(named.status, 200, "{}", named.text());
    let token_server = regscope_stack::facts::TOKEN_SERVER;
    for other in [
        format!("http://{token_server}/token/expired?service={SERVICE}"),
        format!("http://{token_server}/healthz"),
        format!("http://{token_server}/"),
    ] {
        let refused = get(&relayed(&relay, &other), &[]).await;
        assert_eq!(refused.status, 403, "{other}: {}", refused.text());
        assert_eq!(
            refused.header(RELAY_ERROR_HEADER),
            RelayErrorKind::RefusedPath.as_str()
        );
    }
}

#[tokio::test]
async fn head_through_the_relay_keeps_length_and_digest() {
    let rows = stack().await;
    let relay = start_relay().await;
    let index = row(&rows, "library/alpine", "latest");
    let target = index.manifest_url(REGISTRY);
    let direct_auth = bearer(&direct_token(&index.repository).await);
    let relay_auth = bearer(&relay_token(&relay, &target, &index.repository, false).await);
    let accept = ("accept", index.media_type.as_str());
    let manifest = get(&target, &[accept, ("authorization", &direct_auth)]).await;
    let config_of_child = {
        let json: serde_json::Value = serde_json::from_slice(&manifest.body).expect("index");
        json["manifests"][0]["digest"]
            .as_str()
            .expect("a child")
            .to_owned()
    };
    let child = format!(
        "http://{REGISTRY}/v2/{}/manifests/{config_of_child}",
        index.repository
    );
    for (target, accept) in [
        (target.as_str(), index.media_type.as_str()),
        (child.as_str(), "application/vnd.oci.image.manifest.v1+json"),
    ] {
        let headers_direct = [("accept", accept), ("authorization", direct_auth.as_str())];
        let headers_relay = [("accept", accept), ("authorization", relay_auth.as_str())];
        let direct = send(Method::HEAD, target, &headers_direct).await;
        let through = send(Method::HEAD, &relayed(&relay, target), &headers_relay).await;
        assert_eq!(direct.status, 200, "{target}");
        assert_eq!(through.status, 200, "{target}");
        assert!(through.body.is_empty());
        assert_eq!(through.header(RELAY_HEADER), RELAY_HEADER_VALUE);
        for name in SAME_HEADERS {
            assert!(!direct.header(name).is_empty(), "{target}: direct {name}");
            assert_eq!(
                direct.header(name),
                through.header(name),
                "{target}: {name}"
            );
        }
    }
}
