//! What the doctor knows of particular registries, each fact beside the public documentation
//! it comes from. Everything registry-specific the doctor says is here.

use crate::paste::UrlTarget;

/// Docker Hub's token endpoint (realm) and the `service` its tokens are for.
///
/// Docker, "Registry authentication" (<https://docs.docker.com/reference/api/registry/auth/>),
/// and the distribution project's "Token Authentication Specification"
/// (<https://distribution.github.io/distribution/spec/auth/token/>): the challenge shown there
/// is Docker Hub's, `Bearer realm="https://auth.docker.io/token",service="registry.docker.io"`,
/// and the token request is `https://auth.docker.io/token?service=registry.docker.io&scope=…`.
pub const DOCKER_HUB_REALM: &str = "https://auth.docker.io/token";
/// See [`DOCKER_HUB_REALM`].
pub const DOCKER_HUB_SERVICE: &str = "registry.docker.io";
/// The host of Docker Hub's token endpoint. See [`DOCKER_HUB_REALM`].
pub const DOCKER_HUB_AUTH_HOST: &str = "auth.docker.io";

/// Docker Hub's registry API host. Docker's pull rate limit documentation
/// (<https://docs.docker.com/docker-hub/usage/pulls/>) asks
/// `https://registry-1.docker.io/v2/…/manifests/latest` with the token above; `index.docker.io`
/// is the legacy name of the same registry (folded into `docker.io` by Docker's reference rules).
pub const DOCKER_HUB_API_HOST: &str = "registry-1.docker.io";

/// Host names people give as Docker Hub's `service` (or realm host) instead of
/// [`DOCKER_HUB_SERVICE`]: the names of its registry, API and web hosts.
pub const DOCKER_HUB_NAMES: [&str; 6] = [
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.hub.docker.com",
    "hub.docker.com",
    DOCKER_HUB_AUTH_HOST,
];

/// Official images live in the `library/` namespace: `docker pull debian` pulls
/// `docker.io/library/debian` (Docker, "docker image pull",
/// <https://docs.docker.com/reference/cli/docker/image/pull/>). The registry API and token
/// scopes use the full name.
pub const DOCKER_HUB_OFFICIAL_NAMESPACE: &str = "library/";

/// The AWS region of an Amazon ECR private registry host,
/// `ACCOUNT.dkr.ecr.REGION.amazonaws.com` (also `dkr.ecr-fips` and `.amazonaws.com.cn`):
/// Amazon ECR User Guide, "Amazon ECR private registry"
/// (<https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html>). Its registry
/// API takes Basic credentials: the user `AWS` and the password that
/// `aws ecr get-login-password --region REGION` prints (User Guide, "Private registry
/// authentication", <https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html>).
pub fn ecr_region(host: &str) -> Option<&str> {
    let host = host.split(':').next().unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    match labels.as_slice() {
        [
            account,
            "dkr",
            "ecr" | "ecr-fips",
            region,
            "amazonaws",
            "com",
            rest @ ..,
        ] if matches!(rest, [] | ["cn"])
            && account.len() == 12
            && account.bytes().all(|b| b.is_ascii_digit())
            && !region.is_empty() =>
        {
            Some(region)
        }
        _ => None,
    }
}

/// The service name in ECR's Basic challenge
/// (`Basic realm="https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/",service="ecr.amazonaws.com"`).
pub const ECR_SERVICE: &str = "ecr.amazonaws.com";

/// The ECR Basic credentials for `region`, as a shell word that asks the AWS CLI for the
/// password (see [`ecr_region`]).
pub fn ecr_user_word(region: &str) -> String {
    format!("\"AWS:$(aws ecr get-login-password --region {region})\"")
}

/// Whether a host is Docker Hub's (API, registry name, web or auth host).
pub fn is_docker_hub_host(host: &str) -> bool {
    DOCKER_HUB_NAMES.contains(&host)
}

/// Whether a URL target is on Docker Hub.
pub fn target_is_docker_hub(target: &UrlTarget) -> bool {
    match target {
        UrlTarget::Api(api) => api.is_docker_hub(),
        UrlTarget::Token(token) => {
            is_docker_hub_host(&token.host)
                || token
                    .service
                    .as_deref()
                    .is_some_and(|s| s == DOCKER_HUB_SERVICE || is_docker_hub_host(s))
        }
        UrlTarget::Other(_) => false,
    }
}

/// The repository name Docker Hub knows: `library/NAME` for a one-component name.
pub fn docker_hub_name(repository: &str) -> String {
    if repository.contains('/') {
        repository.to_string()
    } else {
        format!("{DOCKER_HUB_OFFICIAL_NAMESPACE}{repository}")
    }
}

// Manifest types and blob redirects are the same on every registry; their sources:
// * Accept: OCI Distribution Specification, "Pulling manifests"
//   (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests):
//   the client should send an Accept header naming the manifest types it takes. Docker's
//   "Image Manifest Version 2, Schema 2", "Backward compatibility"
//   (https://distribution.github.io/distribution/spec/manifest-v2-2/#backward-compatibility):
//   a client that does not accept schema 2 gets the image rewritten as schema 1.
// * Redirects: OCI Distribution Specification, "Pulling blobs": a blob GET may answer 307 with
//   the blob's location on another host.
