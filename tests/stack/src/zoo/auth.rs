//! Admitting or refusing a registry request by the registry's gate: tokens checked for
//! signature, expiry, issuer, audience (the host's service), repository and action.

use axum::http::{HeaderMap, Method};

use super::credentials::Credentials;
use super::names::{self, Visibility};
use super::profile::{BearerGate, Caller, Denial, Gate, Profile, Refused};
use super::state::Zoo;
use super::tokens::claims::Need;

/// Admits the request (and says who made it) or answers the registry's refusal.
pub fn admit(
    profile: &Profile,
    zoo: &Zoo,
    method: &Method,
    headers: &HeaderMap,
    need: Need<'_>,
) -> Result<Caller, Refused> {
    let credentials = Credentials::of(headers);
    match &profile.gate {
        Gate::Open => Ok(Caller::default()),
        Gate::Basic(check) => check(&credentials),
        Gate::Bearer(gate) => bearer(profile, gate, zoo, method, &credentials, need),
    }
}

fn bearer(
    profile: &Profile,
    gate: &BearerGate,
    zoo: &Zoo,
    method: &Method,
    credentials: &Credentials,
    need: Need<'_>,
) -> Result<Caller, Refused> {
    let deny = |error: Option<&'static str>| {
        Err(Box::new((gate.deny)(&Denial {
            profile,
            need,
            error,
            had_authorization: credentials.present(),
            head: *method == Method::HEAD,
        })))
    };
    let public = match need {
        Need::Pull(name) => names::find(profile.repos, name)
            .is_some_and(|repo| repo.visibility == Visibility::Public),
        _ => false,
    };
    let open_anyway =
        (gate.anonymous_public && public) || (gate.catalog_open && need == Need::Catalog);
    match credentials {
        Credentials::None => {
            let head_challenged =
                gate.head_needs_authorization && *method == Method::HEAD && public;
            if open_anyway && !head_challenged {
                return Ok(Caller::default());
            }
            deny(None)
        }
        Credentials::Bearer(token) => {
            if let Some((accepted, user)) = gate.direct_bearer
                && token == accepted
            {
                return Ok(Caller::user(user));
            }
            let now = crate::clock::unix_now();
            let claims = match zoo.keys.read(gate.style, token, now) {
                Ok(claims) if claims.iss == gate.issuer && claims.aud == gate.service => claims,
                _ => return deny(Some("invalid_token")),
            };
            let caller = claims.user().map(Caller::user).unwrap_or_default();
            let by_token = claims.allows(need) && (need != Need::Catalog || gate.catalog_by_token);
            if by_token || open_anyway {
                return Ok(caller);
            }
            deny(Some("insufficient_scope"))
        }
        Credentials::Basic { user, password } => match gate.registry_basic {
            Some(check) => match check(user, password) {
                Some(caller) if need != Need::Catalog || caller.admin => Ok(caller),
                _ => deny(None),
            },
            None if open_anyway => Ok(Caller::default()),
            None => deny(None),
        },
        Credentials::Unreadable if open_anyway => Ok(Caller::default()),
        Credentials::Unreadable => deny(None),
    }
}
