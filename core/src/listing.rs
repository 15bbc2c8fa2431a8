//! Listing: the tags of a repository, page by page (`n`, `last` and `Link: <…>; rel="next"`).

use serde::Deserialize;

use crate::client::Client;
use crate::endpoints;
use crate::error::{Error, Missing};
use crate::inspect::check_status;
use crate::redirect;
use crate::reference::Reference;
use crate::registry_error::RegistryError;
use crate::transport::{Request, Response, Transport};

/// One page of tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagPage {
    /// The repository name as the registry wrote it.
    pub name: String,
    /// The tags on this page, in the registry's order.
    pub tags: Vec<String>,
    /// The URL of the next page, from the `Link` header, when there is one.
    pub next: Option<String>,
}

impl<T: Transport> Client<T> {
    /// Lists one page of tags: `n` per page (the registry may ignore it), after `last`.
    pub async fn list_tags(
        &self,
        reference: &Reference,
        n: Option<u32>,
        last: Option<&str>,
    ) -> Result<TagPage, Error> {
        let url = endpoints::tags(self.plain_http(), reference, n, last);
        self.tag_page(reference, url).await
    }

    /// Fetches the page at `url` (a `next` from a previous page).
    pub async fn tag_page(&self, reference: &Reference, url: String) -> Result<TagPage, Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            name: String,
            #[serde(default)]
            tags: Option<Vec<String>>,
        }
        let request = Request::get(url.clone()).header("Accept", "application/json");
        let response = self.send_authorized(reference, request, "tags").await?;
        let response = check_status(response, reference.repository(), Missing::Repository)?;
        let raw: Raw = parse_page(&response, "tag list")?;
        let next = next_page(&url, &response);
        Ok(TagPage {
            name: raw.name,
            tags: raw.tags.unwrap_or_default(),
            next,
        })
    }
}

/// Parses a listing page's JSON; a body of another shape is a registry error.
pub(crate) fn parse_page<T: serde::de::DeserializeOwned>(
    response: &Response,
    what: &str,
) -> Result<T, Error> {
    serde_json::from_slice(&response.body).map_err(|e| Error::Registry {
        status: response.status,
        errors: vec![RegistryError {
            code: "INVALID_LISTING".into(),
            message: format!("the {what} is not JSON of the expected shape: {e}"),
            detail: None,
        }],
    })
}

/// The next page's absolute URL, from the `Link: <…>; rel="next"` header, resolved against the
/// URL that answered (after a redirect, the host it led to: registry.k8s.io's tag lists come
/// from Artifact Registry, whose relative links name its own paths).
pub(crate) fn next_page(requested: &str, response: &Response) -> Option<String> {
    let base = response.final_url().unwrap_or(requested);
    response
        .header("link")
        .and_then(endpoints::next_link)
        .and_then(|target| redirect::resolve(base, target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::set_final_url;

    fn page(link: &str) -> Response {
        Response {
            status: 200,
            headers: vec![("Link".into(), link.into())],
            body: Vec::new(),
            path: "relay".into(),
        }
    }

    #[test]
    fn next_pages_resolve_against_the_url_that_answered() {
        let requested = "https://registry.k8s.io/v2/pause/tags/list?n=1";
        let link = r#"</v2/k8s-artifacts-prod/images/pause/tags/list?last=a&n=1>; rel="next""#;
        assert_eq!(
            next_page(requested, &page(link)).as_deref(),
            Some("https://registry.k8s.io/v2/k8s-artifacts-prod/images/pause/tags/list?last=a&n=1")
        );
        let mut redirected = page(link);
        set_final_url(
            &mut redirected.headers,
            Some("https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/tags/list"),
        );
        assert_eq!(
            next_page(requested, &redirected).as_deref(),
            Some(
                "https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/tags/list?last=a&n=1"
            )
        );
        assert_eq!(
            next_page(
                requested,
                &page(r#"<https://quay.io/v2/a/tags/list?n=2>; rel="next""#)
            )
            .as_deref(),
            Some("https://quay.io/v2/a/tags/list?n=2")
        );
        assert_eq!(
            next_page(requested, &page(r#"<ftp://x/y>; rel="next""#)),
            None
        );
    }
}
