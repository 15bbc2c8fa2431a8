//! Streams an upstream body to the page chunk by chunk, never buffering it whole, and cuts it
//! off when it grows past its cap, stalls past the idle timeout or outlives its deadline.
//!
//! The first chunk is awaited before the answer starts ([`primed_body`]): the head and the
//! first bytes then leave in one write (a small manifest in one segment instead of two), and an
//! upstream that fails before sending a byte gets a relay error instead of a cut-off answer.

use std::io;

use axum::body::Body;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use regscope_core::contract::RelayErrorKind;
use tokio::time::Instant;

use super::log::RequestLog;
use crate::error::RelayError;
use crate::slots::Slot;

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
    /// The first chunk, read before the answer started.
    primed: Option<Bytes>,
    _permit: Option<Slot>,
}

/// What reading the next chunk gave.
enum Step {
    Chunk(Bytes),
    End,
    Failed(RelayErrorKind, &'static str),
}

/// Waits for the first chunk of `upstream` under `limits`, then returns a body that sends it
/// and streams the rest. `log` is written when the body ends or is dropped, and `permit` (a
/// slot of the global and the client's in-flight limits) is held until then: a client that
/// stops reading keeps it only until its connection is closed for being idle
/// ([`crate::serve`]). Fails, logging the error, when the
/// upstream breaks, stalls or exceeds the cap before its first chunk is through.
pub async fn primed_body<S>(
    upstream: S,
    limits: BodyLimits,
    log: RequestLog,
    permit: Option<Slot>,
) -> Result<Body, RelayError>
where
    S: Stream<Item = Result<Bytes, reqwest::Error>> + Send + Unpin + 'static,
{
    let mut state = State {
        inner: upstream,
        limits,
        log,
        done: false,
        primed: None,
        _permit: permit,
    };
    match read(&mut state).await {
        Step::Chunk(chunk) => {
            state.primed = Some(chunk);
            Ok(Body::from_stream(futures_util::stream::unfold(
                state, next_chunk,
            )))
        }
        // Dropping the state writes the log line (outcome `ok`).
        Step::End => Ok(Body::empty()),
        Step::Failed(kind, why) => {
            let error = RelayError::new(kind, format!("the upstream answer {why}"));
            state.log.set_status(kind.status());
            Err(error)
        }
    }
}

/// Reads and checks one chunk, recording the outcome in the log when the body ends.
async fn read<S>(state: &mut State<S>) -> Step
where
    S: Stream<Item = Result<Bytes, reqwest::Error>> + Unpin,
{
    let wait_until = state
        .limits
        .deadline
        .min(Instant::now() + state.limits.idle);
    let (outcome, step) = match tokio::time::timeout_at(wait_until, state.inner.next()).await {
        Err(_) => (
            "upstream-timeout",
            Step::Failed(RelayErrorKind::UpstreamTimeout, "stalled"),
        ),
        Ok(None) => ("ok", Step::End),
        Ok(Some(Err(_))) => (
            "upstream-broken",
            Step::Failed(RelayErrorKind::UpstreamUnreachable, "broke off"),
        ),
        Ok(Some(Ok(chunk))) => {
            let total = state.log.add_bytes(chunk.len() as u64);
            if state.limits.cap.is_some_and(|cap| total > cap) {
                (
                    "too-large",
                    Step::Failed(RelayErrorKind::TooLarge, "exceeds the relay's size limit"),
                )
            } else {
                if state.limits.expected == Some(total) {
                    state.log.set_outcome("ok");
                }
                return Step::Chunk(chunk);
            }
        }
    };
    state.log.set_outcome(outcome);
    step
}

async fn next_chunk<S>(mut state: State<S>) -> Option<(Result<Bytes, io::Error>, State<S>)>
where
    S: Stream<Item = Result<Bytes, reqwest::Error>> + Unpin,
{
    if let Some(chunk) = state.primed.take() {
        return Some((Ok(chunk), state));
    }
    if state.done {
        return None;
    }
    let failure = match read(&mut state).await {
        Step::Chunk(chunk) => return Some((Ok(chunk), state)),
        Step::End => return None,
        Step::Failed(RelayErrorKind::UpstreamTimeout, _) => {
            io::Error::new(io::ErrorKind::TimedOut, "upstream body timed out")
        }
        Step::Failed(RelayErrorKind::TooLarge, _) => {
            io::Error::other("upstream body exceeds the relay's size limit")
        }
        Step::Failed(..) => io::Error::other("upstream body broke off"),
    };
    state.done = true;
    Some((Err(failure), state))
}
