//! Redirects natively against the stack's real registries, with small loopback servers for
//! what no registry of the stack or the zoo does: a redirector in front of the token-auth
//! registry (so the host that challenges is one the request was redirected to, and the
//! image behind it can be read) and in front of the no-auth one (catalog pages, referrers and
//! HEADs redirected), a blob origin that sends the walk back to the registry it came from, a
//! redirect loop, and a chain longer than any client follows.

mod support;

use std::sync::{Arc, OnceLock};

use regscope_core::contract::MAX_REDIRECTS;
use regscope_core::{Client, Error, Reference, TransportError};
use regscope_stack::facts::BLOB_ORIGIN;
use support::capture::{Capture, Reply};
use support::zoo::ZooTransport;
use support::*;

fn reference(text: &str) -> Reference {
    text.parse().expect("test references parse")
}

fn authority(base: &str) -> &str {
    base.trim_start_matches("http://")
}

fn has_authorization(headers: &[(String, String)]) -> bool {
    headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("authorization"))
}

#[tokio::test]
async fn a_token_from_the_host_redirected_to_is_kept_for_that_host() {
    // Every request to the redirector goes on to the token-auth registry, which challenges.
    let redirector =
        Capture::start(|_, target| Reply::Redirect(307, format!("http://{REGISTRY}{target}")))
            .await;
    let client = client();
    let r = reference(&format!(
        "{}/library/alpine:latest",
        authority(&redirector.base)
    ));
    let inspection = client.inspect(&r, None).await.expect("the flow succeeds");
    assert_eq!(
        inspection.top.digest,
        seeded("library/alpine", "latest").digest
    );
    assert!(inspection.config.is_some());
    let trace = client.take_trace();
    let steps: Vec<(&str, Option<u16>, bool)> = trace
        .iter()
        .map(|e| {
            let host = if e.url.starts_with(&redirector.base) {
                "redirector"
            } else if e.purpose == "token" {
                "token server"
            } else {
                "registry"
            };
            (host, e.status, has_authorization(&e.request_headers))
        })
        .collect();
    let redirect = ("redirector", Some(307), false);
    let challenge = ("registry", Some(401), false);
    let answer = ("registry", Some(200), true);
    assert_eq!(
        steps,
        [
            redirect,
            challenge,
            ("token server", Some(200), false),
            answer,
            redirect,
            challenge,
            answer,
            redirect,
            challenge,
            answer,
        ],
        "one token, asked for once, sent only to the registry that challenged"
    );
    assert_eq!(client.cached_tokens(), 1);
    assert!(redirector.seen().iter().all(|s| !s.authorization));
}

#[tokio::test]
async fn catalog_pages_referrers_and_heads_follow_redirects() {
    // A permanent redirect of every request to the no-auth registry.
    let redirector =
        Capture::start(|_, target| Reply::Redirect(308, format!("http://{CORS_REGISTRY}{target}")))
            .await;
    let client = client();
    let r = reference(&format!(
        "{}/library/alpine:latest",
        authority(&redirector.base)
    ));
    let page = client
        .list_catalog(&r, Some(2), None)
        .await
        .expect("a page");
    assert_eq!(page.repositories.len(), 2);
    let next = page.next.expect("a next page");
    assert!(
        next.starts_with(&format!("http://{CORS_REGISTRY}/v2/_catalog?")),
        "the relative Link resolves against the URL that answered: {next}"
    );
    let index = client
        .fetch_manifest(&r, "latest")
        .await
        .expect("the index");
    let amd64 = index
        .manifest
        .choose_platform(None)
        .expect("amd64")
        .digest()
        .to_string();
    let referrers = client.list_referrers(&r, &amd64).await.expect("referrers");
    assert_eq!(
        referrers.len(),
        1,
        "the cosign signature, found by a HEAD: {referrers:?}"
    );
    let trace = client.take_trace();
    for pair in trace.chunks(2) {
        assert_eq!(pair[0].status, Some(308), "{}", pair[0].url);
        assert!(pair[0].url.starts_with(&redirector.base));
        assert!(pair[1].url.starts_with(&format!("http://{CORS_REGISTRY}/")));
        assert_eq!(pair[0].method, pair[1].method, "a HEAD stays a HEAD");
    }
    assert_eq!(trace.iter().filter(|e| e.method == "HEAD").count(), 6);
}

