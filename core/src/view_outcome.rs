//! A view's whole flow, from the text a person typed (or a link carried) to what the page
//! shows: the reference parsed, the inspection or the error, the tags that do exist when the
//! one asked for does not, and every exchange it took.

use crate::client::Client;
use crate::error::{Error, Missing};
use crate::inspect::Inspection;
use crate::manifest::{Platform, PlatformParseError};
use crate::reference::{Reference, ReferenceError};
use crate::tag_order::sort_natural;
use crate::trace::Exchange;
use crate::transport::Transport;

/// What a view shows: the inspection or the error, and the exchanges that led there.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewOutcome {
    /// The reference, when it parsed.
    pub reference: Option<Reference>,
    /// The inspection, or why there is none.
    pub result: Result<Inspection, Error>,
    /// When the tag is unknown but the repository exists: the tags it has, in
    /// [`natural order`](crate::tag_order::natural_cmp) (when the registry lists them).
    pub existing_tags: Option<Vec<String>>,
    /// Every HTTP exchange of this view, in order.
    pub trace: Vec<Exchange>,
}

/// Parses `image` (trimmed) and runs the flow with `client` for `platform` (`os/arch[/variant]`;
/// blank for the default). An invalid reference fails before any request.
pub async fn inspect_view<T: Transport>(
    client: &Client<T>,
    image: &str,
    platform: Option<&str>,
) -> ViewOutcome {
    inspect_parsed(client, image.trim().parse(), platform).await
}

/// [`inspect_view`] for a reference already parsed (the caller may need it first, e.g. to
/// restore the registry's credentials); an error fails before any request.
pub async fn inspect_parsed<T: Transport>(
    client: &Client<T>,
    parsed: Result<Reference, ReferenceError>,
    platform: Option<&str>,
) -> ViewOutcome {
    // The trace of this view only.
    let _ = client.take_trace();
    let (reference, result, existing_tags) = match parsed {
        Err(e) => (None, Err(Error::from(e)), None),
        Ok(reference) => {
            let (result, existing_tags) = match run(client, &reference, platform).await {
                Err(error) => with_existing_tags(client, &reference, error).await,
                ok => (ok, None),
            };
            (Some(reference), result, existing_tags)
        }
    };
    ViewOutcome {
        reference,
        result,
        existing_tags,
        trace: client.take_trace(),
    }
}

/// The flow for `reference`; a platform text that does not parse is an unknown platform.
async fn run<T: Transport>(
    client: &Client<T>,
    reference: &Reference,
    platform: Option<&str>,
) -> Result<Inspection, Error> {
    let platform = match platform.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(text) => Some(text.parse::<Platform>().map_err(|e: PlatformParseError| {
            Error::PlatformNotFound {
                wanted: e.to_string(),
                available: Vec::new(),
            }
        })?),
    };
    client.inspect(reference, platform.as_ref()).await
}

/// A `MANIFEST_UNKNOWN` may mean the repository itself does not exist (distribution 2.8
/// answers so for both): its tag list tells. `NAME_UNKNOWN` there becomes the error; tags
/// found are kept, in natural order. Any other error stays as it is.
async fn with_existing_tags<T: Transport>(
    client: &Client<T>,
    reference: &Reference,
    error: Error,
) -> (Result<Inspection, Error>, Option<Vec<String>>) {
    if !matches!(
        error,
        Error::NotFound {
            missing: Missing::Manifest,
            ..
        }
    ) {
        return (Err(error), None);
    }
    match client.list_tags(reference, None, None).await {
        Ok(mut page) => {
            sort_natural(&mut page.tags);
            (Err(error), Some(page.tags))
        }
        Err(
            missing_repository @ Error::NotFound {
                missing: Missing::Repository,
                ..
            },
        ) => (Err(missing_repository), None),
        Err(_) => (Err(error), None),
    }
}
