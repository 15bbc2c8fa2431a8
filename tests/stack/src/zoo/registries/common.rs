//! Pieces several emulated registries share: 401 answers, the stack's user, and
//! distribution's challenge and body for a refused request.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use super::super::challenge::{self, Bearer};
use super::super::credentials::Credentials;
use super::super::errors::{self, Detail};
use super::super::profile::{Caller, Denial, Refused};
use super::super::tokens::claims::Need;
use regscope_stack::facts;

/// A 401 with the challenge `www_authenticate`.
pub fn unauthorized(www_authenticate: &str, response: Response) -> Response {
    let mut response = response;
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    if let Ok(value) = HeaderValue::from_str(www_authenticate) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// The scope a refused request needed, as challenges name it.
pub fn scope_of(need: Need<'_>) -> Option<String> {
    match need {
        Need::Valid => None,
        Need::Pull(name) => Some(challenge::pull_scope(name)),
        Need::Catalog => Some("registry:catalog:*".to_owned()),
    }
}

/// distribution's refusal: `Bearer realm,service[,scope][,error]` and
/// `UNAUTHORIZED "authentication required"` with the access detail (`class`: Docker Hub's
/// `"Class":""` field).
pub fn distribution_denial(
    denial: &Denial<'_>,
    realm: &str,
    service: &str,
    class: bool,
) -> Response {
    let detail = match denial.need {
        Need::Valid => Detail::Null,
        Need::Pull(name) => Detail::pull_access(name, class),
        Need::Catalog => Detail::catalog_access(class),
    };
    let challenge = Bearer {
        realm,
        service: Some(service),
        scope: scope_of(denial.need),
        error: denial.error,
    };
    unauthorized(
        &challenge.header(),
        errors::registry(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "authentication required",
            detail,
        ),
    )
}

/// The caller behind a token request's credentials: anonymous without Basic credentials,
/// the stack's user with the right password, else `refusal`.
pub fn stack_user(credentials: &Credentials, refusal: fn() -> Response) -> Result<Caller, Refused> {
    match credentials {
        Credentials::Basic { user, password }
            if user == facts::USER && password == facts::PASSWORD =>
        {
            Ok(Caller::user(user))
        }
        Credentials::Basic { .. } => Err(Box::new(refusal())),
        _ => Ok(Caller::default()),
    }
}
