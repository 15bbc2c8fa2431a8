//! The emulated hosts: which registry, token endpoint, CDN or redirector each real host name
//! stands for, and the router that serves it.

pub mod acr;
pub mod artifact;
mod common;
pub mod docker_hub;
pub mod ecr;
pub mod ecr_public;
pub mod ghcr;
pub mod gitlab;
pub mod harbor;
pub mod k8s;
pub mod mcr;
pub mod quay;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;

use super::cdn;
use super::errors;
use super::profile::Profile;
use super::serve;
use super::state::Zoo;
use super::tokens::service::{self, TokenService};

/// What one emulated host is.
#[derive(Debug, Clone, Copy)]
pub enum Site {
    /// A registry, with its token endpoint when on the same host.
    Registry(&'static Profile, Option<&'static TokenService>),
    /// A token endpoint on its own host.
    Tokens(&'static TokenService),
    /// Docker Hub's blob CDN.
    DockerHubCdn,
    /// Quay's blob CDN.
    QuayCdn,
    /// registry.k8s.io's redirector.
    K8s,
}

/// The site a real host name stands for.
pub fn site(host: &str) -> Option<Site> {
    use Site::{DockerHubCdn, K8s, QuayCdn, Registry, Tokens};
    Some(match host {
        "registry-1.docker.io" => Registry(&docker_hub::PROFILE, None),
        "auth.docker.io" => Tokens(&docker_hub::TOKENS),
        cdn::docker_hub::HOST => DockerHubCdn,
        "ghcr.io" => Registry(&ghcr::PROFILE, Some(&ghcr::TOKENS)),
        "quay.io" => Registry(&quay::PROFILE, Some(&quay::TOKENS)),
        cdn::quay::HOST => QuayCdn,
        artifact::US => Registry(&artifact::US_PROFILE, Some(&artifact::US_TOKENS)),
        artifact::US_WEST1 => Registry(
            &artifact::US_WEST1_PROFILE,
            Some(&artifact::US_WEST1_TOKENS),
        ),
        "registry.k8s.io" => K8s,
        regscope_stack::facts::ZOO_ECR_HOST => Registry(&ecr::PROFILE, None),
        "public.ecr.aws" => Registry(&ecr_public::PROFILE, Some(&ecr_public::TOKENS)),
        "regscope.azurecr.io" => Registry(&acr::PROFILE, Some(&acr::TOKENS)),
        "harbor.local" => Registry(&harbor::PROFILE, Some(&harbor::TOKENS)),
        "registry.gitlab.com" => Registry(&gitlab::PROFILE, None),
        "gitlab.com" => Tokens(&gitlab::TOKENS),
        "mcr.microsoft.com" => Registry(&mcr::PROFILE, None),
        _ => return None,
    })
}

/// The state of one host's router.
#[derive(Debug, Clone)]
struct HostState {
    site: Site,
    zoo: Arc<Zoo>,
}

/// The router serving `site`.
pub fn router(site: Site, zoo: Arc<Zoo>) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(HostState { site, zoo })
}

async fn handle(State(state): State<HostState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let serves = |spec: &TokenService| spec.paths.contains(&path.as_str());
    match state.site {
        Site::Registry(_, Some(spec)) | Site::Tokens(spec) if serves(spec) => {
            service::issue(spec, state.zoo, request).await
        }
        Site::Registry(profile, _) => serve::registry(profile, state.zoo, request).await,
        Site::Tokens(_) => errors::not_found_page(),
        Site::DockerHubCdn => cdn::docker_hub::handle(State(state.zoo), request).await,
        Site::QuayCdn => cdn::quay::handle(State(state.zoo), request).await,
        Site::K8s => k8s::handle(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regscope_stack::facts;

    #[test]
    fn every_zoo_host_is_a_site() {
        for zoo in facts::ZOO_HOSTS {
            assert!(site(zoo.host).is_some(), "{} has no site", zoo.host);
        }
        assert!(site("example.com").is_none());
    }

    #[test]
    fn realms_and_cdn_hosts_are_zoo_hosts() {
        for url in [
            docker_hub::REALM,
            "https://ghcr.io/token",
            "https://quay.io/v2/auth",
            "https://gitlab.com/jwt/auth",
            "http://harbor.local/service/token",
            "https://public.ecr.aws/token/",
            "https://regscope.azurecr.io/oauth2/token",
        ] {
            let host = url.split('/').nth(2).unwrap_or_default();
            assert!(facts::zoo_address(host).is_some(), "{host}");
        }
        assert!(facts::zoo_address(cdn::docker_hub::HOST).is_some());
        assert!(facts::zoo_address(cdn::quay::HOST).is_some());
    }
}
