//! Why a registry refused a token, in words: the mistakes people make by hand (a Docker Hub
//! name without `library/`, a `service` that is not the challenge's, a private repository
//! without credentials, an expired token).

use crate::challenge;
use crate::token::TokenRequest;
use crate::transport::Response;

/// What is known about a refused request: the registry's challenge and the token that was used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthFailure {
    /// True when the registry is Docker Hub.
    pub docker_hub: bool,
    /// The repository that was requested (normalized, e.g. `library/alpine`).
    pub repository: String,
    /// The challenge's scheme (`Bearer`, `Basic`), when it had one.
    pub scheme: Option<String>,
    /// The challenge's `error` (`invalid_token`, `insufficient_scope`).
    pub error: Option<String>,
    /// The challenge's `service`.
    pub challenge_service: Option<String>,
    /// The challenge's `scope`.
    pub challenge_scope: Option<String>,
    /// The challenge's `realm` (ECR names its own host there).
    pub challenge_realm: Option<String>,
    /// The token request whose token was refused, if a token was sent.
    pub token_request: Option<TokenRequest>,
    /// True when credentials were sent (to the token endpoint, or as Basic).
    pub had_credentials: bool,
}

impl AuthFailure {
    /// Reads the challenge of a 401 answer.
    pub fn from_response(
        response: &Response,
        docker_hub: bool,
        repository: &str,
        token_request: Option<&TokenRequest>,
        had_credentials: bool,
    ) -> AuthFailure {
        let fields = response.header_values("www-authenticate");
        let challenges = challenge::parse_all(fields).unwrap_or_default();
        let chosen = challenges
            .iter()
            .find(|c| c.is_bearer())
            .or_else(|| challenges.first());
        AuthFailure {
            docker_hub,
            repository: repository.to_string(),
            scheme: chosen.map(|c| c.scheme().to_string()),
            error: chosen.and_then(|c| c.error()).map(str::to_string),
            challenge_service: chosen.and_then(|c| c.service()).map(str::to_string),
            challenge_scope: chosen.and_then(|c| c.scope()).map(str::to_string),
            challenge_realm: chosen.and_then(|c| c.realm()).map(str::to_string),
            token_request: token_request.cloned(),
            had_credentials,
        }
    }

    /// The likely cause, in a sentence or two a person can act on.
    pub fn explain(&self) -> String {
        let token_scope = self.token_request.as_ref().and_then(|r| r.scope.as_deref());
        let token_service = self
            .token_request
            .as_ref()
            .and_then(|r| r.service.as_deref());
        if self
            .scheme
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("basic"))
        {
            return if let Some(region) = self.ecr_region() {
                let verb = if self.had_credentials {
                    "refused the credentials given"
                } else {
                    "asks for credentials"
                };
                format!(
                    "Amazon ECR {verb} (HTTP Basic): the username is \"AWS\" and the password is the authorization token that `aws ecr get-login-password --region {region}` prints (valid for 12 hours)"
                )
            } else if self.had_credentials {
                "the registry refused the username and password (HTTP Basic); check them".into()
            } else {
                "this registry asks for a username and password (HTTP Basic); add credentials for it".into()
            };
        }
        if self.token_request.is_none() {
            return "the registry requires a token, and none was sent".into();
        }
        match self.error.as_deref() {
            Some("invalid_token") => {
                if let (Some(wanted), Some(used)) = (&self.challenge_service, token_service)
                    && wanted != used
                {
                    return format!(
                        "the token was issued for service \"{used}\", but this registry expects service \"{wanted}\" (take service from the WWW-Authenticate challenge)"
                    );
                }
                if token_service.is_none() && self.challenge_service.is_some() {
                    return "the token was requested without the challenge's service, so the registry does not accept it".into();
                }
                "the registry refused the token as invalid: it has probably expired (tokens live for expires_in seconds, 60 when not given), or it was signed for another registry".into()
            }
            Some("insufficient_scope") | None => self.explain_scope(token_scope),
            Some(other) => format!("the registry refused the token ({other})"),
        }
    }

    /// The AWS region of an ECR registry's Basic challenge (`service="ecr.amazonaws.com"`,
    /// realm `https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/`); `REGION` when the realm does
    /// not name one.
    fn ecr_region(&self) -> Option<String> {
        if self.challenge_service.as_deref() != Some("ecr.amazonaws.com") {
            return None;
        }
        let host = self
            .challenge_realm
            .as_deref()
            .map(crate::redirect::authority)
            .unwrap_or_default();
        Some(ecr_region(&host).unwrap_or("REGION").to_string())
    }

    fn explain_scope(&self, token_scope: Option<&str>) -> String {
        let wanted = self.challenge_scope.as_deref();
        if let Some(scope) = token_scope
            && self.docker_hub
            && let Some(name) = scope_repository(scope)
            && !name.contains('/')
        {
            return format!(
                "the token's scope names \"{name}\", but official Docker Hub images live under library/: the scope must be \"repository:library/{name}:pull\""
            );
        }
        if let (Some(wanted), Some(used)) = (wanted, token_scope)
            && wanted != used
        {
            return format!(
                "the token grants \"{used}\", but the registry asks for \"{wanted}\" (take scope from the WWW-Authenticate challenge)"
            );
        }
        if self.had_credentials {
            format!(
                "the credentials given do not grant pull on \"{}\"; check the repository name and that this account may read it",
                self.repository
            )
        } else {
            format!(
                "anonymous pull of \"{}\" is not allowed: the repository is private or does not exist; add credentials for this registry",
                self.repository
            )
        }
    }
}

