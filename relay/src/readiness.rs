//! `/readyz`: 200 when the relay can serve (its app's page is there to send, and it is not
//! shutting down), 503 while it drains. `/healthz` stays the plain liveness probe.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::assets::Site;

/// Whether the relay is draining; cloned into `main` to be flipped on SIGTERM.
#[derive(Debug, Clone, Default)]
pub struct Readiness(Arc<AtomicBool>);

impl Readiness {
    /// Marks the relay as shutting down: `/readyz` answers 503 from now on.
    pub fn drain(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`Readiness::drain`] was called.
    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// What `/readyz` checks.
#[derive(Debug, Clone)]
pub struct ReadyState {
    /// Flipped when shutting down.
    pub readiness: Readiness,
    /// The app's files (their page must load).
    pub site: Arc<Site>,
}

/// `GET /readyz`.
pub async fn handler(State(state): State<ReadyState>) -> Response {
    if state.readiness.is_draining() {
        return (StatusCode::SERVICE_UNAVAILABLE, "draining\n").into_response();
    }
    if state.site.index_page().await.is_none() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the app's files are missing (index.html not found)\n",
        )
            .into_response();
    }
    (StatusCode::OK, "ready\n").into_response()
}
