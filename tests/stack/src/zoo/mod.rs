//! The zoo: emulations of the public registries people point regscope at (Docker Hub, GHCR,
//! Quay, Artifact Registry, registry.k8s.io, ECR, ECR Public, ACR, Harbor, GitLab, MCR), each
//! real host name on its own loopback port (`facts::ZOO_HOSTS`), so a relay started with
//! `--map-host HOST=http://127.0.0.1:PORT` reaches them by their real names. Manifests, blobs,
//! tags and catalogs come from the stack's no-auth registry (the seeded images, bytes and
//! digests unchanged); each emulator adds its registry's own protocol behaviour on top:
//! challenges, token endpoints, scopes, blob redirects to CDN hosts, pagination, rate limits
//! and error bodies. See the zoo section of `tests/stack/README.md` for the sources.

mod accept;
mod auth;
mod blob_index;
mod cdn;
mod challenge;
mod control;
mod credentials;
mod errors;
mod log;
mod names;
mod paging;
mod profile;
mod ratelimit;
mod registries;
mod route;
mod serve;
mod session;
mod state;
mod tokens;
mod upstream;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use axum::Router;
use tokio::net::TcpListener;

use regscope_stack::facts;
use state::Zoo;

/// Options of `regscope-stack zoo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stack registry without auth that holds the seeded images.
    #[arg(long, default_value_t = format!("http://{}", facts::CORS_REGISTRY))]
    upstream: String,
}

/// Runs the zoo until the process is stopped.
pub fn run(args: Args) -> Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("starting tokio")?;
    runtime.block_on(async move {
        let zoo = Arc::new(Zoo::new(&args.upstream)?);
        let mut servers: Vec<(&'static str, TcpListener, Router)> = Vec::new();
        for host in facts::ZOO_HOSTS {
            let Some(site) = registries::site(host.host) else {
                bail!("no emulation for {}", host.host);
            };
            let router = registries::router(site, zoo.clone()).layer(
                axum::middleware::from_fn_with_state(host.host, log::requests),
            );
            servers.push((host.host, bind(host.address).await?, router));
        }
        let control = control::router(zoo.clone());
        servers.push(("zoo control", bind(facts::ZOO_CONTROL).await?, control));
        let mut running = tokio::task::JoinSet::new();
        for (name, listener, router) in servers {
            println!("zoo: {name} on http://{}", listener.local_addr()?);
            running.spawn(async move {
                axum::serve(listener, router)
                    .await
                    .with_context(|| format!("serving {name}"))
            });
        }
        while let Some(finished) = running.join_next().await {
            finished.context("a zoo server stopped")??;
        }
        Ok(())
    })
}

async fn bind(address: &str) -> Result<TcpListener> {
    let address: SocketAddr = address
        .parse()
        .with_context(|| format!("zoo address {address}"))?;
    TcpListener::bind(address)
        .await
        .with_context(|| format!("binding {address}"))
}
