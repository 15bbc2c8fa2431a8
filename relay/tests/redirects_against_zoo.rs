//! Redirects through the relay, against the zoo's emulated public registries reached by their
//! real names (`--map-host`): the app's flow (the core over the relay's `/relay` route on a
//! real socket) inspecting registry.k8s.io images, whose every request the relay follows to
//! Artifact Registry; a challenge from that host answered there; Docker Hub's and Quay's blob
//! redirects to their CDNs; and a redirect to a refused address. Capture servers in front of
//! zoo hosts record which requests arrived with `Authorization`.

mod zoo_support;

use regscope_core::contract::RelayErrorKind;
use regscope_core::{Credentials, Error, Reference, TransportError};
use regscope_stack::facts::{PASSWORD, USER};
use zoo_support::capture::Capture;
use zoo_support::*;

const K8S: &str = "https://registry.k8s.io";
const US_WEST1: &str = "https://us-west1-docker.pkg.dev";

fn reference(text: &str) -> Reference {
    text.parse().expect("test references parse")
}

fn alice() -> Option<Credentials> {
    Some(Credentials {
        username: USER.into(),
        password: PASSWORD.into(),
    })
}

#[tokio::test]
async fn registry_k8s_io_images_are_inspected_through_the_relay() {
    let west = Capture::forwarding(&zoo("us-west1-docker.pkg.dev")).await;
    let relay = start_relay(zoo_config(&[("us-west1-docker.pkg.dev", &west.base)])).await;
    let client = client(&relay);
    let inspection = client
        .inspect(&reference("registry.k8s.io/pause:latest"), None)
        .await
        .expect("the flow succeeds through the relay");
    assert_eq!(
        inspection.top.digest,
        seeded("docker/list", "latest").digest
    );
    assert!(inspection.config.is_some());
    let trace = client.take_trace();
    let steps: Vec<(String, Option<u16>, &str)> = trace
        .iter()
        .map(|e| {
            let origin: String = e.url.split('/').take(3).collect::<Vec<_>>().join("/");
            (origin, e.status, e.path.as_str())
        })
        .collect();
    let hop = (K8S.to_string(), Some(307), "relay");
    let answer = (US_WEST1.to_string(), Some(200), "relay");
    assert_eq!(
        steps,
        [
            hop.clone(),
            answer.clone(),
            hop.clone(),
            answer.clone(),
            hop,
            answer
        ],
        "the relay's hops are in the trace, each followed by the answer it led to"
    );
    assert!(west.seen().iter().all(|s| !s.authorization));
    assert_eq!(
        west.seen().len(),
        3,
        "one request per hop, walked by the relay"
    );
}

#[tokio::test]
async fn a_challenge_from_the_redirect_target_gets_its_own_token_through_the_relay() {
    let k8s = Capture::forwarding(&zoo("registry.k8s.io")).await;
    let west = Capture::forwarding(&zoo("us-west1-docker.pkg.dev")).await;
    let relay = start_relay(zoo_config(&[
        ("registry.k8s.io", &k8s.base),
        ("us-west1-docker.pkg.dev", &west.base),
    ]))
    .await;
    let client = client(&relay);
    client.set_credentials("registry.k8s.io", alice());
    let error = client
        .inspect(&reference("registry.k8s.io/regscope-missing/app:1.0"), None)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unauthorized { .. }), "{error}");
    let trace = client.take_trace();
    let steps: Vec<(&str, Option<u16>, bool)> = trace
        .iter()
        .map(|e| {
            (
                e.url.as_str(),
                e.status,
                has_authorization(&e.request_headers),
            )
        })
        .collect();
    let target =
        format!("{US_WEST1}/v2/k8s-artifacts-prod/images/regscope-missing/app/manifests/1.0");
    let token = format!(
        "{US_WEST1}/v2/token?service=us-west1-docker.pkg.dev&scope=repository%3Ak8s-artifacts-prod%2Fimages%2Fregscope-missing%2Fapp%3Apull"
    );
    assert_eq!(
        steps,
        [
            (
                format!("{K8S}/v2/regscope-missing/app/manifests/1.0").as_str(),
                Some(307),
                false
            ),
            (target.as_str(), Some(401), false),
            (token.as_str(), Some(200), false),
            (target.as_str(), Some(401), true),
        ],
        "the realm the redirect target named is relayed, and its token goes to it alone"
    );
    assert!(k8s.seen().iter().all(|s| !s.authorization));
    let west_auth: Vec<bool> = west.seen().iter().map(|s| s.authorization).collect();
    assert_eq!(west_auth, [false, false, true]);
}

