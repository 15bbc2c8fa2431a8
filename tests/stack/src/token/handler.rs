//! HTTP handlers of the token server.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::TokenState;
use super::basic::{self, Credentials};
use super::jwt::Claims;
use super::policy::{self, Caller};
use super::scope;
use crate::clock;
use crate::httplog::LogUser;

/// How far in the past `/token/expired` puts `exp` (distribution allows 60 s of skew).
const EXPIRED_BY_SECS: i64 = 600;

/// The token response body.
#[derive(Debug, Serialize)]
struct TokenResponse {
    token: String,
    access_token: String,
    expires_in: i64,
    issued_at: String,
}

/// `GET /healthz`.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /token`: a token valid from now.
pub async fn token(
    State(state): State<Arc<TokenState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    issue(&state, query.as_deref(), &headers, clock::unix_now())
}

/// `GET /token/expired`: the same token, but issued and expired in the past.
pub async fn expired_token(
    State(state): State<Arc<TokenState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let issued = clock::unix_now() - EXPIRED_BY_SECS - state.expires_in;
    issue(&state, query.as_deref(), &headers, issued)
}

/// Authenticates, grants and signs a token issued at `issued_at`.
fn issue(state: &TokenState, query: Option<&str>, headers: &HeaderMap, issued_at: i64) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let caller = match basic::parse(authorization) {
        Credentials::None => Caller::Anonymous,
        Credentials::Basic { user, password } => match policy::authenticate(&user, &password) {
            Some(caller) => caller,
            None => return unauthorized(&format!("rejected:{user}")),
        },
        Credentials::Malformed => return unauthorized("rejected:malformed"),
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let service = pairs
        .iter()
        .find(|(k, _)| k == "service")
        .map_or("", |(_, v)| v.as_str());
    let scopes = scope::parse_all(
        pairs
            .iter()
            .filter(|(k, _)| k == "scope")
            .map(|(_, v)| v.as_str()),
    );
    let access = policy::grant(&caller, &scopes);
    let claims = Claims {
        iss: &state.issuer,
        sub: caller.subject(),
        aud: service,
        exp: issued_at + state.expires_in,
        nbf: issued_at,
        iat: issued_at,
        jti: state.signer.next_jti(),
        access: &access,
    };
    let mut response = match state.signer.sign(&claims) {
        Ok(token) => axum::Json(TokenResponse {
            access_token: token.clone(),
            token,
            expires_in: state.expires_in,
            issued_at: clock::rfc3339(issued_at),
        })
        .into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{err:#}\n")).into_response(),
    };
    response
        .extensions_mut()
        .insert(LogUser(caller.log_name().to_owned()));
    response
}

/// The 401 answer to bad credentials, in the registry error format.
fn unauthorized(log_name: &str) -> Response {
    let body =
        r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#;
    let mut response = (StatusCode::UNAUTHORIZED, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(r#"Basic realm="regscope-token-server""#),
    );
    response
        .extensions_mut()
        .insert(LogUser(log_name.to_owned()));
    response
}
