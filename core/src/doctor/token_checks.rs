//! Checks of a token request: Docker Hub's realm and service, scopes present, well formed and
//! with `library/` on Docker Hub, no registry token sent to the token endpoint.

use super::finding::{Finding, FindingKind, Severity};
use super::known_registries::{
    DOCKER_HUB_REALM, DOCKER_HUB_SERVICE, docker_hub_name, target_is_docker_hub,
};
use crate::paste::{CurlCommand, Scope, TokenUrl, UrlTarget};

/// The findings of a token request.
pub(crate) fn check(url: &TokenUrl, command: Option<&CurlCommand>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let hub = target_is_docker_hub(&UrlTarget::Token(url.clone()));
    if hub && url.realm != DOCKER_HUB_REALM {
        findings.push(Finding::new(
            FindingKind::WrongRealm,
            Severity::Error,
            format!("Docker Hub's tokens come from {DOCKER_HUB_REALM}"),
            format!(
                "The token was asked from {}, which is not Docker Hub's token endpoint: that host answers 404 or a page that is not a token. Docker Hub's challenge names the realm {DOCKER_HUB_REALM}.",
                url.realm
            ),
        ));
    }
    if hub && url.service.as_deref() != Some(DOCKER_HUB_SERVICE) {
        let said = match &url.service {
            Some(service) => format!("service={service}"),
            None => "no service".to_string(),
        };
        findings.push(Finding::new(
            FindingKind::WrongService,
            Severity::Error,
            format!("Docker Hub's service is {DOCKER_HUB_SERVICE}"),
            format!(
                "The token request says {said}. The token server writes the service into the token's audience, and Docker Hub's registry only takes tokens for {DOCKER_HUB_SERVICE}: any other token is refused with 401 UNAUTHORIZED (invalid_token), however right the scope."
            ),
        ));
    }
    if url.scopes.is_empty() {
        findings.push(Finding::new(
            FindingKind::MissingScope,
            Severity::Error,
            "The token request names no scope",
            "Without scope=repository:NAME:pull the token server returns a token that grants nothing (its access list is empty). It proves who you are, but the registry answers every repository request made with it with 401 UNAUTHORIZED and error=\"insufficient_scope\".",
        ));
    }
    for scope in &url.scopes {
        match Scope::parse(scope) {
            None => findings.push(Finding::new(
                FindingKind::MalformedScope,
                Severity::Error,
                format!("The scope {scope:?} is not type:name:actions"),
                "A scope is three parts joined by ':', such as repository:library/alpine:pull; the token server ignores one it cannot read and grants nothing for it.",
            )),
            Some(parsed) if hub && parsed.is_repository() && !parsed.name.contains('/') => {
                findings.push(Finding::new(
                    FindingKind::MissingLibraryPrefix,
                    Severity::Error,
                    format!(
                        "On Docker Hub the repository is {}, not {}",
                        docker_hub_name(&parsed.name),
                        parsed.name
                    ),
                    format!(
                        "Official images live in the library/ namespace: `docker pull {0}` pulls library/{0}. The scope names a repository {0} that does not exist, so the token grants nothing for library/{0} and the registry answers 401 UNAUTHORIZED (insufficient_scope).",
                        parsed.name
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(authorization) = command.and_then(CurlCommand::authorization)
        && authorization
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("bearer "))
    {
        findings.push(Finding::new(
            FindingKind::BearerSentToRealm,
            Severity::Warning,
            "A Bearer token is sent to the token endpoint",
            "The token endpoint takes Basic credentials (-u user:password, or none for public images) and hands out the Bearer token; it does not take one. Some token servers ignore the header, others answer 401. Drop it, and send the Bearer token to the registry instead.",
        ));
    }
    findings
}
