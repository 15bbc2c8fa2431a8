//! The server's side of a comparison (feature `ssr`): the relay inspects both images through a
//! transport that records every exchange and renders the whole page (header and comparison,
//! the same components the module runs) with what it fetched. The recording goes in the page
//! under [`crate::prerender::LAZY_PREFETCH_ID`], for the module.

use regscope_core::Client;
use regscope_core::Transport;
use regscope_core::recording::Recorder;

use crate::browse::prefetched::Prefetched;
use crate::hooks::load::{Load, next_run};
use crate::prerender::Rendered;
use crate::prerender::server::module_view;
use crate::route::ViewQuery;
use crate::services::clock::now_ms;

use super::services::compare_with;

/// Compares the two images `query` names (`image`, `compare`) through `transport`
/// (anonymously) and renders the page; `None` when it names no comparison.
pub async fn render<T: Transport>(transport: T, query: ViewQuery) -> Option<Rendered> {
    let old = query.image.clone()?;
    let new = query.compare.clone()?;
    let client = Client::new(Recorder::new(transport), now_ms);
    let finished = compare_with(&client, &old, &new).await;
    let recording_json = client.transport().take_recording().to_html_safe_json();
    let prefetched = Prefetched {
        compare: Some(Load::finished(next_run(), finished)),
        ..Prefetched::default()
    };
    Some(module_view(query, prefetched, recording_json).await)
}
