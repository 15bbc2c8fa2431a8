//! The blob origin: a static GET/HEAD file server over the registry storage root.
//!
//! distribution's `redirect` storage middleware answers blob GETs with a 307 to
//! `BASEURL + storage path`; this server is that second origin. It sends
//! `Access-Control-Allow-Origin: *`, serves files only (no listings) and refuses any
//! path that could leave the root. It ignores `Range` (always 200 with the whole file), and
//! serves one blob wrong on purpose (`fault`): the layer of `hostile/digest-mismatch`.

mod fault;
mod safe_path;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::httplog::{self, LogSink};
use regscope_stack::facts;

/// Options of `regscope-stack blob-origin`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = facts::BLOB_ORIGIN)]
    listen: SocketAddr,
    /// Directory served (the registry's filesystem `rootdirectory`).
    #[arg(long)]
    root: PathBuf,
}

/// Runs the blob origin until the process is stopped.
pub fn run(args: Args) -> Result<()> {
    let root = args
        .root
        .canonicalize()
        .with_context(|| format!("opening root {}", args.root.display()))?;
    let origin = Origin {
        root,
        fault: fault::Tampered::seeded()?,
    };
    let app = Router::new()
        .fallback(serve)
        .with_state(Arc::new(origin))
        .layer(axum::middleware::from_fn_with_state(
            LogSink::Stdout,
            httplog::log_requests,
        ));
    let runtime = tokio::runtime::Runtime::new().context("starting tokio")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("binding {}", args.listen))?;
        println!("blob origin listening on http://{}", args.listen);
        axum::serve(listener, app).await.context("serving")
    })
}

/// What the origin serves: the storage root, and the blob it serves wrong.
#[derive(Debug)]
struct Origin {
    root: PathBuf,
    fault: fault::Tampered,
}

/// Serves one request.
async fn serve(State(origin): State<Arc<Origin>>, request: Request) -> Response {
    let method = request.method().clone();
    let mut response = if method == Method::OPTIONS {
        preflight()
    } else if method == Method::GET || method == Method::HEAD {
        let path = request.uri().path();
        let read = match origin.fault.replacing(path) {
            Some(bytes) => Ok(bytes.to_vec()),
            None => read_file(&origin.root, path).await,
        };
        match read {
            Ok(bytes) => file_response(bytes, method == Method::HEAD),
            Err(status) => (status, format!("{}\n", status.as_str())).into_response(),
        }
    } else {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response.headers_mut().insert(
            header::ALLOW,
            HeaderValue::from_static("GET, HEAD, OPTIONS"),
        );
        response
    };
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// Reads the file behind `path`, mapping failures to a status.
async fn read_file(root: &Path, path: &str) -> Result<Vec<u8>, StatusCode> {
    let candidate = safe_path::resolve(root, path).ok_or(StatusCode::BAD_REQUEST)?;
    let real = tokio::fs::canonicalize(&candidate)
        .await
        .map_err(|_| StatusCode::NOT_FOUND)?;
    if !real.starts_with(root) {
        return Err(StatusCode::FORBIDDEN);
    }
    let meta = tokio::fs::metadata(&real)
        .await
        .map_err(|_| StatusCode::NOT_FOUND)?;
    if !meta.is_file() {
        return Err(StatusCode::NOT_FOUND);
    }
    tokio::fs::read(&real)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

/// A 200 with the file bytes (or only their length for HEAD).
fn file_response(bytes: Vec<u8>, head: bool) -> Response {
    let length = bytes.len();
    let body = if head {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    response
}

/// The answer to a CORS preflight.
fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Accept, Range, If-None-Match"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}
