//! Checks of a registry API request: the path (`library/`, `/v2/`, a digest where one is
//! needed), the Accept header of manifest requests, `-L` for blobs, `-I` for HEAD, and the
//! credentials (a Bearer token for the right repository, ECR's Basic credentials).

use super::commands::MANIFEST_TYPES;
use super::finding::{Finding, FindingKind, Severity};
use super::known_registries::{docker_hub_name, ecr_region};
use super::plan::LinkedToken;
use super::token_claims;
use crate::media_types::essence;
use crate::paste::shell::variable_name;
use crate::paste::{ApiUrl, CurlCommand, RequestKind, Scope};

/// What is known around a registry request.
pub(crate) struct RequestContext<'a> {
    /// The curl command, when the request was pasted as one (else only the URL is known).
    pub command: Option<&'a CurlCommand>,
    /// The token request whose token the request sends (or should send).
    pub linked: Option<LinkedToken<'a>>,
    /// Variables set to plain text before the request.
    pub variables: &'a [(String, String)],
}

/// The findings of a registry request.
pub(crate) fn check(api: &ApiUrl, context: &RequestContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    path(api, &mut findings);
    if let Some(command) = context.command {
        flags(api, command, &mut findings);
        accept(api, command, &mut findings);
        credentials(api, command, context, &mut findings);
    }
    findings
}

/// `library/`, the trailing slash, digests.
fn path(api: &ApiUrl, findings: &mut Vec<Finding>) {
    if let Some(repository) = api.repository.as_deref()
        && api.is_docker_hub()
        && !repository.contains('/')
    {
        findings.push(Finding::new(
            FindingKind::MissingLibraryPrefix,
            Severity::Error,
            format!("On Docker Hub the repository is library/{repository}, not {repository}"),
            format!(
                "The registry API has no short names: `docker pull {repository}` means library/{repository}, and so must the path. Docker Hub answers /v2/{repository}/… with 401 UNAUTHORIZED (it checks the token for a repository {repository} that nobody can pull), not with the image."
            ),
        ));
    }
    if api.kind == RequestKind::Base && api.path == "/v2" {
        findings.push(Finding::new(
            FindingKind::MissingTrailingSlash,
            Severity::Warning,
            "The API base is /v2/, with a slash",
            "The version check endpoint is /v2/. Asked for /v2, registries answer a redirect to /v2/ (which curl does not follow without -L) or 404, instead of 200 or the 401 whose WWW-Authenticate names the token endpoint.",
        ));
    }
    if matches!(api.kind, RequestKind::Blob | RequestKind::Referrers) && !api.target_is_digest() {
        let target = api.target.as_deref().unwrap_or("");
        let endpoint = if api.kind == RequestKind::Blob {
            "blobs"
        } else {
            "referrers"
        };
        findings.push(Finding::new(
            FindingKind::TagWhereDigestNeeded,
            Severity::Error,
            format!("/{endpoint}/ needs a digest, not {target:?}"),
            format!(
                "Blobs and referrers are addressed by digest (sha256:…) only; the registry answers /{endpoint}/{target} with 404 ({}) or 400 DIGEST_INVALID. Ask /manifests/{target} first: the manifest lists the digests of its config and layers, and its own digest is in the Docker-Content-Digest header.",
                if api.kind == RequestKind::Blob { "BLOB_UNKNOWN" } else { "MANIFEST_UNKNOWN" }
            ),
        ));
    }
}

/// `-L` for blob GETs, `-I` rather than `-X HEAD`.
fn flags(api: &ApiUrl, command: &CurlCommand, findings: &mut Vec<Finding>) {
    let method = command.effective_method();
    if api.kind == RequestKind::Blob && method == "GET" && !command.location {
        findings.push(Finding::new(
            FindingKind::BlobWithoutLocation,
            Severity::Error,
            "Blob downloads need -L",
            "Most registries (Docker Hub, GHCR, ECR, Quay…) answer a blob GET with 307 Temporary Redirect to a storage host (a CDN or S3 URL). Without -L curl prints the empty redirect answer and stops. With -L curl follows it, and drops the Authorization header on the way to the other host, as it should.",
        ));
    }
    if command.method.as_deref() == Some("HEAD") && !command.head {
        findings.push(Finding::new(
            FindingKind::HeadWithRequestOption,
            Severity::Warning,
            "Use -I for a HEAD request, not -X HEAD",
            "-X HEAD changes the method but curl still waits for the body announced by Content-Length, which a HEAD answer never sends: the command hangs until the connection times out. -I sends HEAD and prints the headers (Docker-Content-Digest among them).",
        ));
    }
}

