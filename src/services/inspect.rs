//! Runs the core inspect flow for a view and packs the outcome with its request trace.

use std::rc::Rc;

use regscope_core::manifest::Platform;
use regscope_core::trace::Exchange;
use regscope_core::{Client, Error, Inspection, Reference};

use crate::fetch_transport::{FetchTransport, now_ms};

/// The client every view shares, so tokens are cached across views.
pub type SharedClient = Rc<Client<FetchTransport>>;

/// A new client through the same-origin relay.
pub fn new_client() -> SharedClient {
    Rc::new(Client::new(FetchTransport::via_relay(""), now_ms))
}

/// What a view shows: the inspection or the error, and the exchanges that led there.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The inspection, or why there is none.
    pub result: Result<Inspection, Error>,
    /// Every HTTP exchange of this view, in order.
    pub trace: Vec<Exchange>,
}

/// Parses `image` and runs the flow. An invalid reference fails before any request.
pub async fn inspect(client: &SharedClient, image: &str, platform: Option<&str>) -> Outcome {
    let _ = client.take_trace();
    let result = run(client, image, platform).await;
    Outcome {
        result,
        trace: client.take_trace(),
    }
}

async fn run(
    client: &SharedClient,
    image: &str,
    platform: Option<&str>,
) -> Result<Inspection, Error> {
    let reference: Reference = image.trim().parse()?;
    let platform: Option<Platform> =
        match platform {
            Some(p) => Some(p.parse().map_err(
                |e: regscope_core::manifest::PlatformParseError| Error::PlatformNotFound {
                    wanted: e.to_string(),
                    available: Vec::new(),
                },
            )?),
            None => None,
        };
    client.inspect(&reference, platform.as_ref()).await
}
