//! Runs the core's view flow for a view and packs the inspection, or the failure, with its
//! request trace (the flow itself, with the existing-tags fallback, is the core's).

use regscope_core::view_outcome::{ViewOutcome, inspect_parsed};
use regscope_core::{Client, Inspection, Reference, Transport};

use crate::services::fetched::{Failure, Fetched, Finished};
use crate::services::session::Session;

/// Parses `image` and runs the flow with the session's client (and the credentials this tab
/// remembered for the registry). An invalid reference fails before any request.
pub async fn inspect(
    session: &Session,
    image: &str,
    platform: Option<&str>,
) -> Finished<Inspection> {
    let parsed = image.trim().parse::<Reference>();
    if let Ok(reference) = &parsed {
        session.restore(reference.api_host());
    }
    finished(inspect_parsed(&session.client, parsed, platform).await)
}

/// Parses `image` and runs the flow with `client` (on the server that renders a shared link).
/// An invalid reference fails before any request.
pub async fn inspect_with<T: Transport>(
    client: &Client<T>,
    image: &str,
    platform: Option<&str>,
) -> Finished<Inspection> {
    finished(inspect_parsed(client, image.trim().parse(), platform).await)
}

/// The core's outcome as the page holds it.
fn finished(outcome: ViewOutcome) -> Finished<Inspection> {
    let ViewOutcome {
        reference,
        result,
        existing_tags,
        trace,
    } = outcome;
    match result {
        Ok(value) => Ok(Fetched { value, trace }),
        Err(error) => Err(Box::new(Failure {
            error,
            reference,
            existing_tags,
            trace,
        })),
    }
}
