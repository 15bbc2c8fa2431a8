//! The Docker token server: `GET /token`, `GET /token/expired` and `GET /healthz`.
//!
//! Implements the Docker token specification closely enough for CNCF distribution 2.8:
//! Basic credentials are optional, scopes the caller may not have are left out of the
//! token (never an error), and the `aud` claim is the `service` the client sent.

mod basic;
mod handler;
mod jwt;
mod keys;
mod policy;
mod scope;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::routing::get;

use crate::httplog::{self, LogSink};
use regscope_stack::facts;

/// Options of `regscope-stack token-server`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = facts::TOKEN_SERVER)]
    listen: SocketAddr,
    /// EC P-256 private key, PKCS#8 PEM.
    #[arg(long)]
    key: PathBuf,
    /// Self-signed certificate of that key, PEM (the registry's rootcertbundle).
    #[arg(long)]
    cert: PathBuf,
    /// The `iss` claim; must match the registry's `auth.token.issuer`.
    #[arg(long, default_value = facts::ISSUER)]
    issuer: String,
    /// Token lifetime in seconds.
    #[arg(long, default_value_t = 300)]
    expires_in: i64,
    /// File that receives one line per request (appended).
    #[arg(long)]
    log: PathBuf,
}

/// Shared state of the token handlers.
#[derive(Debug)]
pub struct TokenState {
    signer: jwt::Signer,
    issuer: String,
    expires_in: i64,
}

/// Runs the token server until the process is stopped.
pub fn run(args: Args) -> Result<()> {
    let key = keys::load_key(&args.key)?;
    let cert = keys::load_cert_der(&args.cert)?;
    let state = Arc::new(TokenState {
        signer: jwt::Signer::new(key, &cert),
        issuer: args.issuer,
        expires_in: args.expires_in,
    });
    let sink = LogSink::append_to(&args.log)
        .with_context(|| format!("opening log {}", args.log.display()))?;
    let app = Router::new()
        .route("/token", get(handler::token))
        .route("/token/expired", get(handler::expired_token))
        .route("/healthz", get(handler::healthz))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            sink,
            httplog::log_requests,
        ));
    let runtime = tokio::runtime::Runtime::new().context("starting tokio")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("binding {}", args.listen))?;
        println!("token server listening on http://{}", args.listen);
        axum::serve(listener, app).await.context("serving")
    })
}