/// The region of an ECR registry host, `ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]`.
pub fn ecr_region(host: &str) -> Option<&str> {
    let (_, rest) = host.split_once(".dkr.ecr.")?;
    let (region, _) = rest.split_once(".amazonaws.com")?;
    (!region.is_empty() && !region.contains('.')).then_some(region)
}

/// The repository named by a `repository:NAME:ACTIONS` scope.
fn scope_repository(scope: &str) -> Option<&str> {
    let rest = scope.strip_prefix("repository:")?;
    let (name, _actions) = rest.rsplit_once(':')?;
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(error: &str, token_scope: &str, token_service: &str) -> AuthFailure {
        AuthFailure {
            docker_hub: true,
            repository: "library/alpine".into(),
            scheme: Some("Bearer".into()),
            error: Some(error.into()),
            challenge_service: Some("registry.docker.io".into()),
            challenge_scope: Some("repository:library/alpine:pull".into()),
            token_request: Some(TokenRequest {
                realm: "https://auth.docker.io/token".into(),
                service: Some(token_service.into()),
                scope: Some(token_scope.into()),
            }),
            challenge_realm: None,
            had_credentials: false,
        }
    }

    #[test]
    fn ecr_basic_challenges_name_the_user_and_the_login_command() {
        let ecr = |realm: Option<&str>, had_credentials| AuthFailure {
            scheme: Some("Basic".into()),
            challenge_service: Some("ecr.amazonaws.com".into()),
            challenge_realm: realm.map(str::to_string),
            had_credentials,
            ..AuthFailure::default()
        };
        let text = ecr(
            Some("https://123456789012.dkr.ecr.eu-west-3.amazonaws.com/"),
            false,
        )
        .explain();
        assert!(text.contains("\"AWS\""), "{text}");
        assert!(
            text.contains("aws ecr get-login-password --region eu-west-3"),
            "{text}"
        );
        let text = ecr(None, true).explain();
        assert!(
            text.contains("refused") && text.contains("--region REGION"),
            "{text}"
        );
        let plain = AuthFailure {
            scheme: Some("Basic".into()),
            ..AuthFailure::default()
        };
        assert!(!plain.explain().contains("AWS"));
        assert_eq!(
            ecr_region("1.dkr.ecr.cn-north-1.amazonaws.com.cn"),
            Some("cn-north-1")
        );
        for host in [
            "ecr.aws",
            "1.dkr.ecr..amazonaws.com",
            "dkr.ecr.x.example.com",
        ] {
            assert_eq!(ecr_region(host), None, "{host}");
        }
    }

    #[test]
    fn missing_library_prefix_is_named() {
        let text = failure(
            "insufficient_scope",
            "repository:alpine:pull",
            "registry.docker.io",
        )
        .explain();
        assert!(text.contains("library/"), "{text}");
        assert!(text.contains("repository:library/alpine:pull"), "{text}");
    }

    #[test]
    fn wrong_service_is_named() {
        let text = failure(
            "invalid_token",
            "repository:library/alpine:pull",
            "index.docker.io",
        )
        .explain();
        assert!(text.contains("\"index.docker.io\""), "{text}");
        assert!(text.contains("\"registry.docker.io\""), "{text}");
    }

    #[test]
    fn expired_token_is_the_guess_when_the_service_is_right() {
        let text = failure(
            "invalid_token",
            "repository:library/alpine:pull",
            "registry.docker.io",
        )
        .explain();
        assert!(text.contains("expired"), "{text}");
    }

    #[test]
    fn private_repository_without_credentials() {
        let mut f = failure(
            "insufficient_scope",
            "repository:library/alpine:pull",
            "registry.docker.io",
        );
        f.docker_hub = false;
        let text = f.explain();
        assert!(
            text.contains("private") && text.contains("credentials"),
            "{text}"
        );
        f.had_credentials = true;
        assert!(f.explain().contains("do not grant"));
    }

    #[test]
    fn basic_challenges_ask_for_credentials() {
        let f = AuthFailure {
            scheme: Some("Basic".into()),
            ..AuthFailure::default()
        };
        assert!(f.explain().contains("username and password"));
    }
}
