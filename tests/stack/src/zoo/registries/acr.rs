//! Azure Container Registry (`regscope.azurecr.io`, token endpoint
//! `https://regscope.azurecr.io/oauth2/token`, service the registry host): the token answer
//! carries `access_token` only; anonymous pull is enabled for the registry (every repository
//! is readable with an anonymous token) but the catalog needs a signed-in user; an OCI
//! manifest asked for without its media type gets ACR's own message.

use axum::http::StatusCode;
use axum::response::Response;

use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::names::{Repo, public};
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

/// The registry host, which is also its service.
const HOST: &str = "regscope.azurecr.io";
/// The token endpoint.
const REALM: &str = "https://regscope.azurecr.io/oauth2/token";

/// ACR's repositories (anonymous pull enabled: all public).
const REPOS: [Repo; 3] = [
    public("alpine", "library/alpine"),
    public("regscope/single", "oci/single"),
    public("regscope/many-tags", "many/tags"),
];

/// `regscope.azurecr.io`.
pub static PROFILE: Profile = Profile {
    host: HOST,
    scheme: "https",
    repos: &REPOS,
    gate: Gate::Bearer(BearerGate {
        service: HOST,
        issuer: "Azure Container Registry",
        style: TokenStyle::Jwt,
        anonymous_public: false,
        direct_bearer: None,
        registry_basic: None,
        head_needs_authorization: false,
        catalog_open: false,
        catalog_by_token: true,
        deny,
    }),
    blobs: Blobs::Direct,
    tags: Paging::Distribution,
    catalog: Catalog {
        paging: Paging::Distribution,
        anonymous_sees_public: true,
    },
    quirks: Quirks {
        missing_manifest: MissingManifest::Acr,
        ..PLAIN
    },
};

/// `regscope.azurecr.io/oauth2/token`.
pub static TOKENS: TokenService = TokenService::new(
    &["/oauth2/token"],
    "Azure Container Registry",
    TokenStyle::Jwt,
    3600,
    TokenBody::AccessTokenOnly,
    &REPOS,
    authenticate,
    grant,
);

fn deny(denial: &Denial<'_>) -> Response {
    common::distribution_denial(denial, REALM, HOST, false)
}

fn authenticate(credentials: &Credentials) -> Result<Caller, Refused> {
    common::stack_user(credentials, || {
        errors::registry(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "authentication required",
            Detail::Omitted,
        )
    })
}

/// Pull for anyone (anonymous pull enabled); the catalog for a signed-in user only.
fn grant(ask: &Ask<'_>) -> Result<Vec<Access>, Refused> {
    let mut access = grants::pulls(ask.repos, ask.caller, ask.scopes, Unknown::Refuse);
    if ask.caller.signed_in() && ask.scopes.iter().any(grants::asks_catalog) {
        access.push(Access::catalog());
    }
    Ok(access)
}
