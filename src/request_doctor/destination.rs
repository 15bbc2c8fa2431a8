//! The view a paste names, when it names one: an image (a reference, a pull line, a Docker Hub
//! page, a manifest URL), a repository's tags or a registry's catalog.

use regscope_core::paste::{ApiUrl, Pasted, RequestKind};

use crate::route::ViewQuery;

/// The view `pasted` names, or `None` when it is something to diagnose.
pub fn destination(pasted: &Pasted) -> Option<ViewQuery> {
    match pasted {
        Pasted::Image(image) => Some(ViewQuery {
            image: Some(image.reference.to_string()),
            platform: image.platform.clone(),
            ..ViewQuery::default()
        }),
        Pasted::Registry(address) => Some(registry_view(&address.registry, None)),
        Pasted::ApiUrl(api) => api_view(api),
        _ => None,
    }
}

/// The view of an API URL: a manifest's image, a repository's tags or the catalog. Blob,
/// upload and referrers URLs are diagnosed instead (they name no view of their own).
fn api_view(api: &ApiUrl) -> Option<ViewQuery> {
    match api.kind {
        RequestKind::Manifest => api.image().map(|reference| ViewQuery {
            image: Some(reference.to_string()),
            ..ViewQuery::default()
        }),
        RequestKind::Tags => Some(registry_view(&api.registry, api.repository.clone())),
        RequestKind::Base | RequestKind::Catalog => Some(registry_view(&api.registry, None)),
        RequestKind::Blob | RequestKind::BlobUpload | RequestKind::Referrers => None,
    }
}

fn registry_view(registry: &str, repository: Option<String>) -> ViewQuery {
    ViewQuery {
        registry: Some(registry.to_string()),
        repository,
        ..ViewQuery::default()
    }
}
