//! From the two images to the overlays compared: each layer's reference (manifest descriptor
//! and config diff_id), and the overlays built from the listings of the layers read.

use std::collections::BTreeMap;

use regscope_core::config::ImageConfig;
use regscope_core::manifest::Manifest;

use super::layers::{LayerAlignment, LayerRef};
use super::overlay::Overlay;
use crate::stream::HashedListing;

/// The layers of an image: the manifest's descriptors with the config's diff_ids beside them
/// (a config listing fewer diff_ids leaves the rest without).
pub fn layer_refs(manifest: &Manifest, config: &ImageConfig) -> Vec<LayerRef> {
    manifest
        .layers()
        .iter()
        .enumerate()
        .map(|(i, d)| LayerRef {
            digest: d.digest().to_owned(),
            diff_id: config.diff_ids().get(i).cloned(),
            size: d.size(),
            media_type: d.media_type().to_owned(),
        })
        .collect()
}

/// A layer the overlays need whose listing was not given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the listing of layer {index} of the {side} image ({digest}) is needed but was not read")]
pub struct MissingListing {
    /// `old` or `new`.
    pub side: &'static str,
    /// Its index in that image.
    pub index: usize,
    /// Its blob digest.
    pub digest: String,
}

/// Listings of the layers read, by content (diff_id, else blob digest): a layer read once
/// serves both sides.
#[derive(Debug, Default)]
pub struct Listings {
    by_key: BTreeMap<String, HashedListing>,
}

impl Listings {
    /// No listing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the listing of `layer`.
    pub fn insert(&mut self, layer: &LayerRef, listing: HashedListing) {
        self.by_key.insert(key(layer).to_owned(), listing);
    }

    /// The listing of `layer`, when read.
    pub fn get(&self, layer: &LayerRef) -> Option<&HashedListing> {
        self.by_key.get(key(layer))
    }

    /// The overlay of `layers[range]` (indexes kept as in the image).
    pub fn overlay(
        &self,
        side: &'static str,
        layers: &[LayerRef],
        range: std::ops::Range<usize>,
    ) -> Result<Overlay, MissingListing> {
        let mut overlay = Overlay::new();
        for index in range {
            let Some(layer) = layers.get(index) else {
                break;
            };
            let listing = self.get(layer).ok_or_else(|| MissingListing {
                side,
                index,
                digest: layer.digest.clone(),
            })?;
            overlay.add_layer(index, listing);
        }
        Ok(overlay)
    }

    /// The shared base's overlay: empty when nothing is shared, built when every shared layer
    /// was read, `None` when some were not (then one-sided paths stay unresolved).
    pub fn base(&self, alignment: &LayerAlignment, old: &[LayerRef]) -> Option<Overlay> {
        self.overlay("old", old, 0..alignment.shared_base).ok()
    }

    /// The two upper overlays (the layers above the shared base), as the alignment says.
    pub fn uppers(
        &self,
        alignment: &LayerAlignment,
        old: &[LayerRef],
        new: &[LayerRef],
    ) -> Result<(Overlay, Overlay), MissingListing> {
        let base = alignment.shared_base;
        Ok((
            self.overlay("old", old, base..old.len())?,
            self.overlay("new", new, base..new.len())?,
        ))
    }
}

fn key(layer: &LayerRef) -> &str {
    layer.key()
}
