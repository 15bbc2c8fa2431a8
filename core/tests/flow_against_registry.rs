//! The whole inspect flow, natively, against the real registry stack (CNCF distribution with
//! our token server): every seeded image kind, private images, token mistakes, missing tags,
//! redirects to another origin, and a digest mismatch.

mod support;

use regscope_core::auth::AuthFailure;
use regscope_core::error::Missing;
use regscope_core::manifest::{Kind, Role};
use regscope_core::token::{self, TokenRequest};
use regscope_core::{Client, Credentials, Error, Reference, Request, Transport};
use support::*;

fn reference(text: &str) -> Reference {
    text.parse().expect("test references parse")
}

#[tokio::test]
async fn multi_platform_index_resolves_to_the_amd64_image_and_its_config() {
    let client = client();
    let seeded = seeded("library/alpine", "latest");
    let inspection = client
        .inspect(
            &reference(&format!("{REGISTRY}/library/alpine:latest")),
            None,
        )
        .await
        .expect("the flow succeeds");
    assert_eq!(inspection.top.digest, seeded.digest);
    assert_eq!(inspection.top.manifest.kind(), Kind::OciIndex);
    let platforms: Vec<String> = inspection
        .top
        .manifest
        .platforms()
        .map(|d| d.platform().unwrap().to_string())
        .collect();
    assert_eq!(platforms, ["linux/amd64", "linux/arm64/v8"]);
    let attested: Vec<&str> = inspection
        .top
        .manifest
        .attestations()
        .filter_map(|d| d.attests())
        .collect();
    assert_eq!(attested.len(), 2, "one attestation per platform");
    let chosen = inspection.chosen.as_ref().unwrap();
    assert!(attested.contains(&chosen.digest()));
    let image = inspection.platform.as_ref().unwrap();
    assert_eq!(image.digest, chosen.digest());
    assert_eq!(image.manifest.role(), Role::Image);
    let config = inspection.config.as_ref().unwrap();
    assert_eq!((config.os(), config.architecture()), ("linux", "amd64"));
    assert_eq!(config.diff_ids().len(), image.manifest.layers().len());
    assert!(config.history_for_layers().iter().all(Option::is_some));
    // The flow: 401, token, manifest, platform manifest, config (token cached after the first).
    let trace = client.take_trace();
    let purposes: Vec<&str> = trace.iter().map(|e| e.purpose.as_str()).collect();
    assert_eq!(
        purposes,
        ["manifest", "token", "manifest", "manifest", "config"]
    );
    assert_eq!(trace[0].status, Some(401));
    assert_eq!(client.cached_tokens(), 1);
}

