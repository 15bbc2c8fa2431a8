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

#[cfg(test)]
mod tests {
    use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
    use axum::http::{HeaderValue, StatusCode};
    use base64::Engine as _;

    use super::*;
    use crate::zoo::registries::{artifact, docker_hub, harbor, quay};
    use crate::zoo::tokens::claims::{Access, Claims};
    use crate::zoo::tokens::codec::TokenStyle;
    use regscope_stack::facts;

    fn zoo() -> Zoo {
        Zoo::new("http://127.0.0.1:9").expect("zoo")
    }

    fn headers(authorization: Option<String>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = authorization {
            headers.insert(
                AUTHORIZATION,
                HeaderValue::from_str(&value).expect("header"),
            );
        }
        headers
    }

    fn bearer(zoo: &Zoo, iss: &str, aud: &str, exp: i64, access: Vec<Access>) -> Option<String> {
        let now = crate::clock::unix_now();
        let claims = Claims {
            iss: iss.into(),
            sub: String::new(),
            aud: aud.into(),
            exp: now + exp,
            nbf: now - 10,
            iat: now - 10,
            jti: zoo.keys.jti(),
            access,
        };
        Some(format!(
            "Bearer {}",
            zoo.keys.mint(TokenStyle::Jwt, &claims)
        ))
    }

    fn basic(user: &str, password: &str) -> Option<String> {
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        Some(format!("Basic {encoded}"))
    }

    fn challenge(result: Result<Caller, Refused>) -> (StatusCode, String) {
        let refusal = result.expect_err("refused");
        let value = refusal
            .headers()
            .get(WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (refusal.status(), value)
    }

    #[test]
    fn docker_hub_checks_audience_repository_and_expiry() {
        let zoo = zoo();
        let hub = &docker_hub::PROFILE;
        let get = Method::GET;
        let alpine = Need::Pull("library/alpine");
        let (status, value) = challenge(admit(hub, &zoo, &get, &headers(None), alpine));
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(
            value.ends_with(r#"scope="repository:library/alpine:pull""#),
            "{value}"
        );

        let good = bearer(
            &zoo,
            "auth.docker.io",
            "registry.docker.io",
            300,
            vec![Access::pull("library/alpine")],
        );
        assert_eq!(
            admit(hub, &zoo, &get, &headers(good.clone()), alpine).ok(),
            Some(Caller::default())
        );
        let (_, value) = challenge(admit(
            hub,
            &zoo,
            &get,
            &headers(good),
            Need::Pull("regscope/list"),
        ));
        assert!(value.contains(r#"error="insufficient_scope""#), "{value}");

        let empty = bearer(&zoo, "auth.docker.io", "registry.docker.io", 300, vec![]);
        let (_, value) = challenge(admit(hub, &zoo, &get, &headers(empty), alpine));
        assert!(value.contains("insufficient_scope"));
        for refused in [
            bearer(
                &zoo,
                "auth.docker.io",
                "registry.docker.com",
                300,
                vec![Access::pull("library/alpine")],
            ),
            bearer(
                &zoo,
                "quay",
                "registry.docker.io",
                300,
                vec![Access::pull("library/alpine")],
            ),
            bearer(
                &zoo,
                "auth.docker.io",
                "registry.docker.io",
                -1,
                vec![Access::pull("library/alpine")],
            ),
            Some("Bearer forged.token.value".to_owned()),
        ] {
            let (_, value) = challenge(admit(hub, &zoo, &get, &headers(refused), alpine));
            assert!(value.contains(r#"error="invalid_token""#), "{value}");
        }
    }

    #[test]
    fn quay_and_artifact_registry_open_public_repositories() {
        let zoo = zoo();
        let get = Method::GET;
        let public = Need::Pull("regscope/alpine");
        assert!(admit(&quay::PROFILE, &zoo, &get, &headers(None), public).is_ok());
        let (status, value) = challenge(admit(
            &quay::PROFILE,
            &zoo,
            &get,
            &headers(None),
            Need::Pull("regscope/private"),
        ));
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(
            !value.contains("error="),
            "Quay sends no error parameter: {value}"
        );
        assert!(admit(&quay::PROFILE, &zoo, &get, &headers(None), Need::Catalog).is_ok());

        let ar = &artifact::US_WEST1_PROFILE;
        let private = Need::Pull("regscope-project/private/app");
        assert!(
            admit(
                ar,
                &zoo,
                &get,
                &headers(None),
                Need::Pull("k8s-artifacts-prod/images/pause")
            )
            .is_ok()
        );
        assert!(admit(ar, &zoo, &get, &headers(None), private).is_err());
        let direct = Some(format!("Bearer {}", facts::ZOO_GOOGLE_ACCESS_TOKEN));
        assert_eq!(
            admit(ar, &zoo, &get, &headers(direct), private).ok(),
            Some(Caller::user(facts::ZOO_GOOGLE_USER))
        );
    }

    #[test]
    fn harbor_heads_basic_and_catalog() {
        let zoo = zoo();
        let harbor = &harbor::PROFILE;
        let public = Need::Pull("library/alpine");
        assert!(admit(harbor, &zoo, &Method::GET, &headers(None), public).is_ok());
        assert!(admit(harbor, &zoo, &Method::HEAD, &headers(None), public).is_err());
        let admin = basic(facts::ZOO_HARBOR_ADMIN, facts::ZOO_HARBOR_PASSWORD);
        assert!(
            admit(harbor, &zoo, &Method::GET, &headers(admin), Need::Catalog)
                .is_ok_and(|c| c.admin)
        );
        let alice = basic(facts::USER, facts::PASSWORD);
        let (_, value) = challenge(admit(
            harbor,
            &zoo,
            &Method::GET,
            &headers(alice.clone()),
            Need::Catalog,
        ));
        assert_eq!(value, r#"Basic realm="harbor""#);
        assert!(
            admit(
                harbor,
                &zoo,
                &Method::GET,
                &headers(alice),
                Need::Pull("regscope/app")
            )
            .is_ok()
        );
        let catalog_token = bearer(
            &zoo,
            "harbor-token-issuer",
            "harbor-registry",
            300,
            vec![Access::catalog()],
        );
        let (_, value) = challenge(admit(
            harbor,
            &zoo,
            &Method::GET,
            &headers(catalog_token),
            Need::Catalog,
        ));
        assert_eq!(value, r#"Basic realm="harbor""#);
    }
}
