//! What a registry's answer says: a `WWW-Authenticate` challenge (its realm, service and
//! scope, `insufficient_scope`, ECR's Basic scheme) and an error body's codes.

use super::commands::{RequestAuth, RequestStep, Script, TokenStep, manifest_accept_header};
use super::finding::{Finding, FindingKind, Severity};
use super::known_registries::{ECR_SERVICE, docker_hub_name, ecr_region, ecr_user_word};
use super::plan;
use super::token_checks;
use super::understood::Understood;
use crate::challenge::Challenge;
use crate::paste::{TokenUrl, url_host};
use crate::registry_error::RegistryError;

/// Findings, understanding and commands of pasted challenges.
pub(crate) fn challenges(
    challenges: &[Challenge],
    understood: &mut Understood,
    findings: &mut Vec<Finding>,
    script: &mut Script,
) {
    for challenge in challenges {
        if challenge.is_bearer() {
            bearer(challenge, understood, findings, script);
        } else if challenge.is_basic() {
            basic(challenge, understood, findings, script);
        } else {
            findings.push(Finding::new(
                FindingKind::OtherChallenge,
                Severity::Info,
                format!("A {} challenge", challenge.scheme()),
                "Registries use Bearer (token) or Basic (user and password) authentication; this scheme is for something else, such as a proxy or single sign-on in front of the registry.",
            ));
        }
    }
}

fn bearer(
    challenge: &Challenge,
    understood: &mut Understood,
    findings: &mut Vec<Finding>,
    script: &mut Script,
) {
    let Some(realm) = challenge.realm() else {
        findings.push(Finding::new(
            FindingKind::OtherChallenge,
            Severity::Warning,
            "The Bearer challenge has no realm",
            "Without realm=\"…\" the challenge does not say where to ask for a token.",
        ));
        return;
    };
    understood.realm.get_or_insert_with(|| realm.to_string());
    understood.service = understood
        .service
        .take()
        .or(challenge.service().map(str::to_string));
    understood.scope = understood
        .scope
        .take()
        .or(challenge.scope().map(str::to_string));
    let url = TokenUrl {
        realm: realm.to_string(),
        host: url_host(realm).unwrap_or_default(),
        plain_http: realm.starts_with("http://"),
        service: challenge.service().map(str::to_string),
        scopes: challenge
            .scope()
            .map(|s| s.split(' ').map(str::to_string).collect())
            .unwrap_or_default(),
        account: None,
    };
    match challenge.error() {
        Some("insufficient_scope") => findings.push(Finding::new(
            FindingKind::InsufficientScope,
            Severity::Error,
            "The token does not cover this request (insufficient_scope)",
            format!(
                "A token was sent, but not for {}: a token only opens the repositories and actions in its scope. Ask the realm for a token with exactly the scope this challenge names.",
                challenge.scope().unwrap_or("the scope this request needs")
            ),
        )),
        Some("invalid_token") => findings.push(Finding::new(
            FindingKind::InvalidToken,
            Severity::Error,
            "The registry does not take this token (invalid_token)",
            "The token has expired (Docker Hub's last 5 minutes), was issued for another service, or is not a token of this registry's token server. Ask for a new one with the realm, service and scope of this challenge.",
        )),
        _ => {}
    }
    if url.scopes.is_empty() {
        findings.push(Finding::new(
            FindingKind::ChallengeWithoutScope,
            Severity::Info,
            "The challenge names no scope",
            "This is what /v2/ answers: it says where tokens come from, not for what. Add scope=repository:NAME:pull for the repository you want (library/NAME for Docker Hub's official images).",
        ));
    }
    let mut token_findings = token_checks::check(&url, None);
    token_findings.retain(|f| f.kind != FindingKind::MissingScope);
    findings.extend(token_findings);
    let step = plan::token(&url, None);
    script.push(step.render());
    plan::hub_follow_up(&step, script);
}

fn basic(
    challenge: &Challenge,
    understood: &mut Understood,
    findings: &mut Vec<Finding>,
    script: &mut Script,
) {
    let realm = challenge.realm().unwrap_or("");
    let host = url_host(realm).unwrap_or_default();
    let region = ecr_region(&host);
    if region.is_none() && challenge.service() != Some(ECR_SERVICE) {
        findings.push(Finding::new(
            FindingKind::BasicChallenge,
            Severity::Info,
            "The registry takes a user and password directly",
            "A Basic challenge has no token endpoint: send -u user:password (or a token the registry issued as password) with every request to the registry itself.",
        ));
        return;
    }
    understood.registry.get_or_insert_with(|| host.clone());
    let region_text = region.unwrap_or("REGION");
    findings.push(Finding::new(
        FindingKind::EcrBasicAuth,
        Severity::Info,
        "Amazon ECR: user AWS, password from the AWS CLI",
        format!(
            "ECR asks for Basic credentials: the user AWS and the password `aws ecr get-login-password --region {region_text}` prints (valid 12 hours). There is no token endpoint to ask."
        ),
    ));
    if !host.is_empty() {
        let mut step = RequestStep::get(format!("https://{host}/v2/"));
        step.auth = RequestAuth::UserWord(ecr_user_word(region_text));
        script.push(step.render());
    }
}

