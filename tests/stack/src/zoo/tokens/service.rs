//! A token endpoint (`GET REALM?service=…&scope=…`), driven by the registry's spec: who the
//! credentials are, what to grant, and the shape of the answer. Tokens carry the requested
//! `service` as their audience, so a token asked for another service or host is refused by
//! the registry with `invalid_token`.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::Serialize;

use super::super::credentials::Credentials;
use super::super::errors;
use super::super::names::Repo;
use super::super::profile::{Caller, Refused};
use super::super::state::Zoo;
use super::claims::{Access, Claims};
use super::codec::TokenStyle;
use super::scope::{self, Scope};

/// How a token endpoint behaves.
#[derive(Debug)]
pub struct TokenService {
    /// The endpoint's paths on its host (the first is the realm's).
    pub paths: &'static [&'static str],
    /// `iss` of its tokens.
    pub issuer: &'static str,
    /// How its tokens look.
    pub style: TokenStyle,
    /// Token lifetime in seconds.
    pub lifetime: i64,
    /// Seconds `nbf` lies before `iat` (Docker Hub's tokens: 300).
    pub nbf_before: i64,
    /// The answer's shape.
    pub body: TokenBody,
    /// The repositories the registry has (for its `grant`).
    pub repos: &'static [Repo],
    /// Who the request's credentials are (anonymous without), or the refusal of bad ones.
    pub authenticate: fn(&Credentials) -> Result<Caller, Refused>,
    /// What to grant for a request, or its refusal.
    pub grant: fn(&Ask<'_>) -> Result<Vec<Access>, Refused>,
    /// A `Set-Cookie: sid=…` on the answer (Harbor).
    pub session_cookie: bool,
}

impl TokenService {
    /// A token endpoint at `paths` whose tokens have no `nbf` margin and whose answers set no
    /// cookie (every registry but Docker Hub's `nbf` and Harbor's cookie; see
    /// [`Self::nbf_before`] and [`Self::with_session_cookie`]).
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        paths: &'static [&'static str],
        issuer: &'static str,
        style: TokenStyle,
        lifetime: i64,
        body: TokenBody,
        repos: &'static [Repo],
        authenticate: fn(&Credentials) -> Result<Caller, Refused>,
        grant: fn(&Ask<'_>) -> Result<Vec<Access>, Refused>,
    ) -> TokenService {
        TokenService {
            paths,
            issuer,
            style,
            lifetime,
            nbf_before: 0,
            body,
            repos,
            authenticate,
            grant,
            session_cookie: false,
        }
    }

    /// The same endpoint with `nbf` lying `seconds` before `iat`.
    pub const fn nbf_before(self, seconds: i64) -> TokenService {
        TokenService {
            nbf_before: seconds,
            ..self
        }
    }

    /// The same endpoint setting Harbor's `sid` cookie on its answers.
    pub const fn with_session_cookie(self) -> TokenService {
        TokenService {
            session_cookie: true,
            ..self
        }
    }
}

/// A token request, as a registry's `grant` sees it.
#[derive(Debug)]
pub struct Ask<'a> {
    /// Who asks.
    pub caller: &'a Caller,
    /// `service`, as sent (empty when absent).
    pub service: &'a str,
    /// The requested scopes.
    pub scopes: &'a [Scope],
    /// The registry's repositories.
    pub repos: &'static [Repo],
}

/// The JSON shape of a token answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenBody {
    /// `token`, `access_token`, `expires_in`, `issued_at` (Docker Hub).
    Full,
    /// `token` only (GHCR, Quay, ECR Public, GitLab).
    TokenOnly,
    /// `access_token` only (ACR).
    AccessTokenOnly,
    /// `expires_in`, `issued_at`, `token` (Google's registries).
    Google,
    /// `token`, `expires_in`, `issued_at` (Harbor).
    Harbor,
}

