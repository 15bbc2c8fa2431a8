//! Command-line flags (with environment fallbacks) and their conversion into a [`Config`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::config::{self, Config, Limits};
use crate::guard::{RelayName, RelayNames};
use crate::logging::LogFormat;
use crate::policy::hostmap::HostMapping;
use crate::policy::insecure::InsecureEntry;
use crate::policy::pin::Pin;

/// regscope relay: serves the regscope web app and relays registry requests for registries
/// without CORS, refusing anything that is not a registry API call to a public address.
#[derive(Debug, Parser)]
#[command(name = "regscope-relay", version)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, env = "REGSCOPE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Serve the app from this folder instead of the files embedded in the binary.
    #[arg(long, env = "REGSCOPE_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Page origin (scheme://host[:port]) allowed to call the relay cross-origin; repeatable.
    #[arg(
        long = "allow-origin",
        env = "REGSCOPE_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,

    /// Registry HOST or HOST:PORT reachable over plain http and on private addresses, its https
    /// certificate not checked (Docker's insecure registries); https://HOST[:PORT] for one
    /// that speaks https only; repeatable.
    #[arg(
        long = "insecure-registry",
        env = "REGSCOPE_INSECURE_REGISTRIES",
        value_delimiter = ','
    )]
    pub insecure_registries: Vec<InsecureEntry>,

    /// HOST or HOST:PORT of a plain-http storage (a MinIO, a registry's blob origin) that an
    /// insecure registry redirects blob downloads to: followed at any path, on private
    /// addresses, never sent Authorization. Without it, a redirect to a host on the insecure
    /// list is followed only to its /v2/ API paths. Repeatable.
    #[arg(
        long = "insecure-blob-host",
        env = "REGSCOPE_INSECURE_BLOB_HOSTS",
        value_delimiter = ','
    )]
    pub insecure_blob_hosts: Vec<InsecureEntry>,

    /// NAME=URL_BASE: send requests for host NAME to URL_BASE instead; repeatable.
    #[arg(long = "map-host", env = "REGSCOPE_MAP_HOSTS", value_delimiter = ',')]
    pub map_hosts: Vec<HostMapping>,

    /// NAME=ADDRESS[:PORT]: connect to ADDRESS (which may be private) for host NAME instead of
    /// asking DNS; scheme and certificate checks still follow the URL, and so does the port when
    /// the URL names one (PORT serves URLs that name none); repeatable.
    #[arg(long = "resolve", env = "REGSCOPE_RESOLVE", value_delimiter = ',')]
    pub resolve: Vec<Pin>,

    /// PEM file of CA certificates (a company CA, or a registry's self-signed certificate)
    /// trusted beside the public roots; repeatable.
    #[arg(long = "ca-cert", env = "REGSCOPE_CA_CERTS", value_delimiter = ',')]
    pub ca_certs: Vec<PathBuf>,

    /// Content-Security-Policy for the app's HTML (hashes of inline scripts are appended to its
    /// script-src).
    #[arg(long, env = "REGSCOPE_CSP")]
    pub csp: Option<String>,

    /// Do not render shared links on the server: `/?image=…` gets the plain app, which runs
    /// the flow itself.
    #[arg(long, env = "REGSCOPE_NO_PRERENDER")]
    pub no_prerender: bool,

    /// Seconds allowed to connect upstream.
    #[arg(long, env = "REGSCOPE_CONNECT_TIMEOUT", default_value_t = config::CONNECT_TIMEOUT.as_secs_f64())]
    pub connect_timeout: f64,

    /// Seconds allowed until the upstream response headers arrive.
    #[arg(long, env = "REGSCOPE_FIRST_BYTE_TIMEOUT", default_value_t = config::FIRST_BYTE_TIMEOUT.as_secs_f64())]
    pub first_byte_timeout: f64,

    /// Seconds allowed for a whole manifest, token or other API exchange.
    #[arg(long, env = "REGSCOPE_TOTAL_TIMEOUT", default_value_t = config::TOTAL_TIMEOUT.as_secs_f64())]
    pub total_timeout: f64,

    /// Seconds allowed for a whole blob download.
    #[arg(long, env = "REGSCOPE_BLOB_TIMEOUT", default_value_t = config::BLOB_TIMEOUT.as_secs_f64())]
    pub blob_timeout: f64,

    /// Longest pause in seconds between two chunks of a blob.
    #[arg(long, env = "REGSCOPE_BLOB_IDLE_TIMEOUT", default_value_t = config::BLOB_IDLE_TIMEOUT.as_secs_f64())]
    pub blob_idle_timeout: f64,

    /// Largest manifest or other registry API answer, in bytes.
    #[arg(long, env = "REGSCOPE_MAX_MANIFEST_BYTES", default_value_t = config::MAX_MANIFEST_BYTES)]
    pub max_manifest_bytes: u64,

    /// Largest token response, in bytes.
    #[arg(long, env = "REGSCOPE_MAX_TOKEN_BYTES", default_value_t = config::MAX_TOKEN_BYTES)]
    pub max_token_bytes: u64,

    /// Largest error (non-2xx) body, in bytes.
    #[arg(long, env = "REGSCOPE_MAX_ERROR_BYTES", default_value_t = config::MAX_ERROR_BYTES)]
    pub max_error_bytes: u64,

    /// Relay requests per second allowed per client address.
    #[arg(long, env = "REGSCOPE_RATE_PER_SEC", default_value_t = config::RATE_PER_SEC)]
    pub rate_per_sec: f64,

    /// Burst of relay requests allowed per client address.
    #[arg(long, env = "REGSCOPE_RATE_BURST", default_value_t = config::RATE_BURST)]
    pub rate_burst: f64,

    /// Log lines as text (`key=value` fields) or JSON (one object per line); the level comes
    /// from `RUST_LOG` (default `info`).
    #[arg(long, env = "REGSCOPE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Seconds a shared link's page waits for its view to be rendered on the server.
    #[arg(long, env = "REGSCOPE_PRERENDER_BUDGET", default_value_t = config::PRERENDER_BUDGET.as_secs_f64())]
    pub prerender_budget: f64,

    /// Relayed requests in flight at once.
    #[arg(long, env = "REGSCOPE_MAX_IN_FLIGHT", default_value_t = config::MAX_IN_FLIGHT)]
    pub max_in_flight: usize,

    /// Relayed requests in flight at once for one client (one address, IPv6 by /64).
    #[arg(long, env = "REGSCOPE_MAX_IN_FLIGHT_PER_CLIENT", default_value_t = config::MAX_IN_FLIGHT_PER_CLIENT)]
    pub max_in_flight_per_client: usize,

    /// Take the client's address from the first X-Forwarded-For entry, for the per-client
    /// limits (only behind a load balancer that sets it; a client could forge it otherwise).
    #[arg(long, env = "REGSCOPE_TRUST_FORWARDED")]
    pub trust_forwarded: bool,

    /// Seconds a client has to send a request's head (and an idle connection waits for its
    /// next request).
    #[arg(long, env = "REGSCOPE_HEADER_READ_TIMEOUT", default_value_t = config::HEADER_READ_TIMEOUT.as_secs_f64())]
    pub header_read_timeout: f64,

    /// Seconds a client may leave an answer unread before its connection is closed.
    #[arg(long, env = "REGSCOPE_CLIENT_IDLE_TIMEOUT", default_value_t = config::CLIENT_IDLE_TIMEOUT.as_secs_f64())]
    pub client_idle_timeout: f64,

    /// NAME[:PORT] the relay answers to (the `Host` browsers send; without PORT, any port);
    /// requests naming another host are refused (421). Repeatable; replaces the default: the
    /// listen address and `localhost` on its port, plus `127.0.0.1` and `[::1]` when listening
    /// on a loopback or unspecified address.
    #[arg(
        long = "relay-name",
        env = "REGSCOPE_RELAY_NAMES",
        value_delimiter = ','
    )]
    pub relay_names: Vec<RelayName>,

    /// Seconds between SIGTERM and closing the listener, while `/readyz` answers 503 so that a
    /// load balancer stops sending new requests first.
    #[arg(long, env = "REGSCOPE_DRAIN_DELAY", default_value_t = 0.0)]
    pub drain_delay: f64,

    /// File of keys signing realm tickets, one a line, shared by every replica of a fleet: the
    /// first signs, all verify (for rotation). Without a key, a random one per process.
    #[arg(long, env = "REGSCOPE_REALM_KEY_FILE")]
    pub realm_key_file: Option<PathBuf>,

    /// Realm ticket keys given inline, comma-separated, after those of --realm-key-file (prefer
    /// the environment variable: flags show in the process list).
    #[arg(
        long,
        env = "REGSCOPE_REALM_KEY",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub realm_key: Vec<String>,
}

