//! Docker Hub: `registry-1.docker.io` with its token server `auth.docker.io` (service
//! `registry.docker.io`), one-part names under `library/`, JWTs whose access is empty for
//! scopes the caller may not have, pull rate-limit headers, blob GETs answered with 307 to
//! the Cloudflare CDN host, `"detail":"unknown tag=…"` for missing tags, and no catalog.

use axum::http::StatusCode;
use axum::response::Response;

use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::names::{Repo, private, public};
use super::super::paging::Paging;
use super::super::profile::{
    BearerGate, Blobs, Caller, Catalog, Denial, Gate, MissingManifest, PLAIN, Profile, Quirks,
    Refused,
};
use super::super::tokens::claims::Access;
use super::super::tokens::codec::TokenStyle;
use super::super::tokens::grants::{self, Unknown};
use super::super::tokens::service::{Ask, TokenBody, TokenService};
use super::common;

/// The token endpoint every challenge names.
pub const REALM: &str = "https://auth.docker.io/token";
/// The service (token audience).
pub const SERVICE: &str = "registry.docker.io";
/// The issuer of Docker Hub's tokens.
const ISSUER: &str = "auth.docker.io";

/// Docker Hub's repositories.
const REPOS: [Repo; 10] = [
    public("library/alpine", "library/alpine"),
    public("regscope/single", "oci/single"),
    public("regscope/schema2", "docker/schema2"),
    public("regscope/list", "docker/list"),
    public("regscope/schema1", "docker/schema1"),
    public("regscope/many-tags", "many/tags"),
    public("regscope/wide-index", "large/wide-index"),
    public("regscope/many-layers", "large/many-layers"),
    public("regscope/long-history", "large/long-history"),
    private("regscope/private", "private/app"),
];

/// `registry-1.docker.io`.
pub static PROFILE: Profile = Profile {
    host: "registry-1.docker.io",
    scheme: "https",
    repos: &REPOS,
    gate: Gate::Bearer(BearerGate {
        service: SERVICE,
        issuer: ISSUER,
        style: TokenStyle::Jwt,
        anonymous_public: false,
        direct_bearer: None,
        registry_basic: None,
        head_needs_authorization: false,
        catalog_open: false,
        catalog_by_token: true,
        deny,
    }),
    blobs: Blobs::DockerHubCdn,
    tags: Paging::Distribution,
    catalog: Catalog {
        paging: Paging::Distribution,
        anonymous_sees_public: true,
    },
    quirks: Quirks {
        rate_limit: true,
        missing_manifest: MissingManifest::DockerHub,
        ..PLAIN
    },
};

/// `auth.docker.io/token`.
pub static TOKENS: TokenService = TokenService::new(
    &["/token"],
    ISSUER,
    TokenStyle::Jwt,
    300,
    TokenBody::Full,
    &REPOS,
    authenticate,
    grant,
)
.nbf_before(300);

fn deny(denial: &Denial<'_>) -> Response {
    common::distribution_denial(denial, REALM, SERVICE, true)
}

fn authenticate(credentials: &Credentials) -> Result<Caller, Refused> {
    common::stack_user(credentials, || {
        errors::registry(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "incorrect username or password",
            Detail::Omitted,
        )
    })
}

/// Pull on the public repositories (and the private one for the signed-in user); never the
/// catalog. `repository:alpine:pull` grants nothing: there is no repository `alpine`.
fn grant(ask: &Ask<'_>) -> Result<Vec<Access>, Refused> {
    Ok(grants::pulls(
        ask.repos,
        ask.caller,
        ask.scopes,
        Unknown::Refuse,
    ))
}