#[tokio::test]
async fn a_platform_can_be_chosen_and_a_missing_one_is_named() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/library/alpine:3.20"));
    let arm = client
        .inspect(&r, Some(&"linux/arm64/v8".parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(arm.config.unwrap().variant(), Some("v8"));
    let err = client
        .inspect(&r, Some(&"linux/s390x".parse().unwrap()))
        .await
        .unwrap_err();
    match err {
        Error::PlatformNotFound { available, .. } => {
            assert_eq!(available, ["linux/amd64", "linux/arm64/v8"])
        }
        other => panic!("expected PlatformNotFound, got {other}"),
    }
}

#[tokio::test]
async fn every_seeded_image_kind_parses_with_its_registry_digest() {
    let cases = [
        ("oci/single", "1.0", Kind::OciManifest),
        ("docker/schema2", "latest", Kind::DockerSchema2),
        ("docker/list", "latest", Kind::DockerList),
        ("docker/schema1", "latest", Kind::Schema1Signed),
    ];
    let client = client();
    for (repository, tag, kind) in cases {
        let seeded = seeded(repository, tag);
        let r = reference(&format!("{REGISTRY}/{repository}:{tag}"));
        let inspection = client
            .inspect(&r, None)
            .await
            .unwrap_or_else(|e| panic!("{repository}: {e}"));
        assert_eq!(inspection.top.digest, seeded.digest, "{repository}");
        assert_eq!(inspection.top.manifest.kind(), kind, "{repository}");
        assert!(
            !inspection.image().manifest.layers().is_empty(),
            "{repository}"
        );
        assert_eq!(
            inspection.config.is_some(),
            kind != Kind::Schema1Signed,
            "{repository}"
        );
    }
}

#[tokio::test]
async fn by_digest_the_same_bytes_come_back_and_are_verified() {
    let client = client();
    let seeded = seeded("docker/schema1", "latest");
    let r = reference(&format!("{REGISTRY}/docker/schema1@{}", seeded.digest));
    let fetched = client.fetch_manifest(&r, &seeded.digest).await.unwrap();
    assert_eq!(fetched.digest, seeded.digest);
    assert_eq!(fetched.manifest.schema1().unwrap().signatures, 1);
}

#[tokio::test]
async fn private_repository_needs_credentials() {
    let client = client();
    let r = reference(&format!("{REGISTRY}/private/app:1.0"));
    match client.inspect(&r, None).await.unwrap_err() {
        Error::Unauthorized { explanation, .. } => {
            assert!(explanation.contains("credentials"), "{explanation}");
            assert!(explanation.contains("private/app"), "{explanation}");
        }
        other => panic!("expected Unauthorized, got {other}"),
    }
    client.take_trace();
    client.set_credentials(
        REGISTRY,
        Some(Credentials {
            username: regscope_stack::facts::USER.into(),
            password: regscope_stack::facts::PASSWORD.into(),
        }),
    );
    let inspection = client.inspect(&r, None).await.expect("alice may pull");
    assert_eq!(inspection.top.digest, seeded("private/app", "1.0").digest);
    // The credentials went to the token endpoint only, never to the registry.
    for exchange in client.take_trace() {
        let basic = exchange
            .request_headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("authorization") && v.starts_with("Basic "));
        assert_eq!(basic, exchange.purpose == "token", "{}", exchange.url);
    }
}

#[tokio::test]
async fn wrong_password_is_refused_by_the_token_endpoint() {
    let client = client();
    client.set_credentials(
        REGISTRY,
        Some(Credentials {
            username: regscope_stack::facts::USER.into(),
            password: "nope".into(),
        }),
    );
    let r = reference(&format!("{REGISTRY}/private/app:1.0"));
    match client.inspect(&r, None).await.unwrap_err() {
        Error::TokenRefused {
            status,
            explanation,
        } => {
            assert_eq!(status, 401);
            assert!(explanation.contains("alice"), "{explanation}");
        }
        other => panic!("expected TokenRefused, got {other}"),
    }
}

/// Sends a manifest GET with a token obtained for `request`, and explains the refusal.
async fn refused_with(request: TokenRequest, token_path: &str) -> AuthFailure {
    let client = client();
    let mut request = request;
    request.realm = format!("{}{token_path}", token_server());
    let token = client
        .request_token(&request, REGISTRY)
        .await
        .expect("a token is issued");
    let url = format!("http://{REGISTRY}/v2/library/alpine/manifests/latest");
    let response = client
        .transport()
        .send(
            Request::get(url)
                .header(
                    "Accept",
                    regscope_core::media_types::manifest_accept_header(),
                )
                .header("Authorization", format!("Bearer {}", token.secret())),
        )
        .await
        .unwrap();
    assert_eq!(response.status, 401);
    AuthFailure::from_response(&response, false, "library/alpine", Some(&request), false)
}

#[tokio::test]
async fn a_token_for_the_wrong_service_is_explained() {
    let failure = refused_with(
        TokenRequest {
            realm: String::new(),
            service: Some("index.docker.io".into()),
            scope: Some(token::pull_scope("library/alpine")),
        },
        "/token",
    )
    .await;
    assert_eq!(failure.error.as_deref(), Some("invalid_token"));
    let text = failure.explain();
    assert!(
        text.contains("\"index.docker.io\"")
            && text.contains(&format!("\"{}\"", regscope_stack::facts::SERVICE)),
        "{text}"
    );
}

