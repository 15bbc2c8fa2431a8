//! `WWW-Authenticate` values: Bearer challenges (RFC 6750 parameters in distribution's order:
//! realm, service, scope, error) and Basic ones.

/// A Bearer challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bearer<'a> {
    /// The token endpoint.
    pub realm: &'a str,
    /// `service`, when the registry names one.
    pub service: Option<&'a str>,
    /// `scope`, when the request needs one.
    pub scope: Option<String>,
    /// `error` (`invalid_token`, `insufficient_scope`), when a token was refused.
    pub error: Option<&'a str>,
}

impl Bearer<'_> {
    /// The header value.
    pub fn header(&self) -> String {
        let mut value = format!("Bearer realm=\"{}\"", self.realm);
        if let Some(service) = self.service {
            value.push_str(&format!(",service=\"{service}\""));
        }
        if let Some(scope) = &self.scope {
            value.push_str(&format!(",scope=\"{scope}\""));
        }
        if let Some(error) = self.error {
            value.push_str(&format!(",error=\"{error}\""));
        }
        value
    }
}

/// A Basic challenge, with a `service` parameter when the registry sends one (ECR does).
pub fn basic(realm: &str, service: Option<&str>) -> String {
    match service {
        Some(service) => format!("Basic realm=\"{realm}\",service=\"{service}\""),
        None => format!("Basic realm=\"{realm}\""),
    }
}

/// The scope a pull of `repository` needs.
pub fn pull_scope(repository: &str) -> String {
    format!("repository:{repository}:pull")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_parameters_like_distribution() {
        let full = Bearer {
            realm: "https://auth.docker.io/token",
            service: Some("registry.docker.io"),
            scope: Some(pull_scope("library/alpine")),
            error: Some("insufficient_scope"),
        };
        assert_eq!(
            full.header(),
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\",error=\"insufficient_scope\""
        );
        let bare = Bearer {
            realm: "https://us-docker.pkg.dev/v2/token",
            ..Bearer::default()
        };
        assert_eq!(
            bare.header(),
            "Bearer realm=\"https://us-docker.pkg.dev/v2/token\""
        );
        assert_eq!(basic("harbor", None), "Basic realm=\"harbor\"");
        assert_eq!(
            basic("https://x/", Some("ecr.amazonaws.com")),
            "Basic realm=\"https://x/\",service=\"ecr.amazonaws.com\""
        );
    }
}
