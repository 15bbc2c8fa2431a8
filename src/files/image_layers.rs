//! The layers of the image the tab shows: each one's digest, media type, size, compression and
//! the config's `diff_id` for it, from the image's manifest and config (fetched by the module's
//! own session: each module has memory of its own).

use regscope_core::Reference;
use regscope_core::trace::Exchange;
use regscope_layers::stream::Compression;

use crate::services::session::Session;

/// One layer of the image.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerInfo {
    /// Its position in the manifest (0 = the base layer).
    pub index: usize,
    /// The compressed blob's digest (the manifest's descriptor).
    pub digest: String,
    /// The descriptor's media type.
    pub media_type: String,
    /// The compressed size the manifest gives.
    pub size: u64,
    /// The config's `diff_id` for it (the uncompressed tar's digest), when the config has one.
    pub diff_id: Option<String>,
    /// How it is compressed; `None` for a media type that is not a tar layer.
    pub compression: Option<Compression>,
    /// The descriptor's annotations (an eStargz or zstd:chunked TOC is named there).
    pub annotations: std::collections::BTreeMap<String, String>,
}

impl LayerInfo {
    /// The name of its compression as the worker reads it.
    pub fn compression_name(&self) -> Option<&'static str> {
        Some(match self.compression? {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::None => "none",
        })
    }
}

/// The image's layers, and the platform manifest's reference (pinned by digest).
#[derive(Clone, Debug, PartialEq)]
pub struct ImageLayers {
    /// The image manifest, by digest.
    pub reference: Reference,
    /// Its layers, base first.
    pub layers: Vec<LayerInfo>,
}

/// Reads the layers of `reference` (an image manifest or an index, whose default platform is
/// taken), with the exchanges made.
pub async fn image_layers(
    session: &Session,
    reference: &Reference,
) -> (Result<ImageLayers, String>, Vec<Exchange>) {
    session.restore(reference.api_host());
    let result = session.client.inspect(reference, None).await;
    let trace = session.client.take_trace();
    let result = result.map_err(|e| e.to_string()).map(|inspection| {
        let image = inspection.image();
        let diff_ids = inspection
            .config
            .as_ref()
            .map(|c| c.diff_ids().to_vec())
            .unwrap_or_default();
        let layers = image
            .manifest
            .layers()
            .iter()
            .enumerate()
            .map(|(index, d)| LayerInfo {
                index,
                digest: d.digest().to_string(),
                media_type: d.media_type().to_string(),
                size: d.size(),
                diff_id: diff_ids.get(index).cloned(),
                compression: Compression::from_media_type(d.media_type()),
                annotations: d.annotations().clone(),
            })
            .collect();
        ImageLayers {
            reference: image.reference.clone(),
            layers,
        }
    });
    (result, trace)
}
