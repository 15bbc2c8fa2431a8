//! Google Artifact Registry (`us-docker.pkg.dev`, `us-west1-docker.pkg.dev`): each host is its
//! own token service (`https://HOST/v2/token`, service `HOST`), `/v2/` challenges without a
//! service, public repositories answer without a token, a Google OAuth access token works as
//! a Bearer token directly or as the password of `oauth2accesstoken`, and `Accept` entries are
//! compared literally (a `q=` parameter defeats the match).

use axum::http::StatusCode;
use axum::response::Response;

use super::super::challenge::Bearer;
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

/// The multi-region host.
pub const US: &str = "us-docker.pkg.dev";
/// The regional host registry.k8s.io redirects to.
pub const US_WEST1: &str = "us-west1-docker.pkg.dev";

/// Repositories on `us-docker.pkg.dev`.
const US_REPOS: [Repo; 3] = [
    public("regscope-public/images/alpine", "library/alpine"),
    private("regscope-project/images/alpine", "library/alpine"),
    private("regscope-project/images/many-tags", "many/tags"),
];

/// Repositories on `us-west1-docker.pkg.dev`: the images registry.k8s.io serves, and one
/// private repository.
const US_WEST1_REPOS: [Repo; 3] = [
    public("k8s-artifacts-prod/images/pause", "docker/list"),
    public("k8s-artifacts-prod/images/coredns/coredns", "oci/single"),
    private("regscope-project/private/app", "private/app"),
];

/// The profile of one Artifact Registry host.
const fn profile(host: &'static str, repos: &'static [Repo]) -> Profile {
    Profile {
        host,
        scheme: "https",
        repos,
        gate: Gate::Bearer(BearerGate {
            service: host,
            issuer: host,
            style: TokenStyle::Opaque,
            anonymous_public: true,
            direct_bearer: Some((facts::ZOO_GOOGLE_ACCESS_TOKEN, facts::ZOO_GOOGLE_USER)),
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
            literal_accept: true,
            ..PLAIN
        },
    }
}

/// The token service of one Artifact Registry host.
const fn tokens(host: &'static str, repos: &'static [Repo]) -> TokenService {
    TokenService::new(
        &["/v2/token"],
        host,
        TokenStyle::Opaque,
        43_200,
        TokenBody::Google,
        repos,
        authenticate,
        grant,
    )
}

/// `us-docker.pkg.dev`.
pub static US_PROFILE: Profile = profile(US, &US_REPOS);
/// `us-docker.pkg.dev/v2/token`.
pub static US_TOKENS: TokenService = tokens(US, &US_REPOS);
/// `us-west1-docker.pkg.dev`.
pub static US_WEST1_PROFILE: Profile = profile(US_WEST1, &US_WEST1_REPOS);
/// `us-west1-docker.pkg.dev/v2/token`.
pub static US_WEST1_TOKENS: TokenService = tokens(US_WEST1, &US_WEST1_REPOS);

/// Google's 401 body.
fn unauthorized_body() -> Response {
    errors::registry(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        "Unauthorized access.",
        Detail::Omitted,
    )
}

fn deny(denial: &Denial<'_>) -> Response {
    let host = denial.profile.host;
    let realm = format!("https://{host}/v2/token");
    let challenge = Bearer {
        realm: &realm,
        // `/v2/` names no service; repository paths do.
        service: (denial.need != Need::Valid).then_some(host),
        scope: common::scope_of(denial.need),
        error: denial.error,
    };
    common::unauthorized(&challenge.header(), unauthorized_body())
}

/// `oauth2accesstoken` with the access token as password signs in; other Basic credentials
/// are refused.
fn authenticate(credentials: &Credentials) -> Result<Caller, Refused> {
    match credentials {
        Credentials::Basic { user, password }
            if user == facts::ZOO_GOOGLE_USER && password == facts::ZOO_GOOGLE_ACCESS_TOKEN =>
        {
            Ok(Caller::user(user))
        }
        Credentials::Basic { .. } => Err(Box::new(unauthorized_body())),
        _ => Ok(Caller::default()),
    }
}

/// Pull on the public repositories, and the private ones for a signed-in caller.
fn grant(ask: &Ask<'_>) -> Result<Vec<Access>, Refused> {
    Ok(grants::pulls(
        ask.repos,
        ask.caller,
        ask.scopes,
        Unknown::Refuse,
    ))
}
