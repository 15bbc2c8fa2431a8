//! What a URL in a pasted command points at: the registry API, a token endpoint, or neither.

use super::api_url::ApiUrl;
use super::token_url::TokenUrl;
use super::url_parts::UrlParts;

/// What a URL points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlTarget {
    /// A registry API endpoint (`/v2/…`).
    Api(ApiUrl),
    /// A token endpoint (a query with `service`, `scope` or `account`, or a `/token` path).
    Token(TokenUrl),
    /// Any other URL, as written.
    Other(String),
}

impl UrlTarget {
    /// Classifies a URL: a token URL first (a `/v2/…/token` realm is a token endpoint), then a
    /// registry API URL.
    pub fn classify(url: &str) -> UrlTarget {
        let Some(parts) = UrlParts::parse(url) else {
            return UrlTarget::Other(url.to_string());
        };
        if let Some(token) = TokenUrl::from_parts(&parts) {
            return UrlTarget::Token(token);
        }
        match ApiUrl::from_parts(&parts) {
            Some(api) => UrlTarget::Api(api),
            None => UrlTarget::Other(url.to_string()),
        }
    }
}
