//! Streams an upstream body to the page chunk by chunk, never buffering it whole, and cuts it
//! off when it grows past its cap, stalls past the idle timeout or outlives its deadline.

use std::io;

use axum::body::Body;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;

use super::log::RequestLog;

/// Limits applied while streaming one body.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    /// Most bytes let through; `None` for unlimited (blobs).
    pub cap: Option<u64>,
    /// Moment the whole exchange must be done by.
    pub deadline: Instant,
    /// Longest wait for the next chunk.
    pub idle: std::time::Duration,
    /// The declared `Content-Length`, if any: the server stops reading once it is reached,
    /// so reaching it is the successful end.
    pub expected: Option<u64>,
}

struct State<S> {
    inner: S,
    limits: BodyLimits,
    log: RequestLog,
    done: bool,
    _permit: Option<OwnedSemaphorePermit>,
}

/// Wraps `upstream` into a response body under `limits`; `log` is written when the body ends
/// or is dropped, and `permit` (a slot of the in-flight limit) is held until then.
pub fn stream_body<S>(
    upstream: S,
    limits: BodyLimits,
    log: RequestLog,
    permit: Option<OwnedSemaphorePermit>,
) -> Body
where
    S: Stream<Item = Result<Bytes, reqwest::Error>> + Send + Unpin + 'static,
{
    let state = State {
        inner: upstream,
        limits,
        log,
        done: false,
        _permit: permit,
    };
    Body::from_stream(futures_util::stream::unfold(state, next_chunk))
}

async fn next_chunk<S>(mut state: State<S>) -> Option<(Result<Bytes, io::Error>, State<S>)>
where
    S: Stream<Item = Result<Bytes, reqwest::Error>> + Unpin,
{
    if state.done {
        return None;
    }
    let wait_until = state
        .limits
        .deadline
        .min(Instant::now() + state.limits.idle);
    let next = tokio::time::timeout_at(wait_until, state.inner.next()).await;
    let failure = match next {
        Err(_) => {
            state.log.set_outcome("upstream-timeout");
            io::Error::new(io::ErrorKind::TimedOut, "upstream body timed out")
        }
        Ok(None) => {
            state.log.set_outcome("ok");
            return None;
        }
        Ok(Some(Err(_))) => {
            state.log.set_outcome("upstream-broken");
            io::Error::other("upstream body broke off")
        }
        Ok(Some(Ok(chunk))) => {
            let total = state.log.add_bytes(chunk.len() as u64);
            if state.limits.cap.is_some_and(|cap| total > cap) {
                state.log.set_outcome("too-large");
                io::Error::other("upstream body exceeds the relay's size limit")
            } else {
                if state.limits.expected == Some(total) {
                    state.log.set_outcome("ok");
                }
                return Some((Ok(chunk), state));
            }
        }
    };
    state.done = true;
    Some((Err(failure), state))
}
