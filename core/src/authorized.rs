//! The token flow on a 401, wherever the 401 came from. Realm, service and scope come from the
//! challenge of the host that answered: the registry, or the host a redirect led to
//! (registry.k8s.io's requests end at a regional Artifact Registry host that challenges on its
//! own). The token is kept for that host and sent to it alone, and the request is retried at the
//! URL that answered, never through the redirect again (where `Authorization` would be dropped
//! at the first hop off its origin). A refused token gets one fresh token; a Basic challenge
//! from the registry itself gets the registry's credentials.
//!
//! Credentials the user gave for a registry go only to challenges that registry answered with:
//! a host a request was redirected to gets an anonymous token request. The final URL comes
//! from the transport's report, and credentials must never depend on what a server claims.

use crate::auth::AuthFailure;
use crate::challenge::{self, Challenge};
use crate::client::{Client, Credentials};
use crate::error::Error;
use crate::redirect::{authority, same_origin};
use crate::reference::Reference;
use crate::token::{self, Token, TokenKey, TokenRequest};
use crate::transport::{Request, Response, Transport};

/// Attempts at one request: the first, one with a token the answering host already gave, one
/// with a fresh token, one with Basic credentials.
const MAX_ATTEMPTS: usize = 4;

/// What an attempt carried.
enum Sent {
    Nothing,
    Token(TokenKey, TokenRequest),
    Basic,
}

impl<T: Transport> Client<T> {
    /// Sends a registry request for `reference`'s repository, following redirects and running
    /// the token flow on a 401 (see the module's documentation).
    pub async fn send_authorized(
        &self,
        reference: &Reference,
        request: Request,
        purpose: &str,
    ) -> Result<Response, Error> {
        let scope = token::pull_scope(reference.repository());
        self.send_scoped(reference, &scope, request, purpose).await
    }

    /// Like [`Client::send_authorized`], for a token `scope` other than pulling the
    /// reference's repository (e.g. `registry:catalog:*`).
    pub async fn send_scoped(
        &self,
        reference: &Reference,
        scope: &str,
        request: Request,
        purpose: &str,
    ) -> Result<Response, Error> {
        let mut url = request.url.clone();
        let mut pinned: Option<TokenKey> = None;
        let mut fetched = false;
        let mut basic_sent = false;
        let mut last_token: Option<TokenRequest> = None;
        let mut attempts = 0;
        // Credentials for a host whose challenge is known (entered after it refused): the
        // token is asked for before the first attempt, which then carries it.
        if let Some((key, token_request, credentials)) =
            self.known_challenge(reference, &url, scope)
        {
            fetched = true;
            let token = self.fetch_token(&token_request, Some(&credentials)).await?;
            let now = self.now_ms();
            self.tokens()
                .borrow_mut()
                .insert(key.clone(), token, token_request, now);
            pinned = Some(key);
        }
        loop {
            attempts += 1;
            let (attempt, sent) = self.authorize(reference, &request, &url, pinned.take(), scope);
            match &sent {
                Sent::Token(_, used) => last_token = Some(used.clone()),
                Sent::Basic => basic_sent = true,
                Sent::Nothing => {}
            }
            let response = self.send_following(attempt, purpose).await?;
            if response.status != 401 {
                return Ok(response);
            }
            let answered = response.final_url().unwrap_or(&url).to_string();
            let credentials = self.credentials_at(reference, &answered);
            let refuse = || {
                self.unauthorized(
                    &response,
                    reference,
                    last_token.as_ref(),
                    credentials.is_some(),
                )
            };
            if attempts == MAX_ATTEMPTS {
                return Err(refuse());
            }
            let challenges = challenge::parse_all(response.header_values("www-authenticate"))
                .unwrap_or_default();
            if let Some(bearer) = challenges.iter().find(|c| c.is_bearer()) {
                // What was sent reached the refusing host only if the walk stayed on its origin.
                if let Sent::Token(sent_key, _) = &sent
                    && stayed_on_origin(&url, &response)
                {
                    self.tokens().borrow_mut().remove(sent_key);
                }
                let token_request = self.token_request(bearer, scope)?;
                let key = TokenKey {
                    host: authority(&answered),
                    scope: scope.to_string(),
                };
                self.tokens()
                    .borrow_mut()
                    .remember_challenge(&key, &token_request);
                let now = self.now_ms();
                let held = self
                    .tokens()
                    .borrow()
                    .get_for(&key, &token_request, now)
                    .is_some();
                if !held {
                    if fetched {
                        return Err(refuse());
                    }
                    fetched = true;
                    let token = self
                        .fetch_token(&token_request, credentials.as_ref())
                        .await?;
                    let now = self.now_ms();
                    self.tokens()
                        .borrow_mut()
                        .insert(key.clone(), token, token_request, now);
                }
                pinned = Some(key);
                url = answered;
            } else if challenges.iter().any(Challenge::is_basic) {
                // Remembered even without credentials: credentials entered later go with the
                // next request.
                let host = authority(&answered);
                let mut basic_hosts = self.basic_hosts().borrow_mut();
                if !basic_hosts.contains(&host) {
                    basic_hosts.push(host);
                }
                drop(basic_hosts);
                if basic_sent || credentials.is_none() {
                    return Err(refuse());
                }
                url = answered;
            } else {
                return Err(refuse());
            }
        }
    }

