//! The kinds of relay errors: every kind the relay answers with (its
//! `x-regscope-relay-error` header and the `kind` of its error body), plus `no-relay`, which
//! the app uses when no relay answered at all.

use std::str::FromStr;

/// Why the relay did not relay a request: one kind per cause, named in the error header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelayErrorKind {
    /// The request to the relay is malformed (missing or unparsable `url`).
    BadRequest,
    /// The target scheme, host or address is not allowed.
    RefusedTarget,
    /// The target path is not a registry API path or a known token endpoint.
    RefusedPath,
    /// The page's origin is not allowed to use this relay.
    RefusedOrigin,
    /// The request named a host (its `Host` header) that is not one of the relay's own names:
    /// a page on another name resolved to the relay (DNS rebinding), or a name the operator did
    /// not list with `--relay-name`.
    RefusedHost,
    /// The method is not GET, HEAD or OPTIONS.
    MethodNotAllowed,
    /// The upstream could not be reached, or broke the connection before answering.
    UpstreamUnreachable,
    /// The upstream did not answer in time.
    UpstreamTimeout,
    /// The upstream's TLS certificate was not accepted (unknown issuer, self-signed, another
    /// name, expired): the message names the host, what is wrong and the relay flag that fixes it.
    UpstreamCertificate,
    /// The upstream body is larger than the relay lets through.
    TooLarge,
    /// The upstream redirected more often than the relay follows.
    TooManyRedirects,
    /// The upstream's redirects lead back to a URL already requested in the same walk.
    RedirectLoop,
    /// The client sent too many requests.
    RateLimited,
    /// Too many requests are in flight on the relay.
    Overloaded,
    /// No relay answered (the app's own kind; a relay never sends it).
    NoRelay,
}

/// A kind name this version does not know (e.g. from a newer relay).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a relay error kind")]
pub struct UnknownRelayErrorKind(pub String);

impl RelayErrorKind {
    /// Every kind, the relay's in the order of its documentation, then `no-relay`.
    pub const ALL: [RelayErrorKind; 15] = [
        Self::BadRequest,
        Self::RefusedTarget,
        Self::RefusedPath,
        Self::RefusedOrigin,
        Self::RefusedHost,
        Self::MethodNotAllowed,
        Self::UpstreamUnreachable,
        Self::UpstreamTimeout,
        Self::UpstreamCertificate,
        Self::TooLarge,
        Self::TooManyRedirects,
        Self::RedirectLoop,
        Self::RateLimited,
        Self::Overloaded,
        Self::NoRelay,
    ];

