//! regscope relay: serves the regscope web app and relays registry requests for registries that
//! send no CORS headers, under a policy that keeps it from being an open proxy.
//!
//! [`app`] builds the whole service as an axum [`Router`]; `main.rs` only parses flags, binds
//! and serves it.

pub mod assets;
pub mod cli;
pub mod client;
pub mod config;
pub mod cors;
pub mod csp;
pub mod error;
pub mod fair_serve;
pub mod guard;
pub mod logging;
pub mod metrics;
pub mod policy;
pub mod precompressed;
pub mod prerender;
pub mod ratelimit;
pub mod readiness;
pub mod realms;
pub mod relay;
pub mod resolver;
pub mod slots;
pub mod ticket;
pub mod tls;

use std::sync::Arc;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{any, get};
use regscope_core::contract::RELAY_PATH;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;

pub use config::{Config, Limits};

/// An error building the service from its configuration.
pub type StartError = Box<dyn std::error::Error + Send + Sync>;

/// Builds every route and layer: `/healthz`, `/readyz`, `/metrics`, `/relay`, the app's files,
/// and `/` with shared links rendered on the server (unless [`Config::prerender`] is off); every
/// request is counted, and refused when its `Host` is not one of the relay's names.
pub fn app(config: Config) -> Result<Router, StartError> {
    let budget = config.limits.prerender_budget;
    let names = Arc::new(config.relay_names);
    let counters = Arc::new(metrics::Metrics::new(config.prerender));
    let readiness = config.readiness;
    let blob_hosts = policy::insecure::InsecureHosts::new(config.insecure_blob_hosts.clone());
    // The insecure client also serves the blob hosts (private addresses, plain http).
    let reachable = policy::insecure::InsecureHosts::new(
        config
            .insecure_registries
            .iter()
            .chain(&config.insecure_blob_hosts)
            .cloned(),
    );
    let insecure = policy::insecure::InsecureHosts::new(config.insecure_registries);
    let clients = client::Clients::new(
        &reachable,
        &config.pins,
        &config.ca_certs,
        config.limits.connect_timeout,
    )?;
    let relay_state = Arc::new(relay::RelayState {
        policy: policy::Policy::new(
            insecure,
            policy::hostmap::HostMap::new(config.host_mappings),
            realms::RealmStore::default(),
        )
        .with_realm_keys(ticket::RealmKeys::load(&config.realm_keys)?)
        .with_blob_hosts(blob_hosts),
        clients,
        origins: cors::AllowedOrigins::new(&config.allowed_origins)?,
        limiter: ratelimit::RateLimiter::new(config.limits.rate_per_sec, config.limits.rate_burst),
        in_flight: slots::Slots::new(
            config.limits.max_in_flight,
            config.limits.max_in_flight_per_client,
        ),
        limits: config.limits,
    });
    let source = match config.static_dir {
        Some(dir) => assets::Source::Dir(dir),
        None => assets::Source::Embedded,
    };
    let site = Arc::new(
        assets::Site::new(
            source,
            config.csp.unwrap_or_else(|| csp::DEFAULT_CSP.to_owned()),
        )
        .with_plain_http(&relay_state.policy.insecure().plain_http_content()),
    );
    let files = Router::new()
        .fallback(assets::serve)
        .with_state(site.clone())
        .layer(CompressionLayer::new());
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route(
            RELAY_PATH,
            any(relay::handle).layer(axum::middleware::from_fn(guard::fetch_only)),
        )
        .with_state(relay_state.clone())
        .route(
            "/readyz",
            get(readiness::handler).with_state(readiness::ReadyState {
                readiness,
                site: site.clone(),
            }),
        )
        .route(
            "/metrics",
            get(metrics::handler).with_state(counters.clone()),
        );
    if config.prerender {
        let pages = Arc::new(prerender::Prerender {
            relay: relay_state,
            site,
            files: files.clone(),
            slots: Arc::new(Semaphore::new(prerender::MAX_CONCURRENT)),
            budget,
        });
        router = router.route("/", get(prerender::page).with_state(pages));
    }
    Ok(router
        .fallback_service(files)
        .layer(from_fn_with_state(names, guard::host_guard))
        .layer(from_fn_with_state(counters, metrics::track)))
}

async fn healthz() -> &'static str {
    "ok"
}
