//! One log line per relayed request (method, target host, path, status, bytes, milliseconds,
//! outcome), written when the answer is finished or dropped. Never headers, queries or tokens.
//! The host and path are formatted only when the line is actually written.

use std::fmt;
use std::time::Instant;

use axum::http::Method;
use url::Url;

/// Longest path logged, in bytes (cut at a character boundary).
const MAX_LOGGED_PATH: usize = 256;

/// What is known about one relayed request; logged on drop.
#[derive(Debug)]
pub struct RequestLog {
    method: Method,
    target: Option<Url>,
    status: u16,
    bytes: u64,
    outcome: &'static str,
    started: Instant,
}

impl RequestLog {
    /// Starts the record of a request.
    pub fn new(method: &Method, started: Instant) -> Self {
        Self {
            method: method.clone(),
            target: None,
            status: 0,
            bytes: 0,
            outcome: "aborted",
            started,
        }
    }

    /// Sets the target (only its host and path are logged: the query may carry scopes).
    pub fn set_target(&mut self, url: &Url) {
        self.target = Some(url.clone());
    }

    /// Sets the status answered to the page.
    pub fn set_status(&mut self, status: u16) {
        self.status = status;
    }

    /// Sets how the request ended (`ok`, or a relay error kind).
    pub fn set_outcome(&mut self, outcome: &'static str) {
        self.outcome = outcome;
    }

    /// Counts body bytes sent; returns the total so far.
    pub fn add_bytes(&mut self, n: u64) -> u64 {
        self.bytes = self.bytes.saturating_add(n);
        self.bytes
    }

    /// Records a relay error as the end of this request (the record is written now).
    pub fn finish_error(mut self, error: &crate::error::RelayError) {
        self.status = error.kind().status();
        self.outcome = error.kind().as_str();
    }
}

/// `host[:port]` of the target, `-` when unknown.
struct HostPort<'a>(Option<&'a Url>);

impl fmt::Display for HostPort<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.and_then(|u| u.host_str().map(|h| (h, u.port()))) {
            Some((host, Some(port))) => write!(f, "{host}:{port}"),
            Some((host, None)) => f.write_str(host),
            None => f.write_str("-"),
        }
    }
}

/// The target's path, cut to [`MAX_LOGGED_PATH`] bytes; `-` when unknown.
struct PathOf<'a>(Option<&'a Url>);

impl fmt::Display for PathOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(url) => f.write_str(truncate(url.path(), MAX_LOGGED_PATH)),
            None => f.write_str("-"),
        }
    }
}

fn truncate(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Drop for RequestLog {
    fn drop(&mut self) {
        let target = self.target.as_ref();
        // The fields are only evaluated when the event is enabled.
        tracing::info!(
            target: "regscope_relay::relay",
            method = %self.method,
            host = %HostPort(target),
            path = %PathOf(target),
            status = self.status,
            bytes = self.bytes,
            ms = self.started.elapsed().as_millis() as u64,
            outcome = self.outcome,
            "relay"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_path_without_query_or_userinfo() {
        let url = Url::parse("https://user:pw@r.example:444/v2/a/manifests/b?scope=x").unwrap();
        assert_eq!(HostPort(Some(&url)).to_string(), "r.example:444");
        assert_eq!(PathOf(Some(&url)).to_string(), "/v2/a/manifests/b");
        let default_port = Url::parse("https://r.example/v2/").unwrap();
        assert_eq!(HostPort(Some(&default_port)).to_string(), "r.example");
        assert_eq!(HostPort(None).to_string(), "-");
        assert_eq!(PathOf(None).to_string(), "-");
    }

    #[test]
    fn long_paths_are_cut_at_a_character_boundary() {
        let long = format!("/{}", "é".repeat(300));
        let cut = truncate(&long, MAX_LOGGED_PATH);
        assert!(cut.len() <= MAX_LOGGED_PATH && long.starts_with(cut));
        assert_eq!(truncate("/v2/", 256), "/v2/");
    }
}
