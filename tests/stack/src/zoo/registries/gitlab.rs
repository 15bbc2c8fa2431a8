//! GitLab's container registry (`registry.gitlab.com`, token endpoint
//! `https://gitlab.com/jwt/auth`, service `container_registry`): distribution's challenges and
//! bodies; the token endpoint answers `token` only, refuses an anonymous request without
//! scopes (403 `DENIED`), bad credentials (401), and an unknown service (404), and grants the
//! catalog to GitLab administrators only (none here).

use axum::http::StatusCode;
use axum::response::Response;

use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::names::{Repo, private, public};
use super::super::paging::Paging;
use super::super::profile::{
    BearerGate, Blobs, Caller, Catalog, Denial, Gate, PLAIN, Profile, Refused,
};
use super::super::tokens::claims::Access;
use super::super::tokens::codec::TokenStyle;
use super::super::tokens::grants::{self, Unknown};
use super::super::tokens::service::{Ask, TokenBody, TokenService};
use super::common;

/// The token endpoint, on another host.
const REALM: &str = "https://gitlab.com/jwt/auth";
/// The registry's service name.
const SERVICE: &str = "container_registry";
/// GitLab's registry token issuer.
const ISSUER: &str = "gitlab-issuer";

/// GitLab's repositories: project `regscope/regscope` is public, `regscope/private` private.
const REPOS: [Repo; 3] = [
    public("regscope/regscope", "library/alpine"),
    public("regscope/regscope/many-tags", "many/tags"),
    private("regscope/private", "private/app"),
];

/// `registry.gitlab.com`.
pub static PROFILE: Profile = Profile {
    host: "registry.gitlab.com",
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
    blobs: Blobs::Direct,
    tags: Paging::Distribution,
    catalog: Catalog {
        paging: Paging::Distribution,
        anonymous_sees_public: true,
    },
    quirks: PLAIN,
};

/// `gitlab.com/jwt/auth`.
pub static TOKENS: TokenService = TokenService::new(
    &["/jwt/auth"],
    ISSUER,
    TokenStyle::Jwt,
    900,
    TokenBody::TokenOnly,
    &REPOS,
    authenticate,
    grant,
);

fn deny(denial: &Denial<'_>) -> Response {
    common::distribution_denial(denial, REALM, SERVICE, true)
}

fn authenticate(credentials: &Credentials) -> Result<Caller, Refused> {
    common::stack_user(credentials, || {
        errors::registry(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "HTTP Basic: Access denied",
            Detail::Omitted,
        )
    })
}

fn grant(ask: &Ask<'_>) -> Result<Vec<Access>, Refused> {
    if ask.service != SERVICE {
        return Err(Box::new(errors::with_type(
            StatusCode::NOT_FOUND,
            "",
            "text/plain",
        )));
    }
    if ask.scopes.is_empty() && !ask.caller.signed_in() {
        return Err(Box::new(errors::registry(
            StatusCode::FORBIDDEN,
            "DENIED",
            "access forbidden",
            Detail::Omitted,
        )));
    }
    Ok(grants::pulls(
        ask.repos,
        ask.caller,
        ask.scopes,
        Unknown::Refuse,
    ))
}
