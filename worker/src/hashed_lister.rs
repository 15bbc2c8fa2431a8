//! Listing one layer for a comparison: every entry with the SHA-256 of each regular file's
//! content (`LayerStream::push_hashed`), and both digests of the layer, as JSON for the page.

use regscope_layers::stream::{Compression, HashedListing, LayerStream, Limits};
use wasm_bindgen::prelude::wasm_bindgen;

/// One layer being listed with content digests.
#[wasm_bindgen]
pub struct HashedLister {
    stream: Option<LayerStream>,
    listing: HashedListing,
}

#[wasm_bindgen]
impl HashedLister {
    /// A lister for a layer of media type `media_type` (gzip, zstd or plain tar).
    #[wasm_bindgen(constructor)]
    pub fn new(media_type: &str) -> Result<HashedLister, String> {
        let compression = Compression::from_media_type(media_type)
            .ok_or_else(|| format!("not a layer this page can read: {media_type}"))?;
        Ok(HashedLister {
            stream: Some(LayerStream::new(compression, Limits::default())),
            listing: HashedListing::new(),
        })
    }

    /// Reads the next bytes of the layer blob.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), String> {
        let stream = self.stream.as_mut().ok_or_else(ended)?;
        stream
            .push_hashed(bytes, &mut self.listing)
            .map_err(|e| e.to_string())
    }

    /// The end of the blob: `{"listing": …, "compressed": "sha256:…", "uncompressed":
    /// "sha256:…"}` (the listing as `regscope_layers::stream::HashedListing` serialises it).
    pub fn finish(&mut self) -> Result<String, String> {
        let stream = self.stream.take().ok_or_else(ended)?;
        let digests = stream
            .finish_hashed(&mut self.listing)
            .map_err(|e| e.to_string())?;
        let listing = std::mem::take(&mut self.listing);
        let json = serde_json::json!({
            "listing": listing,
            "compressed": digests.compressed,
            "uncompressed": digests.uncompressed,
        });
        Ok(json.to_string())
    }
}

fn ended() -> String {
    "the layer was already finished".into()
}
