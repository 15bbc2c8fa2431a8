//! Redirects of real public registries, natively, against the zoo's emulations reached by
//! their real names: registry.k8s.io sending every request on to Artifact Registry (which
//! challenges on its own), and Docker Hub's and Quay's blob redirects to their CDN hosts. The
//! core walks each redirect itself; capture servers in front of the zoo's hosts record which
//! requests arrived with `Authorization`.

mod support;

use regscope_core::{Client, Credentials, Error, Reference};
use regscope_stack::facts::{PASSWORD, USER};
use regscope_stack::zoo_map::{has_authorization, zoo_base as zoo};
use support::capture::Capture;
use support::zoo::ZooTransport;
use support::*;

const K8S: &str = "https://registry.k8s.io";
const US_WEST1: &str = "https://us-west1-docker.pkg.dev";

fn reference(text: &str) -> Reference {
    text.parse().expect("test references parse")
}

/// The config blob digest of the seeded `library/alpine:latest` amd64 image, read from the
/// stack's registry without auth.
async fn alpine_amd64_config() -> String {
    let client = client();
    let inspection = client
        .inspect(
            &reference(&format!("{CORS_REGISTRY}/library/alpine:latest")),
            None,
        )
        .await
        .expect("the stack serves alpine");
    inspection.config_blob.expect("an image config").digest
}

#[test]
fn real_names_map_to_the_zoo() {
    let zoo = ZooTransport::new().with("127.0.0.1:5004", "http://127.0.0.1:9");
    assert_eq!(
        zoo.mapped("https://registry.k8s.io/v2/pause/manifests/3.9?x=1"),
        "http://127.0.0.1:5108/v2/pause/manifests/3.9?x=1"
    );
    assert_eq!(
        zoo.mapped("http://127.0.0.1:5004/blob"),
        "http://127.0.0.1:9/blob"
    );
    assert_eq!(
        zoo.mapped("http://127.0.0.1:5003/v2/"),
        "http://127.0.0.1:5003/v2/"
    );
}

#[tokio::test]
async fn registry_k8s_io_images_are_inspected_through_artifact_registry() {
    let west = Capture::forwarding(&zoo("us-west1-docker.pkg.dev")).await;
    let client = Client::new(
        ZooTransport::new().with("us-west1-docker.pkg.dev", &west.base),
        now_ms,
    );
    let r = reference("registry.k8s.io/pause:latest");
    let inspection = client.inspect(&r, None).await.expect("the flow succeeds");
    let seeded = seeded("docker/list", "latest");
    assert_eq!(inspection.top.digest, seeded.digest);
    assert_eq!(
        inspection
            .chosen
            .as_ref()
            .and_then(|d| d.platform())
            .map(ToString::to_string),
        Some("linux/amd64".to_string())
    );
    let config = inspection.config.as_ref().expect("a config");
    assert_eq!(config.architecture(), "amd64");

    // Every request went to registry.k8s.io, got 307, and was answered by the region.
    let trace = client.take_trace();
    let steps: Vec<(Option<u16>, String)> = trace
        .iter()
        .map(|e| {
            (
                e.status,
                e.url.split('/').take(3).collect::<Vec<_>>().join("/"),
            )
        })
        .collect();
    let hop = (Some(307), K8S.to_string());
    let answer = (Some(200), US_WEST1.to_string());
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
        "manifest, platform manifest, config: each a 307 then Artifact Registry's answer"
    );
    for pair in trace.chunks(2) {
        let location = pair[0]
            .response_headers
            .iter()
            .find(|(name, _)| name == "location")
            .map(|(_, value)| value.as_str());
        assert_eq!(
            location,
            Some(pair[1].url.as_str()),
            "the hop leads to the answer"
        );
        assert!(
            pair[1]
                .url
                .starts_with(&format!("{US_WEST1}/v2/k8s-artifacts-prod/images/pause/"))
        );
    }
    // Public images: nothing asked for a token, so nothing carried one.
    let seen = west.seen();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen.iter().all(|s| !s.authorization), "{seen:?}");
}

#[tokio::test]
async fn registry_k8s_io_tag_lists_come_from_artifact_registry() {
    let client = Client::new(ZooTransport::new(), now_ms);
    let page = client
        .list_tags(&reference("registry.k8s.io/coredns/coredns"), None, None)
        .await
        .expect("the list is read");
    assert_eq!(page.name, "k8s-artifacts-prod/images/coredns/coredns");
    assert_eq!(
        page.tags,
        [seeded("oci/single", "1.0").tag.unwrap_or_default()]
    );
    let trace = client.take_trace();
    let urls: Vec<(&str, Option<u16>)> = trace.iter().map(|e| (e.url.as_str(), e.status)).collect();
    let target = format!("{US_WEST1}/v2/k8s-artifacts-prod/images/coredns/coredns/tags/list");
    assert_eq!(
        urls,
        [
            (
                format!("{K8S}/v2/coredns/coredns/tags/list").as_str(),
                Some(307)
            ),
            (target.as_str(), Some(200)),
        ]
    );
}