/// The Accept header of manifest requests.
fn accept(api: &ApiUrl, command: &CurlCommand, findings: &mut Vec<Finding>) {
    let method = command.effective_method();
    if api.kind != RequestKind::Manifest || !(method == "GET" || method == "HEAD") {
        return;
    }
    let accepted: Vec<String> = command
        .header_values("accept")
        .flat_map(|value| value.split(','))
        .map(essence)
        .filter(|t| !t.is_empty())
        .collect();
    let all = MANIFEST_TYPES.join(", ");
    if accepted.is_empty() {
        findings.push(Finding::new(
            FindingKind::MissingAccept,
            Severity::Error,
            "The manifest request has no Accept header",
            format!(
                "Without Accept the registry takes the client for an old one. Docker Hub (and every registry built on distribution) rewrites a Docker schema 2 image as schema 1 (application/vnd.docker.distribution.manifest.v1+prettyjws: another JSON, another digest), and answers 404 MANIFEST_UNKNOWN for an image whose manifest is an OCI index or OCI manifest, which it cannot rewrite. Accept all four manifest types: {all}."
            ),
        ));
        return;
    }
    let missing: Vec<&str> = MANIFEST_TYPES
        .iter()
        .copied()
        .filter(|t| !accepted.iter().any(|a| a == t))
        .collect();
    if missing.is_empty() {
        return;
    }
    let no_index = missing.contains(&crate::media_types::OCI_INDEX);
    findings.push(Finding::new(
        FindingKind::IncompleteAccept,
        if no_index { Severity::Error } else { Severity::Warning },
        format!("The Accept header leaves out {}", missing.join(", ")),
        format!(
            "The registry only returns a manifest of a type the request accepts. Most multi-platform images are now OCI indexes: with only the Docker types accepted, Docker Hub answers 404 MANIFEST_UNKNOWN (\"OCI index found, but accept header does not support OCI indexes\"); with no schema 2 type it rewrites the image as schema 1. Accept all four manifest types: {all}."
        ),
    ));
}

/// Credentials: ECR's Basic pair, a Bearer token on token registries, for the right repository.
fn credentials(
    api: &ApiUrl,
    command: &CurlCommand,
    context: &RequestContext<'_>,
    findings: &mut Vec<Finding>,
) {
    let authorization = command.authorization();
    let scheme_is = |s: &str, scheme: &str| {
        s.split(' ')
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case(scheme))
    };
    if let Some(region) = ecr_region(&api.host) {
        let basic_ok = command
            .user
            .as_deref()
            .is_some_and(|u| u.starts_with("AWS:"))
            || authorization.is_some_and(|a| scheme_is(a, "basic"));
        if !basic_ok {
            findings.push(Finding::new(
                FindingKind::EcrBasicAuth,
                Severity::Error,
                "Amazon ECR takes the user AWS and a password from the AWS CLI",
                format!(
                    "ECR's registry answers with a Basic challenge, not a Bearer one: there is no token endpoint to ask. Send -u AWS:PASSWORD, where PASSWORD is what `aws ecr get-login-password --region {region}` prints (valid 12 hours); the region is the one in the host name. Without it, or with another user, ECR answers 401 UNAUTHORIZED (\"Not Authorized\")."
                ),
            ));
        }
        return;
    }
    let token_registry = api.is_docker_hub() || context.linked.is_some();
    if !token_registry {
        return;
    }
    match authorization {
        Some(value) if scheme_is(value, "bearer") => scope(api, value, context, findings),
        Some(value) if scheme_is(value, "basic") => {
            findings.push(credentials_to_registry(api));
        }
        Some(value) => findings.push(Finding::new(
            FindingKind::AuthorizationNotBearer,
            Severity::Error,
            "The Authorization header lacks \"Bearer \"",
            format!(
                "The header is `Authorization: {value}`. The registry reads `Authorization: Bearer TOKEN` and answers anything else with 401 UNAUTHORIZED."
            ),
        )),
        None if command.user.is_some() => findings.push(credentials_to_registry(api)),
        None if api.kind != RequestKind::Base => {
            let fetched = context
                .linked
                .and_then(|t| t.command)
                .and_then(|c| c.assigned_to.as_deref());
            let explanation = match fetched {
                Some(variable) => format!(
                    "The token is fetched into ${variable} but this request does not send it. The registry answers 401 UNAUTHORIZED with a WWW-Authenticate challenge. Add -H \"Authorization: Bearer ${variable}\"."
                ),
                None => "This registry wants a Bearer token, even for public images. Without one it answers 401 UNAUTHORIZED with a WWW-Authenticate header naming the token endpoint (realm), service and scope to ask for; ask there, then send -H \"Authorization: Bearer $TOKEN\".".to_string(),
            };
            findings.push(Finding::new(
                FindingKind::MissingToken,
                Severity::Error,
                "No token is sent to the registry",
                explanation,
            ));
        }
        None => {}
    }
}

