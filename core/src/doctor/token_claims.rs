//! The claims of a pasted Bearer token, when it is a JWT (Docker Hub's and distribution's
//! token servers issue JWTs whose `access` claim lists what they grant). The signature is not
//! checked: the claims only explain what the registry will do with the token.

use serde_json::Value;

use crate::base64_codec::decode_url_no_pad;

/// One entry of a token's `access` claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenAccess {
    /// `repository`, `registry`, …
    pub resource_type: String,
    /// The resource name, such as `library/alpine`.
    pub name: String,
    /// The actions granted, such as `["pull"]`.
    pub actions: Vec<String>,
}

impl TokenAccess {
    /// As a scope: `repository:library/alpine:pull`.
    pub fn as_scope(&self) -> String {
        format!(
            "{}:{}:{}",
            self.resource_type,
            self.name,
            self.actions.join(",")
        )
    }
}

/// What a JWT's payload says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenClaims {
    /// The `access` claim (empty when absent).
    pub access: Vec<TokenAccess>,
    /// The `aud` claim (the service), when it is a string.
    pub audience: Option<String>,
    /// The `exp` claim, seconds since the epoch.
    pub expires_at: Option<u64>,
}

/// The claims of `token` (`header.payload.signature`, base64url); `None` when it is not a JWT.
pub fn decode(token: &str) -> Option<TokenClaims> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = decode_url_no_pad(payload.trim_end_matches('='))?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    let text = |v: &Value| v.as_str().map(str::to_string);
    let access = value
        .get("access")
        .and_then(Value::as_array)
        .map(|entries| {
            entries
                .iter()
                .map(|entry| TokenAccess {
                    resource_type: entry.get("type").and_then(text).unwrap_or_default(),
                    name: entry.get("name").and_then(text).unwrap_or_default(),
                    actions: entry
                        .get("actions")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(text).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(TokenClaims {
        access,
        audience: value.get("aud").and_then(text),
        expires_at: value.get("exp").and_then(Value::as_u64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base64_codec::encode_url_no_pad;

    #[test]
    fn access_claims_are_read() {
        let payload = encode_url_no_pad(
            br#"{"access":[{"type":"repository","name":"library/alpine","actions":["pull"]}],"aud":"registry.docker.io","exp":5}"#,
        );
        let claims = decode(&format!("eyJhbGciOiJSUzI1NiJ9.{payload}.sig")).unwrap();
        assert_eq!(
            claims.access[0].as_scope(),
            "repository:library/alpine:pull"
        );
        assert_eq!(claims.audience.as_deref(), Some("registry.docker.io"));
        assert_eq!(claims.expires_at, Some(5));
        assert_eq!(decode("opaque-token"), None);
        assert_eq!(decode("a.b.c.d"), None);
    }
}