#[tokio::test]
async fn a_challenge_from_the_redirect_target_is_answered_with_its_own_token_there() {
    let k8s = Capture::forwarding(&zoo("registry.k8s.io")).await;
    let west = Capture::forwarding(&zoo("us-west1-docker.pkg.dev")).await;
    let client = Client::new(
        ZooTransport::new()
            .with("registry.k8s.io", &k8s.base)
            .with("us-west1-docker.pkg.dev", &west.base),
        now_ms,
    );
    // Credentials for registry.k8s.io must not follow the request to another host.
    client.set_credentials(
        "registry.k8s.io",
        Some(Credentials {
            username: USER.into(),
            password: PASSWORD.into(),
        }),
    );
    // Not in the region's public k8s repositories: Artifact Registry challenges.
    let r = reference("registry.k8s.io/regscope-missing/app:1.0");
    let error = client.inspect(&r, None).await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized { .. }), "{error}");
    let target =
        format!("{US_WEST1}/v2/k8s-artifacts-prod/images/regscope-missing/app/manifests/1.0");
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
    let redirected = format!("{K8S}/v2/regscope-missing/app/manifests/1.0");
    let token_url = format!(
        "{US_WEST1}/v2/token?service=us-west1-docker.pkg.dev&scope=repository%3Ak8s-artifacts-prod%2Fimages%2Fregscope-missing%2Fapp%3Apull"
    );
    assert_eq!(
        steps,
        [
            (redirected.as_str(), Some(307), false),
            (target.as_str(), Some(401), false),
            (token_url.as_str(), Some(200), false),
            (target.as_str(), Some(401), true),
        ],
        "the token comes from the region's own challenge and is sent to the region only"
    );
    // What the servers received: registry.k8s.io never saw Authorization, the region saw it
    // only on the retry (not on the token request: credentials stay with their registry).
    assert!(k8s.seen().iter().all(|s| !s.authorization));
    let west_auth: Vec<bool> = west.seen().iter().map(|s| s.authorization).collect();
    assert_eq!(west_auth, [false, false, true]);
}

#[tokio::test]
async fn docker_hub_blobs_come_from_the_cdn_without_the_token() {
    let config = alpine_amd64_config().await;
    let hub = Capture::forwarding(&zoo("registry-1.docker.io")).await;
    let cdn = Capture::forwarding(&zoo("production.cloudflare.docker.com")).await;
    let client = Client::new(
        ZooTransport::new()
            .with("registry-1.docker.io", &hub.base)
            .with("production.cloudflare.docker.com", &cdn.base),
        now_ms,
    );
    // Only the blob: blob GETs do not count against Docker Hub's pull limit.
    let blob = client
        .fetch_blob(&reference("alpine"), &config, "config")
        .await
        .expect("the blob is fetched and verified");
    assert_eq!(blob.digest, config);
    let trace = client.take_trace();
    let purposes: Vec<&str> = trace.iter().map(|e| e.purpose.as_str()).collect();
    assert_eq!(purposes, ["config", "token", "config", "config"]);
    assert_eq!(trace[2].status, Some(307));
    assert!(has_authorization(&trace[2].request_headers));
    let last = &trace[3];
    assert!(
        last.url.starts_with(&format!(
            "https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/blobs/sha256/{}/",
            &config[7..9]
        )),
        "{}",
        last.url
    );
    assert_eq!(last.status, Some(200));
    assert!(!has_authorization(&last.request_headers));
    let hub_auth: Vec<bool> = hub.seen().iter().map(|s| s.authorization).collect();
    assert_eq!(hub_auth, [false, true]);
    let cdn_seen = cdn.seen();
    assert_eq!(cdn_seen.len(), 1);
    assert!(!cdn_seen[0].authorization, "the CDN never gets the token");
    assert!(cdn_seen[0].target.contains("?verify="));
}

#[tokio::test]
async fn quay_private_blobs_come_from_its_cdn_without_the_token() {
    let cdn = Capture::forwarding(&zoo("cdn03.quay.io")).await;
    let client = Client::new(ZooTransport::new().with("cdn03.quay.io", &cdn.base), now_ms);
    client.set_credentials(
        "quay.io",
        Some(Credentials {
            username: USER.into(),
            password: PASSWORD.into(),
        }),
    );
    let inspection = client
        .inspect(&reference("quay.io/regscope/private:1.0"), None)
        .await
        .expect("alice may pull the private image");
    assert_eq!(inspection.top.digest, seeded("private/app", "1.0").digest);
    let config = inspection.config_blob.expect("a config blob");
    let trace = client.take_trace();
    let blob_steps: Vec<(Option<u16>, bool)> = trace
        .iter()
        .filter(|e| e.purpose == "config")
        .map(|e| (e.status, has_authorization(&e.request_headers)))
        .collect();
    assert_eq!(blob_steps, [(Some(302), true), (Some(200), false)]);
    let last = trace.last().expect("a trace");
    assert!(last.url.starts_with(&format!(
        "https://cdn03.quay.io/quayio-production-s3/sha256/{}/{}",
        &config.digest[7..9],
        &config.digest[7..]
    )));
    let seen = cdn.seen();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].authorization, "the CDN never gets the token");
}
