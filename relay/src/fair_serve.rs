//! Serving connections so that no client can hold the relay by being slow: a request head must
//! arrive within the header-read timeout (hyper's `header_read_timeout`, which also bounds how
//! long an idle keep-alive connection waits for its next request), and a connection whose
//! client stops reading an answer is closed after the client-idle timeout ([`StallGuard`]), so
//! that the answer's body, and the in-flight slot it holds, are dropped.
//!
//! [`serve`] replaces `axum::serve`, which sets neither; it serves HTTP/1.1, as `axum::serve`
//! did with the features the relay builds axum with.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// The timeouts applied to each incoming connection.
#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    /// Time allowed to send a request head, counted from when the relay starts waiting for it.
    pub header_read: Duration,
    /// Longest time a write to the client may stay blocked (the client not reading).
    pub idle: Duration,
}

impl ConnLimits {
    /// The connection limits of `limits`.
    pub fn of(limits: &crate::Limits) -> Self {
        Self {
            header_read: limits.header_read_timeout,
            idle: limits.client_idle_timeout,
        }
    }
}

/// Serves `app` on `listener` (each request with its peer as [`ConnectInfo`]) until `shutdown`
/// completes, then lets running requests finish (connections close once their answer is out)
/// and returns when every connection is closed.
pub async fn serve<F>(listener: TcpListener, app: Router, limits: ConnLimits, shutdown: F)
where
    F: Future<Output = ()> + Send,
{
    let (stop_tx, stop_rx) = watch::channel(false);
    let (open_tx, mut open_rx) = mpsc::channel::<()>(1);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::debug!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Answers are often a header block and one small body chunk written separately:
        // without TCP_NODELAY, Nagle's algorithm would hold the chunk until the client acks.
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set");
        }
        let app = app.clone();
        let mut stop = stop_rx.clone();
        let open = open_tx.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(request)
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read);
            let io = TokioIo::new(StallGuard::new(tcp, limits.idle));
            let mut conn = std::pin::pin!(builder.serve_connection(io, service).with_upgrades());
            loop {
                tokio::select! {
                    result = conn.as_mut() => {
                        if let Err(error) = result {
                            tracing::debug!(%error, %peer, "connection ended");
                        }
                        break;
                    }
                    changed = stop.changed(), if !*stop.borrow() => {
                        if changed.is_ok() {
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                }
            }
            drop(open);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(open_tx);
    // Every connection task holds a sender: none left means every connection is closed.
    let _ = open_rx.recv().await;
}

/// A connection that fails its writes when one stays blocked longer than `idle`: a client that
/// stops reading (its window full) then loses the connection instead of holding it forever.
#[derive(Debug)]
pub struct StallGuard {
    inner: TcpStream,
    idle: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl StallGuard {
    /// Guards `inner`, allowing writes to stay blocked for `idle`.
    pub fn new(inner: TcpStream, idle: Duration) -> Self {
        Self {
            inner,
            idle,
            stalled: None,
        }
    }

    /// Called when a write is blocked: arms the stall timer (once per stall) and fails when it
    /// has run out.
    fn poll_stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let idle = self.idle;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(Instant::now() + idle)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            )),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Runs a write-side poll with the stall timer.
    fn guarded<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: impl FnOnce(Pin<&mut TcpStream>, &mut Context<'_>) -> Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match poll(Pin::new(&mut self.inner), cx) {
            Poll::Ready(result) => {
                self.stalled = None;
                Poll::Ready(result)
            }
            Poll::Pending => self.poll_stall(cx).map(Err),
        }
    }
}

impl AsyncRead for StallGuard {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for StallGuard {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.guarded(cx, |io, cx| io.poll_write(cx, buf))
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.guarded(cx, |io, cx| io.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.guarded(cx, |io, cx| io.poll_flush(cx))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.guarded(cx, |io, cx| io.poll_shutdown(cx))
    }
}
