//! The whole inspect flow natively against every registry the zoo emulates, each reached by
//! its real name: the core follows each registry's own auth (anonymous tokens, ECR's Basic
//! with user `AWS`, ACR's `/oauth2/token`, Harbor's token service, GHCR's opaque tokens,
//! GitLab's realm on gitlab.com, registry.k8s.io's 307 to a regional host that challenges on
//! its own, Docker Hub's blob 307 to its CDN), with credentials where the emulation requires
//! them. Every inspection is checked against the same seeded image read from the stack's
//! no-auth registry: top digest, platforms, layers and config.

mod support;

use regscope_core::{Client, Credentials, Error, Inspection, Reference};
use regscope_stack::facts::{
    PASSWORD, USER, ZOO_ECR_HOST, ZOO_ECR_PASSWORD, ZOO_ECR_USER, ZOO_GOOGLE_ACCESS_TOKEN,
    ZOO_GOOGLE_USER,
};
use support::zoo::ZooTransport;
use support::*;

/// How a registry's requests must have been authorized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Auth {
    /// No request carried `Authorization`.
    Open,
    /// A token from this realm (URL prefix), asked for anonymously.
    AnonymousToken(&'static str),
    /// A token from this realm, asked for with the credentials (Basic on the token request).
    SignedToken(&'static str),
    /// HTTP Basic on the registry's own requests, no token endpoint.
    Basic,
}

/// One image of one emulated registry and the seeded image behind it.
struct Case {
    image: &'static str,
    seeded_repository: &'static str,
    seeded_tag: &'static str,
    credentials: Option<(&'static str, &'static str)>,
    auth: Auth,
}

const fn case(
    image: &'static str,
    seeded: (&'static str, &'static str),
    credentials: Option<(&'static str, &'static str)>,
    auth: Auth,
) -> Case {
    Case {
        image,
        seeded_repository: seeded.0,
        seeded_tag: seeded.1,
        credentials,
        auth,
    }
}

const ALICE: Option<(&str, &str)> = Some((USER, PASSWORD));
const ALPINE: (&str, &str) = ("library/alpine", "latest");
const PRIVATE: (&str, &str) = ("private/app", "1.0");

fn cases() -> Vec<Case> {
    use Auth::*;
    vec![
        case(
            "docker.io/library/alpine:latest",
            ALPINE,
            None,
            AnonymousToken("https://auth.docker.io/token?"),
        ),
        case(
            "regscope/private:1.0",
            PRIVATE,
            ALICE,
            SignedToken("https://auth.docker.io/token?"),
        ),
        case(
            "ghcr.io/regscope/alpine:latest",
            ALPINE,
            None,
            AnonymousToken("https://ghcr.io/token?"),
        ),
        case(
            "ghcr.io/regscope/private:1.0",
            PRIVATE,
            ALICE,
            SignedToken("https://ghcr.io/token?"),
        ),
        case("quay.io/regscope/alpine:latest", ALPINE, None, Open),
        case(
            "quay.io/regscope/private:1.0",
            PRIVATE,
            ALICE,
            SignedToken("https://quay.io/v2/auth?"),
        ),
        case(
            "us-docker.pkg.dev/regscope-public/images/alpine:latest",
            ALPINE,
            None,
            Open,
        ),
        case(
            "us-docker.pkg.dev/regscope-project/images/alpine:latest",
            ALPINE,
            Some((ZOO_GOOGLE_USER, ZOO_GOOGLE_ACCESS_TOKEN)),
            SignedToken("https://us-docker.pkg.dev/v2/token?"),
        ),
        case(
            "registry.k8s.io/pause:latest",
            ("docker/list", "latest"),
            None,
            Open,
        ),
        case(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/regscope/alpine:latest",
            ALPINE,
            Some((ZOO_ECR_USER, ZOO_ECR_PASSWORD)),
            Basic,
        ),
        case(
            "public.ecr.aws/docker/library/alpine:latest",
            ALPINE,
            None,
            AnonymousToken("https://public.ecr.aws/token/?"),
        ),
        case(
            "regscope.azurecr.io/alpine:latest",
            ALPINE,
            None,
            AnonymousToken("https://regscope.azurecr.io/oauth2/token?"),
        ),
        case(
            "regscope.azurecr.io/regscope/single:1.0",
            ("oci/single", "1.0"),
            ALICE,
            SignedToken("https://regscope.azurecr.io/oauth2/token?"),
        ),
        case("harbor.local/library/alpine:latest", ALPINE, None, Open),
        case(
            "harbor.local/regscope/app:1.0",
            PRIVATE,
            ALICE,
            SignedToken("http://harbor.local/service/token?"),
        ),
        case(
            "registry.gitlab.com/regscope/regscope:latest",
            ALPINE,
            None,
            AnonymousToken("https://gitlab.com/jwt/auth?"),
        ),
        case(
            "registry.gitlab.com/regscope/private:1.0",
            PRIVATE,
            ALICE,
            SignedToken("https://gitlab.com/jwt/auth?"),
        ),
        case(
            "mcr.microsoft.com/regscope/list:latest",
            ("docker/list", "latest"),
            None,
            Open,
        ),
    ]
}

fn reference(text: &str) -> Reference {
    text.parse().expect("test references parse")
}

/// What the stack's no-auth registry serves for the seeded image: the expected answer.
async fn expected(case: &Case) -> Inspection {
    let image = format!(
        "{CORS_REGISTRY}/{}:{}",
        case.seeded_repository, case.seeded_tag
    );
    client()
        .inspect(&reference(&image), None)
        .await
        .unwrap_or_else(|e| panic!("the stack serves {image}: {e}"))
}

fn platforms(inspection: &Inspection) -> Vec<String> {
    inspection
        .top
        .manifest
        .platforms()
        .map(|d| d.platform().map_or_else(String::new, ToString::to_string))
        .collect()
}

fn layers(inspection: &Inspection) -> Vec<String> {
    inspection
        .image()
        .manifest
        .layers()
        .iter()
        .map(|d| d.digest().to_string())
        .collect()
}

fn authorization(headers: &[(String, String)]) -> Option<&str> {
    headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.as_str())
}

