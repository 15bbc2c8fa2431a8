//! Token URLs (`https://auth.docker.io/token?service=…&scope=…`) and the scopes they ask for
//! (`repository:library/alpine:pull`).

use std::fmt;

use super::url_parts::UrlParts;
use crate::url_text::query_pairs;

/// One scope of the token specification: `type:name:actions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The resource type, usually `repository`.
    pub resource_type: String,
    /// The resource name, such as `library/alpine`.
    pub name: String,
    /// The actions, such as `["pull"]`.
    pub actions: Vec<String>,
}

impl Scope {
    /// Reads `type:name:actions` (the name may hold `:`, the actions are comma-separated);
    /// `None` when a part is missing.
    pub fn parse(text: &str) -> Option<Scope> {
        let (resource_type, rest) = text.split_once(':')?;
        let (name, actions) = rest.rsplit_once(':')?;
        if resource_type.is_empty() || name.is_empty() {
            return None;
        }
        Some(Scope {
            resource_type: resource_type.to_string(),
            name: name.to_string(),
            actions: actions
                .split(',')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }

    /// Whether it is a `repository` scope (a plugin class such as `repository(plugin)` too).
    pub fn is_repository(&self) -> bool {
        self.resource_type == "repository" || self.resource_type.starts_with("repository(")
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.resource_type,
            self.name,
            self.actions.join(",")
        )
    }
}

/// A request to a token endpoint, read from its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenUrl {
    /// The endpoint without the query: `https://auth.docker.io/token`.
    pub realm: String,
    /// `host[:port]` of the endpoint, lower-cased.
    pub host: String,
    /// Whether the URL says `http://`.
    pub plain_http: bool,
    /// The `service` parameter.
    pub service: Option<String>,
    /// Every scope asked for (`scope` may be repeated, and holds space-separated scopes).
    pub scopes: Vec<String>,
    /// The `account` parameter.
    pub account: Option<String>,
}

impl TokenUrl {
    /// Reads a token URL: one whose query names `service`, `scope` or `account`, or whose path
    /// ends in `/token`; `None` otherwise.
    pub fn parse(text: &str) -> Option<TokenUrl> {
        Self::from_parts(&UrlParts::parse(text)?)
    }

    pub(crate) fn from_parts(parts: &UrlParts) -> Option<TokenUrl> {
        let query = parts.query.as_deref().unwrap_or("");
        let mut token = TokenUrl {
            realm: format!("{}://{}{}", parts.scheme_or_https(), parts.host, parts.path),
            host: parts.host.clone(),
            plain_http: parts.plain_http(),
            service: None,
            scopes: Vec::new(),
            account: None,
        };
        let mut named = false;
        for (name, value) in query_pairs(query) {
            match name.as_str() {
                "service" => {
                    named = true;
                    token.service.get_or_insert(value);
                }
                "account" => {
                    named = true;
                    token.account.get_or_insert(value);
                }
                "scope" => {
                    named = true;
                    token
                        .scopes
                        .extend(value.split(' ').filter(|s| !s.is_empty()).map(String::from));
                }
                _ => {}
            }
        }
        let token_path = parts.path.trim_end_matches('/').ends_with("/token");
        (named || token_path).then_some(token)
    }

    /// The scopes that could be read as `type:name:actions`.
    pub fn parsed_scopes(&self) -> Vec<Scope> {
        self.scopes.iter().filter_map(|s| Scope::parse(s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_urls_and_scopes() {
        let t = TokenUrl::parse(
            "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull&scope=repository:a/b:pull,push",
        )
        .unwrap();
        assert_eq!(t.realm, "https://auth.docker.io/token");
        assert_eq!(t.service.as_deref(), Some("registry.docker.io"));
        assert_eq!(
            t.scopes,
            ["repository:library/alpine:pull", "repository:a/b:pull,push"]
        );
        assert_eq!(t.parsed_scopes()[1].actions, ["pull", "push"]);
        assert_eq!(
            Scope::parse("repository:h:5000/x:pull").unwrap().name,
            "h:5000/x"
        );
        assert_eq!(Scope::parse("repository:pull"), None);
        assert!(TokenUrl::parse("https://ghcr.io/token").is_some());
        assert_eq!(TokenUrl::parse("https://ghcr.io/v2/"), None);
    }
}