    /// The attempt at `url`: `request` with the token `pinned` names (else the one held for
    /// the URL's host and `scope`), or Basic credentials for a registry that asked for them.
    fn authorize(
        &self,
        reference: &Reference,
        request: &Request,
        url: &str,
        pinned: Option<TokenKey>,
        scope: &str,
    ) -> (Request, Sent) {
        let attempt = Request {
            url: url.to_string(),
            ..request.clone()
        };
        let host = authority(url);
        let key = pinned.unwrap_or_else(|| TokenKey {
            host: host.clone(),
            scope: scope.to_string(),
        });
        let held = self
            .tokens()
            .borrow()
            .get(&key, self.now_ms())
            .map(|(token, used)| (format!("Bearer {}", token.secret()), used.clone()));
        if let Some((value, used)) = held {
            return (
                attempt.header("Authorization", value),
                Sent::Token(key, used),
            );
        }
        if self.basic_hosts().borrow().contains(&host)
            && let Some(c) = self.credentials_at(reference, url)
        {
            return (
                attempt.header("Authorization", c.basic_header()),
                Sent::Basic,
            );
        }
        (attempt, Sent::Nothing)
    }

    /// The key, token request and credentials for `url` when its host challenged for `scope`
    /// before, holds no token for it now, and credentials are set for it.
    fn known_challenge(
        &self,
        reference: &Reference,
        url: &str,
        scope: &str,
    ) -> Option<(TokenKey, TokenRequest, Credentials)> {
        let credentials = self.credentials_at(reference, url)?;
        let key = TokenKey {
            host: authority(url),
            scope: scope.to_string(),
        };
        let tokens = self.tokens().borrow();
        if tokens.get(&key, self.now_ms()).is_some() {
            return None;
        }
        let request = tokens.challenged(&key)?.clone();
        Some((key, request, credentials))
    }

    fn token_request(&self, bearer: &Challenge, scope: &str) -> Result<TokenRequest, Error> {
        TokenRequest::from_challenge(bearer, scope).ok_or_else(|| {
            Error::BadToken(
                "the registry's Bearer challenge names no realm to ask for a token".into(),
            )
        })
    }

    /// Asks the token endpoint for a token, with the credentials set for `api_host` when it
    /// has some.
    pub async fn request_token(
        &self,
        request: &TokenRequest,
        api_host: &str,
    ) -> Result<Token, Error> {
        let credentials = self.credentials_for(api_host);
        self.fetch_token(request, credentials.as_ref()).await
    }

    /// Asks the token endpoint for a token, with `credentials` (HTTP Basic) when given.
    async fn fetch_token(
        &self,
        request: &TokenRequest,
        credentials: Option<&Credentials>,
    ) -> Result<Token, Error> {
        let mut http = Request::get(request.url()).header("Accept", "application/json");
        if let Some(c) = credentials {
            http = http.header("Authorization", c.basic_header());
        }
        let response = self.send_following(http, "token").await?;
        if !response.is_success() {
            let explanation = match (response.status, credentials) {
                (401 | 403, Some(c)) => format!(
                    "the token endpoint refused the credentials of \"{}\"; check the username and password",
                    c.username
                ),
                (401 | 403, None) => "the token endpoint requires credentials".to_string(),
                (status, _) => format!("the token endpoint answered {status}"),
            };
            return Err(Error::TokenRefused {
                status: response.status,
                explanation,
            });
        }
        token::parse_token_response(&response.body).map_err(|e| Error::BadToken(e.to_string()))
    }

    fn unauthorized(
        &self,
        response: &Response,
        reference: &Reference,
        used: Option<&TokenRequest>,
        had_credentials: bool,
    ) -> Error {
        let failure = AuthFailure::from_response(
            response,
            reference.is_docker_hub(),
            reference.repository(),
            used,
            had_credentials,
        );
        Error::Unauthorized {
            explanation: failure.explain(),
            challenge: response.header("www-authenticate").map(str::to_string),
            errors: crate::registry_error::parse_errors(&response.body),
        }
    }
}

/// True when every URL of the walk behind `response` was on `url`'s origin: what was sent
/// with `url` also went to the URL that answered.
fn stayed_on_origin(url: &str, response: &Response) -> bool {
    let final_ok = response.final_url().is_none_or(|f| same_origin(f, url));
    final_ok && response.hops().iter().all(|hop| same_origin(&hop.url, url))
}