fn seconds(value: f64, default: Duration) -> Duration {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .unwrap_or(default)
}

impl Args {
    /// The configuration these flags describe.
    pub fn into_config(self) -> Config {
        let listen = self.listen;
        self.into_config_bound(listen)
    }

    /// The configuration these flags describe, for a relay bound to `bound` (the default relay
    /// names follow the port actually bound, which differs from `--listen` for port 0).
    pub fn into_config_bound(self, bound: SocketAddr) -> Config {
        let relay_names = if self.relay_names.is_empty() {
            RelayNames::for_listen(bound)
        } else {
            RelayNames::new(self.relay_names)
        };
        Config {
            relay_names,
            readiness: Default::default(),
            realm_keys: crate::ticket::RealmKeyConfig {
                inline: self.realm_key,
                file: self.realm_key_file,
            },
            static_dir: self.static_dir,
            allowed_origins: self.allow_origins,
            insecure_registries: self.insecure_registries,
            insecure_blob_hosts: self.insecure_blob_hosts,
            host_mappings: self.map_hosts,
            pins: self.resolve,
            ca_certs: self.ca_certs,
            csp: self.csp,
            prerender: !self.no_prerender,
            limits: Limits {
                connect_timeout: seconds(self.connect_timeout, config::CONNECT_TIMEOUT),
                first_byte_timeout: seconds(self.first_byte_timeout, config::FIRST_BYTE_TIMEOUT),
                total_timeout: seconds(self.total_timeout, config::TOTAL_TIMEOUT),
                blob_timeout: seconds(self.blob_timeout, config::BLOB_TIMEOUT),
                blob_idle_timeout: seconds(self.blob_idle_timeout, config::BLOB_IDLE_TIMEOUT),
                max_manifest_bytes: self.max_manifest_bytes,
                max_token_bytes: self.max_token_bytes,
                max_error_bytes: self.max_error_bytes,
                rate_per_sec: self.rate_per_sec,
                rate_burst: self.rate_burst,
                max_in_flight: self.max_in_flight.max(1),
                prerender_budget: seconds(self.prerender_budget, config::PRERENDER_BUDGET),
                max_in_flight_per_client: self.max_in_flight_per_client.max(1),
                header_read_timeout: seconds(self.header_read_timeout, config::HEADER_READ_TIMEOUT),
                client_idle_timeout: seconds(self.client_idle_timeout, config::CLIENT_IDLE_TIMEOUT),
                trust_forwarded: self.trust_forwarded,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_repeatable_flags() {
        let args = Args::try_parse_from([
            "regscope-relay",
            "--listen",
            "127.0.0.1:0",
            "--insecure-registry",
            "127.0.0.1:5000",
            "--insecure-registry",
            "registry.local",
            "--map-host",
            "registry-1.docker.io=http://127.0.0.1:5000",
            "--resolve",
            "harbor.local=127.0.0.1",
            "--ca-cert",
            "/etc/corp-ca.pem",
            "--allow-origin",
            "http://localhost:8081",
            "--max-manifest-bytes",
            "1024",
            "--log-format",
            "json",
        ])
        .unwrap();
        assert_eq!(args.log_format, LogFormat::Json);
        let config = args.into_config();
        assert_eq!(config.insecure_registries.len(), 2);
        assert_eq!(config.host_mappings.len(), 1);
        assert_eq!(config.pins.len(), 1);
        assert_eq!(config.ca_certs, [PathBuf::from("/etc/corp-ca.pem")]);
        assert_eq!(config.allowed_origins, ["http://localhost:8081"]);
        assert_eq!(config.limits.max_manifest_bytes, 1024);
        assert_eq!(config.limits.connect_timeout, config::CONNECT_TIMEOUT);
        assert!(config.relay_names.allows("localhost:0"));
        assert!(!config.relay_names.allows("rebound.example:0"));
    }

    #[test]
    fn relay_names_replace_the_defaults() {
        let args = Args::try_parse_from([
            "regscope-relay",
            "--listen",
            "0.0.0.0:8080",
            "--relay-name",
            "regscope.example.com",
            "--relay-name",
            "relay.lan:8443",
        ])
        .unwrap();
        let names = args.into_config().relay_names;
        assert!(names.allows("regscope.example.com"));
        assert!(names.allows("relay.lan:8443"));
        assert!(!names.allows("localhost:8080"));
        let defaults = Args::try_parse_from(["regscope-relay", "--listen", "0.0.0.0:8080"])
            .unwrap()
            .into_config()
            .relay_names;
        assert!(defaults.allows("localhost:8080") && defaults.allows("127.0.0.1:8080"));
    }

    #[test]
    fn refuses_bad_values() {
        for bad in [
            ["--insecure-registry", "http://x/"],
            ["--map-host", "nothing"],
            ["--resolve", "harbor.local"],
            ["--listen", "not-an-address"],
            ["--log-format", "xml"],
            ["--relay-name", "a b"],
            ["--relay-name", "host:notaport"],
        ] {
            let mut argv = vec!["regscope-relay"];
            argv.extend(bad);
            assert!(Args::try_parse_from(argv).is_err(), "{bad:?}");
        }
    }
}
