//! The relay's own origin guarded: requests whose `Host` is not one of the relay's names are
//! refused (a page on another name that resolves to the relay, DNS rebinding, cannot read the
//! relay's answers as same-origin), and `/relay` answers only `fetch`/XHR requests (a script,
//! style, image, frame or document load of it is refused before anything is sent upstream).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use regscope_core::contract::RelayErrorKind;

use crate::error::RelayError;
use crate::relay::headers;

/// Paths answered whatever the `Host` (probes and scrapers address the relay by its pod or
/// container address): `/healthz`, `/readyz` and `/metrics`, which hold no user data.
pub const OPEN_PATHS: [&str; 3] = ["/healthz", "/readyz", "/metrics"];

/// One name the relay answers to: a host, and a port or any port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayName {
    host: String,
    port: Option<u16>,
}

/// A `--relay-name` value that is not `NAME[:PORT]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not NAME[:PORT] (a host name, an IPv4 address or a [bracketed] IPv6 address)")]
pub struct BadRelayName(pub String);

impl RelayName {
    /// `host` (lowercased; IPv6 in brackets) on `port`, or on any port when `None`.
    pub fn new(host: &str, port: Option<u16>) -> Self {
        Self {
            host: host.to_ascii_lowercase(),
            port,
        }
    }

    /// The name of `ip` on `port`, as a browser writes it in `Host`.
    pub fn of_ip(ip: IpAddr, port: u16) -> Self {
        match ip {
            IpAddr::V4(v4) => Self::new(&v4.to_string(), Some(port)),
            IpAddr::V6(v6) => Self::new(&format!("[{v6}]"), Some(port)),
        }
    }

    /// True when a request's `host` and `port` (`None`: the Host named no port) are this name.
    /// A Host without a port is port 80 or 443 (behind a TLS proxy).
    fn matches(&self, host: &str, port: Option<u16>) -> bool {
        if !self.host.eq_ignore_ascii_case(host) {
            return false;
        }
        match (self.port, port) {
            (None, _) => true,
            (Some(want), Some(got)) => want == got,
            (Some(want), None) => want == 80 || want == 443,
        }
    }
}

impl fmt::Display for RelayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

/// Splits `host[:port]` (IPv6 bracketed); `None` when it is not one.
fn split_host(value: &str) -> Option<(&str, Option<u16>)> {
    let value = value.trim();
    let (host, port) = if value.starts_with('[') {
        let end = value.find(']')?;
        let (host, rest) = value.split_at(end + 1);
        match rest {
            "" => (host, None),
            _ => (host, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match value.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (value, None),
        }
    };
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._[]:".contains(&b))
        && (host.starts_with('[') || !host.contains(':'));
    if !valid {
        return None;
    }
    let port = match port {
        Some(port) => Some(port.parse::<u16>().ok()?),
        None => None,
    };
    Some((host, port))
}

impl FromStr for RelayName {
    type Err = BadRelayName;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let (host, port) = split_host(value).ok_or_else(|| BadRelayName(value.to_owned()))?;
        Ok(Self::new(host, port))
    }
}

/// Every name the relay answers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayNames(Vec<RelayName>);

impl RelayNames {
    /// Exactly `names`.
    pub fn new(names: Vec<RelayName>) -> Self {
        Self(names)
    }

