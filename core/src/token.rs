//! Bearer tokens: the token request built from a challenge, the token response, and a cache
//! keyed by the host whose challenge asked for the token (the registry, or the host a request
//! was redirected to) and the scope, beside the realm and service it came from.

pub mod scope;

use std::fmt;

use serde::Deserialize;

use crate::challenge::Challenge;
// moved: `percent_encode` lives in `url_text` now; kept here for the app and the relay.
pub use crate::url_text::percent_encode;

/// Lifetime assumed when the token response has no `expires_in` (the token spec's default).
pub const DEFAULT_EXPIRES_IN_SECS: u64 = 60;
/// A token is renewed this long before it expires, so it does not expire in flight.
pub const EXPIRY_MARGIN_MS: u64 = 5_000;
/// Token responses larger than this are refused.
pub const MAX_TOKEN_RESPONSE_BYTES: u64 = 64 * 1024;

/// Where and for what to ask for a token: taken from a Bearer challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    /// The token endpoint (`realm`).
    pub realm: String,
    /// The `service` the token is for (the challenge's, verbatim).
    pub service: Option<String>,
    /// The scope asked for, e.g. `repository:library/alpine:pull`.
    pub scope: Option<String>,
}

impl TokenRequest {
    /// Builds the request from a Bearer challenge. The scope is the challenge's; only when the
    /// challenge names none is `fallback_scope` (built from the reference) used.
    pub fn from_challenge(challenge: &Challenge, fallback_scope: &str) -> Option<TokenRequest> {
        let realm = challenge.realm()?.to_string();
        Some(TokenRequest {
            realm,
            service: challenge.service().map(str::to_string),
            scope: Some(
                challenge
                    .scope()
                    .map_or_else(|| fallback_scope.to_string(), str::to_string),
            ),
        })
    }

    /// The GET URL: the realm plus `service` and `scope` query parameters, percent-encoded.
    pub fn url(&self) -> String {
        let mut url = self.realm.clone();
        let mut separator = if url.contains('?') { '&' } else { '?' };
        for (name, value) in [("service", &self.service), ("scope", &self.scope)] {
            if let Some(value) = value {
                url.push(separator);
                url.push_str(name);
                url.push('=');
                url.push_str(&percent_encode(value));
                separator = '&';
            }
        }
        url
    }
}

/// The scope that pulls `repository`: `repository:NAME:pull`.
pub fn pull_scope(repository: &str) -> String {
    format!("repository:{repository}:pull")
}

/// A bearer token. Its `Debug` does not show the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    value: String,
    expires_in_secs: u64,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token(<redacted>, expires_in={})", self.expires_in_secs)
    }
}

impl Token {
    /// A token with a known lifetime.
    pub fn new(value: impl Into<String>, expires_in_secs: u64) -> Token {
        Token {
            value: value.into(),
            expires_in_secs,
        }
    }

    /// The secret, for the `Authorization: Bearer` header.
    pub fn secret(&self) -> &str {
        &self.value
    }

    /// Lifetime in seconds (60 when the response named none).
    pub fn expires_in_secs(&self) -> u64 {
        self.expires_in_secs
    }
}

/// Why a token response is unusable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TokenResponseError(pub String);

/// Parses a token response: `token` or `access_token`, `expires_in` (60 when absent or 0).
pub fn parse_token_response(body: &[u8]) -> Result<Token, TokenResponseError> {
    #[derive(Deserialize)]
    struct Raw {
        token: Option<String>,
        access_token: Option<String>,
        expires_in: Option<serde_json::Value>,
    }
    let raw: Raw = serde_json::from_slice(body)
        .map_err(|e| TokenResponseError(format!("not a token response: {e}")))?;
    let value = raw
        .token
        .filter(|t| !t.is_empty())
        .or(raw.access_token.filter(|t| !t.is_empty()))
        .ok_or_else(|| TokenResponseError("it has neither token nor access_token".into()))?;
    if value.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(TokenResponseError(
            "the token has characters a header cannot carry".into(),
        ));
    }
    let expires_in = raw
        .expires_in
        .and_then(|v| v.as_u64().or_else(|| v.as_f64().map(|f| f as u64)))
        .filter(|&s| s > 0)
        .unwrap_or(DEFAULT_EXPIRES_IN_SECS);
    Ok(Token::new(value, expires_in))
}

/// The cache key: one token per host and scope. A token is only ever sent to the host whose
/// challenge asked for it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TokenKey {
    /// `host[:port]` (lowercase) of the URL whose 401 challenge asked for the token: the
    /// registry's API host, or the host a request was redirected to.
    pub host: String,
    /// The scope the flow asked for (e.g. `repository:library/alpine:pull`); the scope the
    /// token was requested with is in its [`TokenRequest`].
    pub scope: String,
}

#[derive(Clone, Debug)]
struct Cached {
    token: Token,
    request: TokenRequest,
    expires_at_ms: u64,
}

/// Tokens by registry and scope, with their expiry on the caller's clock.
#[derive(Clone, Debug, Default)]
pub struct TokenCache {
    // A short list searched in order (a few registries and scopes per session): smaller in the
    // wasm bundle than a map type.
    tokens: Vec<(TokenKey, Cached)>,
    // The token request each host's Bearer challenge named, per scope: kept when the tokens
    // are forgotten, so new credentials go to the token endpoint on the next request.
    challenged: Vec<(TokenKey, TokenRequest)>,
}

