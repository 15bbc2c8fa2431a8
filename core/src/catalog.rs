//! The registry's catalog of repositories, page by page (`n`, `last`, `Link` pagination).
//! It needs the `registry:catalog:*` scope; Docker Hub has no catalog.

use serde::Deserialize;

use crate::client::Client;
use crate::endpoints;
use crate::error::{Error, Missing};
use crate::inspect::check_status;
use crate::listing::{next_page, parse_page};
use crate::reference::Reference;
use crate::transport::{Request, Transport};

/// The token scope the catalog needs.
pub const CATALOG_SCOPE: &str = "registry:catalog:*";

/// One page of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogPage {
    /// Repository names on this page.
    pub repositories: Vec<String>,
    /// The next page's URL, from the `Link` header.
    pub next: Option<String>,
}

impl<T: Transport> Client<T> {
    /// Lists one page of the catalog of `reference`'s registry.
    pub async fn list_catalog(
        &self,
        reference: &Reference,
        n: Option<u32>,
        last: Option<&str>,
    ) -> Result<CatalogPage, Error> {
        self.catalog_page(reference, endpoints::catalog(reference, n, last))
            .await
    }

    /// Fetches the catalog page at `url` (a `next` from a previous page).
    pub async fn catalog_page(
        &self,
        reference: &Reference,
        url: String,
    ) -> Result<CatalogPage, Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            repositories: Option<Vec<String>>,
        }
        let request = Request::get(url.clone()).header("Accept", "application/json");
        let response = self
            .send_scoped(reference, CATALOG_SCOPE, request, "catalog")
            .await?;
        let response = check_status(response, "_catalog", Missing::Repository)?;
        let raw: Raw = parse_page(&response, "catalog")?;
        let next = next_page(&url, &response);
        Ok(CatalogPage {
            repositories: raw.repositories.unwrap_or_default(),
            next,
        })
    }
}