/// Checks how the trace of one inspection was authorized.
fn check_auth(case: &Case, client: &Client<ZooTransport>) {
    let trace = client.take_trace();
    let tokens: Vec<_> = trace.iter().filter(|e| e.purpose == "token").collect();
    let registry: Vec<_> = trace.iter().filter(|e| e.purpose != "token").collect();
    let image = case.image;
    match case.auth {
        Auth::Open => {
            assert!(tokens.is_empty(), "{image}: no token was needed");
            assert!(
                trace
                    .iter()
                    .all(|e| authorization(&e.request_headers).is_none()),
                "{image}: nothing carried Authorization"
            );
        }
        Auth::AnonymousToken(realm) | Auth::SignedToken(realm) => {
            assert!(!tokens.is_empty(), "{image}: a token was asked for");
            for token in &tokens {
                assert!(
                    token.url.starts_with(realm),
                    "{image}: token from {}",
                    token.url
                );
                let basic =
                    authorization(&token.request_headers).is_some_and(|v| v.starts_with("Basic "));
                assert_eq!(
                    basic,
                    matches!(case.auth, Auth::SignedToken(_)),
                    "{image}: credentials on the token request only when given"
                );
            }
            let last = registry.last().expect("registry requests");
            assert_eq!(last.status, Some(200), "{image}");
            let bearer = registry.iter().any(|e| {
                authorization(&e.request_headers).is_some_and(|v| v.starts_with("Bearer "))
            });
            assert!(bearer, "{image}: the token was used");
        }
        Auth::Basic => {
            assert!(tokens.is_empty(), "{image}: Basic needs no token");
            let manifest = registry.last().expect("registry requests");
            assert!(
                authorization(&manifest.request_headers).is_some_and(|v| v.starts_with("Basic ")),
                "{image}: the registry got Basic"
            );
        }
    }
}

#[tokio::test]
async fn every_zoo_registry_is_inspected_by_its_real_name() {
    for case in cases() {
        let client = Client::new(ZooTransport::new(), now_ms);
        let r = reference(case.image);
        if let Some((username, password)) = case.credentials {
            client.set_credentials(
                r.api_host(),
                Some(Credentials {
                    username: username.into(),
                    password: password.into(),
                }),
            );
        }
        let inspection = client
            .inspect(&r, None)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", case.image));
        let want = expected(&case).await;
        let seeded = seeded(case.seeded_repository, case.seeded_tag);
        let image = case.image;
        assert_eq!(inspection.top.digest, seeded.digest, "{image}");
        assert_eq!(inspection.top.digest, want.top.digest, "{image}");
        assert_eq!(platforms(&inspection), platforms(&want), "{image}");
        assert_eq!(
            inspection.chosen.as_ref().map(|d| d.digest().to_string()),
            want.chosen.as_ref().map(|d| d.digest().to_string()),
            "{image}"
        );
        assert_eq!(layers(&inspection), layers(&want), "{image}");
        assert!(!layers(&inspection).is_empty(), "{image}");
        assert_eq!(
            inspection.config_blob.as_ref().map(|b| b.digest.clone()),
            want.config_blob.as_ref().map(|b| b.digest.clone()),
            "{image}"
        );
        check_auth(&case, &client);
    }
}

