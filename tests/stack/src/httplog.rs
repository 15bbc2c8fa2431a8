//! One-line-per-request logging for the stack's servers (to a file or to stdout).
//!
//! Each line is `TIME METHOD PATH?QUERY STATUS USER`. Handlers name the caller by putting a
//! [`LogUser`] into the response extensions; requests without one are logged as
//! `anonymous`. Credentials and tokens never reach the log.

use std::fs::File;
use std::io::Write as _;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::clock;

/// Who made a request, as handlers report it for the log.
#[derive(Debug, Clone)]
pub struct LogUser(pub String);

/// Where log lines go.
#[derive(Debug, Clone)]
pub enum LogSink {
    /// Append to an open file.
    File(Arc<Mutex<File>>),
    /// Write to standard output.
    Stdout,
}

impl LogSink {
    /// Opens `path` for appending.
    pub fn append_to(path: &std::path::Path) -> std::io::Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(Self::File(Arc::new(Mutex::new(file))))
    }

    /// Writes one line; logging errors are reported on stderr and otherwise ignored.
    pub fn line(&self, line: &str) {
        let outcome = match self {
            Self::File(file) => match file.lock() {
                Ok(mut file) => writeln!(file, "{line}").and_then(|()| file.flush()),
                Err(_) => Ok(()),
            },
            Self::Stdout => {
                let mut out = std::io::stdout().lock();
                writeln!(out, "{line}").and_then(|()| out.flush())
            }
        };
        if let Err(err) = outcome {
            let _ = writeln!(std::io::stderr(), "log write failed: {err}");
        }
    }
}

/// Axum middleware that logs every request after its response is ready.
pub async fn log_requests(State(sink): State<LogSink>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let target = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    let response = next.run(request).await;
    let user = response
        .extensions()
        .get::<LogUser>()
        .map_or("anonymous", |user| user.0.as_str());
    sink.line(&format!(
        "{} {method} {target} {} {user}",
        clock::rfc3339(clock::unix_now()),
        response.status().as_u16()
    ));
    response
}
