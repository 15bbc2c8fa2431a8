//! Following a request's redirects to its final answer: redirects the transport hands back are
//! walked here, hop by hop, by [`Walk`] (bounded, loops refused, `Authorization` dropped once
//! the walk has left the first origin); those the transport walked itself arrive already
//! followed and reported. Every hop lands in the trace.

use crate::client::Client;
#[cfg(feature = "walk-redirects")]
use crate::contract;
use crate::error::Error;
#[cfg(feature = "walk-redirects")]
use crate::redirect::Walk;
use crate::transport::{Request, Response, Transport, TransportError};

#[cfg(feature = "walk-redirects")]
impl<T: Transport> Client<T> {
    /// Sends `request` and follows its redirects. The answer is final (never a 301, 302, 303,
    /// 307 or 308); when the walk went anywhere, its headers name the URL that gave it and the
    /// hops (see [`Response::final_url`] and [`Response::hops`]). A loop, more than
    /// [`contract::MAX_REDIRECTS`] redirects, or a redirect that cannot be followed is an
    /// [`Error::Transport`] naming the URL at fault.
    pub async fn send_following(&self, request: Request, purpose: &str) -> Result<Response, Error> {
        let requested = request.url.clone();
        let mut walk = Walk::new(&request.url);
        let mut current = request;
        loop {
            let mut response = self.send_traced(current.clone(), purpose).await?;
            match walk.step(&current, &response) {
                Ok(Some(next)) => current = next,
                Ok(None) => {
                    if walk.moved() {
                        contract::set_walk(&mut response.headers, walk.reached(), walk.hops());
                    }
                    return Ok(response);
                }
                Err(error) => {
                    return Err(Error::Transport {
                        url: requested,
                        source: TransportError::Network(error.to_string()),
                    });
                }
            }
        }
    }
}

/// Without the `walk-redirects` feature (the browser app), transports walk redirects
/// themselves; a redirect handed back anyway is an error naming where it pointed.
#[cfg(not(feature = "walk-redirects"))]
impl<T: Transport> Client<T> {
    /// Sends `request`; the transport has followed its redirects (see the module's
    /// documentation). A redirect handed back anyway is an [`Error::Transport`].
    pub async fn send_following(&self, request: Request, purpose: &str) -> Result<Response, Error> {
        let url = request.url.clone();
        let response = self.send_traced(request, purpose).await?;
        if crate::contract::is_redirect(response.status) {
            let location = response.header("location").unwrap_or("nowhere").to_string();
            return Err(Error::Transport {
                url,
                source: TransportError::Network(format!(
                    "answered {}, a redirect to {location}, which this client does not follow",
                    response.status
                )),
            });
        }
        Ok(response)
    }
}
