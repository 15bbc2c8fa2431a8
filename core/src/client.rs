//! The registry client: sends requests through a [`Transport`], runs the token flow on a 401,
//! caches tokens, and records every exchange for the trace.

use std::cell::RefCell;
use std::fmt;

use crate::auth::AuthFailure;
use crate::base64_codec;
use crate::challenge::{self, Challenge};
use crate::error::Error;
use crate::object_cache::{CachedObject, ObjectCache};
use crate::reference::Reference;
use crate::token::{self, Token, TokenCache, TokenKey, TokenRequest};
use crate::trace::{Exchange, SHOWN_RESPONSE_HEADERS};
use crate::transport::{Request, Response, Transport};

/// A username and password (or token) for one registry. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The username.
    pub username: String,
    /// The password or access token.
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({}, <redacted>)", self.username)
    }
}

impl Credentials {
    /// The `Authorization: Basic …` value.
    pub fn basic_header(&self) -> String {
        let pair = format!("{}:{}", self.username, self.password);
        format!("Basic {}", base64_codec::encode_standard(pair.as_bytes()))
    }
}

/// Where a 401 leaves the flow.
enum Next {
    Retry,
    Fail(Error),
}

/// The registry client. Single-threaded (the browser is); holds credentials, tokens and trace.
pub struct Client<T> {
    transport: T,
    // Small lists searched in order: a session talks to a handful of registries, and a map
    // type would add its own code to the wasm bundle for nothing.
    credentials: RefCell<Vec<(String, Credentials)>>,
    tokens: RefCell<TokenCache>,
    basic_hosts: RefCell<Vec<String>>,
    trace: RefCell<Vec<Exchange>>,
    objects: RefCell<ObjectCache>,
    tag_digests: RefCell<Vec<(TagKey, String)>>,
    now_ms: fn() -> u64,
}

