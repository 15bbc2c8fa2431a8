//! What the doctor understood of the paste: registry, repository, reference, request, and the
//! token's realm, service and scope.

use crate::paste::RequestKind;

/// What was understood. Every field is optional: a paste shows only part of the flow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Understood {
    /// The registry's name (`docker.io` for Docker Hub).
    pub registry: Option<String>,
    /// The host the request went to.
    pub host: Option<String>,
    /// The repository, as the paste names it.
    pub repository: Option<String>,
    /// The tag or digest.
    pub reference: Option<String>,
    /// The kind of registry request.
    pub request: Option<RequestKind>,
    /// The HTTP method.
    pub method: Option<String>,
    /// The platform asked for.
    pub platform: Option<String>,
    /// The token endpoint.
    pub realm: Option<String>,
    /// The token's service.
    pub service: Option<String>,
    /// The token's scope (scopes joined by a space).
    pub scope: Option<String>,
    /// What a pasted token grants, read from its claims (`repository:library/alpine:pull`).
    pub token_grants: Vec<String>,
    /// Whether the registry is reached over plain http.
    pub plain_http: bool,
}

impl Understood {
    /// Labelled lines, in reading order, for the fields that are known.
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        let mut facts = Vec::new();
        let mut add = |label: &'static str, value: Option<String>| {
            if let Some(value) = value {
                facts.push((label, value));
            }
        };
        add("Registry", self.registry.clone());
        add(
            "Host",
            self.host.as_ref().map(|h| {
                if self.plain_http {
                    format!("{h} (plain http)")
                } else {
                    h.clone()
                }
            }),
        );
        add("Repository", self.repository.clone());
        add("Tag or digest", self.reference.clone());
        add("Request", self.request.map(|k| k.describe().to_string()));
        add("Method", self.method.clone());
        add("Platform", self.platform.clone());
        add("Token endpoint", self.realm.clone());
        add("Service", self.service.clone());
        add("Scope", self.scope.clone());
        add(
            "Token grants",
            (!self.token_grants.is_empty()).then(|| self.token_grants.join(", ")),
        );
        facts
    }
}
