//! The request the worker sends for a layer: the core's authorized `GET` of the blob, sent
//! the way the page's transport sends it (straight to the registry, or through the relay with
//! the same URL form), and the trace row that reports what it moved.

use regscope_core::Reference;
use regscope_core::blob_request::BlobRequest;
use regscope_core::contract::relay_url;
use regscope_core::trace::Exchange;

use crate::fetch_transport::relay_base;
use crate::services::session::Session;

/// What the worker needs to fetch one layer.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamRequest {
    /// The registry's blob URL (as the trace shows it).
    pub registry_url: String,
    /// The URL the worker fetches: the registry's, or the relay's for it.
    pub url: String,
    /// Headers to send (the `Authorization` the token flow gave).
    pub headers: Vec<(String, String)>,
    /// `direct` or `relay`.
    pub path: String,
    /// The size the registry announced.
    pub size: Option<u64>,
    /// For an image read from a dropped file (`file.invalid`): the layer's bytes as the file's
    /// `Blob`, which the worker reads instead of fetching the URL.
    pub blob: Option<wasm_bindgen::JsValue>,
}

impl StreamRequest {
    /// The worker's request for `blob`.
    pub fn new(blob: BlobRequest) -> StreamRequest {
        let registry_url = blob.request.url.clone();
        let url = if blob.path == "relay" {
            relay_url(&relay_base(), &registry_url)
        } else {
            registry_url.clone()
        };
        StreamRequest {
            registry_url,
            url,
            headers: blob.request.headers,
            path: blob.path,
            size: blob.size,
            blob: None,
        }
    }

    /// The trace row of this request: `status` and `response_headers` once answered, the
    /// bytes it moved, and what went wrong, if anything.
    pub fn exchange(
        &self,
        purpose: &str,
        status: Option<u16>,
        response_headers: Vec<(String, String)>,
        moved: u64,
        error: Option<String>,
    ) -> Exchange {
        Exchange {
            method: "GET".into(),
            url: self.registry_url.clone(),
            request_headers: self.headers.clone(),
            status,
            response_headers,
            body_bytes: usize::try_from(moved).unwrap_or(usize::MAX),
            path: self.path.clone(),
            error,
            purpose: purpose.into(),
        }
    }
}

/// The worker's request for `digest` of `reference`'s repository (a `HEAD` first, which runs
/// the token flow), with the exchanges made.
pub async fn stream_request(
    session: &Session,
    reference: &Reference,
    digest: &str,
) -> (Result<StreamRequest, String>, Vec<Exchange>) {
    session.restore(reference.api_host());
    let result = session.client.blob_request(reference, digest).await;
    let trace = session.client.take_trace();
    let mut result = result.map(StreamRequest::new).map_err(|e| e.to_string());
    if let Ok(request) = &mut result
        && request.path == "file"
    {
        request.blob = crate::fetch_transport::local_blob(&request.registry_url).await;
    }
    (result, trace)
}
