//! The registry client: the session's credentials, tokens, objects and trace, and the one
//! place requests go to the [`Transport`] and into the trace. Redirects are followed by
//! [`Client::send_following`], the token flow on a 401 runs in [`Client::send_scoped`].

use std::cell::RefCell;
use std::fmt;

use crate::base64_codec;
use crate::contract::PlainHttpHosts;
use crate::error::Error;
use crate::object_cache::{CachedObject, ObjectCache};
use crate::redirect::{authority, traced};
use crate::reference::Reference;
use crate::token::{self, Token, TokenCache, TokenKey, TokenRequest};
use crate::trace::Exchange;
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
    plain_http: PlainHttpHosts,
    now_ms: fn() -> u64,
}

impl<T: Transport> Client<T> {
    /// A client over `transport`, reading time from `now_ms` (milliseconds since an epoch),
    /// asking the transport's plain-http registries over `http://`.
    pub fn new(transport: T, now_ms: fn() -> u64) -> Self {
        let plain_http = transport.plain_http();
        Client {
            transport,
            credentials: RefCell::default(),
            tokens: RefCell::default(),
            basic_hosts: RefCell::default(),
            trace: RefCell::default(),
            objects: RefCell::default(),
            tag_digests: RefCell::default(),
            plain_http,
            now_ms,
        }
    }

    /// The same client asking `plain_http`'s registries over `http://` instead of the
    /// transport's (see [`PlainHttpHosts`] for the rule beside Docker's).
    pub fn with_plain_http(mut self, plain_http: PlainHttpHosts) -> Self {
        self.plain_http = plain_http;
        self
    }

    /// The registries this client asks over plain `http` (besides loopback ones).
    pub fn plain_http(&self) -> &PlainHttpHosts {
        &self.plain_http
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Sets (or with `None` clears) the credentials for a registry host (as in [`Reference::api_host`]).
    /// They are sent only to the token endpoint or Basic challenge named by that registry's own
    /// answers: never on behalf of a host a request was redirected to.
    pub fn set_credentials(&self, api_host: &str, credentials: Option<Credentials>) {
        let mut all = self.credentials.borrow_mut();
        all.retain(|(host, _)| !host.eq_ignore_ascii_case(api_host));
        if let Some(c) = credentials {
            all.push((api_host.to_string(), c));
        }
        drop(all);
        self.tokens.borrow_mut().forget_host(api_host);
    }

    /// Uses `token` (obtained elsewhere, e.g. pasted by a user) for pulls of `reference`'s
    /// repository until it expires or the registry refuses it.
    pub fn use_token(&self, reference: &Reference, token: Token, request: TokenRequest) {
        let key = TokenKey {
            host: reference.api_host().to_ascii_lowercase(),
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

    /// Sends `request` once, without auth handling or following a redirect, and records it in
    /// the trace (with every hop, when the transport walked redirects itself).
    pub async fn send_traced(&self, request: Request, purpose: &str) -> Result<Response, Error> {
        match self.transport.send(request.clone()).await {
            Ok(response) => {
                let exchanges = traced::exchanges(&request, &response, purpose);
                self.trace.borrow_mut().extend(exchanges);
                Ok(response)
            }
            Err(source) => {
                self.trace.borrow_mut().push(Exchange {
                    method: request.method.as_str().to_string(),
                    url: request.url.clone(),
                    request_headers: request.headers.clone(),
                    status: None,
                    response_headers: Vec::new(),
                    body_bytes: 0,
                    path: String::new(),
                    error: Some(source.to_string()),
                    purpose: purpose.to_string(),
                });
                Err(Error::Transport {
                    url: request.url,
                    source,
                })
            }
        }
    }

    /// The credentials to send to a challenge `url` answered with, on a request for
    /// `reference`: the registry's own, and only when the challenge came from that registry
    /// (a redirect target never gets them, whatever a transport says it reached).
    pub(crate) fn credentials_at(&self, reference: &Reference, url: &str) -> Option<Credentials> {
        let host = authority(url);
        host.eq_ignore_ascii_case(reference.api_host())
            .then(|| self.credentials_for(&host))
            .flatten()
    }

    /// The credentials set for `api_host`.
    pub(crate) fn credentials_for(&self, api_host: &str) -> Option<Credentials> {
        self.credentials
            .borrow()
            .iter()
            .find(|(host, _)| host.eq_ignore_ascii_case(api_host))
            .map(|(_, c)| c.clone())
    }

    /// The token cache.
    pub(crate) fn tokens(&self) -> &RefCell<TokenCache> {
        &self.tokens
    }

    /// The hosts that asked for HTTP Basic credentials.
    pub(crate) fn basic_hosts(&self) -> &RefCell<Vec<String>> {
        &self.basic_hosts
    }

    /// Now, on the session's clock (milliseconds).
    pub(crate) fn now_ms(&self) -> u64 {
        (self.now_ms)()
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
