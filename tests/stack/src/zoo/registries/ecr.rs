//! Amazon ECR (`123456789012.dkr.ecr.us-east-1.amazonaws.com`): HTTP Basic on every request,
//! user `AWS` and an authorization token as password. Without good credentials: 401 with
//! `Basic realm="https://HOST/",service="ecr.amazonaws.com"` and the plain-text body
//! `Not Authorized`; an expired token: 403 `DENIED`.

use axum::http::StatusCode;

use super::super::challenge;
use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::names::{Repo, private};
use super::super::paging::Paging;
use super::super::profile::{Blobs, Caller, Catalog, Gate, PLAIN, Profile, Refused};
use super::common;
use regscope_stack::facts;

/// ECR's repositories (a private registry: all private).
const REPOS: [Repo; 3] = [
    private("regscope/alpine", "library/alpine"),
    private("regscope/app", "private/app"),
    private("regscope/many-tags", "many/tags"),
];

/// The emulated ECR registry.
pub static PROFILE: Profile = Profile {
    host: facts::ZOO_ECR_HOST,
    scheme: "https",
    repos: &REPOS,
    gate: Gate::Basic(check),
    blobs: Blobs::Direct,
    tags: Paging::Distribution,
    catalog: Catalog {
        paging: Paging::Distribution,
        anonymous_sees_public: false,
    },
    quirks: PLAIN,
};

/// Admits `AWS` with the one accepted token; refuses the rest ECR's way.
fn check(credentials: &Credentials) -> Result<Caller, Refused> {
    match credentials {
        Credentials::Basic { user, password }
            if user == facts::ZOO_ECR_USER && password == facts::ZOO_ECR_PASSWORD =>
        {
            Ok(Caller::user(user))
        }
        Credentials::Basic { user, password }
            if user == facts::ZOO_ECR_USER && password == facts::ZOO_ECR_EXPIRED_PASSWORD =>
        {
            Err(Box::new(errors::registry(
                StatusCode::FORBIDDEN,
                "DENIED",
                "Your authorization token has expired. Reauthenticate and try again.",
                Detail::Omitted,
            )))
        }
        _ => {
            let realm = format!("https://{}/", facts::ZOO_ECR_HOST);
            Err(Box::new(common::unauthorized(
                &challenge::basic(&realm, Some("ecr.amazonaws.com")),
                errors::with_type(
                    StatusCode::UNAUTHORIZED,
                    "Not Authorized\n",
                    "text/plain; charset=utf-8",
                ),
            )))
        }
    }
}