#[tokio::test]
async fn authorization_never_comes_back_once_the_walk_left_the_origin() {
    // The blob origin sends its first visit back to the registry the walk came from; later
    // visits get the blob. Distribution answers that return hop 401: the token did not come.
    let registry = format!("http://{REDIRECT_REGISTRY}");
    let origin = Capture::start(move |visit, target| {
        // `/docker/registry/v2/blobs/sha256/XX/HEX/data`
        let hex = target.rsplit('/').nth(1).unwrap_or("");
        if visit == 0 {
            Reply::Redirect(
                307,
                format!("{registry}/v2/library/alpine/blobs/sha256:{hex}?again=1"),
            )
        } else {
            Reply::Forward(format!("http://{BLOB_ORIGIN}"))
        }
    })
    .await;
    let client = Client::new(ZooTransport::new().with(BLOB_ORIGIN, &origin.base), now_ms);
    let r = reference(&format!("{REDIRECT_REGISTRY}/library/alpine:latest"));
    let inspection = client.inspect(&r, None).await.expect("the flow succeeds");
    let config = inspection.config_blob.expect("a config blob").digest;
    let trace = client.take_trace();
    let steps: Vec<(String, Option<u16>, bool)> = trace
        .iter()
        .filter(|e| e.purpose == "config")
        .map(|e| {
            let at = if e.url.contains("?again=1") {
                "registry, again"
            } else if e.url.starts_with(&format!("http://{BLOB_ORIGIN}/")) {
                "origin"
            } else {
                "registry"
            };
            (
                at.to_string(),
                e.status,
                has_authorization(&e.request_headers),
            )
        })
        .collect();
    let step = |at: &str, status: u16, auth: bool| (at.to_string(), Some(status), auth);
    assert_eq!(
        steps,
        [
            step("registry", 307, true),
            step("origin", 307, false),
            step("registry, again", 401, false),
            step("registry, again", 307, true),
            step("origin", 200, false),
        ],
        "the return hop went without the token; the retry at the URL that refused had it"
    );
    let seen = origin.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|s| !s.authorization), "{seen:?}");
    assert!(seen[0].target.contains(&config[7..]));
}

#[tokio::test]
async fn a_redirect_loop_is_an_error_naming_the_url() {
    // Two origins sending each other the same request.
    let second_base: Arc<OnceLock<String>> = Arc::default();
    let to_second = second_base.clone();
    let first = Capture::start(move |_, target| {
        Reply::Redirect(
            302,
            format!("{}{target}", to_second.get().map_or("", String::as_str)),
        )
    })
    .await;
    let first_base = first.base.clone();
    let second =
        Capture::start(move |_, target| Reply::Redirect(307, format!("{first_base}{target}")))
            .await;
    second_base.set(second.base.clone()).expect("set once");
    let client = client();
    let r = reference(&format!("{}/loop/app:a", authority(&first.base)));
    let error = client.inspect(&r, None).await.unwrap_err();
    let Error::Transport {
        source: TransportError::Network(message),
        ..
    } = &error
    else {
        panic!("expected a walk error, got {error}");
    };
    let looped = format!("{}/v2/loop/app/manifests/a", first.base);
    assert!(message.contains("the redirects loop"), "{message}");
    assert!(message.contains(&looped), "{message}");
    assert!(!error.to_string().contains("answered 30"), "{error}");
    let statuses: Vec<Option<u16>> = client.take_trace().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Some(302), Some(307)]);
    assert_eq!((first.seen().len(), second.seen().len()), (1, 1));
}

#[tokio::test]
async fn a_chain_longer_than_the_limit_is_an_error_naming_the_url() {
    let server = Capture::start(|_, target| {
        let n: usize = target
            .rsplit('/')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        Reply::Redirect(302, format!("/v2/long/app/manifests/{}", n + 1))
    })
    .await;
    let client = client();
    let r = reference(&format!("{}/long/app:1", authority(&server.base)));
    let error = client.inspect(&r, None).await.unwrap_err();
    let next = format!(
        "{}/v2/long/app/manifests/{}",
        server.base,
        MAX_REDIRECTS + 2
    );
    assert!(
        error
            .to_string()
            .contains(&format!("more than {MAX_REDIRECTS} redirects")),
        "{error}"
    );
    assert!(error.to_string().contains(&next), "{error}");
    let trace = client.take_trace();
    assert_eq!(trace.len(), MAX_REDIRECTS + 1, "every hop is in the trace");
    assert!(trace.iter().all(|e| e.status == Some(302)));
    assert_eq!(server.seen().len(), MAX_REDIRECTS + 1);
}
