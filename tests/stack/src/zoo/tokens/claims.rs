//! What a zoo token says (issuer, audience, expiry, granted access) and what it allows.

use serde::{Deserialize, Serialize};

/// One entry of a token's `access` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// Resource type: `repository` or `registry`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Resource name; `*` grants every repository (ECR Public's registry-wide `aws` scope).
    pub name: String,
    /// Granted actions.
    pub actions: Vec<String>,
}

impl Access {
    /// Pull access to one repository.
    pub fn pull(name: &str) -> Self {
        Self {
            kind: "repository".into(),
            name: name.into(),
            actions: vec!["pull".into()],
        }
    }

    /// The `registry:catalog:*` grant.
    pub fn catalog() -> Self {
        Self {
            kind: "registry".into(),
            name: "catalog".into(),
            actions: vec!["*".into()],
        }
    }
}

/// The claims of a zoo token, JWT or opaque alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer: the emulated token service.
    pub iss: String,
    /// Subject: the signed-in user, empty for anonymous.
    pub sub: String,
    /// Audience: the `service` the client asked for, exactly as sent.
    pub aud: String,
    /// Expiry (Unix seconds).
    pub exp: i64,
    /// Not before (Unix seconds).
    pub nbf: i64,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Unique token id.
    pub jti: String,
    /// Granted resources and actions.
    pub access: Vec<Access>,
}

/// What a request needs from a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need<'a> {
    /// Any valid token (`/v2/`).
    Valid,
    /// Pull on this (emulated) repository.
    Pull(&'a str),
    /// `registry:catalog:*`.
    Catalog,
}

impl Claims {
    /// True when the access claim covers `need`.
    pub fn allows(&self, need: Need<'_>) -> bool {
        match need {
            Need::Valid => true,
            Need::Pull(repository) => self.access.iter().any(|a| {
                a.kind == "repository"
                    && (a.name == repository || a.name == "*")
                    && a.actions.iter().any(|x| x == "pull" || x == "*")
            }),
            Need::Catalog => self.access.iter().any(|a| {
                a.kind == "registry" && a.name == "catalog" && a.actions.iter().any(|x| x == "*")
            }),
        }
    }

    /// The signed-in user, if any.
    pub fn user(&self) -> Option<&str> {
        (!self.sub.is_empty()).then_some(self.sub.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(access: Vec<Access>) -> Claims {
        Claims {
            iss: "i".into(),
            sub: String::new(),
            aud: "a".into(),
            exp: 2,
            nbf: 0,
            iat: 1,
            jti: "j".into(),
            access,
        }
    }

    #[test]
    fn checks_repository_and_action() {
        let c = claims(vec![Access::pull("library/alpine")]);
        assert!(c.allows(Need::Valid));
        assert!(c.allows(Need::Pull("library/alpine")));
        assert!(!c.allows(Need::Pull("library/other")));
        assert!(!c.allows(Need::Pull("alpine")));
        assert!(!c.allows(Need::Catalog));
        assert_eq!(c.user(), None);
        let push_only = claims(vec![Access {
            kind: "repository".into(),
            name: "library/alpine".into(),
            actions: vec!["push".into()],
        }]);
        assert!(!push_only.allows(Need::Pull("library/alpine")));
    }

    #[test]
    fn wildcard_and_catalog_grants() {
        let c = claims(vec![Access::pull("*"), Access::catalog()]);
        assert!(c.allows(Need::Pull("anything/at-all")));
        assert!(c.allows(Need::Catalog));
    }
}
