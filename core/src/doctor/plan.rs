//! What the corrected commands are: the token request a registry request needs (Docker Hub's
//! realm and service, the realm the paste used, or none), the registry request rebuilt from
//! the URL with the right path, flags and headers.

use super::commands::{RequestAuth, RequestStep, Script, TokenStep};
use super::known_registries::{
    DOCKER_HUB_API_HOST, DOCKER_HUB_REALM, DOCKER_HUB_SERVICE, docker_hub_name, ecr_region,
    ecr_user_word, target_is_docker_hub,
};
use super::shell_quote::quote;
use crate::paste::{ApiUrl, CurlCommand, RequestKind, Scope, TokenUrl, UrlTarget};

/// The token request a registry request was sent with, as the paste shows it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LinkedToken<'a> {
    /// The token URL.
    pub url: &'a TokenUrl,
    /// The curl command that asked it, when there is one.
    pub command: Option<&'a CurlCommand>,
}

/// The scope a request needs.
fn needed_scope(kind: RequestKind, repository: Option<&str>) -> Option<String> {
    match (kind, repository) {
        (RequestKind::Base, _) => None,
        (RequestKind::Catalog, _) => Some("registry:catalog:*".to_string()),
        (RequestKind::BlobUpload, Some(r)) => Some(format!("repository:{r}:pull,push")),
        (_, Some(r)) => Some(format!("repository:{r}:pull")),
        (_, None) => None,
    }
}

/// Adds the corrected commands of a registry request to `script`.
pub(crate) fn request(
    api: &ApiUrl,
    command: Option<&CurlCommand>,
    linked: Option<LinkedToken<'_>>,
    script: &mut Script,
) {
    let hub = api.is_docker_hub();
    let repository = api.repository.as_deref().map(|r| {
        if hub {
            docker_hub_name(r)
        } else {
            r.to_string()
        }
    });
    let host = if hub { DOCKER_HUB_API_HOST } else { &api.host };
    let scheme = if api.plain_http { "http" } else { "https" };
    let mut kind = api.kind;
    let tag_for_digest =
        matches!(kind, RequestKind::Blob | RequestKind::Referrers) && !api.target_is_digest();
    if tag_for_digest {
        script.push(format!(
            "# /{} takes a digest: this asks for the manifest of {:?} instead, which lists the digests",
            if kind == RequestKind::Blob { "blobs" } else { "referrers" },
            api.target.as_deref().unwrap_or("")
        ));
        kind = RequestKind::Manifest;
    }
    let repo = repository.as_deref().unwrap_or("");
    let target = api.target.as_deref().unwrap_or("latest");
    let path = match kind {
        RequestKind::Base => "/v2/".to_string(),
        RequestKind::Catalog => "/v2/_catalog".to_string(),
        RequestKind::Manifest => format!("/v2/{repo}/manifests/{target}"),
        RequestKind::Blob => format!("/v2/{repo}/blobs/{target}"),
        RequestKind::Referrers => format!("/v2/{repo}/referrers/{target}"),
        RequestKind::Tags => format!("/v2/{repo}/tags/list"),
        RequestKind::BlobUpload => api.path.clone(),
    };
    let mut url = format!("{scheme}://{host}{path}");
    if let (Some(query), false) = (&api.query, tag_for_digest) {
        url.push('?');
        url.push_str(query);
    }

    let method = command.map(|c| c.effective_method().to_string());
    let head = method.as_deref() == Some("HEAD");
    let mut step = RequestStep::get(url);
    step.head = head;
    step.method = method.filter(|m| m != "GET" && m != "HEAD");
    step.follow = (kind == RequestKind::Blob && !head) || command.is_some_and(|c| c.location);
    step.accept_manifests = kind == RequestKind::Manifest;
    step.include = command.is_some_and(|c| c.include);
    step.verbose = command.is_some_and(|c| c.verbose);
    step.output = command.and_then(|c| c.output.clone());

    let user = command.and_then(|c| c.user.clone());
    step.auth = if let Some(region) = ecr_region(&api.host) {
        RequestAuth::UserWord(ecr_user_word(region))
    } else if (hub || linked.is_some()) && kind != RequestKind::Base {
        let (realm, service) = match linked {
            Some(token) if !hub => (token.url.realm.clone(), token.url.service.clone()),
            _ => (
                DOCKER_HUB_REALM.to_string(),
                Some(DOCKER_HUB_SERVICE.to_string()),
            ),
        };
        let token_user = linked
            .and_then(|t| t.command)
            .and_then(|c| c.user.clone())
            .or(user);
        let step = TokenStep {
            realm,
            service,
            scopes: needed_scope(kind, repository.as_deref())
                .into_iter()
                .collect(),
            user: token_user,
        };
        script.push(step.render());
        RequestAuth::Bearer
    } else if let Some(value) = command.and_then(CurlCommand::authorization) {
        RequestAuth::Header(value.to_string())
    } else if let Some(user) = user {
        RequestAuth::UserWord(quote(&user))
    } else {
        RequestAuth::None
    };
    script.push(step.render());
}

/// The corrected token request of a token URL: Docker Hub's realm and service when it is
/// Docker Hub's, scopes with `library/` where Docker Hub needs it.
pub(crate) fn token(url: &TokenUrl, command: Option<&CurlCommand>) -> TokenStep {
    let hub = target_is_docker_hub(&UrlTarget::Token(url.clone()));
    let scopes = url
        .scopes
        .iter()
        .map(|scope| match Scope::parse(scope) {
            Some(mut parsed) if hub && parsed.is_repository() => {
                parsed.name = docker_hub_name(&parsed.name);
                parsed.to_string()
            }
            _ => scope.clone(),
        })
        .collect();
    TokenStep {
        realm: if hub {
            DOCKER_HUB_REALM.to_string()
        } else {
            url.realm.clone()
        },
        service: if hub {
            Some(DOCKER_HUB_SERVICE.to_string())
        } else {
            url.service.clone()
        },
        scopes,
        user: command.and_then(|c| c.user.clone()),
    }
}

/// After a Docker Hub token step: the manifest request its first repository scope allows
/// (tag `latest`), so the script shows how the token is used.
pub(crate) fn hub_follow_up(step: &TokenStep, script: &mut Script) {
    let repository = step
        .scopes
        .iter()
        .filter_map(|s| Scope::parse(s))
        .find(Scope::is_repository);
    if step.realm != DOCKER_HUB_REALM {
        return;
    }
    if let Some(scope) = repository {
        script.push("# then, for example, the manifest of its tag latest:".to_string());
        let mut request = RequestStep::get(format!(
            "https://{DOCKER_HUB_API_HOST}/v2/{}/manifests/latest",
            scope.name
        ));
        request.auth = RequestAuth::Bearer;
        request.accept_manifests = true;
        script.push(request.render());
    }
}
