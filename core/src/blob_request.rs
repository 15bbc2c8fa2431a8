//! A blob request another party sends: the app's layer worker streams a layer itself (the
//! client's transport would read the whole body), so the client runs the token flow with a
//! `HEAD` of the blob and hands back the `GET` it would send, headers and all, with the path
//! (direct or relay) the `HEAD` took.

use crate::client::Client;
use crate::endpoints;
use crate::error::{Error, Missing};
use crate::inspect::check_status;
use crate::redirect::authority;
use crate::reference::Reference;
use crate::token::{self, TokenKey};
use crate::transport::{Request, Transport};

/// The `GET` of one blob, authorized as the client would send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobRequest {
    /// The request: the registry's blob URL and the headers to send (the `Authorization` the
    /// registry's token flow gave, when it asked for one).
    pub request: Request,
    /// How the `HEAD` travelled (`direct` or `relay`, as the transport names it).
    pub path: String,
    /// The blob's size as the registry announced it (`Content-Length` of the `HEAD`).
    pub size: Option<u64>,
}

impl<T: Transport> Client<T> {
    /// The authorized `GET` of `reference`'s blob `digest`: a `HEAD` of the blob first (in the
    /// trace, with any token request), which runs the token flow, then the `GET` with the
    /// token held for the registry (or its Basic credentials when it asked for those).
    pub async fn blob_request(
        &self,
        reference: &Reference,
        digest: &str,
    ) -> Result<BlobRequest, Error> {
        let url = endpoints::blob(self.plain_http(), reference, digest);
        let head = Request::head(url.clone());
        let response = self
            .send_authorized(reference, head, "layer blob (size and token)")
            .await?;
        let response = check_status(response, digest, Missing::Blob)?;
        let size = response
            .header("content-length")
            .and_then(|v| v.trim().parse().ok());
        let host = authority(&url);
        let key = TokenKey {
            host: host.clone(),
            scope: token::pull_scope(reference.repository()),
        };
        let held = self
            .tokens()
            .borrow()
            .get(&key, self.now_ms())
            .map(|(token, _)| format!("Bearer {}", token.secret()));
        let basic = || {
            self.basic_hosts()
                .borrow()
                .contains(&host)
                .then(|| self.credentials_at(reference, &url))
                .flatten()
                .map(|c| c.basic_header())
        };
        let value = held.or_else(basic);
        let mut request = Request::get(url);
        if let Some(value) = value {
            request = request.header("Authorization", value);
        }
        Ok(BlobRequest {
            request,
            path: response.path,
            size,
        })
    }
}
