//! Errors of the relay itself, as opposed to answers relayed from a registry: each one becomes a
//! status, an `X-Regscope-Relay-Error: <kind>` header and a small JSON body.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Name of the header that marks a response as an error of the relay.
pub const RELAY_ERROR_HEADER: &str = "x-regscope-relay-error";

/// Something the relay refused or failed to do. The message is meant for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayError {
    kind: ErrorKind,
    message: String,
}

/// The machine-readable kind of a relay error; its [`ErrorKind::as_str`] is the header value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request to the relay is malformed (missing or unparsable `url`).
    BadRequest,
    /// The target scheme, host or address is not allowed.
    RefusedTarget,
    /// The target path is not a registry API path or a known token endpoint.
    RefusedPath,
    /// The page origin is not allowed to use this relay.
    RefusedOrigin,
    /// The method is not GET, HEAD or OPTIONS.
    MethodNotAllowed,
    /// The upstream could not be reached or broke the connection before answering.
    UpstreamUnreachable,
    /// The upstream did not answer in time.
    UpstreamTimeout,
    /// The upstream body is larger than the relay lets through.
    TooLarge,
    /// The upstream redirected more often than the relay follows.
    TooManyRedirects,
    /// The client sent too many requests.
    RateLimited,
    /// Too many requests are in flight on the relay.
    Overloaded,
}

impl ErrorKind {
    /// The kind as it appears in the header and the JSON body.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad-request",
            Self::RefusedTarget => "refused-target",
            Self::RefusedPath => "refused-path",
            Self::RefusedOrigin => "refused-origin",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::UpstreamUnreachable => "upstream-unreachable",
            Self::UpstreamTimeout => "upstream-timeout",
            Self::TooLarge => "too-large",
            Self::TooManyRedirects => "too-many-redirects",
            Self::RateLimited => "rate-limited",
            Self::Overloaded => "overloaded",
        }
    }

    /// The HTTP status the relay answers with for this kind.
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::RefusedTarget | Self::RefusedPath | Self::RefusedOrigin => StatusCode::FORBIDDEN,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::UpstreamUnreachable | Self::TooLarge | Self::TooManyRedirects => {
                StatusCode::BAD_GATEWAY
            }
            Self::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl RelayError {
    /// A relay error of `kind` with a human sentence.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The human sentence of this error.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for RelayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for RelayError {}

impl IntoResponse for RelayError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "relay_error": { "kind": self.kind.as_str(), "message": self.message }
        });
        let mut response = (self.kind.status(), body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(
            RELAY_ERROR_HEADER,
            HeaderValue::from_static(self.kind.as_str()),
        );
        if self.kind == ErrorKind::MethodNotAllowed {
            headers.insert(
                header::ALLOW,
                HeaderValue::from_static("GET, HEAD, OPTIONS"),
            );
        }
        if self.kind == ErrorKind::RateLimited {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