#[tokio::test]
async fn docker_hub_blobs_come_from_the_cdn_without_the_token() {
    let cdn = Capture::forwarding(&zoo("production.cloudflare.docker.com")).await;
    let relay = start_relay(zoo_config(&[(
        "production.cloudflare.docker.com",
        &cdn.base,
    )]))
    .await;
    // Only the blob goes to Docker Hub: blob GETs do not count against its pull limit.
    let config = plain_config_digest().await;
    let client = client(&relay);
    let blob = client
        .fetch_blob(&reference("alpine"), &config, "config")
        .await
        .expect("the blob is fetched and verified");
    assert_eq!(blob.digest, config);
    let trace = client.take_trace();
    let steps: Vec<(&str, Option<u16>, bool)> = trace
        .iter()
        .map(|e| {
            (
                e.purpose.as_str(),
                e.status,
                has_authorization(&e.request_headers),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("config", Some(401), false),
            ("token", Some(200), false),
            ("config", Some(307), true),
            ("config", Some(200), false),
        ]
    );
    assert!(trace[3].url.starts_with(
        "https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/blobs/sha256/"
    ));
    let seen = cdn.seen();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].authorization, "the CDN never gets the token");
}

#[tokio::test]
async fn quay_private_blobs_come_from_its_cdn_without_the_token() {
    let cdn = Capture::forwarding(&zoo("cdn03.quay.io")).await;
    let relay = start_relay(zoo_config(&[("cdn03.quay.io", &cdn.base)])).await;
    let client = client(&relay);
    client.set_credentials("quay.io", alice());
    let inspection = client
        .inspect(&reference("quay.io/regscope/private:1.0"), None)
        .await
        .expect("alice may pull the private image through the relay");
    assert_eq!(inspection.top.digest, seeded("private/app", "1.0").digest);
    let trace = client.take_trace();
    let blob: Vec<(Option<u16>, bool)> = trace
        .iter()
        .filter(|e| e.purpose == "config")
        .map(|e| (e.status, has_authorization(&e.request_headers)))
        .collect();
    assert_eq!(blob, [(Some(302), true), (Some(200), false)]);
    let seen = cdn.seen();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].authorization, "the CDN never gets the token");
}

#[tokio::test]
async fn a_redirect_to_a_refused_address_is_an_error_naming_it() {
    // The CDN's name maps to a loopback address the relay was not told is insecure: a public
    // name that resolves to a private address, as a hostile Location could name.
    let cdn_port = zoo("production.cloudflare.docker.com");
    let cdn_port = cdn_port.rsplit(':').next().unwrap_or("");
    let mut settings = zoo_config(&[(
        "production.cloudflare.docker.com",
        &format!("https://127.0.0.1:{cdn_port}"),
    )]);
    settings.insecure_registries = ["registry-1.docker.io", "auth.docker.io"]
        .iter()
        .map(|host| {
            let address = zoo(host);
            address
                .trim_start_matches("http://")
                .parse()
                .expect("entry")
        })
        .collect();
    let relay = start_relay(settings).await;
    let client = client(&relay);
    let config = plain_config_digest().await;
    let error = client
        .fetch_blob(&reference("alpine"), &config, "config")
        .await
        .unwrap_err();
    let Error::Transport {
        source: TransportError::Relay { kind, message },
        ..
    } = &error
    else {
        panic!("expected the relay's refusal, got {error}");
    };
    assert_eq!(kind, RelayErrorKind::RefusedTarget.as_str());
    assert!(
        message.contains(
            "the registry redirected to https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/blobs/sha256/"
        ),
        "{message}"
    );
    assert!(
        message.contains("private, loopback or special-purpose"),
        "{message}"
    );
    assert!(!error.to_string().contains("answered 307"), "{error}");
}

/// The config digest of the seeded amd64 alpine, read straight from the stack's no-auth
/// registry.
async fn plain_config_digest() -> String {
    let stack = regscope_stack::facts::CORS_REGISTRY;
    let get = |path: String, accept: &'static str| async move {
        let answer = reqwest::Client::new()
            .get(format!("http://{stack}/v2/library/alpine/manifests/{path}"))
            .header("Accept", accept)
            .send()
            .await
            .expect("the stack answers (tests/stack/up)");
        let body = answer.bytes().await.expect("a body");
        serde_json::from_slice::<serde_json::Value>(&body).expect("JSON")
    };
    let index = get("latest".into(), "application/vnd.oci.image.index.v1+json").await;
    let amd64 = index["manifests"][0]["digest"].as_str().expect("a digest");
    let manifest = get(amd64.into(), "application/vnd.oci.image.manifest.v1+json").await;
    manifest["config"]["digest"]
        .as_str()
        .expect("a config digest")
        .to_string()
}