/// Findings of a registry error body.
pub(crate) fn errors(
    errors: &[RegistryError],
    understood: &mut Understood,
    findings: &mut Vec<Finding>,
    script: &mut Script,
) {
    for error in errors {
        let text = format!(
            "{} {}",
            error.message,
            error.detail.as_deref().unwrap_or("")
        );
        let named = detail_name(error);
        if let Some(name) = &named {
            understood.repository.get_or_insert_with(|| name.clone());
        }
        let (kind, severity, title, explanation) = match error.code.as_str() {
            "UNAUTHORIZED" | "DENIED" if text.contains("insufficient_scope") => (
                FindingKind::InsufficientScope,
                Severity::Error,
                "The token does not cover this request (insufficient_scope)".to_string(),
                "A token was sent, but its scope does not include this repository or action. Ask the token endpoint again with scope=repository:NAME:pull for exactly the repository in the URL.".to_string(),
            ),
            "UNAUTHORIZED" => (
                FindingKind::Unauthorized,
                Severity::Error,
                "The registry wants a token (UNAUTHORIZED)".to_string(),
                "No token was sent, it expired, or it is not for this repository. The response's WWW-Authenticate header names the realm, service and scope to ask; paste it, or the curl command, for the exact request.".to_string(),
            ),
            "DENIED" => (
                FindingKind::Denied,
                Severity::Error,
                "Access denied (DENIED)".to_string(),
                "The credentials are valid but do not give access to this repository: it is private, misspelled, or (on Docker Hub) an official image named without library/. Registries say DENIED rather than NAME_UNKNOWN so as not to reveal which repositories exist.".to_string(),
            ),
            "MANIFEST_UNKNOWN" if text.to_ascii_lowercase().contains("accept header") => (
                FindingKind::IncompleteAccept,
                Severity::Error,
                "The Accept header leaves out the image's manifest type".to_string(),
                format!(
                    "The manifest exists, but its type is not in the request's Accept header. Send {}.",
                    manifest_accept_header()
                ),
            ),
            "MANIFEST_UNKNOWN" => (
                FindingKind::ManifestUnknown,
                Severity::Error,
                "No such manifest (MANIFEST_UNKNOWN)".to_string(),
                format!(
                    "The tag or digest does not exist in this repository, or the manifest is of a type the request did not accept: an OCI index asked without application/vnd.oci.image.index.v1+json is answered MANIFEST_UNKNOWN too. Send {} and check the tag against /tags/list.",
                    manifest_accept_header()
                ),
            ),
            "NAME_UNKNOWN" => (
                FindingKind::NameUnknown,
                Severity::Error,
                "No such repository (NAME_UNKNOWN)".to_string(),
                "The registry has no repository of that name. Check its spelling and namespace (Docker Hub's official images are library/NAME).".to_string(),
            ),
            "TOOMANYREQUESTS" => (
                FindingKind::TooManyRequests,
                Severity::Error,
                "Rate limited (TOOMANYREQUESTS)".to_string(),
                "The registry limits pulls per time window (Docker Hub counts manifest GETs per IP address, or per account when authenticated). Wait for the window to pass (see the Retry-After and ratelimit-* headers), authenticate, or use HEAD requests, which Docker Hub does not count.".to_string(),
            ),
            other => (
                FindingKind::RegistryError,
                Severity::Error,
                format!("Registry error {other}"),
                format!("The registry said: {error}"),
            ),
        };
        findings.push(Finding::new(kind, severity, title, explanation));
        if matches!(
            error.code.as_str(),
            "UNAUTHORIZED" | "DENIED" | "NAME_UNKNOWN"
        ) && let Some(name) = named.filter(|n| !n.contains('/'))
        {
            findings.push(Finding::new(
                FindingKind::MissingLibraryPrefix,
                Severity::Warning,
                format!("If this is Docker Hub, the repository is library/{name}"),
                format!(
                    "The registry was asked for a repository {name} without a namespace. On Docker Hub that name does not exist: official images are library/{name} in the registry API and in token scopes."
                ),
            ));
            let step = TokenStep {
                realm: super::known_registries::DOCKER_HUB_REALM.to_string(),
                service: Some(super::known_registries::DOCKER_HUB_SERVICE.to_string()),
                scopes: vec![format!("repository:{}:pull", docker_hub_name(&name))],
                user: None,
            };
            script.push(step.render());
            plan::hub_follow_up(&step, script);
        }
    }
}

/// The repository name in a distribution error's detail (`[{"Type":"repository","Name":…}]`).
fn detail_name(error: &RegistryError) -> Option<String> {
    let detail: serde_json::Value = serde_json::from_str(error.detail.as_deref()?).ok()?;
    let entries = match &detail {
        serde_json::Value::Array(entries) => entries.iter().collect::<Vec<_>>(),
        other => vec![other],
    };
    entries.iter().find_map(|entry| {
        let kind = entry
            .get("Type")
            .and_then(|t| t.as_str())
            .unwrap_or("repository");
        (kind == "repository")
            .then(|| entry.get("Name").and_then(|n| n.as_str()))
            .flatten()
            .map(str::to_string)
    })
}
