//! An error of a view for machines: its kind, named as the page names it (the page's error
//! card carries the same name in `data-kind`), and the HTTP status a shared link answers with.

use super::RelayErrorKind;
use crate::TransportError;
use crate::error::{Error, Missing};

/// The kind of `error`, as the page names it: `invalid-reference`, `unauthorized`,
/// `token-refused`, `bad-token`, `denied`, `name-unknown`, `manifest-unknown`, `blob-unknown`,
/// `rate-limited`, `registry`, `manifest`, `config`, `digest`, `platform`, and for a failed
/// request `network`, `too-large`, `no-relay`, `certificate` or `relay`.
pub fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Reference(_) => "invalid-reference",
        Error::Transport { source, .. } => transport_kind(source),
        Error::Unauthorized { .. } => "unauthorized",
        Error::TokenRefused { .. } => "token-refused",
        Error::BadToken(_) => "bad-token",
        Error::Denied { .. } => "denied",
        Error::NotFound { missing, .. } => match missing {
            Missing::Repository => "name-unknown",
            Missing::Manifest => "manifest-unknown",
            Missing::Blob => "blob-unknown",
        },
        Error::RateLimited { .. } => "rate-limited",
        Error::Registry { .. } => "registry",
        Error::Manifest(_) => "manifest",
        Error::Config(_) => "config",
        Error::Digest(_) => "digest",
        Error::PlatformNotFound { .. } => "platform",
    }
}

fn transport_kind(source: &TransportError) -> &'static str {
    match source {
        TransportError::Network(_) | TransportError::Timeout => "network",
        TransportError::TooLarge { .. } => "too-large",
        TransportError::Relay { kind, .. } if kind == super::LOCAL_FILE_KIND => "local-file",
        TransportError::Relay { .. } => match source.relay_kind() {
            Some(RelayErrorKind::NoRelay) => "no-relay",
            Some(RelayErrorKind::UpstreamCertificate) => "certificate",
            Some(
                RelayErrorKind::RedirectLoop
                | RelayErrorKind::TooManyRedirects
                | RelayErrorKind::RefusedTarget,
            ) => "relay",
            Some(kind) if kind.is_upstream() => "network",
            _ => "relay",
        },
    }
}

/// The HTTP status a shared link answers `error` with: 400 for an invalid reference, 401 when
/// credentials are missing or refused, 403 denied, 404 for what does not exist (repository,
/// tag, blob, platform), 429 rate limited, the relay's own status for a request it refused,
/// 504 for a timeout, and 502 for every other failure upstream.
pub fn error_status(error: &Error) -> u16 {
    match error {
        Error::Reference(_) => 400,
        Error::Unauthorized { .. } | Error::TokenRefused { .. } => 401,
        Error::Denied { .. } => 403,
        Error::NotFound { .. } | Error::PlatformNotFound { .. } => 404,
        Error::RateLimited { .. } => 429,
        Error::Transport { source, .. } => match source {
            TransportError::Timeout => 504,
            TransportError::Relay { .. } => source.relay_kind().map_or(502, RelayErrorKind::status),
            TransportError::Network(_) | TransportError::TooLarge { .. } => 502,
        },
        Error::BadToken(_)
        | Error::Registry { .. }
        | Error::Manifest(_)
        | Error::Config(_)
        | Error::Digest(_) => 502,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relay(kind: &str) -> Error {
        Error::Transport {
            url: "http://r/v2/".into(),
            source: TransportError::Relay {
                kind: kind.into(),
                message: "m".into(),
            },
        }
    }

    fn not_found(missing: Missing) -> Error {
        Error::NotFound {
            missing,
            target: "t".into(),
            errors: Vec::new(),
        }
    }

    #[test]
    fn kinds_and_statuses_follow_the_error() {
        let cases = [
            (not_found(Missing::Manifest), "manifest-unknown", 404),
            (not_found(Missing::Repository), "name-unknown", 404),
            (not_found(Missing::Blob), "blob-unknown", 404),
            (
                Error::Unauthorized {
                    explanation: "e".into(),
                    challenge: None,
                    errors: Vec::new(),
                },
                "unauthorized",
                401,
            ),
            (Error::Denied { errors: Vec::new() }, "denied", 403),
            (
                Error::PlatformNotFound {
                    wanted: "a/b".into(),
                    available: Vec::new(),
                },
                "platform",
                404,
            ),
            (relay("rate-limited"), "relay", 429),
            (relay("overloaded"), "relay", 503),
            (relay("refused-target"), "relay", 403),
            (relay("upstream-timeout"), "network", 504),
            (relay("no-relay"), "no-relay", 502),
            (relay("from-a-newer-relay"), "relay", 502),
            (
                Error::Transport {
                    url: "u".into(),
                    source: TransportError::Timeout,
                },
                "network",
                504,
            ),
        ];
        for (error, kind, status) in cases {
            assert_eq!(error_kind(&error), kind, "{error}");
            assert_eq!(error_status(&error), status, "{error}");
        }
    }
}