#[tokio::test]
async fn a_token_for_the_wrong_scope_is_explained() {
    let failure = refused_with(
        TokenRequest {
            realm: String::new(),
            service: Some(regscope_stack::facts::SERVICE.into()),
            scope: Some(token::pull_scope("alpine")),
        },
        "/token",
    )
    .await;
    assert_eq!(failure.error.as_deref(), Some("insufficient_scope"));
    let text = failure.explain();
    assert!(
        text.contains("repository:alpine:pull") && text.contains("repository:library/alpine:pull"),
        "{text}"
    );
}

#[tokio::test]
async fn an_expired_token_is_explained_and_the_flow_renews_it() {
    let failure = refused_with(
        TokenRequest {
            realm: String::new(),
            service: Some(regscope_stack::facts::SERVICE.into()),
            scope: Some(token::pull_scope("library/alpine")),
        },
        "/token/expired",
    )
    .await;
    assert_eq!(failure.error.as_deref(), Some("invalid_token"));
    assert!(
        failure.explain().contains("expired"),
        "{}",
        failure.explain()
    );

    // Given the expired token, the flow drops it on invalid_token and retries once with a fresh one.
    let client: Client<_> = client();
    let r = reference(&format!("{REGISTRY}/library/alpine:latest"));
    let request = TokenRequest {
        realm: format!("{}/token/expired", token_server()),
        service: Some(regscope_stack::facts::SERVICE.into()),
        scope: Some(token::pull_scope("library/alpine")),
    };
    let stale = client.request_token(&request, REGISTRY).await.unwrap();
    client.use_token(&r, stale, request);
    client.take_trace();
    let fetched = client.fetch_manifest(&r, "latest").await.expect("renewed");
    assert_eq!(fetched.digest, seeded("library/alpine", "latest").digest);
    let statuses: Vec<Option<u16>> = client.take_trace().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Some(401), Some(200), Some(200)]);
}

#[tokio::test]
async fn missing_tag_and_missing_repository_are_told_apart() {
    let client = client();
    let err = client
        .inspect(&reference(&format!("{REGISTRY}/library/alpine:nope")), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                missing: Missing::Manifest,
                ..
            }
        ),
        "{err}"
    );
    // distribution answers MANIFEST_UNKNOWN for a manifest of a missing repository too;
    // only the tag list tells the repository is missing (NAME_UNKNOWN).
    let absent = reference(&format!("{REGISTRY}/library/absent:latest"));
    let err = client.inspect(&absent, None).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                missing: Missing::Manifest,
                ..
            }
        ),
        "{err}"
    );
    let err = client.list_tags(&absent, None, None).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                missing: Missing::Repository,
                ..
            }
        ),
        "{err}"
    );
}

#[tokio::test]
async fn tags_are_listed() {
    let client = client();
    let page = client
        .list_tags(&reference(&format!("{REGISTRY}/many/tags")), None, None)
        .await
        .unwrap();
    assert_eq!(page.name, "many/tags");
    assert_eq!(page.tags.len(), 121);
    assert!(page.tags.iter().any(|t| t == "latest"));
}

#[tokio::test]
async fn a_corrupted_manifest_is_a_digest_mismatch() {
    let client = Client::new(CorruptingTransport(NativeTransport::new()), now_ms);
    let r = reference(&format!("{REGISTRY}/oci/single:1.0"));
    match client.inspect(&r, None).await.unwrap_err() {
        Error::Digest(regscope_core::digest::DigestError::Mismatch { expected, actual }) => {
            assert_eq!(expected, seeded("oci/single", "1.0").digest);
            assert_ne!(actual, expected);
        }
        other => panic!("expected a digest mismatch, got {other}"),
    }
}

