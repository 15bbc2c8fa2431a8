//! Runs the core inspect flow for a view and packs the inspection, or the failure, with its
//! request trace.

use regscope_core::error::Missing;
use regscope_core::manifest::{Platform, PlatformParseError};
use regscope_core::reference::ReferenceError;
use regscope_core::{Client, Error, Inspection, Reference, Transport};

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
    outcome_of(&session.client, parsed, platform).await
}

/// Parses `image` and runs the flow with `client` (in the page, or on the server that renders
/// a shared link). An invalid reference fails before any request.
pub async fn inspect_with<T: Transport>(
    client: &Client<T>,
    image: &str,
    platform: Option<&str>,
) -> Finished<Inspection> {
    outcome_of(client, image.trim().parse::<Reference>(), platform).await
}

/// Runs the flow for an image reference as parsed (an error fails before any request).
async fn outcome_of<T: Transport>(
    client: &Client<T>,
    parsed: Result<Reference, ReferenceError>,
    platform: Option<&str>,
) -> Finished<Inspection> {
    let _ = client.take_trace();
    let (reference, result) = match parsed {
        Err(e) => (None, Err(Error::from(e))),
        Ok(reference) => {
            let result = run(client, &reference, platform).await;
            (Some(reference), result)
        }
    };
    let mut result = result;
    let mut existing_tags = None;
    if let (
        Err(Error::NotFound {
            missing: Missing::Manifest,
            ..
        }),
        Some(r),
    ) = (&result, &reference)
    {
        // Some registries (distribution 2.8) answer MANIFEST_UNKNOWN for a repository that
        // does not exist; its tag list tells the two apart.
        match client.list_tags(r, None, None).await {
            Ok(mut page) => {
                crate::format::sort_natural(&mut page.tags);
                existing_tags = Some(page.tags);
            }
            Err(
                e @ Error::NotFound {
                    missing: Missing::Repository,
                    ..
                },
            ) => result = Err(e),
            Err(_) => {}
        }
    }
    let trace = client.take_trace();
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

async fn run<T: Transport>(
    client: &Client<T>,
    reference: &Reference,
    platform: Option<&str>,
) -> Result<Inspection, Error> {
    let platform: Option<Platform> = match platform.filter(|p| !p.trim().is_empty()) {
        Some(p) => {
            Some(
                p.trim()
                    .parse()
                    .map_err(|e: PlatformParseError| Error::PlatformNotFound {
                        wanted: e.to_string(),
                        available: Vec::new(),
                    })?,
            )
        }
        None => None,
    };
    client.inspect(reference, platform.as_ref()).await
}
