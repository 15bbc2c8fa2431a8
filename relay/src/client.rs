//! The upstream HTTP clients: rustls with the ring provider and the webpki roots, no automatic
//! redirects, no proxies, and the filtering resolver. One client for ordinary targets and one
//! for insecure registries (whose names may resolve to private addresses).

use std::sync::Arc;
use std::time::Duration;

use reqwest::Client;

use crate::policy::Destination;
use crate::policy::insecure::InsecureHosts;
use crate::resolver::FilteringResolver;

/// How long an idle upstream connection is kept for reuse.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// The `User-Agent` sent upstream.
const USER_AGENT: &str = concat!("regscope-relay/", env!("CARGO_PKG_VERSION"));

/// An error building the clients at start-up.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The two upstream clients.
#[derive(Debug, Clone)]
pub struct Clients {
    strict: Client,
    insecure: Client,
}

impl Clients {
    /// Builds both clients.
    pub fn new(insecure: &InsecureHosts, connect_timeout: Duration) -> Result<Self, BoxError> {
        Ok(Self {
            strict: build(FilteringResolver::default(), connect_timeout)?,
            insecure: build(
                FilteringResolver::new(insecure.host_names()),
                connect_timeout,
            )?,
        })
    }

    /// The client to use for `destination`.
    pub fn for_destination(&self, destination: &Destination) -> &Client {
        if destination.insecure {
            &self.insecure
        } else {
            &self.strict
        }
    }
}

fn build(resolver: FilteringResolver, connect_timeout: Duration) -> Result<Client, BoxError> {
    Ok(Client::builder()
        .tls_backend_preconfigured(tls_config()?)
        .dns_resolver(Arc::new(resolver))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(connect_timeout)
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .user_agent(USER_AGENT)
        .build()?)
}

fn tls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