    /// The default names for a relay listening on `listen`: that address and `localhost` on
    /// its port, plus `127.0.0.1` and `[::1]` when it listens on a loopback or unspecified
    /// address.
    pub fn for_listen(listen: SocketAddr) -> Self {
        let port = listen.port();
        let ip = listen.ip();
        let mut names = vec![
            RelayName::of_ip(ip, port),
            RelayName::new("localhost", Some(port)),
        ];
        if ip.is_loopback() || ip.is_unspecified() {
            for loopback in [
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ] {
                let name = RelayName::of_ip(loopback, port);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        Self(names)
    }

    /// These names and `name`.
    pub fn and(mut self, name: RelayName) -> Self {
        self.0.push(name);
        self
    }

    /// The names, for messages and logs.
    pub fn names(&self) -> &[RelayName] {
        &self.0
    }

    /// True when `host_header` (a `Host` value) names the relay.
    pub fn allows(&self, host_header: &str) -> bool {
        split_host(host_header)
            .is_some_and(|(host, port)| self.0.iter().any(|name| name.matches(host, port)))
    }
}

impl Default for RelayNames {
    /// `localhost`, `127.0.0.1` and `[::1]` on any port: what an embedding (or a test) that does
    /// not say where it listens gets.
    fn default() -> Self {
        Self(
            ["localhost", "127.0.0.1", "[::1]"]
                .into_iter()
                .map(|host| RelayName::new(host, None))
                .collect(),
        )
    }
}

/// The host a request names: its `Host` header, or the URI's authority (HTTP/2's
/// `:authority`); `None` when it names none (no browser sends such a request).
fn requested_host(request: &Request) -> Option<String> {
    if let Some(value) = request.headers().get(header::HOST) {
        return Some(String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    request.uri().authority().map(|a| a.as_str().to_owned())
}

/// Middleware: refuses (421, `refused-host`) a request whose `Host` is not one of `names`,
/// except on the [`OPEN_PATHS`].
pub async fn host_guard(
    State(names): State<Arc<RelayNames>>,
    request: Request,
    next: Next,
) -> Response {
    let open = OPEN_PATHS.contains(&request.uri().path());
    match requested_host(&request) {
        Some(host) if !open && !names.allows(&host) => {
            tracing::info!(outcome = "refused-host", "host refused");
            let mut response = RelayError::new(
                RelayErrorKind::RefusedHost,
                "this relay does not answer to that host name; its operator can add it with --relay-name",
            )
            .into_response();
            headers::add_security_headers(response.headers_mut());
            response
        }
        _ => next.run(request).await,
    }
}

/// The error for a `/relay` request that is not a `fetch`/XHR (`Sec-Fetch-Dest` sent and not
/// `empty`); `None` when it may be relayed.
pub fn fetch_dest_refusal(request: &HeaderMap) -> Option<RelayError> {
    let dest = request.get("sec-fetch-dest")?;
    if dest.as_bytes() == b"empty" {
        return None;
    }
    let dest = String::from_utf8_lossy(dest.as_bytes());
    let dest: String = dest.chars().take(32).collect();
    Some(RelayError::new(
        RelayErrorKind::BadRequest,
        format!(
            "the relay answers fetch requests only; a {dest:?} load of /relay is refused (open the app instead)"
        ),
    ))
}

/// Middleware on `/relay`: refuses loads that are not `fetch`/XHR, and withholds a `Basic`
/// challenge from a navigation (see [`headers::withhold_basic_challenge`]).
pub async fn fetch_only(request: Request, next: Next) -> Response {
    if let Some(error) = fetch_dest_refusal(request.headers()) {
        tracing::info!(
            outcome = "bad-request",
            "a non-fetch load of /relay refused"
        );
        let mut response = error.into_response();
        headers::add_security_headers(response.headers_mut());
        return response;
    }
    let navigation = headers::is_navigation(request.headers());
    let mut response = next.run(request).await;
    if navigation {
        headers::withhold_basic_challenge(response.headers_mut());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(value: &str) -> RelayName {
        value.parse().expect("a name")
    }

    #[test]
    fn parses_names_and_refuses_garbage() {
        assert_eq!(
            name("Relay.Example.com:8443").to_string(),
            "relay.example.com:8443"
        );
        assert_eq!(name("relay.example.com").to_string(), "relay.example.com");
        assert_eq!(name("[::1]:8080").to_string(), "[::1]:8080");
        for bad in [
            "", ":80", "a:b", "a:99999", "::1", "[::1", "[::1]x", "a b", "a/b", "a@b",
        ] {
            assert!(bad.parse::<RelayName>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn defaults_follow_the_listen_address() {
        let names = RelayNames::for_listen("127.0.0.1:18080".parse().unwrap());
        for host in [
            "127.0.0.1:18080",
            "localhost:18080",
            "LOCALHOST:18080",
            "[::1]:18080",
        ] {
            assert!(names.allows(host), "{host}");
        }
        for host in [
            "127.0.0.1:18081",
            "evil.example:18080",
            "localhost",
            "127.0.0.1",
            "",
            "localhost:18080:1",
            "[::1]",
        ] {
            assert!(!names.allows(host), "{host}");
        }
        let wide = RelayNames::for_listen("0.0.0.0:8080".parse().unwrap());
        assert!(wide.allows("127.0.0.1:8080") && wide.allows("[::1]:8080"));
        assert!(!wide.allows("10.0.0.5:8080"));
        let public = RelayNames::for_listen("10.0.0.5:8080".parse().unwrap());
        assert!(public.allows("10.0.0.5:8080") && public.allows("localhost:8080"));
        assert!(!public.allows("127.0.0.1:8080"));
    }

    #[test]
    fn a_name_without_port_is_any_port_and_a_host_without_port_is_80_or_443() {
        let names = RelayNames::new(vec![name("regscope.example.com"), name("relay.lan:443")]);
        assert!(names.allows("regscope.example.com"));
        assert!(names.allows("regscope.example.com:8443"));
        assert!(names.allows("relay.lan"));
        assert!(!names.allows("relay.lan:8080"));
        assert!(!names.allows("other.example.com"));
        assert!(RelayNames::default().allows("localhost:1234"));
        assert!(!RelayNames::default().allows("rebound.example:1234"));
    }

    #[test]
    fn only_fetch_destinations_are_relayed() {
        let mut headers = HeaderMap::new();
        assert!(fetch_dest_refusal(&headers).is_none());
        headers.insert("sec-fetch-dest", "empty".parse().unwrap());
        assert!(fetch_dest_refusal(&headers).is_none());
        for dest in [
            "script", "style", "image", "iframe", "document", "worker", "x",
        ] {
            headers.insert("sec-fetch-dest", dest.parse().unwrap());
            let error = fetch_dest_refusal(&headers).expect("refused");
            assert_eq!(error.kind(), RelayErrorKind::BadRequest);
            assert!(error.message().contains(dest));
        }
    }
}
