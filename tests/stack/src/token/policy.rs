//! Who may do what: the fixed test users and the access each scope is granted.
//!
//! `alice` / `wonderland` may pull every repository and list the catalog. Anonymous
//! callers may pull every repository not under `private/`. Anything else is silently
//! left out of the token (an empty grant), exactly like Docker Hub.

use serde::Serialize;

use super::scope::Scope;
use regscope_stack::facts;

/// The only test user with a password.
pub const USER: &str = facts::USER;
/// Password of [`USER`].
pub const PASSWORD: &str = facts::PASSWORD;

/// A caller after authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// No credentials were sent.
    Anonymous,
    /// A user whose password matched.
    User(String),
}

impl Caller {
    /// The JWT `sub` for this caller (empty for anonymous).
    pub fn subject(&self) -> &str {
        match self {
            Self::Anonymous => "",
            Self::User(name) => name,
        }
    }

    /// The name written to the request log.
    pub fn log_name(&self) -> &str {
        match self {
            Self::Anonymous => "anonymous",
            Self::User(name) => name,
        }
    }
}

/// Checks a username and password; `None` when they do not match a known user.
pub fn authenticate(user: &str, password: &str) -> Option<Caller> {
    (user == USER && password == PASSWORD).then(|| Caller::User(user.to_owned()))
}

/// One entry of the JWT `access` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Access {
    /// Resource type, e.g. `repository`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Resource name.
    pub name: String,
    /// Granted actions.
    pub actions: Vec<String>,
}

/// Grants the subset of `scopes` that `caller` may have, merging repeated resources and
/// dropping resources with nothing granted.
pub fn grant(caller: &Caller, scopes: &[Scope]) -> Vec<Access> {
    let mut granted: Vec<Access> = Vec::new();
    for scope in scopes {
        let allowed = allowed_actions(caller, scope);
        let actions: Vec<String> = scope
            .actions
            .iter()
            .filter(|action| allowed.contains(&action.as_str()))
            .cloned()
            .collect();
        if actions.is_empty() {
            continue;
        }
        match granted
            .iter_mut()
            .find(|a| a.kind == scope.kind && a.name == scope.name)
        {
            Some(existing) => {
                for action in actions {
                    if !existing.actions.contains(&action) {
                        existing.actions.push(action);
                    }
                }
            }
            None => granted.push(Access {
                kind: scope.kind.clone(),
                name: scope.name.clone(),
                actions,
            }),
        }
    }
    granted
}

/// The actions `caller` may have on the resource of `scope`.
fn allowed_actions(caller: &Caller, scope: &Scope) -> &'static [&'static str] {
    match (scope.kind.as_str(), caller) {
        ("repository", Caller::User(_)) => &["pull"],
        ("repository", Caller::Anonymous) if !scope.name.starts_with("private/") => &["pull"],
        ("registry", Caller::User(_)) if scope.name == "catalog" => &["*"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::scope::parse_all;

    #[test]
    fn anonymous_pulls_public_only() {
        let scopes = parse_all([
            "repository:library/alpine:pull,push",
            "repository:private/app:pull",
        ]);
        let access = grant(&Caller::Anonymous, &scopes);
        assert_eq!(access.len(), 1);
        assert_eq!(access[0].name, "library/alpine");
        assert_eq!(access[0].actions, ["pull"]);
    }

    #[test]
    fn alice_pulls_private_and_lists_catalog() {
        let caller = authenticate("alice", "wonderland").expect("alice");
        let scopes = parse_all(["repository:private/app:pull", "registry:catalog:*"]);
        assert_eq!(grant(&caller, &scopes).len(), 2);
        assert!(authenticate("alice", "wrong").is_none());
    }
}
