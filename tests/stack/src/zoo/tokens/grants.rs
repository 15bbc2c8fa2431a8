//! The grants most token endpoints make: pull on the requested repositories the caller may
//! see, nothing else; what a registry does beyond that lives in its own module.

use super::super::names::{self, Repo};
use super::super::profile::Caller;
use super::claims::Access;
use super::scope::Scope;

/// What to do with a requested repository the registry does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Grant nothing (the registry then answers 401: Docker Hub, Quay, …).
    Refuse,
    /// Grant pull (the registry then answers 404 `NAME_UNKNOWN`: GHCR).
    Grant,
}

/// True when a scope asks for pull (or `*`).
pub fn asks_pull(scope: &Scope) -> bool {
    scope.kind == "repository" && scope.actions.iter().any(|a| a == "pull" || a == "*")
}

/// True when a scope is `registry:catalog:*`.
pub fn asks_catalog(scope: &Scope) -> bool {
    scope.kind == "registry" && scope.name == "catalog" && scope.actions.iter().any(|a| a == "*")
}

/// Pull on each requested repository of `repos` that `caller` may see.
pub fn pulls(repos: &[Repo], caller: &Caller, scopes: &[Scope], unknown: Unknown) -> Vec<Access> {
    let mut granted: Vec<Access> = Vec::new();
    for scope in scopes.iter().filter(|s| asks_pull(s)) {
        let allowed = match names::find(repos, &scope.name) {
            Some(repo) => repo.visible_to(caller.signed_in()),
            None => unknown == Unknown::Grant,
        };
        if allowed && !granted.iter().any(|a| a.name == scope.name) {
            granted.push(Access::pull(&scope.name));
        }
    }
    granted
}

#[cfg(test)]
mod tests {
    use super::super::scope::parse_all;
    use super::*;
    use crate::zoo::names::{private, public};

    const REPOS: [Repo; 2] = [
        public("library/alpine", "library/alpine"),
        private("regscope/private", "private/app"),
    ];

    #[test]
    fn grants_visible_repositories_only() {
        let scopes = parse_all([
            "repository:library/alpine:pull",
            "repository:library/alpine:pull,push",
            "repository:regscope/private:pull",
            "repository:alpine:pull",
            "repository:library/alpine:push",
        ]);
        let anonymous = pulls(&REPOS, &Caller::default(), &scopes, Unknown::Refuse);
        assert_eq!(anonymous, [Access::pull("library/alpine")]);
        let alice = pulls(&REPOS, &Caller::user("alice"), &scopes, Unknown::Refuse);
        assert_eq!(alice.len(), 2);
        let ghcr_like = pulls(&REPOS, &Caller::default(), &scopes, Unknown::Grant);
        assert!(ghcr_like.contains(&Access::pull("alpine")));
        assert!(asks_catalog(&parse_all(["registry:catalog:*"])[0]));
    }
}
