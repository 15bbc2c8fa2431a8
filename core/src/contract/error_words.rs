//! Errors in words: the title, explanation and hint that the page's error card shows and that
//! a shared link answered as JSON carries, for every error of the core and every group of
//! relay error kinds. Pure functions over the error values, so the page and the relay say
//! exactly the same sentences.

use super::RelayErrorKind;
use crate::error::Missing;
use crate::{Error, Reference, TransportError};

/// What is said about an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorWords {
    /// The headline.
    pub title: &'static str,
    /// The kind, as the page's card names it in `data-kind` (the same as
    /// [`super::error_kind`]).
    pub kind: &'static str,
    /// What happened, in a sentence naming what was asked.
    pub explanation: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

/// The words for `error`, met while inspecting `reference` (when it parsed).
pub fn error_words(error: &Error, reference: Option<&Reference>) -> ErrorWords {
    let repository = reference.map(|r| format!("{}/{}", r.registry(), r.repository()));
    let repository = repository.as_deref().unwrap_or("the repository");
    match error {
        Error::Reference(e) => ErrorWords {
            title: "Invalid reference",
            kind: "invalid-reference",
            explanation: format!("This is not an image reference: {e}. Nothing was sent."),
            hint: Some("Write it as Docker does: alpine, alpine:3.20, ghcr.io/org/app:1.2, host:5000/team/app@sha256:… (lower-case repository names)".into()),
        },
        Error::Transport { url, source } => transport(url, source),
        Error::Unauthorized { explanation, .. } => ErrorWords {
            title: "Unauthorized",
            kind: "unauthorized",
            explanation: format!("The registry refused access to {repository}: {explanation}."),
            hint: Some("If the repository is private, enter credentials for this registry below.".into()),
        },
        Error::TokenRefused { status, explanation } => ErrorWords {
            title: "Unauthorized: the token request was refused",
            kind: "token-refused",
            explanation: format!("The token endpoint answered {status}: {explanation}."),
            hint: Some("Check the username and password (or token) for this registry below.".into()),
        },
        Error::BadToken(why) => ErrorWords {
            title: "Unusable token answer",
            kind: "bad-token",
            explanation: format!("The token endpoint's answer could not be used: {why}."),
            hint: None,
        },
        Error::Denied { .. } => ErrorWords {
            title: "Access denied",
            kind: "denied",
            explanation: format!("The registry knows who you are but denies access to {repository} (403 DENIED)."),
            hint: Some("Ask for pull access, or use credentials of an account that has it.".into()),
        },
        Error::NotFound { missing: Missing::Repository, .. } => ErrorWords {
            title: "Name unknown",
            kind: "name-unknown",
            explanation: format!("The repository {repository} does not exist on this registry (NAME_UNKNOWN)."),
            hint: reference.filter(|r| r.is_docker_hub() && !r.repository().contains('/')).map(|_| {
                "Docker Hub's official images live under library/.".to_string()
            }).or_else(|| Some("Check the spelling of the repository path; some registries also answer this for repositories you may not see.".into())),
        },
        Error::NotFound { missing: Missing::Manifest, target, .. } => ErrorWords {
            title: "Manifest unknown",
            kind: "manifest-unknown",
            explanation: format!("{repository} has no manifest for \"{target}\" (MANIFEST_UNKNOWN)."),
            hint: None,
        },
        Error::NotFound { missing: Missing::Blob, target, .. } => ErrorWords {
            title: "Blob unknown",
            kind: "blob-unknown",
            explanation: format!("The blob {target} that the manifest names is missing from {repository} (BLOB_UNKNOWN)."),
            hint: Some("The image is incomplete on this registry.".into()),
        },
        Error::RateLimited { limit } => {
            let mut parts = Vec::new();
            if let Some(remaining) = &limit.remaining {
                parts.push(format!("remaining: {}", remaining.split(';').next().unwrap_or(remaining)));
            }
            if let Some(l) = &limit.limit {
                parts.push(format!("limit: {}", l.split(';').next().unwrap_or(l)));
            }
            if let Some(window) = limit.window_seconds() {
                parts.push(format!("per {} hours", window / 3600));
            }
            if let Some(after) = &limit.retry_after {
                parts.push(format!("resets in {after} s (Retry-After)"));
            }
            ErrorWords {
                title: "Rate limited",
                kind: "rate-limited",
                explanation: format!("The registry is refusing more pulls for now (429 TOOMANYREQUESTS){}.",
                    if parts.is_empty() { String::new() } else { format!(": {}", parts.join(", ")) }),
                hint: Some("Wait for the window to reset, or sign in: authenticated pulls usually have a higher limit.".into()),
            }
        }
        Error::Registry { status, .. } => ErrorWords {
            title: "The registry answered with an error",
            kind: "registry",
            explanation: format!("The registry answered {status}."),
            hint: None,
        },
        Error::Manifest(e) => ErrorWords {
            title: "Unreadable manifest",
            kind: "manifest",
            explanation: format!("The registry's manifest could not be read: {e}."),
            hint: None,
        },
        Error::Config(e) => ErrorWords {
            title: "Unreadable config",
            kind: "config",
            explanation: format!("The config blob could not be read: {e}."),
            hint: None,
        },
        Error::Digest(e) => ErrorWords {
            title: "Digest mismatch: do not trust this content",
            kind: "digest",
            explanation: format!("The bytes the registry sent do not match their digest: {e}."),
            hint: Some("The content was altered in transit or the registry is broken or lying. Nothing from this answer is shown.".into()),
        },
        Error::PlatformNotFound { wanted, .. } => ErrorWords {
            title: "No such platform",
            kind: "platform",
            explanation: format!("The image has no {wanted} variant."),
            hint: None,
        },
    }
}

