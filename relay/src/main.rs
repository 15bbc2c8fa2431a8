//! The `regscope-relay` binary: parse flags, build the app, listen, shut down gracefully.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use regscope_relay::cli::Args;

/// How long running requests (long blob downloads) may finish after SIGINT/SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if let Err(error) = regscope_relay::logging::init(args.log_format) {
        eprintln!("regscope relay: logging: {error}");
    }
    let listen = args.listen;
    match run(listen, args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("regscope relay: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(listen: SocketAddr, args: Args) -> Result<(), regscope_relay::StartError> {
    let drain_delay = Duration::try_from_secs_f64(args.drain_delay).unwrap_or_default();
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let local = listener.local_addr()?;
    let config = args.into_config_bound(local);
    let readiness = config.readiness.clone();
    let conn_limits = regscope_relay::fair_serve::ConnLimits::of(&config.limits);
    let app = regscope_relay::app(config)?;
    println!("regscope relay listening on http://{local}");
    tracing::info!(listen = %local, "listening");
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signalled = stopping.clone();
    // Serves with TCP_NODELAY, the header-read timeout and the client-idle timeout.
    let server = regscope_relay::fair_serve::serve(listener, app, conn_limits, async move {
        shutdown_signal().await;
        // `/readyz` says 503 at once; the listener stays open for the drain delay, so that a
        // load balancer sees it and stops sending new requests before they would be refused.
        readiness.drain();
        tokio::time::sleep(drain_delay).await;
        signalled.notify_one();
    });
    tokio::select! {
        () = server => {},
        () = async {
            stopping.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!("requests still running after the shutdown grace period; exiting");
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
