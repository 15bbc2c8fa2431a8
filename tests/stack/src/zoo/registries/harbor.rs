//! Harbor 2, as a typical LAN install reached over plain http (`harbor.local`): nginx answers
//! `/v2` with 301 to `/v2/`; the core challenges with
//! `Bearer realm="http://harbor.local/service/token",service="harbor-registry"`, or with
//! `Basic realm="harbor"` when the request carried credentials; public projects answer GET
//! without a token but HEAD needs `Authorization`; Basic credentials work on the registry
//! itself; the catalog is for a Basic-authenticated system administrator only; and every
//! answer sets a `sid` session cookie.

use axum::http::StatusCode;
use axum::response::Response;

use super::super::challenge::{self, Bearer};
use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::names::{Repo, private, public};
use super::super::paging::Paging;
use super::super::profile::{
    BearerGate, Blobs, Caller, Catalog, Denial, Gate, PLAIN, Profile, Quirks, Refused,
};
use super::super::tokens::claims::{Access, Need};
use super::super::tokens::codec::TokenStyle;
use super::super::tokens::grants::{self, Unknown};
use super::super::tokens::service::{Ask, TokenBody, TokenService};
use super::common;
use regscope_stack::facts;

/// The token endpoint (Harbor's external URL + `/service/token`).
const REALM: &str = "http://harbor.local/service/token";
/// Harbor's registry service name.
const SERVICE: &str = "harbor-registry";
/// Harbor's token issuer.
const ISSUER: &str = "harbor-token-issuer";

/// Harbor's repositories: project `library` is public, project `regscope` private.
const REPOS: [Repo; 3] = [
    public("library/alpine", "library/alpine"),
    public("library/many-tags", "many/tags"),
    private("regscope/app", "private/app"),
];

/// `harbor.local`.
pub static PROFILE: Profile = Profile {
    host: "harbor.local",
    scheme: "http",
    repos: &REPOS,
    gate: Gate::Bearer(BearerGate {
        service: SERVICE,
        issuer: ISSUER,
        style: TokenStyle::Jwt,
        anonymous_public: true,
        direct_bearer: None,
        registry_basic: Some(member),
        head_needs_authorization: true,
        catalog_open: false,
        catalog_by_token: false,
        deny,
    }),
    blobs: Blobs::Direct,
    tags: Paging::Distribution,
    catalog: Catalog {
        paging: Paging::Distribution,
        anonymous_sees_public: true,
    },
    quirks: Quirks {
        v2_moved: true,
        session_cookie: true,
        ..PLAIN
    },
};

/// `harbor.local/service/token`.
pub static TOKENS: TokenService = TokenService::new(
    &["/service/token"],
    ISSUER,
    TokenStyle::Jwt,
    1800,
    TokenBody::Harbor,
    &REPOS,
    authenticate,
    grant,
)
.with_session_cookie();

/// The Harbor account behind Basic credentials: the system administrator, or the stack's
/// user (a member of project `regscope`).
fn member(user: &str, password: &str) -> Option<Caller> {
    if user == facts::ZOO_HARBOR_ADMIN && password == facts::ZOO_HARBOR_PASSWORD {
        return Some(Caller {
            user: Some(user.to_owned()),
            admin: true,
        });
    }
    (user == facts::USER && password == facts::PASSWORD).then(|| Caller::user(user))
}

fn deny(denial: &Denial<'_>) -> Response {
    let reason = match denial.need {
        Need::Valid => "unauthorized".to_owned(),
        Need::Catalog => "unauthorized to list catalog".to_owned(),
        Need::Pull(_) if denial.head && !denial.had_authorization => {
            "authorize header needed to send HEAD to repository".to_owned()
        }
        Need::Pull(name) => format!("unauthorized to access repository: {name}, action: pull"),
    };
    let www_authenticate = if denial.had_authorization || denial.need == Need::Catalog {
        challenge::basic("harbor", None)
    } else {
        Bearer {
            realm: REALM,
            service: Some(SERVICE),
            scope: common::scope_of(denial.need),
            error: None,
        }
        .header()
    };
    common::unauthorized(
        &www_authenticate,
        errors::registry(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            &format!("unauthorized: {reason}"),
            Detail::Omitted,
        ),
    )
}

/// Anonymous without credentials; a Harbor account with good ones; 401 (no body) otherwise.
fn authenticate(credentials: &Credentials) -> Result<Caller, Refused> {
    match credentials {
        Credentials::Basic { user, password } => member(user, password).ok_or_else(|| {
            Box::new(errors::with_type(
                StatusCode::UNAUTHORIZED,
                "",
                "text/plain",
            ))
        }),
        _ => Ok(Caller::default()),
    }
}

/// Only `service=harbor-registry` (else 400); an anonymous login without scopes is refused
/// (401); pull by project visibility; `registry:catalog:*` for the administrator.
fn grant(ask: &Ask<'_>) -> Result<Vec<Access>, Refused> {
    if ask.service != SERVICE {
        return Err(Box::new(errors::with_type(
            StatusCode::BAD_REQUEST,
            format!("Unable to handle service: {}", ask.service),
            "text/plain; charset=utf-8",
        )));
    }
    if ask.scopes.is_empty() && !ask.caller.signed_in() {
        return Err(Box::new(errors::with_type(
            StatusCode::UNAUTHORIZED,
            "",
            "text/plain",
        )));
    }
    let mut access = grants::pulls(ask.repos, ask.caller, ask.scopes, Unknown::Refuse);
    if ask.caller.admin && ask.scopes.iter().any(grants::asks_catalog) {
        access.push(Access::catalog());
    }
    Ok(access)
}
