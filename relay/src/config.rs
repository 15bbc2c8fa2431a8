//! The relay's configuration as plain data, with the default limits as named constants.

use std::path::PathBuf;
use std::time::Duration;

use crate::guard::RelayNames;
use crate::policy::hostmap::HostMapping;
use crate::policy::insecure::InsecureEntry;
use crate::policy::pin::Pin;
use crate::readiness::Readiness;
use crate::ticket::RealmKeyConfig;

/// Time allowed to open a TCP (and TLS) connection upstream.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Time allowed between sending a request upstream and receiving its response headers.
pub const FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(15);
/// Time allowed for a whole manifest, token or other API exchange.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// Time allowed for a whole blob download.
pub const BLOB_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// Longest pause allowed between two chunks of a blob.
pub const BLOB_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest manifest (and other registry API answer) relayed.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;
/// Largest token response relayed.
pub const MAX_TOKEN_BYTES: u64 = 64 * 1024;
/// Largest error (non-2xx) body relayed.
pub const MAX_ERROR_BYTES: u64 = 64 * 1024;
/// Requests per second allowed per client address (token bucket refill rate).
pub const RATE_PER_SEC: f64 = 20.0;
/// Burst of requests allowed per client address (token bucket size).
pub const RATE_BURST: f64 = 60.0;
/// Relayed requests in flight at once, over all clients.
pub const MAX_IN_FLIGHT: usize = 256;
/// Relayed requests in flight at once for one client (one address; IPv6 by /64).
pub const MAX_IN_FLIGHT_PER_CLIENT: usize = 8;
/// Time allowed for a client to send a request's head (also how long an idle keep-alive
/// connection is kept waiting for its next request).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest a client may leave an answer unread (its connection not accepting bytes) before
/// the connection is closed and its slot freed.
pub const CLIENT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a shared link's page waits for its view to be rendered on the server.
pub const PRERENDER_BUDGET: Duration = Duration::from_secs(3);
/// Redirects followed for one relayed request (the contract's bound, shared with the core).
pub use regscope_core::contract::MAX_REDIRECTS;

/// Limits on relayed requests.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// See [`CONNECT_TIMEOUT`].
    pub connect_timeout: Duration,
    /// See [`FIRST_BYTE_TIMEOUT`].
    pub first_byte_timeout: Duration,
    /// See [`TOTAL_TIMEOUT`].
    pub total_timeout: Duration,
    /// See [`BLOB_TIMEOUT`].
    pub blob_timeout: Duration,
    /// See [`BLOB_IDLE_TIMEOUT`].
    pub blob_idle_timeout: Duration,
    /// See [`MAX_MANIFEST_BYTES`].
    pub max_manifest_bytes: u64,
    /// See [`MAX_TOKEN_BYTES`].
    pub max_token_bytes: u64,
    /// See [`MAX_ERROR_BYTES`].
    pub max_error_bytes: u64,
    /// See [`RATE_PER_SEC`].
    pub rate_per_sec: f64,
    /// See [`RATE_BURST`].
    pub rate_burst: f64,
    /// See [`MAX_IN_FLIGHT`].
    pub max_in_flight: usize,
    /// See [`PRERENDER_BUDGET`].
    pub prerender_budget: Duration,
    /// See [`MAX_IN_FLIGHT_PER_CLIENT`].
    pub max_in_flight_per_client: usize,
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// See [`CLIENT_IDLE_TIMEOUT`].
    pub client_idle_timeout: Duration,
    /// Take the client's address from the first `X-Forwarded-For` entry (a relay behind a load
    /// balancer that sets it) for the per-client rate and in-flight limits.
    pub trust_forwarded: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect_timeout: CONNECT_TIMEOUT,
            first_byte_timeout: FIRST_BYTE_TIMEOUT,
            total_timeout: TOTAL_TIMEOUT,
            blob_timeout: BLOB_TIMEOUT,
            blob_idle_timeout: BLOB_IDLE_TIMEOUT,
            max_manifest_bytes: MAX_MANIFEST_BYTES,
            max_token_bytes: MAX_TOKEN_BYTES,
            max_error_bytes: MAX_ERROR_BYTES,
            rate_per_sec: RATE_PER_SEC,
            rate_burst: RATE_BURST,
            max_in_flight: MAX_IN_FLIGHT,
            prerender_budget: PRERENDER_BUDGET,
            max_in_flight_per_client: MAX_IN_FLIGHT_PER_CLIENT,
            header_read_timeout: HEADER_READ_TIMEOUT,
            client_idle_timeout: CLIENT_IDLE_TIMEOUT,
            trust_forwarded: false,
        }
    }
}

/// Everything [`crate::app`] needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Serve the app from this folder instead of the files embedded in the binary.
    pub static_dir: Option<PathBuf>,
    /// Page origins (besides the relay's own) allowed to call the relay.
    pub allowed_origins: Vec<String>,
    /// Registries reachable over plain http and on private addresses.
    pub insecure_registries: Vec<InsecureEntry>,
    /// Plain-http storage hosts (`HOST[:PORT]`) that an insecure registry redirects blobs to
    /// (`--insecure-blob-host`): followed at any path, on private addresses, never with
    /// `Authorization`, and only as a redirect.
    pub insecure_blob_hosts: Vec<InsecureEntry>,
    /// Hosts whose requests go to another base URL.
    pub host_mappings: Vec<HostMapping>,
    /// Names answered with a fixed address instead of DNS (`--resolve NAME=ADDR`).
    pub pins: Vec<Pin>,
    /// PEM files of certificates trusted beside the web PKI roots (`--ca-cert`).
    pub ca_certs: Vec<PathBuf>,
    /// Replaces the Content-Security-Policy sent with the app's HTML.
    pub csp: Option<String>,
    /// Limits on relayed requests.
    pub limits: Limits,
    /// Render the view of a shared link (`/?image=…`) into the page (on by default).
    pub prerender: bool,
    /// The names (`Host` values) the relay answers to (`--relay-name`; by default those of
    /// its listen address, or loopback names on any port when built without one).
    pub relay_names: RelayNames,
    /// Flipped by `main` when shutting down, so that `/readyz` answers 503.
    pub readiness: Readiness,
    /// The keys signing realm tickets, shared by the replicas of a fleet (none: a random key).
    pub realm_keys: RealmKeyConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            static_dir: None,
            allowed_origins: Vec::new(),
            insecure_registries: Vec::new(),
            insecure_blob_hosts: Vec::new(),
            host_mappings: Vec::new(),
            pins: Vec::new(),
            ca_certs: Vec::new(),
            csp: None,
            limits: Limits::default(),
            prerender: true,
            relay_names: RelayNames::default(),
            readiness: Readiness::default(),
            realm_keys: RealmKeyConfig::default(),
        }
    }
}