fn transport(url: &str, source: &TransportError) -> ErrorWords {
    match source {
        TransportError::Network(detail) => ErrorWords {
            title: "Network or CORS failure",
            kind: "network",
            explanation: format!("No readable answer came from {url} ({detail})."),
            hint: Some("The host may be down or unreachable, or it refused this page's origin (CORS); the browser cannot tell which.".into()),
        },
        TransportError::Relay { kind, message } => relay(url, kind, message),
        TransportError::Timeout => ErrorWords {
            title: "Timed out",
            kind: "network",
            explanation: format!("{url} took too long to answer."),
            hint: None,
        },
        TransportError::TooLarge { limit } => ErrorWords {
            title: "Answer too large",
            kind: "too-large",
            explanation: format!("{url} answered more than the {limit} bytes the page accepts."),
            hint: None,
        },
    }
}

/// A failure the relay reported, worded by its kind (see the core's contract).
fn relay(url: &str, kind: &str, message: &str) -> ErrorWords {
    match RelayErrorKind::parse(kind) {
        Some(RelayErrorKind::NoRelay) => ErrorWords {
            title: "No relay",
            kind: "no-relay",
            explanation: format!("This registry needs the relay (it sends no CORS headers, or asks for a token), but {message}."),
            hint: Some(format!("The request was for {url}.")),
        },
        Some(k @ (RelayErrorKind::UpstreamUnreachable | RelayErrorKind::UpstreamTimeout)) => {
            let host = crate::redirect::authority(url);
            ErrorWords {
                title: if k == RelayErrorKind::UpstreamTimeout { "No answer in time" } else { "Could not connect" },
                kind: "network",
                explanation: format!("The relay could not connect to {host} (for {url}): {message}."),
                hint: Some("The registry may be down, or its name may not resolve from where the relay runs.".into()),
            }
        }
        Some(k @ (RelayErrorKind::RedirectLoop | RelayErrorKind::TooManyRedirects)) => ErrorWords {
            title: if k == RelayErrorKind::RedirectLoop { "Redirect loop" } else { "Too many redirects" },
            kind: "relay",
            explanation: format!("The redirects from {url} were not followed to the end: {message}."),
            hint: None,
        },
        Some(RelayErrorKind::RefusedTarget) if message.contains("redirected to") => ErrorWords {
            title: "Redirect to a refused address",
            kind: "relay",
            explanation: format!("The request for {url} was redirected where the relay does not go: {message}."),
            hint: Some("The relay only follows redirects to public addresses, and to the registries it was started with --insecure-registry for.".into()),
        },
        Some(RelayErrorKind::UpstreamCertificate) => ErrorWords {
            title: "Certificate not trusted (reported by the relay)",
            kind: "certificate",
            explanation: format!("The relay did not send the request to {url}: {message}."),
            hint: None,
        },
        Some(k) if k.is_upstream() => ErrorWords {
            title: "Network failure (reported by the relay)",
            kind: "network",
            explanation: format!("No answer came from {url}; the relay says: {message}."),
            hint: Some("The registry may be down, or its name may not resolve from where the relay runs.".into()),
        },
        Some(k) if k.is_busy() => ErrorWords {
            title: "The relay is busy",
            kind: "relay",
            explanation: format!("The relay did not send the request to {url} now: {message}."),
            hint: Some("Try again in a moment.".into()),
        },
        Some(k) if k.is_over_limit() => ErrorWords {
            title: "Past the relay's limits",
            kind: "relay",
            explanation: format!("The answer for {url} went past a limit of the relay: {message}."),
            hint: None,
        },
        None if kind == super::LOCAL_FILE_KIND => ErrorWords {
            title: "The image file is not open in this tab",
            kind: "local-file",
            explanation: format!("{message}."),
            hint: None,
        },
        _ => ErrorWords {
            title: "The relay refused the request",
            kind: "relay",
            explanation: format!("The relay answered for {url}: {message} ({kind})."),
            hint: Some("The relay only forwards registry API calls to public addresses, and to the registries it was started with --insecure-registry for.".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::digest::DigestError;
    use crate::reference::ReferenceError;
    use crate::registry_error::RateLimit;

    use super::*;

    fn reference() -> Reference {
        "127.0.0.1:5000/library/alpine:latest".parse().unwrap()
    }

    #[test]
    fn every_error_has_a_title_and_a_kind() {
        let network = TransportError::Network("TypeError: Failed to fetch".into());
        let relay = TransportError::Relay {
            kind: "refused-target".into(),
            message: "10.0.0.1 is a private address".into(),
        };
        let upstream = TransportError::Relay {
            kind: "upstream-unreachable".into(),
            message: "connection refused".into(),
        };
        let local = TransportError::Relay {
            kind: super::super::LOCAL_FILE_KIND.into(),
            message: "drop app.tar on this page again".into(),
        };
        let transport = |source| Error::Transport {
            url: "http://r/v2/".into(),
            source,
        };
        let cases = [
            (Error::Reference(ReferenceError::Empty), "invalid-reference"),
            (transport(local), "local-file"),
            (transport(network), "network"),
            (transport(relay), "relay"),
            (transport(upstream), "network"),
            (Error::Denied { errors: vec![] }, "denied"),
            (
                Error::RateLimited {
                    limit: RateLimit {
                        limit: Some("100;w=21600".into()),
                        remaining: Some("0;w=21600".into()),
                        retry_after: Some("3600".into()),
                    },
                },
                "rate-limited",
            ),
        ];
        for (error, kind) in cases {
            let words = error_words(&error, Some(&reference()));
            assert_eq!(words.kind, kind, "{error}");
            assert!(!words.title.is_empty() && !words.explanation.is_empty());
            assert_eq!(
                words.kind,
                super::super::error_kind(&error),
                "the JSON's kind"
            );
        }
    }

    #[test]
    fn every_relay_kind_is_worded_by_its_group() {
        for kind in RelayErrorKind::ALL {
            let words = relay("http://r/v2/", kind.as_str(), "because");
            let expected = if kind.is_no_relay() {
                "no-relay"
            } else if kind == RelayErrorKind::UpstreamCertificate {
                "certificate"
            } else if kind.is_upstream() {
                "network"
            } else {
                "relay"
            };
            assert_eq!(words.kind, expected, "{}", kind.as_str());
            assert!(words.explanation.contains("because"), "{}", kind.as_str());
        }
        let unreachable = relay("http://r/v2/", "upstream-unreachable", "connection refused");
        assert!(
            !unreachable.title.contains("refused"),
            "{}",
            unreachable.title
        );
        assert!(unreachable.explanation.contains("http://r/v2/"));
        assert!(
            unreachable
                .explanation
                .contains("could not connect to r (for http://r/v2/)"),
            "{}",
            unreachable.explanation
        );
        let redirects = [
            (
                "redirect-loop",
                "Redirect loop",
                "the registry's redirects loop: http://r/a redirected to http://r/b, which was already requested",
            ),
            (
                "too-many-redirects",
                "Too many redirects",
                "the registry redirected more than 10 times: http://r/a redirected once more, to http://r/b",
            ),
            (
                "refused-target",
                "Redirect to a refused address",
                "the registry redirected to http://10.0.0.1/b, which is refused: private address",
            ),
        ];
        for (kind, title, message) in redirects {
            let words = relay("http://r/v2/x", kind, message);
            assert_eq!(words.title, title);
            assert!(
                words.explanation.contains("http://r/v2/x"),
                "{}",
                words.explanation
            );
            assert!(words.explanation.contains(message), "{}", words.explanation);
        }
        let unknown = relay("http://r/v2/", "from-a-newer-relay", "why");
        assert_eq!(unknown.kind, "relay");
        assert!(unknown.explanation.contains("from-a-newer-relay"));
    }

    #[test]
    fn rate_limits_say_remaining_limit_and_reset() {
        let error = Error::RateLimited {
            limit: RateLimit {
                limit: Some("100;w=21600".into()),
                remaining: Some("0;w=21600".into()),
                retry_after: Some("3600".into()),
            },
        };
        let text = error_words(&error, None).explanation;
        assert!(text.contains("remaining: 0"), "{text}");
        assert!(text.contains("limit: 100"), "{text}");
        assert!(text.contains("per 6 hours"), "{text}");
        assert!(text.contains("resets in 3600 s"), "{text}");
    }

    #[test]
    fn a_digest_mismatch_is_a_warning_with_both_digests() {
        let error = Error::Digest(DigestError::Mismatch {
            expected: "sha256:aaaa".into(),
            actual: "sha256:bbbb".into(),
        });
        let words = error_words(&error, Some(&reference()));
        assert_eq!(words.kind, "digest");
        assert!(words.title.contains("do not trust"));
        assert!(
            words.explanation.contains("sha256:aaaa") && words.explanation.contains("sha256:bbbb")
        );
    }
}