#[tokio::test]
async fn blobs_redirected_to_another_origin_are_fetched_and_verified() {
    let client = client();
    let r = reference(&format!("{REDIRECT_REGISTRY}/library/alpine:latest"));
    let inspection = client
        .inspect(&r, None)
        .await
        .expect("the redirect is followed");
    assert_eq!(
        inspection.top.digest,
        seeded("library/alpine", "latest").digest
    );
    assert!(inspection.config.is_some());
}

#[tokio::test]
async fn a_registry_without_auth_needs_no_token() {
    let client = client();
    let r = reference(&format!("{CORS_REGISTRY}/library/alpine:latest"));
    let inspection = client.inspect(&r, None).await.unwrap();
    assert_eq!(
        inspection.top.digest,
        seeded("library/alpine", "latest").digest
    );
    assert!(client.take_trace().iter().all(|e| e.purpose != "token"));
    assert_eq!(client.cached_tokens(), 0);
}

#[tokio::test]
async fn a_basic_challenge_is_answered_with_the_registry_credentials() {
    let client = client();
    let r = reference(&format!("{BASIC_REGISTRY}/library/alpine:latest"));
    match client.inspect(&r, None).await.unwrap_err() {
        Error::Unauthorized { explanation, .. } => {
            assert!(
                explanation.contains("username and password"),
                "{explanation}"
            )
        }
        other => panic!("expected Unauthorized, got {other}"),
    }
    client.take_trace();
    client.set_credentials(
        BASIC_REGISTRY,
        Some(Credentials {
            username: regscope_stack::facts::USER.into(),
            password: regscope_stack::facts::PASSWORD.into(),
        }),
    );
    let inspection = client
        .inspect(&r, None)
        .await
        .expect("Basic credentials work");
    assert_eq!(
        inspection.top.digest,
        seeded("library/alpine", "latest").digest
    );
    let trace = client.take_trace();
    assert!(
        trace.iter().all(|e| e.purpose != "token"),
        "no token flow for Basic"
    );
    // The scheme was learned from the refusal: Basic on every request, the first included.
    assert!(trace.iter().all(|e| e.status == Some(200)));
    assert!(trace.iter().all(|e| {
        e.request_headers
            .iter()
            .any(|(name, value)| name == "Authorization" && value.starts_with("Basic "))
    }));

    let wrong = support::client();
    wrong.set_credentials(
        BASIC_REGISTRY,
        Some(Credentials {
            username: regscope_stack::facts::USER.into(),
            password: "nope".into(),
        }),
    );
    match wrong.inspect(&r, None).await.unwrap_err() {
        Error::Unauthorized { explanation, .. } => {
            assert!(
                explanation.contains("refused the username and password"),
                "{explanation}"
            )
        }
        other => panic!("expected Unauthorized, got {other}"),
    }
}

#[tokio::test]
async fn large_documents_parse_completely() {
    let client = client();
    let wide = client
        .inspect(
            &reference(&format!("{REGISTRY}/large/wide-index:latest")),
            None,
        )
        .await
        .unwrap();
    assert_eq!(wide.top.manifest.platforms().count(), 1000);
    // No linux/amd64 entry: the first platform is chosen.
    assert_eq!(
        wide.chosen.unwrap().platform().unwrap().to_string(),
        "linux/arch0000/v0"
    );
    let layers = client
        .inspect(
            &reference(&format!("{REGISTRY}/large/many-layers:latest")),
            None,
        )
        .await
        .unwrap();
    assert_eq!(layers.top.manifest.layers().len(), 500);
    let config = layers.config.unwrap();
    assert_eq!(config.diff_ids().len(), 500);
    assert!(config.history_for_layers().iter().all(Option::is_some));
    let history = client
        .inspect(
            &reference(&format!("{REGISTRY}/large/long-history:latest")),
            None,
        )
        .await
        .unwrap();
    let config = history.config.unwrap();
    assert_eq!(config.history().len(), 1000);
    assert_eq!(
        config.history().iter().filter(|h| h.empty_layer).count(),
        999
    );
}
