//! One log line per relayed request (method, target host, path, status, bytes, milliseconds,
//! outcome), written when the answer is finished or dropped. Never headers, queries or tokens.

use std::time::Instant;

/// What is known about one relayed request; logged on drop.
#[derive(Debug)]
pub struct RequestLog {
    method: String,
    host: String,
    path: String,
    status: u16,
    bytes: u64,
    outcome: &'static str,
    started: Instant,
}

impl RequestLog {
    /// Starts the record of a request.
    pub fn new(method: &str, started: Instant) -> Self {
        Self {
            method: method.to_owned(),
            host: "-".to_owned(),
            path: "-".to_owned(),
            status: 0,
            bytes: 0,
            outcome: "aborted",
            started,
        }
    }

    /// Sets the target (host and path only: the query may carry scopes, never logged).
    pub fn set_target(&mut self, url: &url::Url) {
        self.host = url.host_str().unwrap_or("-").to_owned();
        if let Some(port) = url.port() {
            self.host = format!("{}:{port}", self.host);
        }
        self.path = url.path().chars().take(256).collect();
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
}

impl Drop for RequestLog {
    fn drop(&mut self) {
        tracing::info!(
            target: "regscope_relay::relay",
            method = %self.method,
            host = %self.host,
            path = %self.path,
            status = self.status,
            bytes = self.bytes,
            ms = self.started.elapsed().as_millis() as u64,
            outcome = self.outcome,
            "relay"
        );
    }
}

impl RequestLog {
    /// Records a relay error as the end of this request (the record is written now).
    pub fn finish_error(mut self, error: &crate::error::RelayError) {
        self.status = error.kind().status().as_u16();
        self.outcome = error.kind().as_str();
    }
}