    /// The name in the header and the error body, e.g. `refused-target`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad-request",
            Self::RefusedTarget => "refused-target",
            Self::RefusedPath => "refused-path",
            Self::RefusedOrigin => "refused-origin",
            Self::RefusedHost => "refused-host",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::UpstreamUnreachable => "upstream-unreachable",
            Self::UpstreamTimeout => "upstream-timeout",
            Self::UpstreamCertificate => "upstream-certificate",
            Self::TooLarge => "too-large",
            Self::TooManyRedirects => "too-many-redirects",
            Self::RedirectLoop => "redirect-loop",
            Self::RateLimited => "rate-limited",
            Self::Overloaded => "overloaded",
            Self::NoRelay => "no-relay",
        }
    }

    /// The kind named `name` exactly; `None` for a name this version does not know.
    pub fn parse(name: &str) -> Option<RelayErrorKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The HTTP status the relay answers with for this kind. `no-relay` has none of its own
    /// (nothing answered); it maps to 502, what a gateway says when what is behind it is missing.
    pub fn status(self) -> u16 {
        match self {
            Self::BadRequest => 400,
            Self::RefusedTarget | Self::RefusedPath | Self::RefusedOrigin => 403,
            Self::RefusedHost => 421,
            Self::MethodNotAllowed => 405,
            Self::UpstreamUnreachable
            | Self::UpstreamCertificate
            | Self::TooLarge
            | Self::TooManyRedirects
            | Self::RedirectLoop => 502,
            Self::NoRelay => 502,
            Self::UpstreamTimeout => 504,
            Self::RateLimited => 429,
            Self::Overloaded => 503,
        }
    }

    /// The upstream (registry or token endpoint) could not be reached, did not answer in
    /// time, or showed a certificate the relay does not trust: the relay is fine, what is
    /// behind it is not (or not yet trusted).
    pub fn is_upstream(self) -> bool {
        matches!(
            self,
            Self::UpstreamUnreachable | Self::UpstreamTimeout | Self::UpstreamCertificate
        )
    }

    /// The relay refused the request by its own rules: the request, the target, the path, the
    /// page's origin, the relay's name the request used, or the method. Sending it again will not help.
    pub fn is_refusal(self) -> bool {
        matches!(
            self,
            Self::BadRequest
                | Self::RefusedTarget
                | Self::RefusedPath
                | Self::RefusedOrigin
                | Self::RefusedHost
                | Self::MethodNotAllowed
        )
    }

    /// The upstream answered past one of the relay's limits (size, redirects, or redirects
    /// that loop and so would never end).
    pub fn is_over_limit(self) -> bool {
        matches!(
            self,
            Self::TooLarge | Self::TooManyRedirects | Self::RedirectLoop
        )
    }

    /// The relay is busy (this client's rate, or everyone's requests in flight): the same
    /// request may pass a little later.
    pub fn is_busy(self) -> bool {
        matches!(self, Self::RateLimited | Self::Overloaded)
    }

    /// No relay answered at all.
    pub fn is_no_relay(self) -> bool {
        self == Self::NoRelay
    }
}

impl FromStr for RelayErrorKind {
    type Err = UnknownRelayErrorKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::parse(name).ok_or_else(|| UnknownRelayErrorKind(name.to_string()))
    }
}

impl std::fmt::Display for RelayErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for kind in RelayErrorKind::ALL {
            assert_eq!(RelayErrorKind::parse(kind.as_str()), Some(kind));
            assert_eq!(kind.as_str().parse(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        let mut names: Vec<&str> = RelayErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RelayErrorKind::ALL.len());
    }

    #[test]
    fn unknown_names_are_refused_without_panicking() {
        for name in [
            "",
            "Refused-Target",
            "refused-target ",
            "quota-exceeded",
            "é\u{0}",
        ] {
            assert_eq!(RelayErrorKind::parse(name), None, "{name:?}");
            let error = name.parse::<RelayErrorKind>().unwrap_err();
            assert_eq!(error, UnknownRelayErrorKind(name.to_string()));
            assert!(error.to_string().contains("not a relay error kind"));
        }
        assert_eq!(RelayErrorKind::parse(&"x".repeat(1 << 16)), None);
    }

    #[test]
    fn statuses_are_the_relays() {
        let status = |name: &str| RelayErrorKind::parse(name).map(RelayErrorKind::status);
        assert_eq!(status("bad-request"), Some(400));
        assert_eq!(status("refused-origin"), Some(403));
        assert_eq!(status("refused-host"), Some(421));
        assert_eq!(status("method-not-allowed"), Some(405));
        assert_eq!(status("too-many-redirects"), Some(502));
        assert_eq!(status("redirect-loop"), Some(502));
        assert_eq!(status("upstream-timeout"), Some(504));
        assert_eq!(status("upstream-certificate"), Some(502));
        assert_eq!(status("rate-limited"), Some(429));
        assert_eq!(status("overloaded"), Some(503));
    }

    #[test]
    fn each_kind_is_in_exactly_one_group() {
        for kind in RelayErrorKind::ALL {
            let groups = [
                kind.is_upstream(),
                kind.is_refusal(),
                kind.is_over_limit(),
                kind.is_busy(),
                kind.is_no_relay(),
            ];
            assert_eq!(groups.iter().filter(|g| **g).count(), 1, "{kind}");
        }
        assert!(RelayErrorKind::UpstreamTimeout.is_upstream());
        assert!(!RelayErrorKind::RefusedTarget.is_upstream());
        assert!(RelayErrorKind::UpstreamCertificate.is_upstream());
    }
}
