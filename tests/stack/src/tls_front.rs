//! `regscope-stack tls-front`: https in front of a plain-http service of the stack, with a
//! certificate made by `up` (one signed by the stack's company CA, one self-signed), so the
//! relay meets the certificates company registries have. Each connection's TLS is ended here
//! and its bytes passed to the upstream address unchanged.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// Flags of `tls-front`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on (https).
    #[arg(long)]
    listen: SocketAddr,
    /// PEM certificate chain to present.
    #[arg(long)]
    cert: PathBuf,
    /// PEM private key of the certificate.
    #[arg(long)]
    key: PathBuf,
    /// The plain-http address connections are passed to.
    #[arg(long)]
    upstream: SocketAddr,
}

/// Serves until killed.
pub fn run(args: Args) -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certs = CertificateDer::pem_file_iter(&args.cert)
        .with_context(|| format!("reading {}", args.cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("parsing {}", args.cert.display()))?;
    let key = PrivateKeyDer::from_pem_file(&args.key)
        .with_context(|| format!("reading {}", args.key.display()))?;
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context("the certificate and key do not fit together")?;
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(args.listen).await?;
        eprintln!(
            "tls-front: https://{} -> http://{}",
            args.listen, args.upstream
        );
        loop {
            let (tcp, _) = listener.accept().await?;
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Err(error) = pass(acceptor, tcp, args.upstream).await {
                    eprintln!("tls-front: {error:#}");
                }
            });
        }
    })
}

async fn pass(acceptor: TlsAcceptor, tcp: TcpStream, upstream: SocketAddr) -> anyhow::Result<()> {
    let mut tls = acceptor.accept(tcp).await.context("TLS handshake")?;
    let mut plain = TcpStream::connect(upstream)
        .await
        .with_context(|| format!("connecting to {upstream}"))?;
    tokio::io::copy_bidirectional(&mut tls, &mut plain).await?;
    Ok(())
}