fn credentials_to_registry(api: &ApiUrl) -> Finding {
    Finding::new(
        FindingKind::CredentialsSentToRegistry,
        Severity::Error,
        "The user and password go to the token endpoint, not the registry",
        format!(
            "{} takes Bearer tokens only: Basic credentials sent to it are refused with 401 UNAUTHORIZED and a Bearer challenge. Send -u user:password to the token endpoint (the challenge's realm) with the service and scope, then send the token it returns to the registry.",
            api.registry
        ),
    )
}

/// The repository the Bearer token was asked for, or grants, against the requested one.
fn scope(
    api: &ApiUrl,
    authorization: &str,
    context: &RequestContext<'_>,
    findings: &mut Vec<Finding>,
) {
    let Some(repository) = api.repository.as_deref() else {
        return;
    };
    let normalize = |name: &str| {
        if api.is_docker_hub() {
            docker_hub_name(name)
        } else {
            name.to_string()
        }
    };
    let wanted = normalize(repository);
    let credential = authorization
        .split_once(' ')
        .map_or("", |(_, rest)| rest.trim());
    let token_text = match variable_name(credential) {
        Some(name) => context
            .variables
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str()),
        None => Some(credential),
    };
    if let Some(claims) = token_text.and_then(token_claims::decode) {
        let grants: Vec<String> = claims.access.iter().map(|a| a.as_scope()).collect();
        let granted = claims.access.iter().any(|a| {
            a.resource_type == "repository"
                && normalize(&a.name) == wanted
                && a.actions.iter().any(|x| x == "pull" || x == "*")
        });
        if !granted {
            let grants = if grants.is_empty() {
                "nothing (its access list is empty)".to_string()
            } else {
                grants.join(", ")
            };
            findings.push(mismatch(
                &wanted,
                &format!("The token sent grants {grants}"),
            ));
        }
        return;
    }
    let Some(linked) = context.linked else {
        return;
    };
    let names: Vec<String> = linked
        .url
        .scopes
        .iter()
        .filter_map(|s| Scope::parse(s))
        .filter(Scope::is_repository)
        .map(|s| s.name)
        .collect();
    if !names.is_empty() && !names.iter().any(|n| normalize(n) == wanted) {
        findings.push(mismatch(
            &wanted,
            &format!("The token was asked for repository:{}", names.join(", ")),
        ));
    }
}

fn mismatch(wanted: &str, what: &str) -> Finding {
    Finding::new(
        FindingKind::TokenScopeMismatch,
        Severity::Error,
        format!("The token is not for {wanted}"),
        format!(
            "{what}, but the request is for {wanted}. A token only opens the repositories in its scope: the registry answers 401 UNAUTHORIZED with error=\"insufficient_scope\" and a challenge naming scope=repository:{wanted}:pull. Ask for a token with that scope."
        ),
    )
}
