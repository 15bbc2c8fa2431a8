//! Table test of `doctor::diagnose`: one row per broken (or right) request, each asserting the
//! exact finding kinds and the exact corrected commands.

use regscope_core::base64_codec::encode_url_no_pad;
use regscope_core::doctor::{FindingKind as K, diagnose};
use regscope_core::paste::interpret;

/// The four manifest types, as the Accept header lists them.
const ALL: &str = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

/// A Docker Hub-like JWT granting pull on library/nginx.
fn jwt_nginx() -> String {
    let payload = encode_url_no_pad(
        br#"{"access":[{"type":"repository","name":"library/nginx","actions":["pull"]}]}"#,
    );
    format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln")
}

struct Row {
    input: String,
    kinds: Vec<K>,
    commands: Option<String>,
}

fn row(input: &str, kinds: &[K], commands: Option<&str>) -> Row {
    Row {
        input: input
            .replace("{ALL}", ALL)
            .replace("JWT_NGINX", &jwt_nginx()),
        kinds: kinds.to_vec(),
        commands: commands.map(|c| c.replace("{ALL}", ALL)),
    }
}

#[test]
fn every_case_is_diagnosed_and_corrected() {
    let rows = [
        row(
            "curl -s \"https://auth.docker.io/token?service=registry.docker.io&scope=repository:alpine:pull\"",
            &[K::MissingLibraryPrefix],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\n# then, for example, the manifest of its tag latest:\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "curl -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/alpine/manifests/latest",
            &[K::MissingLibraryPrefix],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "https://auth.docker.io/token?service=index.docker.io&scope=repository:library/alpine:pull",
            &[K::WrongService],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\n# then, for example, the manifest of its tag latest:\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "https://auth.docker.io/token?service=docker.io&scope=repository:library/alpine:pull",
            &[K::WrongService],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\n# then, for example, the manifest of its tag latest:\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "curl 'https://registry-1.docker.io/token?service=registry-1.docker.io&scope=repository:library/alpine:pull'",
            &[K::WrongRealm, K::WrongService],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\n# then, for example, the manifest of its tag latest:\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "curl -u me:pw 'https://auth.docker.io/token?service=registry.docker.io'",
            &[K::MissingScope],
            Some(
                "TOKEN=$(curl -sS -u me:pw 'https://auth.docker.io/token?service=registry.docker.io' | jq -r .token)",
            ),
        ),
        row(
            "TOKEN=$(curl -s \"https://auth.docker.io/token?service=registry.docker.io&scope=repository:library/nginx:pull\" | jq -r .token)\ncurl -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            &[K::TokenScopeMismatch],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "curl -H \"Authorization: Bearer JWT_NGINX\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            &[K::TokenScopeMismatch],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "T=JWT_NGINX; curl -I -H \"Authorization: Bearer $T\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            &[K::TokenScopeMismatch],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -I -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":\"insufficient_scope\"}]}",
            &[K::InsufficientScope],
            None,
        ),
        row(
            "TOKEN=$(curl -s \"https://auth.docker.io/token?service=registry.docker.io&scope=repository:library/alpine:pull\" | jq -r .token)\ncurl -H \"Authorization: Bearer $TOKEN\" https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            &[K::MissingAccept],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "TOKEN=$(curl -s \"https://auth.docker.io/token?service=registry.docker.io&scope=repository:library/alpine:pull\" | jq -r .token)\ncurl -sI -H \"Authorization: Bearer $TOKEN\" -H \"Accept: application/vnd.docker.distribution.manifest.v2+json\" https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            &[K::IncompleteAccept],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -I -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"OCI index found, but accept header does not support OCI indexes\"}]}",
            &[K::IncompleteAccept],
            None,
        ),
        row(
            "curl -i https://ghcr.io/v2",
            &[K::MissingTrailingSlash],
            Some("curl -sS -i https://ghcr.io/v2/"),
        ),
        row(
            "curl -H \"Authorization: Bearer $TOKEN\" https://ghcr.io/v2/org/app/blobs/latest -o blob",
            &[K::TagWhereDigestNeeded, K::BlobWithoutLocation],
            Some(
                "# /blobs takes a digest: this asks for the manifest of \"latest\" instead, which lists the digests\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' -o blob https://ghcr.io/v2/org/app/manifests/latest",
            ),
        ),
        row(
            "curl -H \"Authorization: Bearer $TOKEN\" https://ghcr.io/v2/org/app/referrers/v1",
            &[K::TagWhereDigestNeeded],
            Some(
                "# /referrers takes a digest: this asks for the manifest of \"v1\" instead, which lists the digests\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://ghcr.io/v2/org/app/manifests/v1",
            ),
        ),
        row(
            "curl -H \"Authorization: Bearer $TOKEN\" https://ghcr.io/v2/org/app/blobs/sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            &[K::BlobWithoutLocation],
            Some(
                "curl -sS -L -H \"Authorization: Bearer $TOKEN\" https://ghcr.io/v2/org/app/blobs/sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ),
        ),
        row(
            "TOKEN=$(curl -H \"Authorization: Bearer $OLD\" \"https://auth.docker.io/token?service=registry.docker.io&scope=repository:library/alpine:pull\" | jq -r .token)\ncurl -H \"Authorization: Bearer $TOKEN\" https://registry-1.docker.io/v2/library/alpine/tags/list",
            &[K::BearerSentToRealm],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" https://registry-1.docker.io/v2/library/alpine/tags/list",
            ),
        ),
        row(
            "curl https://registry-1.docker.io/v2/library/alpine/tags/list",
            &[K::MissingToken],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" https://registry-1.docker.io/v2/library/alpine/tags/list",
            ),
        ),
        row(
            "TOKEN=$(curl -s \"https://ghcr.io/token?service=ghcr.io&scope=repository:org/app:pull\" | jq -r .token)\ncurl https://ghcr.io/v2/org/app/tags/list",
            &[K::MissingToken],
            Some(
                "TOKEN=$(curl -sS 'https://ghcr.io/token?service=ghcr.io&scope=repository%3Aorg%2Fapp%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" https://ghcr.io/v2/org/app/tags/list",
            ),
        ),
        row(
            "curl -u me:secret https://registry-1.docker.io/v2/library/alpine/tags/list",
            &[K::CredentialsSentToRegistry],
            Some(
                "TOKEN=$(curl -sS -u me:secret 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" https://registry-1.docker.io/v2/library/alpine/tags/list",
            ),
        ),
        row(
            "curl -H \"Authorization: $TOKEN\" https://registry-1.docker.io/v2/library/alpine/tags/list",
            &[K::AuthorizationNotBearer],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" https://registry-1.docker.io/v2/library/alpine/tags/list",
            ),
        ),
        row(
            "curl -H \"Authorization: Bearer $TOKEN\" https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/app/tags/list",
            &[K::EcrBasicAuth],
            Some(
                "curl -sS -u \"AWS:$(aws ecr get-login-password --region eu-west-1)\" https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/app/tags/list",
            ),
        ),
        row(
            "curl -u \"AWS:$(aws ecr get-login-password --region eu-west-1)\" https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/app/tags/list",
            &[],
            Some(
                "curl -sS -u \"AWS:$(aws ecr get-login-password --region eu-west-1)\" https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/app/tags/list",
            ),
        ),
        row(
            "WWW-Authenticate: Basic realm=\"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/\",service=\"ecr.amazonaws.com\"",
            &[K::EcrBasicAuth],
            Some(
                "curl -sS -u \"AWS:$(aws ecr get-login-password --region eu-west-1)\" https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/",
            ),
        ),
        row(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:alpine:pull\"",
            &[K::MissingLibraryPrefix],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\n# then, for example, the manifest of its tag latest:\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\"",
            &[K::ChallengeWithoutScope],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io' | jq -r .token)",
            ),
        ),
        row("Basic realm=\"Registry Realm\"", &[K::BasicChallenge], None),
        row(
            "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}",
            &[K::Denied],
            None,
        ),
        row(
            "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\",\"detail\":{\"name\":\"nope\"}}]}",
            &[K::NameUnknown],
            None,
        ),
        row(
            "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit.\"}]}",
            &[K::TooManyRequests],
            None,
        ),
        row(
            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}",
            &[K::ManifestUnknown],
            None,
        ),
        row(
            "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}",
            &[K::RegistryError],
            None,
        ),
        row("curl https://example.com/", &[K::NotARegistryUrl], None),
        row(
            "curl -X HEAD -H 'Accept: {ALL}' http://localhost:5000/v2/a/manifests/1",
            &[K::HeadWithRequestOption],
            Some("curl -sS -I -H 'Accept: {ALL}' http://localhost:5000/v2/a/manifests/1"),
        ),
        row(
            "docker pull -a alpine",
            &[],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest\n# --all-tags: the tags of the repository\ncurl -sS -H \"Authorization: Bearer $TOKEN\" https://registry-1.docker.io/v2/library/alpine/tags/list",
            ),
        ),
        row(
            "https://registry-1.docker.io/v2/alpine/blobs/latest",
            &[K::MissingLibraryPrefix, K::TagWhereDigestNeeded],
            Some(
                "# /blobs takes a digest: this asks for the manifest of \"latest\" instead, which lists the digests\nTOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\",error=\"invalid_token\"",
            &[K::InvalidToken],
            Some(
                "TOKEN=$(curl -sS 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull' | jq -r .token)\n# then, for example, the manifest of its tag latest:\ncurl -sS -H \"Authorization: Bearer $TOKEN\" -H 'Accept: {ALL}' https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            ),
        ),
        row("nonsense here\n", &[K::NotUnderstood], None),
    ];
    let mut failures = Vec::new();
    for row in &rows {
        let diagnosis = diagnose(&interpret(&row.input));
        if diagnosis.kinds() != row.kinds || diagnosis.commands != row.commands {
            failures.push(format!(
                "{:?}\n  expected {:?}\n{:?}\n  got      {:?}\n{:?}",
                row.input,
                row.kinds,
                row.commands,
                diagnosis.kinds(),
                diagnosis.commands
            ));
        }
        for finding in &diagnosis.findings {
            assert!(!finding.title.is_empty() && !finding.explanation.is_empty());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn what_was_understood_is_told() {
    let diagnosis = diagnose(&interpret(
        "TOKEN=$(curl -s 'https://auth.docker.io/token?service=index.docker.io&scope=repository:alpine:pull' | jq -r .token)\ncurl -H \"Authorization: Bearer $TOKEN\" https://registry-1.docker.io/v2/alpine/manifests/3.20",
    ));
    assert_eq!(diagnosis.title, "3 problems found");
    assert_eq!(
        diagnosis.commands_title.as_deref(),
        Some("Corrected commands")
    );
    let facts: Vec<String> = diagnosis
        .understood
        .facts()
        .into_iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect();
    assert_eq!(
        facts,
        [
            "Registry: docker.io",
            "Host: registry-1.docker.io",
            "Repository: alpine",
            "Tag or digest: 3.20",
            "Request: manifest request",
            "Method: GET",
            "Token endpoint: https://auth.docker.io/token",
            "Service: index.docker.io",
            "Scope: repository:alpine:pull",
        ]
    );
    let titles: Vec<&str> = diagnosis
        .findings
        .iter()
        .map(|f| f.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Docker Hub's service is registry.docker.io",
            "On Docker Hub the repository is library/alpine, not alpine",
            "The manifest request has no Accept header",
        ]
    );
}
