//! The zoo's control port: `GET /healthz` for `up`, and `POST /reset` to forget Docker Hub's
//! rate-limit counts between test runs (the real window is 6 hours long).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};

use super::state::Zoo;

/// The control router.
pub fn router(zoo: Arc<Zoo>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/reset", post(reset))
        .with_state(zoo)
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn reset(State(zoo): State<Arc<Zoo>>) -> &'static str {
    zoo.limits.reset();
    "reset\n"
}
