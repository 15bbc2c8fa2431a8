//! The upstream HTTP clients: rustls with the ring provider and the webpki roots (plus the
//! `--ca-cert` files), no automatic redirects, no proxies, and the filtering resolver (with the
//! `--resolve` pins). One client for ordinary targets and one for insecure registries (whose
//! names may resolve to private addresses, and whose certificates are not checked).

use std::sync::Arc;
use std::time::Duration;

use reqwest::Client;

use crate::policy::Destination;
use crate::policy::insecure::InsecureHosts;
use crate::policy::pin::Pin;
use crate::resolver::FilteringResolver;
use crate::tls;

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
    /// Builds both clients: `ca_certs` are trusted beside the web PKI roots, `pins` answer
    /// their names without DNS.
    pub fn new(
        insecure: &InsecureHosts,
        pins: &[Pin],
        ca_certs: &[std::path::PathBuf],
        connect_timeout: Duration,
    ) -> Result<Self, BoxError> {
        let extra = tls::load_ca_certs(ca_certs)?;
        Ok(Self {
            strict: build(
                FilteringResolver::default().with_pins(pins),
                tls::verified(&extra)?,
                connect_timeout,
            )?,
            insecure: build(
                FilteringResolver::new(insecure.host_names()).with_pins(pins),
                tls::unverified()?,
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

fn build(
    resolver: FilteringResolver,
    tls: rustls::ClientConfig,
    connect_timeout: Duration,
) -> Result<Client, BoxError> {
    Ok(Client::builder()
        .tls_backend_preconfigured(tls)
        .dns_resolver(Arc::new(resolver))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(connect_timeout)
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .user_agent(USER_AGENT)
        .build()?)
}
