//! Errors of the relay itself, as opposed to answers relayed from a registry: each one becomes a
//! status, an `X-Regscope-Relay-Error: <kind>` header and a small JSON body, all as the
//! app-relay contract of the core defines them.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use regscope_core::contract::{RELAY_ERROR_HEADER, RelayErrorBody, RelayErrorKind};

/// Something the relay refused or failed to do. The message is meant for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", kind.as_str(), message)]
pub struct RelayError {
    kind: RelayErrorKind,
    message: String,
}

impl RelayError {
    /// A relay error of `kind` with a human sentence.
    pub fn new(kind: RelayErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The kind of this error.
    pub fn kind(&self) -> RelayErrorKind {
        self.kind
    }

    /// The human sentence of this error.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status of this error's answer.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.kind.status()).unwrap_or(StatusCode::BAD_GATEWAY)
    }
}

impl IntoResponse for RelayError {
    fn into_response(self) -> Response {
        let status = self.status();
        let kind = self.kind;
        let body = RelayErrorBody::new(kind, self.message).to_json();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(RELAY_ERROR_HEADER, HeaderValue::from_static(kind.as_str()));
        if kind == RelayErrorKind::MethodNotAllowed {
            headers.insert(
                header::ALLOW,
                HeaderValue::from_static("GET, HEAD, OPTIONS"),
            );
        }
        if kind == RelayErrorKind::RateLimited {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_carry_the_kind_in_header_and_body() {
        for kind in RelayErrorKind::ALL.into_iter().filter(|k| !k.is_no_relay()) {
            let response = RelayError::new(kind, "why").into_response();
            assert_eq!(response.status().as_u16(), kind.status(), "{kind}");
            let header = response.headers().get(RELAY_ERROR_HEADER);
            assert_eq!(header.and_then(|v| v.to_str().ok()), Some(kind.as_str()));
        }
        let limited = RelayError::new(RelayErrorKind::RateLimited, "slow down").into_response();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(limited.headers().contains_key(header::RETRY_AFTER));
        let method = RelayError::new(RelayErrorKind::MethodNotAllowed, "no").into_response();
        assert_eq!(method.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert!(method.headers().contains_key(header::ALLOW));
    }

    #[test]
    fn displays_kind_and_sentence() {
        let error = RelayError::new(RelayErrorKind::RefusedPath, "not a registry path");
        assert_eq!(error.to_string(), "refused-path: not a registry path");
    }
}
