//! GitHub Container Registry (`ghcr.io`, token endpoint `https://ghcr.io/token`, service
//! `ghcr.io`): opaque tokens in a `token`-only answer, anonymous tokens refused (401) for
//! private packages, `registry:catalog:*` refused (403), tag lists paged 100 at a time with
//! a relative `Link`.

use axum::http::StatusCode;
use axum::response::Response;

use super::super::challenge::Bearer;
use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::names::{self, Repo, Visibility, private, public};
use super::super::paging::Paging;
use super::super::profile::{
    BearerGate, Blobs, Caller, Catalog, Denial, Gate, PLAIN, Profile, Refused,
};
use super::super::tokens::claims::{Access, Need};
use super::super::tokens::codec::TokenStyle;
use super::super::tokens::grants::{self, Unknown};
use super::super::tokens::service::{Ask, TokenBody, TokenService};
use super::common;

/// The token endpoint.
const REALM: &str = "https://ghcr.io/token";
/// The service.
const SERVICE: &str = "ghcr.io";
/// The scope GHCR names in challenges that concern no repository (captured on `_catalog`).
const PLACEHOLDER_SCOPE: &str = "repository:user/image:pull";

/// GHCR's packages.
const REPOS: [Repo; 5] = [
    public("regscope/alpine", "library/alpine"),
    public("regscope/single", "oci/single"),
    public("regscope/list", "docker/list"),
    public("regscope/many-tags", "many/tags"),
    private("regscope/private", "private/app"),
];

/// `ghcr.io`.
pub static PROFILE: Profile = Profile {
    host: "ghcr.io",
    scheme: "https",
    repos: &REPOS,
    gate: Gate::Bearer(BearerGate {
        service: SERVICE,
        issuer: SERVICE,
        style: TokenStyle::Opaque,
        anonymous_public: false,
        direct_bearer: None,
        registry_basic: None,
        head_needs_authorization: false,
        catalog_open: false,
        catalog_by_token: true,
        deny,
    }),
    blobs: Blobs::Direct,
    tags: Paging::Ghcr,
    catalog: Catalog {
        paging: Paging::Ghcr,
        anonymous_sees_public: true,
    },
    quirks: PLAIN,
};

/// `ghcr.io/token`.
pub static TOKENS: TokenService = TokenService::new(
    &["/token"],
    SERVICE,
    TokenStyle::Opaque,
    300,
    TokenBody::TokenOnly,
    &REPOS,
    authenticate,
    grant,
);

/// GHCR's 401 body.
fn unauthorized_body() -> Response {
    errors::registry(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        "authentication required",
        Detail::Omitted,
    )
}

fn deny(denial: &Denial<'_>) -> Response {
    let scope = match denial.need {
        Need::Pull(_) => common::scope_of(denial.need),
        Need::Valid | Need::Catalog => Some(PLACEHOLDER_SCOPE.to_owned()),
    };
    let challenge = Bearer {
        realm: REALM,
        service: Some(SERVICE),
        scope,
        error: denial.error,
    };
    common::unauthorized(&challenge.header(), unauthorized_body())
}

fn authenticate(credentials: &Credentials) -> Result<Caller, Refused> {
    common::stack_user(credentials, unauthorized_body)
}

/// Refuses the catalog (403) and anonymous requests for private packages (401); grants pull
/// on everything else, unknown names included (the registry then says 404).
fn grant(ask: &Ask<'_>) -> Result<Vec<Access>, Refused> {
    if ask.scopes.iter().any(grants::asks_catalog) {
        return Err(Box::new(errors::registry(
            StatusCode::FORBIDDEN,
            "DENIED",
            "requested access to the resource is denied",
            Detail::Omitted,
        )));
    }
    let private_asked = ask.scopes.iter().any(|scope| {
        names::find(ask.repos, &scope.name).is_some_and(|r| r.visibility == Visibility::Private)
    });
    if private_asked && !ask.caller.signed_in() {
        return Err(Box::new(unauthorized_body()));
    }
    Ok(grants::pulls(
        ask.repos,
        ask.caller,
        ask.scopes,
        Unknown::Grant,
    ))
}