#[tokio::test]
async fn private_images_are_refused_without_credentials() {
    for image in [
        "regscope/private:1.0",
        "ghcr.io/regscope/private:1.0",
        "quay.io/regscope/private:1.0",
        "us-docker.pkg.dev/regscope-project/images/alpine:latest",
        "harbor.local/regscope/app:1.0",
        "registry.gitlab.com/regscope/private:1.0",
    ] {
        let client = Client::new(ZooTransport::new(), now_ms);
        let error = client.inspect(&reference(image), None).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::Unauthorized { .. } | Error::TokenRefused { .. } | Error::Denied { .. }
            ),
            "{image}: {error}"
        );
    }
}

#[tokio::test]
async fn ecr_without_credentials_names_the_aws_user_and_the_login_command() {
    let client = Client::new(ZooTransport::new(), now_ms);
    let image = format!("{ZOO_ECR_HOST}/regscope/alpine:latest");
    let error = client.inspect(&reference(&image), None).await.unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, Error::Unauthorized { .. }), "{text}");
    assert!(text.contains("\"AWS\""), "{text}");
    assert!(
        text.contains("aws ecr get-login-password --region us-east-1"),
        "{text}"
    );
}

#[tokio::test]
async fn credentials_entered_after_a_refusal_go_with_the_very_next_request() {
    let ecr = format!("{ZOO_ECR_HOST}/regscope/alpine:latest");
    let cases: [(&str, (&str, &str)); 4] = [
        (&ecr, (ZOO_ECR_USER, ZOO_ECR_PASSWORD)),
        ("harbor.local/regscope/app:1.0", (USER, PASSWORD)),
        ("ghcr.io/regscope/private:1.0", (USER, PASSWORD)),
        ("regscope/private:1.0", (USER, PASSWORD)),
    ];
    for (image, (username, password)) in cases {
        let client = Client::new(ZooTransport::new(), now_ms);
        let r = reference(image);
        client
            .inspect(&r, None)
            .await
            .expect_err("refused without credentials");
        client.take_trace();
        client.set_credentials(
            r.api_host(),
            Some(Credentials {
                username: username.into(),
                password: password.into(),
            }),
        );
        client
            .inspect(&r, None)
            .await
            .unwrap_or_else(|e| panic!("{image}: {e}"));
        let trace = client.take_trace();
        let statuses: Vec<Option<u16>> = trace.iter().map(|e| e.status).collect();
        assert!(
            !statuses.contains(&Some(401)),
            "{image}: no request went out without the credentials: {statuses:?}"
        );
        let first = &trace[0];
        assert!(
            authorization(&first.request_headers).is_some_and(|v| v.starts_with("Basic ")),
            "{image}: the first request carries the credentials ({})",
            first.url
        );
    }
}

#[tokio::test]
async fn docker_hub_announces_the_pull_quota_and_others_do_not() {
    let client = Client::new(ZooTransport::new(), now_ms);
    let inspection = client
        .inspect(&reference("alpine:latest"), None)
        .await
        .expect("Docker Hub serves alpine");
    let top = inspection
        .top
        .pull_quota
        .clone()
        .expect("a quota on the index");
    let shown = inspection.pull_quota().expect("a quota").clone();
    assert_eq!((top.limit, top.window_secs), (100, Some(21_600)));
    // Each manifest GET counts: the platform manifest's answer has one pull fewer left.
    assert!(shown.remaining < top.remaining, "{shown:?} after {top:?}");
    assert!(
        shown
            .describe()
            .ends_with(" of 100 pulls left (6 h window)"),
        "{}",
        shown.describe()
    );
    // The same tag again in this session: a HEAD confirms the index held (not a pull), and its
    // answer carries the quota too, unchanged.
    let again = client
        .inspect(&reference("alpine:latest"), None)
        .await
        .expect("Docker Hub serves alpine again");
    let confirmed = again.pull_quota().expect("a quota from the HEAD").clone();
    assert_eq!(confirmed.remaining, shown.remaining, "a HEAD is not a pull");
    assert_eq!(confirmed.limit, 100);
    let ghcr = client
        .inspect(&reference("ghcr.io/regscope/alpine:latest"), None)
        .await
        .expect("GHCR serves alpine");
    assert_eq!(ghcr.pull_quota(), None);
}
