//! The server's side of a browse view (feature `ssr`): the relay fetches the catalog or the
//! tag list through a transport that records every exchange, and renders the whole page
//! (header and browse view, the same components the module runs) with what it fetched. The
//! recording goes in the page under [`crate::prerender::LAZY_PREFETCH_ID`], for the module.
//! For an image's Tags or Referrers tab, [`prefetch_image`] fetches the tab's list with a
//! client of its own (the module replays it with its own session), for the page
//! [`crate::prerender`] renders.

use regscope_core::catalog::registry_reference;
use regscope_core::recording::Recorder;
use regscope_core::{Client, Transport};
use regscope_core::{Inspection, Reference};

use crate::hooks::load::{Load, next_run};
use crate::prerender::Rendered;
use crate::prerender::server::module_view;
use crate::route::ViewQuery;
use crate::services::clock::now_ms;

use super::image_host::ImageHost;
use super::links;
use super::prefetched::Prefetched;
use super::{referrers, services};

/// Fetches the list the browse view `query` names through `transport` (anonymously) and
/// renders the page; `None` when the query names no registry.
pub async fn render<T: Transport>(transport: T, query: ViewQuery) -> Option<Rendered> {
    let host = query.registry.clone()?.trim().to_string();
    let client = Client::new(Recorder::new(transport), now_ms);
    let n = links::page_size(&query);
    let mut prefetched = Prefetched::default();
    match &query.repository {
        None => {
            if let Some(registry) = registry_reference(&host) {
                let finished = services::first_catalog_with(&client, &registry, n).await;
                prefetched.catalog = Some(Load::finished(next_run(), finished));
            }
        }
        Some(repository) => {
            let parsed = format!("{host}/{}", repository.trim()).parse::<Reference>();
            if let (Ok(reference), Some(_)) = (parsed, registry_reference(&host)) {
                let finished = services::first_tags_with(&client, &reference, n).await;
                prefetched.tags = Some(Load::finished(next_run(), finished));
            }
        }
    }
    let recording_json = client.transport().take_recording().to_html_safe_json();
    Some(module_view(query, prefetched, recording_json).await)
}

/// The list the tab of `query` shows of the image `shown` (its repository's tags, or the
/// referrers of its manifests), fetched through `transport` by a client of its own, and the
/// exchanges as JSON safe inside a `<script>` element; nothing for the other tabs.
pub async fn prefetch_image<T: Transport>(
    transport: T,
    query: &ViewQuery,
    shown: &Inspection,
) -> Option<(Prefetched, String)> {
    use crate::tabs::{referrers as referrers_tab, tags as tags_tab};
    let tab = query.tab.as_deref().map(str::trim)?;
    let image = ImageHost {
        reference: Some(shown.reference.to_string()),
        subjects: Some(referrers_tab::subjects(shown)),
    };
    let reference = image.reference()?;
    let client = Client::new(Recorder::new(transport), now_ms);
    let mut prefetched = Prefetched::default();
    match tab {
        tags_tab::NAME => {
            let n = links::page_size(query);
            let finished = services::first_tags_with(&client, &reference, n).await;
            prefetched.tags = Some(Load::finished(next_run(), finished));
        }
        referrers_tab::NAME => {
            let finished = referrers::referrers_with(&client, &reference, image.subjects()).await;
            prefetched.referrers = Some(Load::finished(next_run(), finished));
        }
        _ => return None,
    }
    let recording_json = client.transport().take_recording().to_html_safe_json();
    Some((prefetched, recording_json))
}