impl TokenCache {
    /// Stores a token obtained at `now_ms` for `request`.
    pub fn insert(&mut self, key: TokenKey, token: Token, request: TokenRequest, now_ms: u64) {
        let expires_at_ms = now_ms.saturating_add(token.expires_in_secs.saturating_mul(1000));
        self.remove(&key);
        self.tokens.push((
            key,
            Cached {
                token,
                request,
                expires_at_ms,
            },
        ));
    }

    /// A token still valid at `now_ms` (with a margin) that was obtained through `request`'s
    /// realm and service: what a new challenge from the same host would have given.
    pub fn get_for(&self, key: &TokenKey, request: &TokenRequest, now_ms: u64) -> Option<&Token> {
        self.get(key, now_ms)
            .filter(|(_, r)| r.realm == request.realm && r.service == request.service)
            .map(|(token, _)| token)
    }

    /// A token still valid at `now_ms` (with a margin), and the request that obtained it.
    pub fn get(&self, key: &TokenKey, now_ms: u64) -> Option<(&Token, &TokenRequest)> {
        self.tokens
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, cached)| cached)
            .filter(|c| now_ms.saturating_add(EXPIRY_MARGIN_MS) < c.expires_at_ms)
            .map(|c| (&c.token, &c.request))
    }

    /// Forgets a token (after the registry called it invalid).
    pub fn remove(&mut self, key: &TokenKey) {
        self.tokens.retain(|(k, _)| k != key);
    }

    /// Remembers the token request a host's challenge named for a key's scope.
    pub fn remember_challenge(&mut self, key: &TokenKey, request: &TokenRequest) {
        self.challenged.retain(|(k, _)| k != key);
        self.challenged.push((key.clone(), request.clone()));
    }

    /// The token request the host's last challenge named for the key's scope, if it challenged.
    pub fn challenged(&self, key: &TokenKey) -> Option<&TokenRequest> {
        self.challenged
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, request)| request)
    }

    /// Forgets every token a host asked for (after its credentials changed); the challenges
    /// it answered with are kept.
    pub fn forget_host(&mut self, host: &str) {
        self.tokens
            .retain(|(key, _)| !key.host.eq_ignore_ascii_case(host));
    }

    /// How many tokens are cached.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when no token is cached.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenge;

    #[test]
    fn token_request_takes_realm_service_and_scope_from_the_challenge() {
        let c = &challenge::parse(r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull""#).unwrap()[0];
        let request = TokenRequest::from_challenge(c, "repository:alpine:pull").unwrap();
        assert_eq!(
            request.url(),
            "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull"
        );
    }

    #[test]
    fn fallback_scope_only_when_the_challenge_has_none() {
        let c = &challenge::parse(r#"Bearer realm="https://r.example/token?x=1",service="s""#)
            .unwrap()[0];
        let request = TokenRequest::from_challenge(c, "repository:a/b:pull").unwrap();
        assert_eq!(request.scope.as_deref(), Some("repository:a/b:pull"));
        assert!(
            request
                .url()
                .starts_with("https://r.example/token?x=1&service=s&scope=")
        );
    }

    #[test]
    fn token_response_variants() {
        let t = parse_token_response(br#"{"token":"abc","expires_in":300}"#).unwrap();
        assert_eq!((t.secret(), t.expires_in_secs()), ("abc", 300));
        let t = parse_token_response(br#"{"access_token":"xyz"}"#).unwrap();
        assert_eq!((t.secret(), t.expires_in_secs()), ("xyz", 60));
        let t = parse_token_response(br#"{"token":"","access_token":"q","expires_in":0}"#).unwrap();
        assert_eq!((t.secret(), t.expires_in_secs()), ("q", 60));
        assert!(parse_token_response(b"{}").is_err());
        assert!(parse_token_response(b"<html>").is_err());
        assert!(parse_token_response(br#"{"token":"a\nb"}"#).is_err());
        assert!(!format!("{t:?}").contains('q'));
    }

    #[test]
    fn cache_expires_tokens_with_a_margin() {
        let mut cache = TokenCache::default();
        let key = TokenKey {
            host: "r".into(),
            scope: "s".into(),
        };
        let request = TokenRequest {
            realm: "https://r/token".into(),
            service: None,
            scope: None,
        };
        cache.insert(key.clone(), Token::new("t", 60), request.clone(), 1_000);
        assert!(cache.get(&key, 1_000).is_some());
        assert!(cache.get(&key, 56_000).is_none());
        cache.remove(&key);
        assert!(cache.is_empty());
        cache.insert(key.clone(), Token::new("t", 60), request.clone(), 1_000);
        assert!(cache.get_for(&key, &request, 1_000).is_some());
        let elsewhere = TokenRequest {
            realm: "https://other/token".into(),
            ..request
        };
        assert!(cache.get_for(&key, &elsewhere, 1_000).is_none());
        cache.forget_host("R");
        assert!(cache.is_empty());
    }

    #[test]
    fn challenges_outlive_the_tokens_of_their_host() {
        let mut cache = TokenCache::default();
        let key = TokenKey {
            host: "r".into(),
            scope: "s".into(),
        };
        let request = TokenRequest {
            realm: "https://r/token".into(),
            service: Some("r".into()),
            scope: Some("s".into()),
        };
        assert!(cache.challenged(&key).is_none());
        cache.remember_challenge(&key, &request);
        cache.insert(key.clone(), Token::new("t", 60), request.clone(), 0);
        cache.forget_host("r");
        assert!(cache.is_empty());
        assert_eq!(cache.challenged(&key), Some(&request));
        let other = TokenKey {
            scope: "other".into(),
            ..key
        };
        assert!(cache.challenged(&other).is_none());
    }
}
