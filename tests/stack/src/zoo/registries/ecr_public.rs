//! Amazon ECR Public (`public.ecr.aws`, token endpoint `https://public.ecr.aws/token/`,
//! service `public.ecr.aws`): anonymous tokens for the registry-wide scope `aws`, every
//! challenge naming `scope="aws"`, and blob HEAD refused with 401 even with a good token
//! (use GET).

use axum::http::StatusCode;
use axum::response::Response;

use super::super::challenge::Bearer;
use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::names::{Repo, public};
use super::super::paging::Paging;
use super::super::profile::{
    BearerGate, Blobs, Caller, Catalog, Denial, Gate, PLAIN, Profile, Refused,
};
use super::super::tokens::claims::Access;
use super::super::tokens::codec::TokenStyle;
use super::super::tokens::service::{Ask, TokenBody, TokenService};
use super::common;

/// The token endpoint.
const REALM: &str = "https://public.ecr.aws/token/";
/// The service.
const SERVICE: &str = "public.ecr.aws";

/// ECR Public's repositories (all public).
const REPOS: [Repo; 3] = [
    public("docker/library/alpine", "library/alpine"),
    public("regscope/single", "oci/single"),
    public("regscope/many-tags", "many/tags"),
];

/// `public.ecr.aws`.
pub static PROFILE: Profile = Profile {
    host: SERVICE,
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
        catalog_by_token: false,
        deny,
    }),
    blobs: Blobs::HeadRefused,
    tags: Paging::Distribution,
    catalog: Catalog {
        paging: Paging::Distribution,
        anonymous_sees_public: true,
    },
    quirks: PLAIN,
};

/// `public.ecr.aws/token/`.
pub static TOKENS: TokenService = TokenService::new(
    &["/token/", "/token"],
    SERVICE,
    TokenStyle::Opaque,
    3600,
    TokenBody::TokenOnly,
    &REPOS,
    authenticate,
    grant,
);

fn deny(_: &Denial<'_>) -> Response {
    let challenge = Bearer {
        realm: REALM,
        service: Some(SERVICE),
        scope: Some("aws".to_owned()),
        error: None,
    };
    common::unauthorized(
        &challenge.header(),
        errors::registry(
            StatusCode::UNAUTHORIZED,
            "DENIED",
            "Not Authorized",
            Detail::Omitted,
        ),
    )
}

/// Anonymous is the norm; credentials are not checked (the emulation has no accounts).
fn authenticate(_: &Credentials) -> Result<Caller, Refused> {
    Ok(Caller::default())
}

/// Every token pulls every (public) repository: the scope is the registry-wide `aws`.
fn grant(_: &Ask<'_>) -> Result<Vec<Access>, Refused> {
    Ok(vec![Access::pull("*")])
}