/// Answers one token request.
pub async fn issue(spec: &'static TokenService, zoo: Arc<Zoo>, request: Request) -> Response {
    if request.method() != Method::GET {
        return errors::with_type(StatusCode::METHOD_NOT_ALLOWED, "", "text/plain");
    }
    let mut response = answer(spec, &zoo, &request);
    if spec.session_cookie {
        super::super::session::set_cookie(response.headers_mut());
    }
    response
}

fn answer(spec: &TokenService, zoo: &Zoo, request: &Request) -> Response {
    let caller = match (spec.authenticate)(&Credentials::of(request.headers())) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
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
    let ask = Ask {
        caller: &caller,
        service,
        scopes: &scopes,
        repos: spec.repos,
    };
    let access = match (spec.grant)(&ask) {
        Ok(access) => access,
        Err(refusal) => return *refusal,
    };
    let now = crate::clock::unix_now();
    let claims = Claims {
        iss: spec.issuer.to_owned(),
        sub: caller.user.clone().unwrap_or_default(),
        aud: service.to_owned(),
        exp: now + spec.lifetime,
        nbf: now - spec.nbf_before,
        iat: now,
        jti: zoo.keys.jti(),
        access,
    };
    let token = zoo.keys.mint(spec.style, &claims);
    let issued_at = crate::clock::rfc3339(now);
    let text = body(spec.body, token, spec.lifetime, issued_at);
    errors::with_type(StatusCode::OK, format!("{text}\n"), errors::JSON)
}

/// The answer's JSON text.
fn body(shape: TokenBody, token: String, expires_in: i64, issued_at: String) -> String {
    #[derive(Serialize)]
    struct Full {
        token: String,
        access_token: String,
        expires_in: i64,
        issued_at: String,
    }
    #[derive(Serialize)]
    struct TokenOnly {
        token: String,
    }
    #[derive(Serialize)]
    struct AccessTokenOnly {
        access_token: String,
    }
    #[derive(Serialize)]
    struct Google {
        expires_in: i64,
        issued_at: String,
        token: String,
    }
    #[derive(Serialize)]
    struct Harbor {
        token: String,
        expires_in: i64,
        issued_at: String,
    }
    let text = match shape {
        TokenBody::Full => serde_json::to_string(&Full {
            access_token: token.clone(),
            token,
            expires_in,
            issued_at,
        }),
        TokenBody::TokenOnly => serde_json::to_string(&TokenOnly { token }),
        TokenBody::AccessTokenOnly => serde_json::to_string(&AccessTokenOnly {
            access_token: token,
        }),
        TokenBody::Google => serde_json::to_string(&Google {
            expires_in,
            issued_at,
            token,
        }),
        TokenBody::Harbor => serde_json::to_string(&Harbor {
            token,
            expires_in,
            issued_at,
        }),
    };
    text.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_have_each_registrys_fields() {
        let at = "2024-01-01T00:00:00Z".to_owned();
        assert_eq!(
            body(TokenBody::Full, "t".into(), 300, at.clone()),
            r#"{"token":"t","access_token":"t","expires_in":300,"issued_at":"2024-01-01T00:00:00Z"}"#
        );
        assert_eq!(
            body(TokenBody::TokenOnly, "t".into(), 300, at.clone()),
            r#"{"token":"t"}"#
        );
        assert_eq!(
            body(TokenBody::AccessTokenOnly, "t".into(), 300, at.clone()),
            r#"{"access_token":"t"}"#
        );
        assert_eq!(
            body(TokenBody::Google, "t".into(), 43200, at.clone()),
            r#"{"expires_in":43200,"issued_at":"2024-01-01T00:00:00Z","token":"t"}"#
        );
        assert_eq!(
            body(TokenBody::Harbor, "t".into(), 1800, at),
            r#"{"token":"t","expires_in":1800,"issued_at":"2024-01-01T00:00:00Z"}"#
        );
    }
}
