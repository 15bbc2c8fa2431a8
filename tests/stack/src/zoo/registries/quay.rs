//! Quay (`quay.io`, token endpoint `https://quay.io/v2/auth`, service `quay.io`): public
//! repositories answer without a token, `/v2/` says `true`, refusals carry Quay's own body and
//! a challenge without `error`, blob GETs answer 302 to the CDN host, tags are paged 100 at a
//! time (`n` honoured up to that) with an absolute `Link`, and the catalog lists only what a
//! signed-in caller may see.

use axum::http::StatusCode;
use axum::response::Response;

use super::super::challenge::Bearer;
use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::names::{Repo, private, public};
use super::super::paging::Paging;
use super::super::profile::{
    BearerGate, Blobs, Caller, Catalog, Denial, Gate, MissingManifest, PLAIN, Profile, Quirks,
    Refused,
};
use super::super::tokens::claims::{Access, Need};
use super::super::tokens::codec::TokenStyle;
use super::super::tokens::grants::{self, Unknown};
use super::super::tokens::service::{Ask, TokenBody, TokenService};
use super::common;

/// The token endpoint.
const REALM: &str = "https://quay.io/v2/auth";
/// The service (Quay's server host name).
const SERVICE: &str = "quay.io";
/// The issuer of the zoo's Quay tokens.
const ISSUER: &str = "quay";

/// Quay's repositories.
const REPOS: [Repo; 4] = [
    public("regscope/alpine", "library/alpine"),
    public("regscope/many-tags", "many/tags"),
    public("regscope/schema2", "docker/schema2"),
    private("regscope/private", "private/app"),
];

/// `quay.io`.
pub static PROFILE: Profile = Profile {
    host: "quay.io",
    scheme: "https",
    repos: &REPOS,
    gate: Gate::Bearer(BearerGate {
        service: SERVICE,
        issuer: ISSUER,
        style: TokenStyle::Jwt,
        anonymous_public: true,
        direct_bearer: None,
        registry_basic: None,
        head_needs_authorization: false,
        catalog_open: true,
        catalog_by_token: true,
        deny,
    }),
    blobs: Blobs::QuayCdn,
    tags: Paging::QuayTags,
    catalog: Catalog {
        paging: Paging::QuayCatalog,
        anonymous_sees_public: false,
    },
    quirks: Quirks {
        base_body: "true",
        missing_manifest: MissingManifest::Quay,
        ..PLAIN
    },
};

/// `quay.io/v2/auth`.
pub static TOKENS: TokenService = TokenService::new(
    &["/v2/auth"],
    ISSUER,
    TokenStyle::Jwt,
    3600,
    TokenBody::TokenOnly,
    &REPOS,
    authenticate,
    grant,
);

/// Quay's challenge (`get_auth_headers`): realm and service, scope for a repository, no error.
fn challenge(need: Need<'_>) -> String {
    let scope = match need {
        Need::Pull(_) => common::scope_of(need),
        _ => None,
    };
    Bearer {
        realm: REALM,
        service: Some(SERVICE),
        scope,
        error: None,
    }
    .header()
}

/// Quay's `Unauthorized` error.
fn unauthorized_body() -> Response {
    errors::registry(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        "access to the requested resource is not authorized",
        Detail::empty_object(),
    )
}

fn deny(denial: &Denial<'_>) -> Response {
    let body = match denial.need {
        // `/v2/` answers its usual `true`, with status 401.
        Need::Valid => {
            errors::with_type(StatusCode::UNAUTHORIZED, "true", "text/html; charset=utf-8")
        }
        _ => unauthorized_body(),
    };
    common::unauthorized(&challenge(denial.need), body)
}

fn authenticate(credentials: &Credentials) -> Result<Caller, Refused> {
    common::stack_user(credentials, || {
        errors::registry(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Specified credentials are invalid",
            Detail::empty_object(),
        )
    })
}

/// An anonymous request without scopes is a login and is refused; otherwise pull on what the
/// caller may see (private repositories silently left out for anonymous callers).
fn grant(ask: &Ask<'_>) -> Result<Vec<Access>, Refused> {
    if ask.scopes.is_empty() && !ask.caller.signed_in() {
        return Err(Box::new(common::unauthorized(
            &challenge(Need::Valid),
            unauthorized_body(),
        )));
    }
    Ok(grants::pulls(
        ask.repos,
        ask.caller,
        ask.scopes,
        Unknown::Refuse,
    ))
}