impl<T: Transport> Client<T> {
    /// A client over `transport`, reading time from `now_ms` (milliseconds since an epoch).
    pub fn new(transport: T, now_ms: fn() -> u64) -> Self {
        Client {
            transport,
            credentials: RefCell::default(),
            tokens: RefCell::default(),
            basic_hosts: RefCell::default(),
            trace: RefCell::default(),
            objects: RefCell::default(),
            tag_digests: RefCell::default(),
            now_ms,
        }
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Sets (or with `None` clears) the credentials for a registry host (as in [`Reference::api_host`]).
    /// They are sent only to that registry's token endpoint or Basic challenge.
    pub fn set_credentials(&self, api_host: &str, credentials: Option<Credentials>) {
        let mut all = self.credentials.borrow_mut();
        all.retain(|(host, _)| host != api_host);
        if let Some(c) = credentials {
            all.push((api_host.to_string(), c));
        }
        drop(all);
        self.tokens.borrow_mut().forget_registry(api_host);
    }

    /// Uses `token` (obtained elsewhere, e.g. pasted by a user) for pulls of `reference`'s
    /// repository until it expires or the registry refuses it.
    pub fn use_token(&self, reference: &Reference, token: Token, request: TokenRequest) {
        let key = TokenKey {
            registry: reference.api_host().to_string(),
            scope: token::pull_scope(reference.repository()),
        };
        let now = (self.now_ms)();
        self.tokens.borrow_mut().insert(key, token, request, now);
    }

    /// The exchanges recorded since the last call, oldest first.
    pub fn take_trace(&self) -> Vec<Exchange> {
        std::mem::take(&mut self.trace.borrow_mut())
    }

    /// A manifest or blob already received from `api_host` with this digest.
    pub fn cached_object(&self, api_host: &str, digest: &str) -> Option<CachedObject> {
        self.objects.borrow().get(api_host, digest).cloned()
    }

    /// Keeps an object whose bytes were verified against `digest`.
    pub fn keep_object(&self, api_host: &str, digest: &str, object: CachedObject) {
        self.objects.borrow_mut().insert(api_host, digest, object);
    }

    /// The digest `tag` of `reference`'s repository had when this session last fetched it.
    pub fn known_tag_digest(&self, reference: &Reference, tag: &str) -> Option<String> {
        let key = tag_key(reference, tag);
        self.tag_digests
            .borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, digest)| digest.clone())
    }

    /// Remembers the digest a tag pointed to.
    pub fn remember_tag(&self, reference: &Reference, tag: &str, digest: &str) {
        let key = tag_key(reference, tag);
        let mut all = self.tag_digests.borrow_mut();
        all.retain(|(k, _)| *k != key);
        all.push((key, digest.to_string()));
    }

    /// How many tokens are cached.
    pub fn cached_tokens(&self) -> usize {
        self.tokens.borrow().len()
    }

    /// Sends `request` without any auth handling, and records it in the trace.
    pub async fn send_traced(&self, request: Request, purpose: &str) -> Result<Response, Error> {
        let result = self.transport.send(request.clone()).await;
        let exchange = Exchange {
            method: request.method.as_str().to_string(),
            url: request.url.clone(),
            request_headers: request.headers.clone(),
            status: result.as_ref().ok().map(|r| r.status),
            response_headers: result.as_ref().map_or_else(|_| Vec::new(), shown_headers),
            body_bytes: result.as_ref().map_or(0, |r| r.body.len()),
            path: result
                .as_ref()
                .map_or_else(|_| String::new(), |r| r.path.clone()),
            error: result.as_ref().err().map(ToString::to_string),
            purpose: purpose.to_string(),
        };
        self.trace.borrow_mut().push(exchange);
        result.map_err(|source| Error::Transport {
            url: request.url,
            source,
        })
    }

    /// Sends a registry request for `reference`'s repository, running the token flow on a 401:
    /// realm, service and scope from the challenge; one retry with a fresh token on
    /// `invalid_token`; Basic credentials when the challenge is Basic.
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
        let host = reference.api_host().to_string();
        let key = TokenKey {
            registry: host.clone(),
            scope: scope.to_string(),
        };
        let mut fetched_token = false;
        let mut sent_basic = false;
        let mut used: Option<TokenRequest> = None;
        loop {
            let mut attempt = request.clone();
            if let Some((token, token_request)) = self.tokens.borrow().get(&key, (self.now_ms)()) {
                attempt = attempt.header("Authorization", format!("Bearer {}", token.secret()));
                used = Some(token_request.clone());
            } else if self.basic_hosts.borrow().contains(&host)
                && let Some(c) = self.credentials_for(&host)
            {
                attempt = attempt.header("Authorization", c.basic_header());
                sent_basic = true;
            }
            let sent_token = attempt.header_value("Authorization").is_some() && !sent_basic;
            let response = self.send_traced(attempt, purpose).await?;
            if response.status != 401 {
                return Ok(response);
            }
            let challenges = challenge::parse_all(response.header_values("www-authenticate"))
                .unwrap_or_default();
            let next = if let Some(bearer) = challenges.iter().find(|c| c.is_bearer()) {
                if fetched_token {
                    Next::Fail(self.unauthorized(&response, reference, used.as_ref()))
                } else {
                    if sent_token {
                        self.tokens.borrow_mut().remove(&key);
                    }
                    fetched_token = true;
                    let token_request = self.token_request(bearer, &key.scope)?;
                    let token = self.request_token(&token_request, &host).await?;
                    let now = (self.now_ms)();
                    self.tokens
                        .borrow_mut()
                        .insert(key.clone(), token, token_request, now);
                    Next::Retry
                }
            } else if challenges.iter().any(Challenge::is_basic)
                && !sent_basic
                && self.credentials_for(&host).is_some()
            {
                let mut basic_hosts = self.basic_hosts.borrow_mut();
                if !basic_hosts.contains(&host) {
                    basic_hosts.push(host.clone());
                }
                drop(basic_hosts);
                Next::Retry
            } else {
                Next::Fail(self.unauthorized(&response, reference, used.as_ref()))
            };
            match next {
                Next::Retry => continue,
                Next::Fail(error) => return Err(error),
            }
        }
    }

    /// The credentials set for `api_host`.
    fn credentials_for(&self, api_host: &str) -> Option<Credentials> {
        self.credentials
            .borrow()
            .iter()
            .find(|(host, _)| host == api_host)
            .map(|(_, c)| c.clone())
    }

    fn token_request(&self, bearer: &Challenge, scope: &str) -> Result<TokenRequest, Error> {
        TokenRequest::from_challenge(bearer, scope).ok_or_else(|| {
            Error::BadToken(
                "the registry's Bearer challenge names no realm to ask for a token".into(),
            )
        })
    }

    /// Asks the token endpoint for a token, with the host's credentials when it has some.
    pub async fn request_token(
        &self,
        request: &TokenRequest,
        api_host: &str,
    ) -> Result<Token, Error> {
        let mut http = Request::get(request.url()).header("Accept", "application/json");
        let credentials = self.credentials_for(api_host);
        if let Some(c) = &credentials {
            http = http.header("Authorization", c.basic_header());
        }
        let response = self.send_traced(http, "token").await?;
        if !response.is_success() {
            let explanation = match (response.status, &credentials) {
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
    ) -> Error {
        let had_credentials = self.credentials_for(reference.api_host()).is_some();
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

/// (API host, repository, tag).
type TagKey = (String, String, String);

fn tag_key(reference: &Reference, tag: &str) -> TagKey {
    (
        reference.api_host().to_string(),
        reference.repository().to_string(),
        tag.to_string(),
    )
}

fn shown_headers(response: &Response) -> Vec<(String, String)> {
    response
        .headers
        .iter()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            SHOWN_RESPONSE_HEADERS.contains(&name.as_str()) || name.starts_with("ratelimit-")
        })
        .cloned()
        .collect()
}
