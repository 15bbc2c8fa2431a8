//! The registry's own error answers: `{"errors":[{"code","message","detail"}]}` and rate limits.

use serde::Deserialize;

use crate::transport::Response;

/// One entry of a registry's `errors` array.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, thiserror::Error)]
#[error("{code}: {message}{}", in_parentheses(detail))]
pub struct RegistryError {
    /// The error code, e.g. `MANIFEST_UNKNOWN`, `NAME_UNKNOWN`, `UNAUTHORIZED`, `DENIED`, `TOOMANYREQUESTS`.
    #[serde(default)]
    pub code: String,
    /// The registry's message.
    #[serde(default)]
    pub message: String,
    /// Free-form detail, kept as compact JSON (`null` when absent).
    #[serde(default, deserialize_with = "detail_as_text")]
    pub detail: Option<String>,
}

fn detail_as_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(serde_json::to_string(&other).unwrap_or_default()),
    })
}

/// ` (detail)`, or nothing.
fn in_parentheses(detail: &Option<String>) -> String {
    detail
        .as_ref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default()
}

/// Parses an error body. Returns an empty list when the body is not the registry error format.
pub fn parse_errors(body: &[u8]) -> Vec<RegistryError> {
    #[derive(Deserialize)]
    struct Envelope {
        errors: Vec<RegistryError>,
    }
    serde_json::from_slice::<Envelope>(body)
        .map(|e| e.errors)
        .unwrap_or_default()
}

/// Rate-limit state announced by the registry (Docker Hub's `ratelimit-*`, `Retry-After`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `ratelimit-limit`, e.g. `100;w=21600`.
    pub limit: Option<String>,
    /// `ratelimit-remaining`, e.g. `76;w=21600`.
    pub remaining: Option<String>,
    /// `Retry-After`, in seconds or as an HTTP date, as sent.
    pub retry_after: Option<String>,
}

impl RateLimit {
    /// Reads the rate-limit headers of a response; `None` when it has none.
    pub fn from_response(response: &Response) -> Option<RateLimit> {
        let limit = RateLimit {
            limit: response.header("ratelimit-limit").map(str::to_string),
            remaining: response.header("ratelimit-remaining").map(str::to_string),
            retry_after: response.header("retry-after").map(str::to_string),
        };
        (limit != RateLimit::default()).then_some(limit)
    }

    /// The window length in seconds from `;w=N`, when given.
    pub fn window_seconds(&self) -> Option<u64> {
        let field = self.limit.as_deref().or(self.remaining.as_deref())?;
        field
            .split(';')
            .find_map(|p| p.trim().strip_prefix("w="))
            .and_then(|n| n.trim().parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_error_body_parses() {
        let body = br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"nope"}}]}"#;
        let errors = parse_errors(body);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "MANIFEST_UNKNOWN");
        assert_eq!(errors[0].detail.as_deref(), Some(r#"{"Tag":"nope"}"#));
        assert_eq!(
            errors[0].to_string(),
            r#"MANIFEST_UNKNOWN: manifest unknown ({"Tag":"nope"})"#
        );
    }

    #[test]
    fn non_error_bodies_give_no_errors() {
        for body in [&b""[..], b"<html>", b"{}", b"{\"errors\":3}", b"\xff\xfe"] {
            assert!(parse_errors(body).is_empty());
        }
    }

    #[test]
    fn rate_limit_headers_are_read() {
        let response = Response {
            status: 429,
            headers: vec![
                ("RateLimit-Limit".into(), "100;w=21600".into()),
                ("ratelimit-remaining".into(), "0;w=21600".into()),
                ("Retry-After".into(), "3600".into()),
            ],
            body: vec![],
            path: "direct".into(),
        };
        let limit = RateLimit::from_response(&response).unwrap();
        assert_eq!(limit.remaining.as_deref(), Some("0;w=21600"));
        assert_eq!(limit.window_seconds(), Some(21600));
        assert_eq!(limit.retry_after.as_deref(), Some("3600"));
    }
}
