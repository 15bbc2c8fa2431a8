//! The HTTP seam: the flow sends [`Request`]s through a [`Transport`] and reads [`Response`]s.
//!
//! The browser implements it with fetch (directly or through the relay); native tests with a
//! real HTTP client.
//!
//! Redirects: a transport either hands a redirect back as it came (the client then follows it
//! itself, see [`crate::redirect`]), or follows it on its own, as fetch and the relay do, and
//! then reports the URL that finally answered and the hops it saw in the two walk headers of
//! the app-relay contract ([`crate::contract::FINAL_URL_HEADER`],
//! [`crate::contract::HOPS_HEADER`]) among the response's headers; one that cannot see the
//! hops (fetch) reports the final URL alone. A transport that follows redirects never sends
//! `Authorization` to another origin, nor to any hop after the walk has left the first
//! request's origin, and never passes walk headers a server sent.

use crate::contract::{self, Hop, PlainHttpHosts, RelayErrorKind};

/// The HTTP methods the inspector uses: it only reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`.
    Head,
}

impl Method {
    /// The method's name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
        }
    }
}

/// One request to a registry or token endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// GET or HEAD.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// A GET of `url` with no headers.
    pub fn get(url: impl Into<String>) -> Self {
        Request {
            method: Method::Get,
            url: url.into(),
            headers: Vec::new(),
        }
    }

    /// A HEAD of `url` with no headers.
    pub fn head(url: impl Into<String>) -> Self {
        Request {
            method: Method::Head,
            url: url.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The first value of a header (name matched case-insensitively).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// A response: status, headers, and the whole body (bodies the flow reads are small and capped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Header names and values, in order (a name may repeat).
    pub headers: Vec<(String, String)>,
    /// The body bytes exactly as received.
    pub body: Vec<u8>,
    /// How the request travelled (e.g. `direct`, `relay`), for the trace.
    pub path: String,
}

impl Response {
    /// The first value of a header (name matched case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Every value of a header, in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The URL that finally answered, when the transport followed redirects and said so
    /// (`None`: the URL requested answered).
    pub fn final_url(&self) -> Option<&str> {
        self.header(contract::FINAL_URL_HEADER)
            .map(str::trim)
            .filter(|url| !url.is_empty())
    }

    /// The redirects the transport walked before the final answer, oldest first.
    pub fn hops(&self) -> Vec<Hop> {
        self.header(contract::HOPS_HEADER)
            .map(contract::parse_hops)
            .unwrap_or_default()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A request that got no HTTP answer at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection: DNS, refused, reset, or (in a browser) a CORS refusal, which fetch cannot
    /// tell apart; also a redirect walk that cannot end (a loop, too many hops, a `Location`
    /// that cannot be followed), which fetch reports as a network error too.
    #[error("network error: {0}")]
    Network(String),
    /// The answer took too long.
    #[error("the request timed out")]
    Timeout,
    /// The body was larger than the flow accepts.
    #[error("the response is larger than the {limit} bytes accepted")]
    TooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// The relay refused or failed, and said why.
    #[error("the relay refused the request ({kind}): {message}")]
    Relay {
        /// The relay's error kind (e.g. `refused-target`).
        kind: String,
        /// The relay's sentence.
        message: String,
    },
}

impl TransportError {
    /// The relay's error kind, when the relay refused or failed with a kind this version
    /// knows (`None` for other errors, and for kinds from a newer relay).
    pub fn relay_kind(&self) -> Option<RelayErrorKind> {
        match self {
            TransportError::Relay { kind, .. } => RelayErrorKind::parse(kind),
            _ => None,
        }
    }
}

/// Sends requests. Futures need not be `Send`: the browser is single-threaded.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends one request and returns the response: a redirect as it came, or the walk's final
    /// answer with the walk reported in its headers (see the module's documentation).
    async fn send(&self, request: Request) -> Result<Response, TransportError>;

    /// The registries this transport reaches over plain `http` (the relay's
    /// `--insecure-registry` list); a [`Client`](crate::Client) made over it asks them over
    /// `http://`. None by default.
    fn plain_http(&self) -> PlainHttpHosts {
        PlainHttpHosts::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_errors_name_their_kind() {
        let relay = |kind: &str| TransportError::Relay {
            kind: kind.into(),
            message: "m".into(),
        };
        assert_eq!(
            relay("upstream-timeout").relay_kind(),
            Some(RelayErrorKind::UpstreamTimeout)
        );
        assert_eq!(relay("from-a-newer-relay").relay_kind(), None);
        assert_eq!(TransportError::Timeout.relay_kind(), None);
    }
}
